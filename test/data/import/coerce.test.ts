import { describe, expect, it } from "vitest";
import {
  countLineBreaks,
  isEmailAddress,
  looksLikeCommaDecimal,
  parseBoolean,
  parseDateDays,
  parseDecimal,
  parseTimestampMicros,
  parseWholeNumber,
} from "../../../src/data/import/coerce.ts";

describe("parseDecimal", () => {
  it("reads numbers with a dot as the decimal point", () => {
    expect(parseDecimal("12.50")).toBe(12.5);
    expect(parseDecimal("-0.001")).toBe(-0.001);
    expect(parseDecimal(".5")).toBe(0.5);
    expect(parseDecimal("8")).toBe(8);
    expect(parseDecimal("1e3")).toBe(1000);
  });

  it("refuses commas, letters, thousands separators and non-finite values", () => {
    for (const text of ["12,5", "12,5O", "1,000.00", "abc", "", "NaN", "Infinity", "1e999", "12.5.1", "£3"]) {
      expect(parseDecimal(text), text).toBeUndefined();
    }
    expect(looksLikeCommaDecimal("12,5")).toBe(true);
    expect(looksLikeCommaDecimal("12,5O")).toBe(false);
  });
});

describe("parseWholeNumber", () => {
  it("reads integers, also written with a zero fraction", () => {
    expect(parseWholeNumber("6")).toBe(6);
    expect(parseWholeNumber("-12")).toBe(-12);
    expect(parseWholeNumber("17850.0")).toBe(17850);
  });

  it("refuses fractions and text", () => {
    for (const text of ["2.5", "1e3", "six", "", "99999999999999999999"]) expect(parseWholeNumber(text), text).toBeUndefined();
  });
});

describe("parseBoolean", () => {
  it("reads the usual words in any case", () => {
    for (const text of ["true", "YES", "y", "1", "T", "on"]) expect(parseBoolean(text), text).toBe(true);
    for (const text of ["false", "No", "n", "0", "F", "off"]) expect(parseBoolean(text), text).toBe(false);
    expect(parseBoolean("maybe")).toBeUndefined();
  });
});

describe("parseTimestampMicros", () => {
  const micros = (iso: string): number => Date.parse(iso) * 1000;

  it("reads ISO 8601 and YYYY-MM-DD HH:MM:SS as wall-clock time", () => {
    expect(parseTimestampMicros("2010-12-01T08:26:00")).toBe(micros("2010-12-01T08:26:00Z"));
    expect(parseTimestampMicros("2010-12-01 08:26:00")).toBe(micros("2010-12-01T08:26:00Z"));
    expect(parseTimestampMicros("2010-12-01 08:26")).toBe(micros("2010-12-01T08:26:00Z"));
    expect(parseTimestampMicros("2010-12-01")).toBe(micros("2010-12-01T00:00:00Z"));
    expect(parseTimestampMicros("2010-12-01T08:26:00.123456")).toBe(micros("2010-12-01T08:26:00Z") + 123_456);
  });

  it("converts a zone or offset to UTC", () => {
    expect(parseTimestampMicros("2024-03-03T09:00:00Z")).toBe(micros("2024-03-03T09:00:00Z"));
    expect(parseTimestampMicros("2024-03-03T09:00:00+02:00")).toBe(micros("2024-03-03T07:00:00Z"));
    expect(parseTimestampMicros("2024-03-03T09:00:00-0530")).toBe(micros("2024-03-03T14:30:00Z"));
  });

  it("refuses impossible dates and other formats", () => {
    for (const text of ["31/03/2024", "2024-02-30T10:00:00", "2023-02-29", "2024-13-01", "2024-01-01T24:00:00", "yesterday", ""]) {
      expect(parseTimestampMicros(text), text).toBeUndefined();
    }
    expect(parseTimestampMicros("2024-02-29")).toBeDefined();
  });
});

describe("parseDateDays", () => {
  it("reads a date as days since 1970, dropping a valid time part", () => {
    expect(parseDateDays("1970-01-02")).toBe(1);
    expect(parseDateDays("2024-01-15")).toBe(Date.UTC(2024, 0, 15) / 86_400_000);
    expect(parseDateDays("2024-01-15T10:00:00")).toBe(Date.UTC(2024, 0, 15) / 86_400_000);
    expect(parseDateDays("2024-01-15Tnonsense")).toBeUndefined();
    expect(parseDateDays("15.01.2024")).toBeUndefined();
  });
});

describe("small helpers", () => {
  it("checks email addresses loosely", () => {
    expect(isEmailAddress("ada@example.com")).toBe(true);
    expect(isEmailAddress("ada at example.com")).toBe(false);
    expect(isEmailAddress("ada@localhost")).toBe(false);
  });

  it("counts CRLF, LF and lone CR once each", () => {
    expect(countLineBreaks("a\r\nb\nc\rd")).toBe(3);
    expect(countLineBreaks("plain")).toBe(0);
  });
});
