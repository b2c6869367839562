import { describe, expect, it } from "vitest";
import { isShouting, normalizeText, tokenize } from "../../../tools/analyze-sentiment/tokenize.ts";

const kinds = (text: string): string[] => tokenize(normalizeText(text)).map((token) => `${token.kind}:${token.lower}`);

describe("normalizeText", () => {
  it("decodes HTML entities and folds typographic quotes", () => {
    expect(normalizeText("Tom &amp; Jerry &quot;rock&quot; &#39;n&#x27; roll")).toBe(`Tom & Jerry "rock" 'n' roll`);
    expect(normalizeText("it\u2019s ''Conan''")).toBe(`it's "Conan"`);
    expect(normalizeText("&bogus; &#99999999;")).toBe("&bogus; &#99999999;");
  });
});

describe("tokenize", () => {
  it("keeps contractions and hyphenated compounds whole", () => {
    expect(kinds("Don't buy top-notch")).toEqual(["word:don't", "word:buy", "word:top-notch"]);
  });

  it("finds emoticons only between spaces, and emoji anywhere", () => {
    expect(kinds("great :) (see item 8)")).toEqual([
      "word:great",
      "emoticon::)",
      "punctuation:(",
      "word:see",
      "word:item",
      "number:8",
      "punctuation:)",
    ]);
    expect(kinds("love it😍")).toEqual(["word:love", "word:it", "emoji:😍"]);
  });

  it("skips links, e-mail addresses and mentions, and unwraps hashtags", () => {
    const tokens = tokenize(normalizeText("@anna see http://x.example/a?b=1 or mail a@b.co #fail"));
    expect(tokens.map((token) => token.lower)).toEqual(["see", "or", "mail", "fail"]);
    expect(tokens[3]?.hashtag).toBe(true);
  });

  it("records offsets into the normalised text and marks line breaks", () => {
    const normalized = normalizeText("Nice.\nBad box");
    const tokens = tokenize(normalized);
    expect(tokens.map((token) => normalized.slice(token.start, token.end))).toEqual(["Nice", ".", "\n", "Bad", "box"]);
    expect(tokens[2]?.lower).toBe("\n");
  });

  it("knows shouting from single capitals", () => {
    const [shout, single, mixed] = tokenize("GREAT I Great");
    expect(isShouting(shout!)).toBe(true);
    expect(isShouting(single!)).toBe(false);
    expect(isShouting(mixed!)).toBe(false);
  });
});
