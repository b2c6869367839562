import { describe, expect, it } from "vitest";
import { analyze, porterMeasure, stem, words } from "../../../tools/search-catalog/text-analysis.ts";

// Porter (1980) step 1 examples, plus catalogue words.
const STEMS: Array<[string, string]> = [
  ["caresses", "caress"],
  ["ponies", "poni"],
  ["caress", "caress"],
  ["cats", "cat"],
  ["feed", "feed"],
  ["agreed", "agree"],
  ["plastered", "plaster"],
  ["motoring", "motor"],
  ["sing", "sing"],
  ["conflated", "conflate"],
  ["hopping", "hop"],
  ["falling", "fall"],
  ["filing", "file"],
  ["happy", "happi"],
  ["sky", "sky"],
  ["teapots", "teapot"],
  ["candles", "candle"],
  ["parties", "parti"],
  ["party", "parti"],
  ["knitted", "knit"],
  ["baking", "bake"],
  ["smelling", "smell"],
  ["glasses", "glass"],
  ["mug", "mug"],
  ["2026s", "2026s"],
];

describe("text analysis", () => {
  it.each(STEMS)("stems %s to %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it("measures Porter's m", () => {
    expect(porterMeasure("tr")).toBe(0);
    expect(porterMeasure("trouble")).toBe(1);
    expect(porterMeasure("troubles")).toBe(2);
    expect(porterMeasure("private")).toBe(2);
  });

  it("folds accents, case, possessives and punctuation", () => {
    expect(words("Café Crème – Children's TEA-POT")).toEqual(["cafe", "creme", "children", "tea", "pot"]);
  });

  it("drops stop words and shopper filler, keeps order and repeats", () => {
    expect(analyze("Things for a tea party, tea!")).toEqual(["tea", "parti", "tea"]);
    expect(analyze("something to keep me warm")).toEqual(["keep", "warm"]);
    expect(analyze("the of and")).toEqual([]);
  });
});
