import { describe, expect, it } from "vitest";
import { countCharacters, graphemesOf, hasPlaceholder, placeholdersIn } from "../../../../tools/draft-campaign-copy/checks/text.ts";

describe("countCharacters", () => {
  it("counts user-perceived characters", () => {
    expect(countCharacters("é")).toBe(1);
    expect(countCharacters("e\u0301")).toBe(1);
    expect(countCharacters("🇬🇧👍🏽👨‍👩‍👧")).toBe(3);
    expect(countCharacters("\r\n")).toBe(1);
    expect(countCharacters("")).toBe(0);
  });

  it("gives the same clusters as one pass on long texts, across window edges", () => {
    const unit = "ab🇬🇧e\u0301👨‍👩‍👧\r\n🇫🇷🇩🇪x";
    const text = unit.repeat(150);
    const onePass = [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(text)].map((part) => part.segment);
    expect([...graphemesOf(text)]).toEqual(onePass);
    expect(countCharacters(text)).toBe(onePass.length);
  });
});

describe("placeholders", () => {
  it("finds names with or without spaces inside the braces", () => {
    expect(placeholdersIn("{{a}} {{ b_c }} {{a}} {single}")).toEqual(["a", "b_c"]);
    expect(hasPlaceholder("x {{ unsubscribe_url }}", "unsubscribe_url")).toBe(true);
    expect(hasPlaceholder("x {unsubscribe_url}", "unsubscribe_url")).toBe(false);
  });
});
