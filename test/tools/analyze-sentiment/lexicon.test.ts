import { describe, expect, it } from "vitest";
import {
  type LexiconParts,
  afinnToVaderFactor,
  buildLexicon,
  loadLexicon,
  parseVaderLexicon,
  symbolValence,
  wordValence,
} from "../../../tools/analyze-sentiment/lexicon.ts";

/** A tiny set of sources, so merging can be checked by hand. */
function parts(overrides: Partial<LexiconParts> = {}): LexiconParts {
  return {
    ownWords: [["flimsy", -1.8]],
    ownPhrases: [["waste of money", -2.5], ["top notch", 2.5]],
    modifierPhrases: [["kind of", "softener"]],
    vader: new Map([
      ["good", 2],
      ["bad", -2],
      ["flimsy", 9],
      ["impressive", 3],
      ["l", 2],
      [":)", 2],
      ["=(", -2],
      ["<3", 3],
      ["d:", 1.2],
      ["haha", 2],
      ["hahaha", 2.6],
      ["lol", 1.8],
      ["fed up", -1.8],
    ]),
    afinn: new Map([
      ["good", 4],
      ["bad", -4],
      ["superb", 5],
    ]),
    afinnBigrams: new Map([["cool stuff", 3]]),
    symbols: new Map([["😍", 5]]),
    sources: [],
    ...overrides,
  };
}

describe("afinnToVaderFactor", () => {
  it("is the least-squares slope through the origin over shared words", () => {
    // shared: good (2 vs 4), bad (−2 vs −4): Σvx/Σx² = (8 + 8) / (16 + 16) = 0.5
    expect(afinnToVaderFactor(parts().vader, parts().afinn)).toBeCloseTo(0.5, 10);
  });

  it("falls back to the ratio of the ranges when nothing is shared", () => {
    expect(afinnToVaderFactor(new Map([["a", 1]]), new Map([["b", 2]]))).toBe(0.8);
  });
});

describe("buildLexicon", () => {
  const lexicon = buildLexicon(parts());

  it("lets earlier sources win and rescales AFINN", () => {
    expect(lexicon.words.get("flimsy")).toBe(-1.8); // own list beats VADER's 9
    expect(lexicon.words.get("good")).toBe(2); // VADER beats AFINN
    expect(lexicon.words.get("superb")).toBe(2.5); // AFINN 5 × 0.5
  });

  it("files symbols, phrases and compounds", () => {
    expect(lexicon.symbols.get(":)")).toBe(2);
    expect(lexicon.symbols.get("😍")).toBe(2.5);
    expect(lexicon.phrases.get("fed")?.[0]?.words).toEqual(["fed", "up"]);
    expect(lexicon.phrases.get("cool")?.[0]?.valence).toBe(1.5);
    expect(lexicon.phrases.get("kind")?.[0]?.role).toBe("softener");
    expect(lexicon.words.get("top-notch")).toBe(2.5);
  });

  it("drops one-letter entries", () => {
    expect(lexicon.words.has("l")).toBe(false);
  });

  it("keeps case-sensitive emoticons apart from their lower-case twins", () => {
    const withFaces = buildLexicon(parts({ caseSensitiveSymbols: [["D:", -2.9]], symbols: new Map([["D:", 4]]) }));
    expect(withFaces.symbols.get("D:")).toBe(-2.9);
    expect(withFaces.symbols.get("d:")).toBe(1.2); // VADER's tongue face
    // A later source's "D:" is not filed under "d:" either, even where that key is free.
    const noTwin = buildLexicon(parts({ vader: new Map(), caseSensitiveSymbols: [["D:", -2.9]], symbols: new Map([["D:", 4]]) }));
    expect(noTwin.symbols.has("d:")).toBe(false);
    expect(buildLexicon(parts({ vader: new Map(), symbols: new Map([["D:", 4]]) })).symbols.get("d:")).toBe(4 * 0.8);
  });
});

describe("symbolValence", () => {
  const lexicon = buildLexicon(parts());

  it("looks emoticons up as written, then lower-cased, then with a repeated mouth folded", () => {
    expect(symbolValence(lexicon, ":)")).toBe(2);
    expect(symbolValence(lexicon, ":)))")).toBe(2);
    expect(symbolValence(lexicon, "=(((")).toBe(-2);
    expect(symbolValence(lexicon, "<333")).toBe(3);
    expect(symbolValence(lexicon, "D:")).toBe(1.2); // no case-sensitive entry here: falls back to "d:"
    expect(symbolValence(lexicon, ":-/")).toBeUndefined();
  });
});

describe("wordValence", () => {
  const lexicon = buildLexicon(parts());

  it("folds elongations, inflections and negative prefixes", () => {
    expect(wordValence(lexicon, "goooood")).toBe(2);
    expect(wordValence(lexicon, "goods")).toBeUndefined(); // a noun, not "good"
    expect(wordValence(lexicon, "unimpressive")).toBeCloseTo(-2.22, 10); // 3 × −0.74
    expect(wordValence(lexicon, "over-good")).toBe(2); // a compound takes its head's valence
    expect(wordValence(lexicon, "good-ish")).toBeUndefined();
    expect(wordValence(lexicon, "nothing")).toBeUndefined();
  });

  it("reads laughter spelt by ear as the lexicon's laughter", () => {
    expect(wordValence(lexicon, "ahaha")).toBe(2); // two beats: "haha"
    expect(wordValence(lexicon, "hahah")).toBe(2);
    expect(wordValence(lexicon, "hahahahaha")).toBe(2.6); // three or more: "hahaha"
    expect(wordValence(lexicon, "hehehe")).toBe(2.6);
    expect(wordValence(lexicon, "lolol")).toBe(1.8);
    expect(wordValence(lexicon, "aha")).toBeUndefined(); // one beat is not laughter
    expect(wordValence(lexicon, "hash")).toBeUndefined();
  });

  it("remembers look-ups", () => {
    wordValence(lexicon, "baddest");
    expect(lexicon.lookupCache.has("baddest")).toBe(true);
  });
});

describe("parseVaderLexicon", () => {
  it("reads token and mean, later duplicates winning", () => {
    const parsed = parseVaderLexicon("good\t1.9\t0.9\t[1, 2]\nlol\t2.9\t0.8\t[]\nlol\t1.8\t1.4\t[]\n\nbroken line\n");
    expect([...parsed.entries()]).toEqual([
      ["good", 1.9],
      ["lol", 1.8],
    ]);
  });
});

describe("loadLexicon (packaged sources)", () => {
  it("has VADER's ratings, AFINN, emoji and our review words", () => {
    const lexicon = loadLexicon();
    expect(lexicon.words.get("good")).toBe(1.9);
    expect(lexicon.words.get("overpriced")).toBeLessThan(0);
    expect(lexicon.words.has("work")).toBe(false); // wink-sentiment's addition, dropped
    expect(lexicon.symbols.get("😍")).toBeGreaterThan(0);
    expect(lexicon.words.size).toBeGreaterThan(7_500);
    expect(lexicon.sources.map((source) => source.licence)).toContain("MIT");
  });

  it("reads VADER's capital-D faces as dismay and its lower-case 'd:' as a tongue", () => {
    const lexicon = loadLexicon();
    expect(symbolValence(lexicon, "D:")).toBe(-2.9);
    expect(symbolValence(lexicon, "D=")).toBe(-3);
    expect(symbolValence(lexicon, "d:")).toBe(1.2);
  });
});
