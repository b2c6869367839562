import { describe, expect, it } from "vitest";
import { completePrefixLength, countNewlines, firstInvalidUtf8 } from "../../../src/data/import/utf8.ts";

describe("completePrefixLength", () => {
  const euro = Buffer.from("€", "utf8"); // e2 82 ac

  it("keeps whole characters and holds back a cut one", () => {
    expect(completePrefixLength(Buffer.from("abc"))).toBe(3);
    expect(completePrefixLength(Buffer.concat([Buffer.from("ab"), euro]))).toBe(5);
    expect(completePrefixLength(Buffer.concat([Buffer.from("ab"), euro.subarray(0, 2)]))).toBe(2);
    expect(completePrefixLength(Buffer.concat([Buffer.from("ab"), euro.subarray(0, 1)]))).toBe(2);
    expect(completePrefixLength(Buffer.from("ab🎁").subarray(0, 5))).toBe(2);
  });
});

describe("firstInvalidUtf8", () => {
  it("finds the first byte that is not UTF-8", () => {
    expect(firstInvalidUtf8(Buffer.from("plain £ € 🎁"))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xff, 0x63]))).toBe(2);
    // Latin-1 "é" (0xe9) followed by ASCII is a broken 3-byte sequence.
    expect(firstInvalidUtf8(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c]))).toBe(3);
    // Overlong encoding of "/" and an encoded surrogate are invalid too.
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });
});

describe("countNewlines", () => {
  it("counts LF bytes before an offset", () => {
    const bytes = Buffer.from("a\nb\nc\n");
    expect(countNewlines(bytes)).toBe(3);
    expect(countNewlines(bytes, 3)).toBe(1);
  });
});
