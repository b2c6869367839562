import { describe, expect, it } from "vitest";
import { type JsonRecord, readJsonArray, readJsonLines } from "../../../src/data/import/json-reader.ts";

/** Splits on character boundaries, as the UTF-8 check upstream of the reader does. */
async function* chunked(text: string, size: number): AsyncGenerator<Buffer> {
  const characters = [...text];
  for (let start = 0; start < characters.length; start += size) {
    yield Buffer.from(characters.slice(start, start + size).join(""), "utf8");
  }
}

async function collect(reader: AsyncIterable<JsonRecord[]>): Promise<JsonRecord[]> {
  const all: JsonRecord[] = [];
  for await (const batch of reader) all.push(...batch);
  return all;
}

describe("readJsonArray", () => {
  const text = '\uFEFF[\n  {"id": "a", "note": "brace } and [ in a string, \\"quoted\\""},\n  {"id": "b",\n   "nested": {"deep": [1, 2]}},\n  42, "text", null\n]\n';

  it("yields each element with the line it starts on, whatever the chunk size", async () => {
    for (const size of [1, 3, 16, 4096]) {
      const records = await collect(readJsonArray(chunked(text, size), "test.json"));
      expect(records, `chunk size ${size}`).toEqual([
        { line: 2, value: { id: "a", note: 'brace } and [ in a string, "quoted"' } },
        { line: 3, value: { id: "b", nested: { deep: [1, 2] } } },
        { line: 5, value: 42 },
        { line: 5, value: "text" },
        { line: 5, value: null },
      ]);
    }
  });

  it("accepts an empty array", async () => {
    expect(await collect(readJsonArray(chunked(" [ ] ", 2), "empty.json"))).toEqual([]);
  });

  it.each([
    ['{"id": 1}', /expected a JSON array/],
    ['[{"id": 1}', /not closed/],
    ['[{"id": 1},]', /trailing comma/],
    ['[{"id": 1} {"id": 2}]', /expected "," or "]"/],
    ['[{"id": 1}] x', /after the closing \]/],
    ['[{"id": tru}]', /invalid JSON/],
    ["", /empty/],
  ])("refuses %j as malformed_file", async (input, message) => {
    await expect(collect(readJsonArray(chunked(input, 4), "bad.json"))).rejects.toMatchObject({
      code: "malformed_file",
      message: expect.stringMatching(message),
    });
  });
});

describe("readJsonLines", () => {
  it("yields one record per non-blank line, CRLF or LF", async () => {
    const records = await collect(readJsonLines(chunked('{"a":1}\r\n\n{"a":2}\n{"a":3}', 5), "test.jsonl"));
    expect(records).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: { a: 2 } },
      { line: 4, value: { a: 3 } },
    ]);
  });

  it("names the line of invalid JSON", async () => {
    await expect(collect(readJsonLines(chunked('{"a":1}\n{"a":\n', 64), "bad.jsonl"))).rejects.toMatchObject({
      code: "malformed_file",
      details: { line: 2 },
    });
  });
});
