import { afterEach, describe, expect, it, vi } from "vitest";
import { ProgressMeter } from "../../../src/data/import/progress.ts";
import type { ImportProgress } from "../../../src/data/import/types.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ProgressMeter", () => {
  it("reports at most once per interval, and always at the finish", () => {
    let now = 1_000;
    vi.spyOn(performance, "now").mockImplementation(() => now);
    const calls: ImportProgress[] = [];
    let bytes = 0;
    const meter = new ProgressMeter((progress) => calls.push(progress), { bytesRead: () => bytes, totalBytes: 500 }, 100);

    for (let rows = 1; rows <= 50; rows++) {
      bytes = rows * 10;
      now += 10;
      meter.update(rows);
    }
    meter.finish(50);
    // 50 updates 10 ms apart over 500 ms: one report per 100 ms, plus the final one.
    expect(calls.map((call) => call.rowsRead)).toEqual([1, 11, 21, 31, 41, 50]);
    expect(calls.at(-1)).toEqual({ bytesRead: 500, totalBytes: 500, rowsRead: 50 });
  });

  it("leaves totalBytes out when the size is unknown", () => {
    const calls: ImportProgress[] = [];
    new ProgressMeter((progress) => calls.push(progress), { bytesRead: () => 7, totalBytes: undefined }).finish(2);
    expect(calls).toEqual([{ bytesRead: 7, rowsRead: 2 }]);
  });
});
