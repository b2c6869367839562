import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import { type CsvRecord, detectDelimiter, readCsvRecords } from "../../../src/data/import/csv-reader.ts";

/** Feeds `text` in chunks of `size` bytes, so records and characters straddle chunk edges. */
async function* chunked(text: string, size = 7): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, "utf8");
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function records(text: string, delimiter: "," | ";" = ","): Promise<CsvRecord[]> {
  const all: CsvRecord[] = [];
  for await (const batch of readCsvRecords(chunked(text), { delimiter, file: "test.csv" })) all.push(...batch);
  return all;
}

describe("detectDelimiter", () => {
  it("picks the most frequent of , ; and tab outside quotes", () => {
    expect(detectDelimiter("a,b,c")).toBe(",");
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter('"x;y;z",b')).toBe(",");
    expect(detectDelimiter("single")).toBe(",");
  });
});

describe("readCsvRecords", () => {
  it("numbers records by the physical line they start on", async () => {
    const text = 'h1,h2\n1,"two\nlines"\n\n3,x\r\n4,"crlf\r\ninside\r\nquotes"\r\n5,y\n';
    expect((await records(text)).map((record) => [record.line, record.values])).toEqual([
      [1, ["h1", "h2"]],
      [2, ["1", "two\nlines"]],
      [5, ["3", "x"]],
      [6, ["4", "crlf\r\ninside\r\nquotes"]],
      [9, ["5", "y"]],
    ]);
  });

  it("strips a BOM, handles doubled quotes and the chosen delimiter", async () => {
    const result = await records('\uFEFFid;name\nP1;"Mug ""Morning""; blue"\n', ";");
    expect(result.map((record) => record.values)).toEqual([
      ["id", "name"],
      ["P1", 'Mug "Morning"; blue'],
    ]);
  });

  it("skips rows of empty cells as blank lines", async () => {
    const result = await records("a,b\n,\n  , \n1,2");
    expect(result.map((record) => record.line)).toEqual([1, 4]);
  });

  it("reports an unterminated quote as malformed_file with the record's line", async () => {
    const failure = await records('a,b\n1,2\n3,"never closed\n4,5\n').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "malformed_file", category: "user", details: { line: 3 } });
    expect((failure as AppError).message).toMatch(/line 3: .*closing quote/);
  });
});
