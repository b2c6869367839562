import { describe, expect, it } from "vitest";
import { expandQuery } from "../../../tools/search-catalog/feedback.ts";

const length = (vector: readonly number[]) => Math.hypot(...vector);

describe("expandQuery (Rocchio towards the top keyword hits)", () => {
  it("adds β times the unit mean of the unit feedback vectors to the unit query, at unit length", () => {
    // query (3, 0) → (1, 0); feedback (0, 2) and (0, 5) → unit mean (0, 1); with β = 2: (1, 2)/√5.
    const expanded = expandQuery([3, 0], [[0, 2], [0, 5]], 2);
    expect(expanded[0]).toBeCloseTo(1 / Math.sqrt(5), 12);
    expect(expanded[1]).toBeCloseTo(2 / Math.sqrt(5), 12);
  });

  it("weighs each feedback product the same, however long its stored vector", () => {
    const expanded = expandQuery([1, 0, 0], [[0, 10, 0], [0, 0, 0.1]], 1);
    expect(expanded[1]).toBeCloseTo(expanded[2] as number, 12);
    expect(length(expanded)).toBeCloseTo(1, 12);
  });

  it("returns the normalised query without usable feedback or with weight 0", () => {
    expect(expandQuery([0, 2], [])).toEqual([0, 1]);
    expect(expandQuery([0, 2], [[1, 0]], 0)).toEqual([0, 1]);
    // Wrong length, zero and non-finite vectors are ignored.
    expect(expandQuery([0, 2], [[1, 0, 0], [0, 0], [Number.NaN, 1]])).toEqual([0, 1]);
  });

  it("keeps a zero query zero: no known word means no meaning search", () => {
    expect(expandQuery([0, 0, 0], [[1, 0, 0]])).toEqual([0, 0, 0]);
  });

  it("falls back to the query when the feedback exactly cancels it", () => {
    expect(expandQuery([1, 0], [[-1, 0]], 1)).toEqual([1, 0]);
  });
});
