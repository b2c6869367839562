/**
 * Small English helpers for generated text: articles, capitals, number words and
 * the lower-case form of product nouns.
 */

/** Upper-cases the first letter. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** "a mug", "an enamel mug", "an LED candle" (by sound, for the cases the catalogue has). */
export function withArticle(phrase: string): string {
  const first = phrase.split(/[\s-]/, 1)[0] ?? "";
  const soundsLikeVowel = /^[aeio]/i.test(first) || /^u(?!ni|se|su)/i.test(first) || /^(LED|hour|honest)/.test(first);
  return `${soundsLikeVowel ? "an" : "a"} ${phrase}`;
}

/** Words that keep their capital inside a sentence. */
const PROPER_WORDS = new Set(["Christmas", "Scandi", "Nordic", "British", "English", "French"]);

/**
 * Lower-cases a name for use inside a sentence, keeping proper words, acronyms and
 * single-letter parts: "T-Light Holder" → "T-light holder", "LED Candle" → "LED candle",
 * "Christmas Stocking" → "Christmas stocking".
 */
export function lowerNoun(noun: string): string {
  return noun
    .split(" ")
    .map((word) =>
      PROPER_WORDS.has(word)
        ? word
        : word
            .split("-")
            .map((part) => (part.length <= 1 || part === part.toUpperCase() ? part : part.toLowerCase()))
            .join("-"),
    )
    .join(" ");
}

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/** "four" for 4, "24" for 24: words up to twelve, as style guides ask. */
export function numberWord(value: number): string {
  return NUMBER_WORDS[value] ?? String(value);
}

/** Turns a third-person-singular verb phrase plural: "has 40 LEDs" → "have 40 LEDs", "fits" → "fit". */
export function pluralVerbPhrase(phrase: string): string {
  const [verb = "", ...rest] = phrase.split(" ");
  let plural: string;
  if (verb === "has") plural = "have";
  else if (verb === "is") plural = "are";
  else if (/(sh|ch|ss|x)es$/.test(verb)) plural = verb.slice(0, -2);
  else if (verb.endsWith("s")) plural = verb.slice(0, -1);
  else plural = verb;
  return [plural, ...rest].join(" ");
}
