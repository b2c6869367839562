import { beforeAll, describe, expect, it } from "vitest";
import { type SentimentLexicon, loadLexicon } from "../../../tools/analyze-sentiment/lexicon.ts";
import {
  DEFAULT_RULES,
  analyzeText,
  isPositive,
  labelOf,
  normalizeValence,
  scoreText,
} from "../../../tools/analyze-sentiment/scorer.ts";

let lexicon: SentimentLexicon;
const score = (text: string): number => scoreText(text, lexicon);
/** VADER's own arithmetic: a plain sum of the cues, no cue scaling. */
const vaderScore = (text: string): number => scoreText(text, lexicon, { ...DEFAULT_RULES, cueScaling: false });

beforeAll(() => {
  lexicon = loadLexicon();
});

describe("VADER arithmetic, checked by hand", () => {
  // "good" is 1.9 in VADER's lexicon; score = x / sqrt(x² + 15).
  it("scores a single word with VADER's normalisation", () => {
    expect(score("good")).toBeCloseTo(0.44043, 4);
  });

  it("adds 0.293 for an intensifier", () => {
    expect(score("very good")).toBeCloseTo(0.49273, 4); // 1.9 + 0.293
  });

  it("multiplies a negated word by −0.74", () => {
    expect(score("not good")).toBeCloseTo(-0.34124, 4); // 1.9 × −0.74
  });

  it("adds 0.733 for a word in capitals among lower-case words", () => {
    expect(score("This is GOOD")).toBeCloseTo(0.56222, 4); // 1.9 + 0.733
  });

  it("adds 0.292 per exclamation mark", () => {
    expect(score("good!!!")).toBeCloseTo(0.58257, 4); // 1.9 + 3 × 0.292
  });

  it("weights the clause before 'but' by 0.5 and the one after by 1.5", () => {
    expect(vaderScore("good but bad")).toBeCloseTo(-0.58588, 4); // 1.9 × 0.5 − 2.5 × 1.5
  });

  it("normalises into −1..1 and keeps 0 at 0", () => {
    expect(normalizeValence(0)).toBe(0);
    expect(normalizeValence(1e9)).toBeLessThanOrEqual(1);
    expect(normalizeValence(-1e9)).toBeGreaterThanOrEqual(-1);
    expect(normalizeValence(Number.NaN)).toBe(0);
  });
});

describe("cue scaling", () => {
  it("divides the sum of several cues by √n before normalising", () => {
    expect(score("good and nice")).toBeCloseTo(0.55977, 4); // (1.9 + 1.8) / √2
    expect(score("good but bad")).toBeCloseTo(-0.45518, 4); // (1.9 × 0.5 − 2.5 × 1.5) / √2
    expect(vaderScore("good and nice")).toBeCloseTo(0.69077, 4); // 3.7, VADER's plain sum
  });

  it("leaves a single cue, and the emphasis of '!', as VADER scores them", () => {
    expect(score("good")).toBe(vaderScore("good"));
    expect(score("good!!!")).toBe(vaderScore("good!!!"));
  });

  it("keeps more cues of one feeling stronger than fewer, but not in proportion", () => {
    const one = score("great");
    const three = score("great, lovely, wonderful");
    expect(three).toBeGreaterThan(one);
    expect(three).toBeLessThan(vaderScore("great, lovely, wonderful"));
  });
});

describe("irrealis", () => {
  // "good" (1.9) at half weight: 0.95 / √(0.95² + 15) = 0.23823.
  it("halves sentiment in a question", () => {
    expect(score("Is it good?")).toBeCloseTo(0.23823, 4);
    expect(score("It is good.")).toBeCloseTo(0.44043, 4);
  });

  it("halves sentiment after 'if', a modal, 'any' or 'expect' in the same clause", () => {
    expect(score("If it is good")).toBeCloseTo(0.23823, 4);
    expect(score("It would be good")).toBeCloseTo(0.23823, 4);
    expect(score("I'd be happy")).toBeLessThan(score("I am happy"));
    expect(score("is it any good")).toBeCloseTo(0.23823, 4);
    // The marker's clause only: after the comma the sentiment is asserted again.
    expect(score("if you ask me, it is good")).toBeCloseTo(0.44043, 4);
  });

  it("halves sentiment in quotation marks", () => {
    expect(score('The "good" one')).toBeCloseTo(0.23823, 4);
    expect(score("The good one")).toBeCloseTo(0.44043, 4);
  });

  it("leaves emoticons alone and ignores markers inside set phrases", () => {
    expect(score("Are you coming :) ?")).toBe(score(":)"));
    // "doubt" in "without a doubt" is certainty, not irrealis.
    expect(score("without a doubt the best")).toBe(
      scoreText("without a doubt the best", lexicon, { ...DEFAULT_RULES, irrealis: false }),
    );
  });

  it("can be switched off", () => {
    expect(scoreText("Is it good?", lexicon, { ...DEFAULT_RULES, irrealis: false })).toBeCloseTo(0.44043, 4);
  });
});

describe("rules", () => {
  it("flips negated words", () => {
    expect(score("not good")).toBeLessThan(0);
    expect(score("not bad")).toBeGreaterThan(0);
    expect(score("no problems at all")).toBeGreaterThan(0);
    expect(score("The lid fits")).toBeGreaterThan(0);
    expect(score("The lid barely fits")).toBeLessThan(0);
  });

  it("keeps negation inside its clause", () => {
    // The comma ends the reach of "not": "great" stays positive.
    expect(score("Not what I ordered, but great anyway")).toBeGreaterThan(0);
  });

  it("lets 'don't think' negate the rest of the clause", () => {
    expect(score("I don't think you will be disappointed")).toBeGreaterThan(0);
  });

  it("intensifies and softens", () => {
    expect(score("very good")).toBeGreaterThan(score("good"));
    expect(score("extremely bad")).toBeLessThan(score("bad"));
    expect(score("slightly annoying")).toBeGreaterThan(score("annoying"));
    expect(score("kind of boring")).toBeGreaterThan(score("boring"));
  });

  it("leans to the clause after a contrast", () => {
    expect(score("good but expensive")).toBeLessThan(0);
    expect(score("expensive but good")).toBeGreaterThan(0);
    expect(score("The price is high. However, it is excellent.")).toBeGreaterThan(0);
    expect(score("Although it is pretty, it broke in a day")).toBeLessThan(0);
  });

  it("adds emphasis for capitals and exclamation marks", () => {
    expect(score("The service was GREAT")).toBeGreaterThan(score("The service was great"));
    expect(score("The service was great!!")).toBeGreaterThan(score("The service was great"));
    expect(score("The service was awful!!")).toBeLessThan(score("The service was awful"));
  });

  it("scores emoji and emoticons, untouched by negation", () => {
    expect(score("😍")).toBeGreaterThan(0);
    expect(score("👍")).toBeGreaterThan(0);
    expect(score("😡")).toBeLessThan(0);
    expect(score("arrived today :)")).toBeGreaterThan(0);
    expect(score("arrived today :(")).toBeLessThan(0);
    expect(score("NOT :)")).toBeGreaterThan(0);
  });

  it("reads case-sensitive, repeated and spelt-out emoticons and laughter", () => {
    expect(score("D:")).toBeLessThan(0); // dismay
    expect(score("d:")).toBeGreaterThan(0); // a tongue
    expect(score("WORST FINALE EVER D: D: D:")).toBeLessThan(score("WORST FINALE EVER"));
    expect(score("=(((")).toBe(score("=("));
    expect(score("ahahahaha")).toBe(score("hahaha"));
    expect(score("hehehe")).toBeGreaterThan(0);
  });

  it("reads review phrases and idioms before single words", () => {
    expect(score("waste of money")).toBeLessThan(0);
    expect(score("don't waste your money")).toBeLessThan(0);
    expect(score("it stopped working after a week")).toBeLessThan(0);
    expect(score("you can't go wrong with this")).toBeGreaterThan(0);
    expect(score("worth every penny")).toBeGreaterThan(0);
    expect(score("top-notch")).toBeGreaterThan(0);
  });

  it("treats counterfactuals as unmet expectations", () => {
    expect(score("It should have been great")).toBeLessThan(0);
    expect(score("I was hoping for better")).toBeLessThan(0);
  });

  it("reads 'too' + a neutral word as a complaint and 'pretty' as a degree word", () => {
    expect(score("far too small")).toBeLessThan(0);
    expect(score("pretty bad")).toBeLessThan(score("bad") + 0.001);
    expect(score("pretty good")).toBeGreaterThan(score("good"));
  });

  it("folds inflections and elongations the lexicon does not list", () => {
    expect(score("sooooo goooood")).toBeGreaterThan(0);
    expect(score("unimpressive")).toBeLessThan(0);
    expect(score("the player is fine")).toBeCloseTo(score("the thing is fine"), 6);
  });

  it("ignores links, mentions and the preposition 'like'", () => {
    expect(score("@happy http://great.example.com")).toBe(0);
    expect(score("it looks like rain")).toBe(0);
    expect(score("I like it")).toBeGreaterThan(0);
  });
});

describe("edge cases", () => {
  it("scores empty and whitespace-only text as neutral 0", () => {
    for (const text of ["", "   ", "\n\t", "...", "12345"]) {
      const analysis = analyzeText(text, lexicon);
      expect(analysis.score).toBe(0);
      expect(analysis.label).toBe("neutral");
    }
  });

  it("always stays within −1..1 and finite", () => {
    const texts = [
      "AMAZING!!!!!!!! BEST EVER!!!! 😍😍😍😍😍😍😍😍",
      "worst worst worst worst worst terrible horrible awful disgusting!!!!!",
      "not not not not not good",
      "very very very very very very very bad",
      "&amp;&lt;&#128512;&#x1F600;&#99999999;",
      "but but but however although though yet",
      "too too too",
      `${"great ".repeat(2000)}`,
    ];
    for (const text of texts) {
      const value = score(text);
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(-1);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it("is deterministic", () => {
    const text = "Lovely colour, but it arrived late and the box was crushed :(";
    expect(analyzeText(text, lexicon)).toEqual(analyzeText(text, lexicon));
  });

  it("labels with VADER's ±0.05 thresholds and decides binary at the positive label", () => {
    expect(labelOf(0.05)).toBe("positive");
    expect(labelOf(0.049)).toBe("neutral");
    expect(labelOf(-0.05)).toBe("negative");
    expect(isPositive(0.05)).toBe(true);
    expect(isPositive(0)).toBe(false);
  });

  it("can switch rules off for ablations", () => {
    const withoutExcess = { ...DEFAULT_RULES, excess: false };
    expect(scoreText("far too small", lexicon, withoutExcess)).toBe(0);
    expect(score("far too small")).toBeLessThan(0);
  });
});

describe("clauses", () => {
  it("splits at punctuation and contrast markers and keeps sentence offsets", () => {
    const analysis = analyzeText("Great mug. Arrived late, but well packed!", lexicon);
    expect(analysis.clauses.map((clause) => clause.words.join(" "))).toEqual([
      "great mug",
      "arrived late",
      "but well packed",
    ]);
    expect(analysis.clauses.map((clause) => clause.sentence)).toEqual([0, 1, 1]);
    expect(analysis.clauses.map((clause) => clause.weight)).toEqual([1, 0.5, 1.5]);
    expect(analysis.sentences.map((range) => analysis.normalized.slice(range.start, range.end))).toEqual([
      "Great mug.",
      "Arrived late, but well packed!",
    ]);
  });
});
