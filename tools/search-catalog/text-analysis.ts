/**
 * Text analysis for keyword search (pure): folding, tokenising, stop words and a
 * light stemmer, applied identically to product texts and to queries so that
 * "teapots", "Teapot" and "tea-pot's" meet on the same terms.
 *
 * The stemmer is steps 1a–1c of Porter (1980) from src/core/stemmer.ts, shared with
 * the local embedder so keyword and vector search see the same terms.
 */
import { stem } from "../../src/core/stemmer.ts";

export { porterMeasure, stem } from "../../src/core/stemmer.ts";

/**
 * Words that carry no product meaning in a shopper's request: English function words
 * plus filler such as "something" or "stuff". Kept short on purpose; a word that could
 * name a product or a property ("gift", "small", "warm") never belongs here.
 */
const STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
  "can", "could", "do", "does", "each", "for", "from", "get", "got", "had", "has", "have", "he", "her",
  "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "might", "more", "most",
  "much", "my", "need", "needs", "of", "on", "one", "ones", "or", "our", "out", "over", "she", "should",
  "so", "some", "something", "stuff", "such", "than", "that", "the", "their", "them", "then", "there",
  "these", "they", "thing", "things", "this", "those", "to", "too", "up", "us", "very", "want", "was",
  "we", "were", "what", "when", "where", "which", "who", "will", "with", "would", "you", "your",
]);

/** Lower-cases and strips accents ("Café" → "cafe"), so spelling variants share terms. */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Splits folded text into alphanumeric words; possessive `'s` and inner apostrophes go. */
export function words(text: string): string[] {
  const folded = foldText(text).replace(/['\u2019]s\b/g, "").replace(/['\u2019]/g, "");
  return folded.match(/[a-z0-9]+/g) ?? [];
}

/** Whether `word` (already folded) is a stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** The search terms of a text: words, minus stop words, stemmed. Order and repeats are kept. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    if (!isStopWord(word)) terms.push(stem(word));
  }
  return terms;
}
