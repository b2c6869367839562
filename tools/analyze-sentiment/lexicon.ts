/**
 * The sentiment lexicon: which words, phrases and symbols carry sentiment, and how much,
 * on VADER's −4..4 scale.
 *
 * Sources, merged in this order (an earlier source wins for a key it rates):
 * 1. Bullseye's review vocabulary (`review-lexicon.ts`), hand-written for reviews.
 * 2. VADER's lexicon (Hutto & Gilbert 2014): 7,500 words, emoticons and slang, each
 *    the mean of 10 human ratings on −4..4. From the `vader-sentiment` npm package
 *    (Apache-2.0; the lexicon itself is MIT, © C.J. Hutto), read from its
 *    `vader_lexicon.txt`.
 * 3. AFINN-165 (Finn Årup Nielsen; 3,382 words rated −5..5), its bigrams, and an
 *    emoji and emoticon list, from the `wink-sentiment` npm package (MIT). AFINN
 *    values are put on VADER's scale by the least-squares factor over the words
 *    both lexicons rate (computed from the two lexicons, not from any benchmark).
 *
 * Words missing from every source are looked up again after folding elongations
 * ("goooood"), laughter ("ahahaha", "lolol"), inflections ("disappoints", "overpricing",
 * "happier") and negative prefixes ("unimpressive" → −0.74 × "impressive"). Emoticons
 * are looked up as written first ("D:" is dismay, "d:" a tongue), then lower-cased, then
 * with a repeated mouth folded ("=(((" is "=(").
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { z } from "zod";
import { MODIFIER_PHRASES, NEGATION_FACTOR, type ModifierPhraseRole } from "./modifiers.ts";
import { REVIEW_PHRASES, REVIEW_WORDS } from "./review-lexicon.ts";

/** A multi-word expression. `*` in `words` matches any one word. */
export interface PhraseEntry {
  words: readonly string[];
  /** Valence on −4..4 for sentiment phrases; 0 for modifier phrases. */
  valence: number;
  /** Set for modifier phrases ("kind of", "not only"); absent for sentiment phrases. */
  role?: ModifierPhraseRole;
}

/** Where part of the lexicon came from, for the tool's documentation and the bench report. */
export interface LexiconSource {
  name: string;
  licence: string;
  entries: number;
}

/** A merged, read-only lexicon. Build one with {@link buildLexicon} or {@link loadLexicon}. */
export interface SentimentLexicon {
  /** Lower-case word → valence on −4..4. */
  readonly words: ReadonlyMap<string, number>;
  /** Emoticon or emoji (as written, and lower-cased) → valence on −4..4. */
  readonly symbols: ReadonlyMap<string, number>;
  /** First word → phrases starting with it, longest first. */
  readonly phrases: ReadonlyMap<string, readonly PhraseEntry[]>;
  readonly sources: readonly LexiconSource[];
  /** Memo of morphological look-ups; bounded, so a long-running server does not grow it forever. */
  readonly lookupCache: Map<string, number | null>;
}

/** Raw inputs for {@link buildLexicon}; every map uses its own source's scale. */
export interface LexiconParts {
  /** Highest-priority words and phrases on −4..4 (Bullseye's own list). */
  ownWords: ReadonlyArray<readonly [string, number]>;
  ownPhrases: ReadonlyArray<readonly [string, number]>;
  modifierPhrases: ReadonlyArray<readonly [string, ModifierPhraseRole]>;
  /** VADER entries (words, emoticons, and a few phrases) on −4..4. */
  vader: ReadonlyMap<string, number>;
  /** AFINN words on −5..5. */
  afinn: ReadonlyMap<string, number>;
  /** AFINN bigrams on −5..5, as "first second". */
  afinnBigrams: ReadonlyMap<string, number>;
  /** Emoji and emoticons on AFINN's −5..5. */
  symbols: ReadonlyMap<string, number>;
  /** Emoticons on −4..4 matched only as written, never lower-cased ("D:" is not "d:"). */
  caseSensitiveSymbols?: ReadonlyArray<readonly [string, number]>;
  sources: readonly LexiconSource[];
}

/**
 * VADER's faces with a capital "D", a mouth wide open in dismay or horror, with VADER's
 * ratings. `vader_lexicon.txt` lists its emoticons lower-cased, so "D:" (−2.9) and the
 * tongue face "d:" (+1.2) share one key and the later, positive rating won; likewise
 * "D=" (−3.0) and "d=" (+1.5). These keep the capital readings apart.
 */
export const CAPITAL_D_FACES: ReadonlyArray<readonly [string, number]> = [
  ["D:", -2.9], ["D:<", -3.2], ["D;", -2.9], ["D=", -3.0], ["D8", -3.2], ["D-':", -2.5],
];

const LOOKUP_CACHE_LIMIT = 50_000;

/**
 * The factor that maps AFINN's −5..5 onto VADER's −4..4: the least-squares slope
 * through the origin over the words both rate. Falls back to 4/5 (the ratio of the
 * ranges) when they share no word.
 */
export function afinnToVaderFactor(vader: ReadonlyMap<string, number>, afinn: ReadonlyMap<string, number>): number {
  let crossProducts = 0;
  let squares = 0;
  for (const [word, afinnValue] of afinn) {
    const vaderValue = vader.get(word);
    if (vaderValue === undefined) continue;
    crossProducts += vaderValue * afinnValue;
    squares += afinnValue * afinnValue;
  }
  return squares > 0 ? crossProducts / squares : 0.8;
}

/** True for keys that are emoticons or emoji rather than words (no letters, or letters glued to symbols). */
function isSymbolKey(key: string): boolean {
  return !/^[\p{L}\p{M}'-]+(?: [\p{L}\p{M}'-]+)*$/u.test(key) && !/^\d/.test(key);
}

/**
 * Splits a phrase into words; hyphens separate words here ("rip-off" → "rip", "off"),
 * and {@link buildLexicon} also files the hyphenated compound, so both spellings match.
 */
function phraseWords(phrase: string): string[] {
  return phrase.toLowerCase().split(/[\s-]+/).filter((word) => word.length > 0);
}

/** Merges the sources into one lexicon (earlier sources win). Pure; see the module comment. */
export function buildLexicon(parts: LexiconParts): SentimentLexicon {
  const factor = afinnToVaderFactor(parts.vader, parts.afinn);
  const words = new Map<string, number>();
  const symbols = new Map<string, number>();
  const phraseList: PhraseEntry[] = [];
  const seenPhrases = new Set<string>();
  const caseSensitive = new Set((parts.caseSensitiveSymbols ?? []).map(([key]) => key.toLowerCase()));

  const addPhrase = (text: string, valence: number, role?: ModifierPhraseRole): void => {
    const tokens = phraseWords(text);
    const key = tokens.join(" ");
    // A one-token "phrase" ("10/10") is a word for the tokenizer.
    if (tokens.length === 1 && role === undefined && !words.has(key)) words.set(key, valence);
    if (tokens.length < 2 || seenPhrases.has(key)) return;
    seenPhrases.add(key);
    phraseList.push(role === undefined ? { words: tokens, valence } : { words: tokens, valence: 0, role });
  };
  const addEntry = (key: string, valence: number): void => {
    if (isSymbolKey(key)) {
      if (!symbols.has(key)) symbols.set(key, valence);
      const lower = key.toLowerCase();
      if (caseSensitive.has(lower)) return;
      if (!symbols.has(lower)) symbols.set(lower, valence);
      return;
    }
    const tokens = phraseWords(key);
    if (tokens.length > 1) addPhrase(key, valence);
    // One-letter entries (VADER rates "l") are never looked up: VADER's own tokenizer drops
    // one-character tokens, so their ratings were never exercised on words like "I" or "a".
    else if (tokens.length === 1 && tokens[0]!.length > 1 && !words.has(tokens[0]!)) words.set(tokens[0]!, valence);
  };

  // Exact keys only: the lower-cased spelling is a different face with its own rating.
  for (const [key, valence] of parts.caseSensitiveSymbols ?? []) symbols.set(key, valence);
  for (const [phrase, role] of parts.modifierPhrases) addPhrase(phrase, 0, role);
  for (const [phrase, valence] of parts.ownPhrases) addPhrase(phrase, valence);
  for (const [word, valence] of parts.ownWords) addEntry(word, valence);
  for (const [key, valence] of parts.vader) addEntry(key, valence);
  for (const [key, valence] of parts.afinn) addEntry(key, round(valence * factor));
  for (const [key, valence] of parts.afinnBigrams) addPhrase(key, round(valence * factor));
  for (const [key, valence] of parts.symbols) addEntry(key, round(valence * factor));

  // A sentiment phrase can also be written as one hyphenated compound ("top-notch", "rip-off").
  for (const entry of phraseList) {
    if (entry.role !== undefined || entry.words.includes("*")) continue;
    const compound = entry.words.join("-");
    if (!words.has(compound)) words.set(compound, entry.valence);
  }
  const phrases = new Map<string, PhraseEntry[]>();
  for (const entry of phraseList) {
    const first = entry.words[0]!;
    const list = phrases.get(first) ?? [];
    list.push(entry);
    phrases.set(first, list);
  }
  // Longest match first; ties keep source order, so the result does not depend on Map internals.
  for (const list of phrases.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { words, symbols, phrases, sources: parts.sources, lookupCache: new Map() };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Valence of a lower-case word, or undefined when no source rates it even after
 * folding elongation, inflection and negative prefixes. Results are memoised.
 */
export function wordValence(lexicon: SentimentLexicon, lower: string): number | undefined {
  const direct = lexicon.words.get(lower);
  if (direct !== undefined) return direct;
  const cached = lexicon.lookupCache.get(lower);
  if (cached !== undefined) return cached ?? undefined;
  const found = foldedValence(lexicon, lower);
  if (lexicon.lookupCache.size >= LOOKUP_CACHE_LIMIT) lexicon.lookupCache.clear();
  lexicon.lookupCache.set(lower, found ?? null);
  return found;
}

/**
 * Valence of an emoticon or emoji: as written, then lower-cased, then with a repeated
 * mouth or eyes folded to one (":)))" is ":)", "=(((" is "=(", "<333" is "<3", "((:" is "(:").
 * The repetition is emphasis, like "!!!", and does not change which face it is.
 */
export function symbolValence(lexicon: SentimentLexicon, text: string): number | undefined {
  const direct = lexicon.symbols.get(text) ?? lexicon.symbols.get(text.toLowerCase());
  if (direct !== undefined) return direct;
  const folded = text.replace(/(.)\1+$/u, "$1").replace(/^(.)\1+/u, "$1");
  if (folded === text) return undefined;
  return lexicon.symbols.get(folded) ?? lexicon.symbols.get(folded.toLowerCase());
}

function foldedValence(lexicon: SentimentLexicon, lower: string): number | undefined {
  if (lower.length < 3) return undefined;
  // Laughter is spelt by ear ("ahaha", "hahahah", "hehehe", "lolol"): read it as the
  // lexicon's "haha" (two beats), "hahaha" (three or more) or "lol".
  if (LAUGHTER.test(lower)) {
    const beats = lower.match(/h+[ae]+/g)?.length ?? 0;
    return (beats >= 3 ? lexicon.words.get("hahaha") : undefined) ?? lexicon.words.get("haha");
  }
  if (/^l(?:ol)+$/.test(lower)) return lexicon.words.get("lol");
  // "over-priced" is "overpriced"; otherwise an English compound takes the sentiment of its
  // head, the last part ("kid-friendly", "that-sucked" written with a dash), never of the others
  // ("mock-up" is not "mock").
  if (lower.includes("-")) {
    const joined = lower.replaceAll("-", "");
    const head = lower.slice(lower.lastIndexOf("-") + 1);
    return lexicon.words.get(joined) ?? inflectedValence(lexicon, joined) ?? wordValence(lexicon, head);
  }
  // "soooo goooood": runs of three or more letters are emphasis, try two then one.
  if (/(\p{L})\1\1/u.test(lower)) {
    const double = lower.replace(/(\p{L})\1{2,}/gu, "$1$1");
    const single = lower.replace(/(\p{L})\1{2,}/gu, "$1");
    return lexicon.words.get(double) ?? lexicon.words.get(single) ?? inflectedValence(lexicon, single);
  }
  if (FALSE_INFLECTIONS.has(lower)) return undefined;
  const inflected = inflectedValence(lexicon, lower);
  if (inflected !== undefined) return inflected;
  // Negative prefixes: "unimpressive", "nonfunctional". Not "dis" ("display", "discount"),
  // and only before a base of five letters or more ("unlike" is not un + like).
  for (const prefix of ["un", "non"]) {
    if (!lower.startsWith(prefix) || lower.length - prefix.length < 5) continue;
    const base = lower.slice(prefix.length);
    const value = lexicon.words.get(base) ?? inflectedValence(lexicon, base);
    if (value !== undefined && Math.abs(value) >= 1) return round(value * -Math.abs(NEGATION_FACTOR));
  }
  return undefined;
}

/** Two or more beats of "ha"/"he", with an optional leading "a" and trailing "h". */
const LAUGHTER = /^a?(?:h+[ae]+){2,}h*$/;

/**
 * Words that look inflected but are not forms of the word inside them ("likely" is
 * not "like", "goods" is not "good", "later" is not "late").
 */
const FALSE_INFLECTIONS: ReadonlySet<string> = new Set([
  "likely", "lately", "later", "latest", "hardly", "fairly", "shortly", "nearly", "barely", "merely",
  "kinds", "goods", "odds", "news", "lots", "means", "hands", "handed",
]);

/**
 * Candidate stems for an inflected word, most specific first. Plain "-er" is not
 * stripped: it makes agent nouns far more often than comparatives ("player",
 * "career"); comparatives fold through "-ier" ("happier") and doubled consonants ("bigger").
 */
function stemCandidates(word: string): string[] {
  const candidates: string[] = [];
  const add = (stem: string): void => {
    if (stem.length >= 3) candidates.push(stem);
  };
  const undouble = (stem: string): string => (/([b-df-hj-np-tv-z])\1$/.test(stem) ? stem.slice(0, -1) : stem);
  if (word.endsWith("ies")) add(`${word.slice(0, -3)}y`);
  else if (word.endsWith("es")) {
    add(word.slice(0, -2));
    add(word.slice(0, -1));
  } else if (word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) add(word.slice(0, -1));
  if (word.endsWith("ied")) add(`${word.slice(0, -3)}y`);
  else if (word.endsWith("ed")) {
    add(word.slice(0, -2));
    add(word.slice(0, -1));
    add(undouble(word.slice(0, -2)));
  }
  if (word.endsWith("ing")) {
    const stem = word.slice(0, -3);
    add(stem);
    add(`${stem}e`);
    add(undouble(stem));
  }
  if (word.endsWith("ily")) add(`${word.slice(0, -3)}y`);
  else if (word.endsWith("bly")) add(`${word.slice(0, -1)}e`);
  else if (word.endsWith("ly")) add(word.slice(0, -2));
  if (word.endsWith("ier")) add(`${word.slice(0, -3)}y`);
  else if (/([b-df-hj-np-tv-z])\1er$/.test(word)) add(word.slice(0, -3));
  if (word.endsWith("iest")) add(`${word.slice(0, -4)}y`);
  else if (/([b-df-hj-np-tv-z])\1est$/.test(word)) add(word.slice(0, -4));
  else if (word.endsWith("est")) {
    add(word.slice(0, -3));
    add(word.slice(0, -2));
  }
  if (word.endsWith("iness")) add(`${word.slice(0, -5)}y`);
  else if (word.endsWith("ness")) add(word.slice(0, -4));
  return candidates;
}

function inflectedValence(lexicon: SentimentLexicon, word: string): number | undefined {
  for (const stem of stemCandidates(word)) {
    const value = lexicon.words.get(stem);
    if (value !== undefined) return value;
  }
  return undefined;
}

// ----- loading the packaged lexicons -----

const require = createRequire(import.meta.url);

/**
 * Entries that wink-sentiment 5.0.2 adds to AFINN-165 (e.g. "work": +3, "stand": −3).
 * Dropped so that what we call AFINN is AFINN as published.
 */
const WINK_ADDITIONS: ReadonlySet<string> = new Set([
  "stand", "cumbersome", "incredible", "junk", "rocks", "unreliable", "work", "works", "working",
  "worthwhile", "yess", "yesss",
]);
const numberRecord = z.record(z.string(), z.number());
const bigramRecord = z.record(z.string(), z.record(z.string(), z.number()));

/** Parses VADER's `vader_lexicon.txt` (token, mean, sd, raw ratings; tab-separated). Later duplicates win. */
export function parseVaderLexicon(text: string): Map<string, number> {
  const entries = new Map<string, number>();
  for (const line of text.split("\n")) {
    const [token, mean] = line.split("\t");
    if (token === undefined || token === "" || mean === undefined) continue;
    const value = Number(mean);
    if (Number.isFinite(value)) entries.set(token, value);
  }
  return entries;
}

/** Reads the packaged sources: VADER from vader-sentiment; AFINN, bigrams and emoji from wink-sentiment. */
export function loadPackagedParts(): LexiconParts {
  const vaderPath = require.resolve("vader-sentiment/vader_lexicon.txt");
  const vader = parseVaderLexicon(readFileSync(vaderPath, "utf8"));
  // wink-sentiment ships plain CommonJS objects; zod checks their shape at this boundary.
  const afinn = new Map(
    Object.entries(numberRecord.parse(require("wink-sentiment/src/afinn-en-165.js"))).filter(([word]) => !WINK_ADDITIONS.has(word)),
  );
  const bigrams = bigramRecord.parse(require("wink-sentiment/src/afinn-en-165-2grams.js"));
  const emojis = numberRecord.parse(require("wink-sentiment/src/emojis.js"));
  const emoticons = numberRecord.parse(require("wink-sentiment/src/emoticons.js"));
  const afinnBigrams = new Map<string, number>();
  for (const [first, seconds] of Object.entries(bigrams)) {
    for (const [second, value] of Object.entries(seconds)) afinnBigrams.set(`${first} ${second}`, value);
  }
  const symbols = new Map<string, number>([...Object.entries(emojis), ...Object.entries(emoticons)]);
  return {
    ownWords: REVIEW_WORDS,
    ownPhrases: REVIEW_PHRASES,
    modifierPhrases: MODIFIER_PHRASES,
    vader,
    afinn,
    afinnBigrams,
    symbols,
    caseSensitiveSymbols: CAPITAL_D_FACES,
    sources: [
      { name: "Bullseye review vocabulary", licence: "project licence", entries: REVIEW_WORDS.length + REVIEW_PHRASES.length },
      { name: "VADER lexicon (vader-sentiment 1.1.3)", licence: "MIT (lexicon), Apache-2.0 (package)", entries: vader.size },
      { name: "AFINN-165 (wink-sentiment 5.0.2)", licence: "MIT", entries: afinn.size + afinnBigrams.size },
      { name: "emoji and emoticons (wink-sentiment 5.0.2)", licence: "MIT", entries: symbols.size },
    ],
  };
}

/**
 * Builds the lexicon from the packaged sources (a fraction of a second). Build it once
 * and keep it: the tool keeps it in the context's memo, benchmarks and tests in a variable.
 */
export function loadLexicon(): SentimentLexicon {
  return buildLexicon(loadPackagedParts());
}
