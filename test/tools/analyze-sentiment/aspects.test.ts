import { beforeAll, describe, expect, it } from "vitest";
import {
  ASPECTS,
  type Aspect,
  MAX_QUOTE_LENGTH,
  aspectsInWords,
  detectAspects,
  quoteOf,
} from "../../../tools/analyze-sentiment/aspects.ts";
import { type SentimentLexicon, loadLexicon } from "../../../tools/analyze-sentiment/lexicon.ts";
import { analyzeText } from "../../../tools/analyze-sentiment/scorer.ts";

let lexicon: SentimentLexicon;
const aspectsOf = (text: string) => detectAspects(analyzeText(text, lexicon));

beforeAll(() => {
  lexicon = loadLexicon();
});

describe("detectAspects", () => {
  const cases: ReadonlyArray<readonly [Aspect, string, "positive" | "negative"]> = [
    ["price", "Great value for money", "positive"],
    ["quality", "Flimsy plastic that broke in a day", "negative"],
    ["delivery", "Delivery took forever", "negative"],
    ["packaging", "The packaging was beautiful", "positive"],
    ["size", "Far too small", "negative"],
    ["service", "Customer service were very helpful", "positive"],
    ["design", "Gorgeous design", "positive"],
  ];

  for (const [aspect, text, label] of cases) {
    it(`finds ${aspect} in "${text}" and scores it ${label}`, () => {
      const mention = aspectsOf(text).find((found) => found.aspect === aspect);
      expect(mention?.label).toBe(label);
    });
  }

  it("scores each aspect on its own clause", () => {
    const mentions = aspectsOf("Lovely colour but far too expensive");
    expect(mentions.map((mention) => [mention.aspect, mention.label])).toEqual([
      ["price", "negative"],
      ["design", "positive"],
    ]);
  });

  it("gives price a negative score in 'good but expensive'", () => {
    const [price] = aspectsOf("good but expensive");
    expect(price?.aspect).toBe("price");
    expect(price?.score).toBeLessThan(0);
  });

  it("falls back to the sentence when the mentioning clause has no sentiment", () => {
    const [delivery] = aspectsOf("The delivery, honestly, a disaster.");
    expect(delivery?.aspect).toBe("delivery");
    expect(delivery?.label).toBe("negative");
  });

  it("quotes the sentence of the strongest mention", () => {
    const [delivery] = aspectsOf("Nice mug. Delivery was fine. The delivery driver was rude and threw it!");
    expect(delivery?.quote).toBe("The delivery driver was rude and threw it!");
  });

  it("returns nothing for text without aspects, and one entry per aspect in fixed order", () => {
    expect(aspectsOf("I love it")).toEqual([]);
    const mentions = aspectsOf("Price ok. Price great. Design nice.");
    expect(mentions.map((mention) => mention.aspect)).toEqual(["price", "design"]);
  });

  it("matches whole tokens only", () => {
    expect(aspectsInWords(["priceless"])).toEqual([]);
    expect(aspectsInWords(["box", "price"])).toEqual(["price", "packaging"]);
    expect(ASPECTS).toHaveLength(7);
  });
});

describe("quoteOf", () => {
  it("keeps short text and cuts long text at a word boundary with an ellipsis", () => {
    expect(quoteOf("  short   text ")).toBe("short text");
    const long = `${"word ".repeat(100)}end`;
    const quote = quoteOf(long);
    expect(quote.length).toBeLessThanOrEqual(MAX_QUOTE_LENGTH);
    expect(quote.endsWith("word…")).toBe(true);
    expect(quoteOf("x".repeat(500)).length).toBe(MAX_QUOTE_LENGTH);
  });
});
