import { describe, expect, it } from "vitest";
import { analyzeSms, gsmSeptets, isGsmCharacter } from "../../../../tools/draft-campaign-copy/checks/encoding.ts";

describe("GSM 03.38 character sets", () => {
  it("knows the basic alphabet, including Greek capitals and accented letters", () => {
    for (const character of ["@", "£", "$", "¥", "è", "Δ", "Ω", "Ñ", "ü", "§", "¿", "\n", "\r", " "]) {
      expect(isGsmCharacter(character)).toBe(true);
      expect(gsmSeptets(character)).toBe(1);
    }
  });

  it("counts every extension character as 2 septets", () => {
    for (const character of ["^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"]) {
      expect(isGsmCharacter(character)).toBe(true);
      expect(gsmSeptets(character)).toBe(2);
    }
  });

  it("rejects characters outside both tables", () => {
    for (const character of ["’", "“", "–", "…", "ç", "δ", "ł", "🎉", "\u001b", "`"]) {
      expect(isGsmCharacter(character)).toBe(false);
    }
  });
});

describe("analyzeSms", () => {
  it("sends emoji as UCS-2, counting an emoji as 2 UTF-16 units", () => {
    const report = analyzeSms("Hi 🎉");
    expect(report).toMatchObject({ encoding: "UCS-2", characters: 4, units: 5, segments: 1 });
    expect(report.nonGsmCharacters).toEqual([{ character: "🎉", codePoint: "U+1F389", count: 1 }]);
  });

  it("counts € as 2 septets and stays GSM-7", () => {
    expect(analyzeSms("€")).toMatchObject({ encoding: "GSM-7", characters: 1, units: 2, segments: 1 });
    expect(analyzeSms("Only €5 {today}")).toMatchObject({ encoding: "GSM-7", units: 18 });
  });

  it("fits 160 GSM-7 septets in one SMS and splits 161 into 2", () => {
    expect(analyzeSms("a".repeat(160))).toMatchObject({ units: 160, segments: 1, unitsPerSegment: 160, unitsLeftInLastSegment: 0 });
    expect(analyzeSms("a".repeat(161))).toMatchObject({ units: 161, segments: 2, unitsPerSegment: 153, unitsLeftInLastSegment: 145 });
  });

  it("fits 306 septets in 2 concatenated parts and needs 3 for 307", () => {
    expect(analyzeSms("a".repeat(306)).segments).toBe(2);
    expect(analyzeSms("a".repeat(307)).segments).toBe(3);
  });

  it("counts extension characters against the single-SMS limit", () => {
    expect(analyzeSms(`${"a".repeat(158)}€`)).toMatchObject({ units: 160, segments: 1 });
    expect(analyzeSms(`${"a".repeat(159)}€`)).toMatchObject({ units: 161, segments: 2 });
  });

  it("never splits an extension character across parts", () => {
    // 152 + 2 + 151 = 305 septets: € does not fit in the 1 septet left in part one, so it opens part two.
    expect(analyzeSms(`${"a".repeat(152)}€${"a".repeat(151)}`)).toMatchObject({ units: 305, segments: 2, unitsLeftInLastSegment: 0 });
    // 306 septets would fit 2 × 153 if split, but the wasted septet forces a third part.
    expect(analyzeSms(`${"a".repeat(152)}€${"a".repeat(152)}`)).toMatchObject({ units: 306, segments: 3 });
    // With the extension character wholly inside part one, 306 septets still fit in two.
    expect(analyzeSms(`€${"a".repeat(304)}`)).toMatchObject({ units: 306, segments: 2 });
  });

  it("fits 70 UCS-2 units in one SMS and splits 71 into 2", () => {
    expect(analyzeSms("ł".repeat(70))).toMatchObject({ encoding: "UCS-2", units: 70, segments: 1 });
    expect(analyzeSms("ł".repeat(71))).toMatchObject({ encoding: "UCS-2", units: 71, segments: 2, unitsPerSegment: 67 });
    expect(analyzeSms("ł".repeat(134)).segments).toBe(2);
    expect(analyzeSms("ł".repeat(135)).segments).toBe(3);
  });

  it("never splits an emoji's surrogate pair across UCS-2 parts", () => {
    expect(analyzeSms(`${"ł".repeat(66)}🎉${"ł".repeat(65)}`)).toMatchObject({ units: 133, segments: 2 });
    expect(analyzeSms(`${"ł".repeat(66)}🎉${"ł".repeat(66)}`)).toMatchObject({ units: 134, segments: 3 });
  });

  it("names each character that forced UCS-2 once, with a count and a GSM replacement when there is one", () => {
    const report = analyzeSms("It’s here – don’t miss it 🎉");
    expect(report.encoding).toBe("UCS-2");
    expect(report.nonGsmCharacters).toEqual([
      { character: "’", codePoint: "U+2019", count: 2, replacement: "'" },
      { character: "–", codePoint: "U+2013", count: 1, replacement: "-" },
      { character: "🎉", codePoint: "U+1F389", count: 1 },
    ]);
  });

  it("counts line breaks as septets and treats the empty text as one empty SMS", () => {
    expect(analyzeSms("a\r\nb")).toMatchObject({ encoding: "GSM-7", units: 4 });
    expect(analyzeSms("")).toMatchObject({ encoding: "GSM-7", characters: 0, units: 0, segments: 1 });
  });
});
