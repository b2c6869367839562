/**
 * Sparse text features for the local embedder (pure): folded, stemmed words, and
 * fastText-style character n-grams of each word ("<mug>" → "<mu", "mug", "ug>"),
 * hashed into a 2^20 feature space. Words carry meaning; n-grams (used only by the
 * unfitted hashing embedder) let "teapot" meet "tea-pot" and survive typos.
 */
import { murmurHash3 } from "./hashing.ts";
import { stem } from "../../core/stemmer.ts";

/** Size of the hashed feature space: 2^20 keeps collisions rare for catalogue vocabularies. */
export const FEATURE_SPACE_BITS = 20;
const FEATURE_MASK = (1 << FEATURE_SPACE_BITS) - 1;

/** Hash seeds keep the word and n-gram namespaces apart. */
const WORD_SEED = 0x9e3779b1;
const NGRAM_SEED = 0x85ebca77;

/** English function words: they co-occur with everything and would only add noise to the vectors. */
const STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it",
  "its", "of", "on", "or", "our", "so", "that", "the", "their", "them", "this", "to", "was", "were",
  "will", "with", "you", "your",
]);

/** Folded (lower case, no accents), stop-word-free, stemmed words of `text`. */
export function featureWords(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2019]s\b/g, "")
    .replace(/['\u2019]/g, "");
  const result: string[] = [];
  for (const word of folded.match(/[a-z0-9]+/g) ?? []) {
    if (!STOP_WORDS.has(word)) result.push(stem(word));
  }
  return result;
}

function add(counts: Map<number, number>, feature: number): void {
  counts.set(feature, (counts.get(feature) ?? 0) + 1);
}

/** Hashed word features of `text` with their counts. */
export function wordFeatures(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const word of featureWords(text)) add(counts, murmurHash3(word, WORD_SEED) & FEATURE_MASK);
  return counts;
}

/** Hashed character n-gram features (lengths `shortest`…`longest`) of each word of `text`, with counts. */
export function ngramFeatures(text: string, shortest: number, longest: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const word of featureWords(text)) {
    const marked = `<${word}>`;
    for (let size = shortest; size <= longest; size++) {
      for (let start = 0; start + size <= marked.length; start++) {
        add(counts, murmurHash3(marked.slice(start, start + size), NGRAM_SEED) & FEATURE_MASK);
      }
    }
  }
  return counts;
}
