/**
 * Aspect detection: which parts of the offer a text talks about (price, quality,
 * delivery, packaging, size/fit, service, design) and how it feels about each.
 *
 * A clause mentions an aspect when it contains one of the aspect's keywords; the
 * aspect's sentiment is the score of the clauses that mention it, so in "lovely
 * colour but far too expensive" design is positive and price negative. When a
 * mentioning clause carries no sentiment itself ("the delivery? took forever"),
 * the rest of its sentence decides. Pure: no store access.
 */
import { type SentimentLabel, type TextSentiment, labelOf, normalizeValence } from "./scorer.ts";

/** The aspects, in the order they are reported. */
export const ASPECTS = ["price", "quality", "delivery", "packaging", "size", "service", "design"] as const;

/** One aspect of an offer that reviews talk about. */
export type Aspect = (typeof ASPECTS)[number];

/** Human names of the aspects. */
export const ASPECT_NAMES: Readonly<Record<Aspect, string>> = {
  price: "price/value",
  quality: "quality",
  delivery: "delivery",
  packaging: "packaging",
  size: "size/fit",
  service: "service",
  design: "design",
};

/**
 * Keywords per aspect, as lower-case tokens (hyphenated compounds are one token).
 * Written for a gift-and-homeware shop's reviews; words that belong to two aspects
 * ("cheap": price or build) sit with the one reviewers mean most often, and words
 * that are mostly used otherwise ("last", "big", "look") are left out.
 */
export const ASPECT_KEYWORDS: Readonly<Record<Aspect, readonly string[]>> = {
  price: [
    "price", "prices", "priced", "pricing", "pricey", "overpriced", "cost", "costs", "costly", "expensive",
    "cheap", "cheaper", "cheapest", "inexpensive", "affordable", "value", "money", "worth", "bargain",
    "deal", "discount", "discounted", "sale", "pay", "paid", "paying", "rip-off", "ripoff", "penny", "pounds",
    "dollars", "euros",
  ],
  quality: [
    "quality", "made", "build", "built", "well-made", "material", "materials", "sturdy", "flimsy", "durable",
    "durability", "broke", "broken", "breaks", "defective", "faulty", "cheaply", "lasted", "lasts",
    "wear", "worn", "torn", "ripped", "stitching", "seams", "fabric", "plastic", "solid",
    "craftsmanship", "workmanship", "crack", "cracked", "cracks", "scratched", "scratches", "chipped",
    "peeling", "apart", "reliable", "unreliable", "junk", "stopped", "leaks", "leaked", "leaking", "rusty",
    "shoddy", "construction",
  ],
  delivery: [
    "delivery", "delivered", "deliver", "delivering", "shipping", "shipped", "ship", "shipment", "arrived",
    "arrive", "arrival", "arrives", "arriving", "courier", "dispatch", "dispatched", "postage", "posted",
    "parcel", "tracking", "late", "delayed", "delay", "delays", "transit", "postman", "courier's", "dhl", "fedex",
  ],
  packaging: [
    "packaging", "package", "packaged", "packed", "packing", "box", "boxes", "boxed", "wrapped", "wrapping",
    "wrap", "gift-wrapped", "bubble", "envelope", "padded", "padding", "sealed", "seal", "tissue", "ribbon",
  ],
  size: [
    "size", "sizes", "sizing", "sized", "fit", "fits", "fitted", "fitting", "small", "smaller", "smallest",
    "tiny", "large", "larger", "bigger", "tight", "loose", "length", "width", "height",
    "dimensions", "measurements", "inches", "cm", "petite", "oversized", "narrow", "wide", "snug", "baggy",
    "roomy", "spacious",
  ],
  service: [
    "service", "customer", "support", "staff", "seller", "refund", "refunded", "return", "returned",
    "returns", "returning", "replacement", "replaced", "exchange", "response", "responded", "reply",
    "replied", "contacted", "contact", "emailed", "helpful", "unhelpful", "rude", "polite", "courteous",
    "waiter", "waitress", "manager", "communication", "complaint", "complaints",
  ],
  design: [
    "design", "designed", "designs", "looks", "looked", "style", "stylish", "colour", "color",
    "colours", "colors", "pattern", "patterns", "print", "beautiful", "pretty", "cute", "gorgeous", "ugly",
    "elegant", "appearance", "shape", "aesthetic", "pictured", "picture", "photo", "photos", "lovely",
    "sleek", "tacky", "hideous", "décor", "decor",
  ],
};

const KEYWORD_INDEX: ReadonlyMap<string, readonly Aspect[]> = (() => {
  const index = new Map<string, Aspect[]>();
  for (const aspect of ASPECTS) {
    for (const keyword of ASPECT_KEYWORDS[aspect]) {
      const list = index.get(keyword) ?? [];
      if (!list.includes(aspect)) list.push(aspect);
      index.set(keyword, list);
    }
  }
  return index;
})();

/** How one text feels about one aspect. */
export interface AspectMention {
  aspect: Aspect;
  /** −1..1, from the clauses that mention the aspect. */
  score: number;
  label: SentimentLabel;
  /** The sentence of the strongest mention, at most {@link MAX_QUOTE_LENGTH} characters. */
  quote: string;
}

/** Longest quote returned for an aspect mention. */
export const MAX_QUOTE_LENGTH = 200;

/** The aspects a single clause mentions, in {@link ASPECTS} order. */
export function aspectsInWords(words: readonly string[]): Aspect[] {
  const found = new Set<Aspect>();
  for (const word of words) {
    const aspects = KEYWORD_INDEX.get(word);
    if (aspects !== undefined) for (const aspect of aspects) found.add(aspect);
  }
  return ASPECTS.filter((aspect) => found.has(aspect));
}

/**
 * The aspects a scored text mentions, one entry per aspect in {@link ASPECTS} order.
 * Each aspect's score is the normalised sum of the valences of the clauses that
 * mention it (falling back to the whole sentence for a clause without sentiment).
 */
export function detectAspects(analysis: TextSentiment): AspectMention[] {
  const byAspect = new Map<Aspect, { valence: number; strongest: number; sentence: number }>();
  for (const clause of analysis.clauses) {
    const aspects = aspectsInWords(clause.words);
    if (aspects.length === 0) continue;
    const valence = clause.hits > 0 ? clause.valence : sentenceValence(analysis, clause.sentence);
    for (const aspect of aspects) {
      const current = byAspect.get(aspect);
      if (current === undefined) {
        byAspect.set(aspect, { valence, strongest: Math.abs(valence), sentence: clause.sentence });
      } else {
        current.valence += valence;
        // Quote the sentence that says the most about the aspect; the first wins ties.
        if (Math.abs(valence) > current.strongest) {
          current.strongest = Math.abs(valence);
          current.sentence = clause.sentence;
        }
      }
    }
  }
  const mentions: AspectMention[] = [];
  for (const aspect of ASPECTS) {
    const found = byAspect.get(aspect);
    if (found === undefined) continue;
    const score = normalizeValence(found.valence);
    const range = analysis.sentences[found.sentence];
    const quote = range === undefined ? "" : quoteOf(analysis.normalized.slice(range.start, range.end));
    mentions.push({ aspect, score, label: labelOf(score), quote });
  }
  return mentions;
}

function sentenceValence(analysis: TextSentiment, sentence: number): number {
  let sum = 0;
  for (const clause of analysis.clauses) if (clause.sentence === sentence) sum += clause.valence * clause.weight;
  return sum;
}

/**
 * Shortens `text` to at most `limit` characters for quoting: whitespace collapsed,
 * cut at a word boundary with "…" when too long.
 */
export function quoteOf(text: string, limit = MAX_QUOTE_LENGTH): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
