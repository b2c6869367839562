/**
 * Generates demo reviews: written by customers about products they bought, after
 * the order arrived, with a rating skewed positive and a text whose aspects and
 * tone agree with the rating. Products with a hidden flaw draw more reviews, lower
 * ratings and complaints about that flaw, so "which products do customers dislike,
 * and why" has a clear answer.
 *
 * Review ids are `RV` + six digits from `RV100001`, in time order.
 */
import { MS_PER_DAY, wallClock } from "./calendar.ts";
import type { Catalogue, CatalogueProduct, ProductFlaw } from "./catalogue.ts";
import { capitalise } from "./english.ts";
import type { ResolvedDemoOptions } from "./options.ts";
import type { DemoCustomer } from "./customers.ts";
import type { PurchaseLog } from "./orders.ts";
import type { Random } from "./random.ts";
import {
  ASPECT_PHRASES,
  ASPECT_TITLES,
  ASPECT_WEIGHTS,
  ASPECTS,
  CLOSERS,
  EMOJI,
  INTENSIFIERS,
  MILD_COMPLAINTS,
  ONE_WORD,
  OPENERS,
  SHOUTS,
  TITLES,
  type Aspect,
} from "./review-vocabulary.ts";
import type { ReviewRow } from "./rows.ts";

/** Chance that a purchase is reviewed, before persona and flaw multipliers. */
const BASE_REVIEW_CHANCE = 0.033;
/** Unhappy customers write more: review-chance multipliers by flaw. */
const FLAW_REVIEW_BOOST: Readonly<Record<ProductFlaw, number>> = { quality: 2.5, fragile: 2, size: 1.8, value: 1.5 };
/** Rating weights (1 to 5 stars) by flaw; `none` for sound products. */
const RATING_WEIGHTS: Readonly<Record<ProductFlaw | "none" | "broken", readonly number[]>> = {
  none: [0.04, 0.04, 0.09, 0.25, 0.58],
  quality: [0.38, 0.27, 0.17, 0.1, 0.08],
  broken: [0.45, 0.3, 0.15, 0.05, 0.05],
  fragile: [0.04, 0.04, 0.1, 0.26, 0.56],
  size: [0.2, 0.28, 0.27, 0.15, 0.1],
  value: [0.15, 0.25, 0.3, 0.2, 0.1],
};
/** The aspect each flaw is complained about under. */
const FLAW_ASPECT: Readonly<Record<ProductFlaw, Aspect>> = { quality: "quality", fragile: "packaging", size: "size", value: "price" };
/** Share of fragile-flawed purchases that arrive broken. */
const BROKEN_SHARE = 0.45;
/** Share of purchases hit by a late delivery, whatever the product. */
const LATE_DELIVERY_SHARE = 0.07;

/** What a review says, for checking aspect detection against the truth. */
export interface ReviewAspects {
  reviewId: string;
  aspects: Array<{ aspect: Aspect; positive: boolean }>;
}

/** The generated reviews and what each one mentions. */
export interface GeneratedReviews {
  rows: ReviewRow[];
  aspects: ReviewAspects[];
}

/** Generates reviews for `purchases` (completed orders by known customers, in time order). */
export function generateReviews(
  random: Random,
  options: ResolvedDemoOptions,
  catalogue: Catalogue,
  customers: readonly DemoCustomer[],
  purchases: PurchaseLog,
): GeneratedReviews {
  const productCount = catalogue.products.length;
  // One review per customer and product; keys are numbers to keep this loop allocation-free.
  const reviewed = new Set<number>();
  const drafts: Array<{ row: Omit<ReviewRow, "review_id">; aspects: ReviewAspects["aspects"]; sequence: number }> = [];
  for (let purchase = 0; purchase < purchases.productIndex.length; purchase++) {
    const productIndex = purchases.productIndex[purchase] as number;
    const customer = customers[purchases.customerIndex[purchase] as number] as DemoCustomer;
    const product = catalogue.products[productIndex] as CatalogueProduct;
    const key = customer.index * productCount + productIndex;
    if (reviewed.has(key)) continue;
    const chance = BASE_REVIEW_CHANCE * customer.spec.reviewPropensity * (product.flaw === null ? 1 : FLAW_REVIEW_BOOST[product.flaw]);
    if (!random.chance(chance)) continue;
    // Written after delivery (2–6 days), usually within a few weeks.
    const day = Math.floor((purchases.orderedAt[purchase] as number) / MS_PER_DAY) + random.int(2, 6) + Math.round(random.gamma(1.5, 6));
    if (day > options.endDay) continue;
    reviewed.add(key);
    const written = writeReview(random, product);
    drafts.push({
      sequence: drafts.length,
      aspects: written.aspects,
      row: {
        product_id: product.row.product_id,
        customer_id: customer.row.customer_id,
        rating: written.rating,
        title: written.title,
        body: written.body,
        created_at: wallClock(day, random.int(7 * 60, 23 * 60 + 59), random.int(0, 59)),
      },
    });
  }
  drafts.sort((a, b) => a.row.created_at.getTime() - b.row.created_at.getTime() || a.sequence - b.sequence);
  const rows: ReviewRow[] = [];
  const aspects: ReviewAspects[] = [];
  drafts.forEach((draft, index) => {
    const reviewId = `RV${100001 + index}`;
    rows.push({ review_id: reviewId, ...draft.row });
    aspects.push({ reviewId, aspects: draft.aspects });
  });
  return { rows, aspects };
}

type Tone = "positive" | "mixed" | "negative";

interface WrittenReview {
  rating: number;
  title: string | null;
  body: string;
  aspects: ReviewAspects["aspects"];
}

/** Chooses a rating and writes a title and body consistent with it. */
export function writeReview(random: Random, product: CatalogueProduct): WrittenReview {
  const complaints: Aspect[] = [];
  let ratingProfile: keyof typeof RATING_WEIGHTS = product.flaw ?? "none";
  if (product.flaw === "fragile" && random.chance(BROKEN_SHARE)) ratingProfile = "broken";
  let rating = 1 + random.weightedIndex(RATING_WEIGHTS[ratingProfile]);
  if (product.flaw !== null && product.flaw !== "fragile" && rating <= 3) complaints.push(FLAW_ASPECT[product.flaw]);
  if (ratingProfile === "broken") complaints.push("packaging");
  if (random.chance(LATE_DELIVERY_SHARE)) {
    rating = Math.max(1, rating - random.int(1, 2));
    complaints.push("delivery");
    if (rating <= 2 && random.chance(0.25)) complaints.push("service");
  }

  const price = product.row.price as number;
  const fill = (phrase: string) => fillPlaceholders(random, phrase, product, price);

  if (random.chance(0.04)) {
    return { rating, title: null, body: random.pick(ONE_WORD[rating] as readonly string[]), aspects: [] };
  }

  const { positives, negatives } = chooseAspects(random, rating, complaints);
  const tone: Tone = negatives.length === 0 ? "positive" : positives.length === 0 ? "negative" : "mixed";
  const positiveSentences = positives.map((aspect) => fill(random.pick(ASPECT_PHRASES[aspect].positive)));
  const negativeSentences = negatives.map((aspect) =>
    fill(random.pick(rating >= 4 && aspect in MILD_COMPLAINTS ? MILD_COMPLAINTS[aspect as keyof typeof MILD_COMPLAINTS] : ASPECT_PHRASES[aspect].negative)),
  );

  const sentences: string[] = [];
  if (tone !== "mixed" && random.chance(0.25)) sentences.push(fill(random.pick(OPENERS[tone])));
  if (tone === "mixed" && random.chance(0.75)) {
    // "Lovely design but arrived late." — the shape mixed reviews most often take.
    const first = positiveSentences.shift() as string;
    const second = negativeSentences.shift() as string;
    const joiner = random.chance(0.8) ? " but " : ", although ";
    sentences.push(`${first.replace(/[.!]$/, "")}${joiner}${lowerFirst(second)}`);
  }
  sentences.push(...(rating >= 3 ? [...positiveSentences, ...negativeSentences] : [...negativeSentences, ...positiveSentences]));

  const closing = rating >= 4 ? "positive" : rating === 3 ? "mixed" : "negative";
  if (closing !== "mixed" && random.chance(0.04)) sentences.push(random.pick(SHOUTS[closing]));
  else if (random.chance(0.35)) sentences.push(fill(random.pick(CLOSERS[closing])));
  let body = sentences.join(" ");
  if (random.chance(0.06)) body = `${body} ${random.pick(EMOJI[closing])}`;

  let title: string | null = null;
  if (random.chance(0.65)) {
    const main = rating >= 3 ? positives[0] : negatives[0];
    title =
      main !== undefined && random.chance(0.4)
        ? ASPECT_TITLES[main][rating >= 3 ? "positive" : "negative"]
        : random.pick(TITLES[rating] as readonly string[]);
  }
  return {
    rating,
    title,
    body,
    aspects: [
      ...positives.map((aspect) => ({ aspect, positive: true })),
      ...negatives.map((aspect) => ({ aspect, positive: false })),
    ],
  };
}

/** Which aspects a review praises and which it criticises, given its rating and the complaints it must make. */
function chooseAspects(random: Random, rating: number, complaints: readonly Aspect[]): { positives: Aspect[]; negatives: Aspect[] } {
  const used = new Set<Aspect>();
  const take = (pool: readonly Aspect[], count: number): Aspect[] => {
    const chosen: Aspect[] = [];
    for (let attempt = 0; chosen.length < count && attempt < 20; attempt++) {
      const aspect = random.weightedPick(pool, (candidate) => ASPECT_WEIGHTS[candidate]);
      if (used.has(aspect)) continue;
      used.add(aspect);
      chosen.push(aspect);
    }
    return chosen;
  };
  const negatives: Aspect[] = [];
  for (const aspect of complaints) {
    if (rating <= 3 && !used.has(aspect)) {
      used.add(aspect);
      negatives.push(aspect);
    }
  }
  let positives: Aspect[] = [];
  switch (rating) {
    case 5:
      positives = take(ASPECTS, random.int(1, 3));
      break;
    case 4:
      positives = take(ASPECTS, random.int(1, 2));
      if (random.chance(0.2)) negatives.push(...take(Object.keys(MILD_COMPLAINTS) as Aspect[], 1));
      break;
    case 3:
      positives = take(ASPECTS, 1);
      if (negatives.length === 0) negatives.push(...take(ASPECTS, 1));
      break;
    case 2:
      if (negatives.length === 0 || random.chance(0.4)) negatives.push(...take(ASPECTS, 1));
      if (random.chance(0.35)) positives = take(["design", "delivery", "price"], 1);
      break;
    default:
      if (negatives.length === 0) negatives.push(...take(ASPECTS, random.int(1, 2)));
      else if (random.chance(0.4)) negatives.push(...take(ASPECTS, 1));
  }
  return { positives, negatives };
}

function fillPlaceholders(random: Random, phrase: string, product: CatalogueProduct, price: number): string {
  const item = `${product.plural ? "these" : "this"} ${product.itemNoun}`;
  const filled = phrase
    .replaceAll("{Item}", capitalise(item))
    .replaceAll("{item}", item)
    .replaceAll("{noun}", product.itemNoun)
    .replaceAll("{was}", product.plural ? "were" : "was")
    .replaceAll("{very}", () => random.pick(INTENSIFIERS))
    .replaceAll("{weeks}", () => random.pick(["two", "three", "four"]))
    .replaceAll("{price}", price.toFixed(2));
  return capitalise(filled);
}

/** Lower-cases the first letter unless the word is "I" or an acronym. */
function lowerFirst(sentence: string): string {
  return /^(I\b|[A-Z]{2})/.test(sentence) ? sentence : sentence[0]!.toLowerCase() + sentence.slice(1);
}
