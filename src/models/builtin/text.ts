/**
 * Text helpers of the builtin planner (pure): normalisation, tokens, stemmed terms,
 * number words and id placeholders.
 *
 * Requests are compared with tool examples after ids are replaced by placeholders
 * ("customer C100001" → "customer custref"), so "What should we recommend to customer
 * 12347?" and "…to customer C101352?" look the same to routing.
 */
import { stem } from "../../core/stemmer.ts";
import { NUMBER_WORDS } from "../../core/number-words.ts";

/** Lower case, straight quotes, single spaces. */
export function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201C\u201D\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** Words of a normalised text: letters, digits, £, % and inner apostrophes. */
export function words(text: string): string[] {
  return text.match(/[a-z0-9£%]+(?:'[a-z]+)?/g) ?? [];
}

/**
 * Words that carry no routing signal. Question words are among them: two requests that
 * share "which" and "customers" are not alike; the phrases where they matter ("how many
 * units", "who are our customers", "what goes with") are keyword cues in `routing.ts`.
 */
const STOP_WORDS = new Set(
  (
    "a an the and or but of to in on at by for from with about as is are was were be been being do does did " +
    "i me my we our us you your it its this that these those there here them they their he she his her " +
    "can could would should will shall may might must please just also so then than too very really " +
    "some any all each every into over under up down out off again now want need like get give let " +
    "tell show me know think make have has had which what how who when where why s d ll ve re m t"
  ).split(" "),
);

/** Stemmed content words of a text, for similarity. */
export function terms(text: string): string[] {
  return words(normalize(text))
    .map((word) => word.replace(/'[a-z]+$/, ""))
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map((word) => stem(word));
}

/** Counts people write in words in requests: one to twelve, larger round numbers, "a couple", "a dozen". */
const SMALL_NUMBERS: Readonly<Record<string, number>> = {
  ...NUMBER_WORDS,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
  a: 1,
  an: 1,
  couple: 2,
  single: 1,
  dozen: 12,
};

/** Regex source matching a count written in digits or words ("5", "five", "a couple of"). */
export const COUNT_PATTERN =
  "(\\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|a hundred|hundred|a couple of|a couple|couple of|a dozen|dozen|a|an|a single|single)";

/** The number a count token stands for ("five" → 5, "a couple of" → 2); undefined when it is not a count. */
export function parseCount(token: string): number | undefined {
  const cleaned = token.trim().replace(/\s+of$/, "").replace(/^(a|an) (?=\w)/, "");
  if (/^\d+$/.test(cleaned)) return Number(cleaned);
  return SMALL_NUMBERS[cleaned];
}

/** Replaces ids with placeholders (see the module comment); `text` must be normalised. */
export function withPlaceholders(text: string): string {
  return text
    .replace(/\bcustomers? (?:(?:id|ids|number|no\.?|#)\s*)?[a-z]?\d{4,}[a-z]?(?:(?:,\s*|,?\s+and\s+|\s+)[a-z]?\d{4,}[a-z]?)*/g, "customer custref")
    .replace(/\bsegments? (?:#\s*)?(?:[a-z0-9_-]+:)?\d{1,2}\b/g, "segref")
    .replace(/\b(?:[a-z]{1,4}\d{4,}[a-z]?|\d{5}[a-z]{0,2})\b/g, "prodref");
}

/** Splits a text into sentences at `.`, `?`, `!` and `;` followed by space (ids and prices keep their dots). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.?!;])\s+(?=\S)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
