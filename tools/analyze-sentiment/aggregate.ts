/**
 * Aggregation of scored texts and reviews: counts and shares by label, mean score,
 * per-aspect sentiment with example quotes, a monthly trend, and the best and worst
 * products. Pure maths over already-scored items; no store access.
 */
import { ASPECTS, type Aspect, type AspectMention } from "./aspects.ts";
import type { SentimentLabel } from "./scorer.ts";

/** One scored review, as the tool hands it to the aggregation. */
export interface ScoredReview {
  reviewId: string;
  productId: string;
  /** Catalogue name, or null when the product is not in the catalogue. */
  productName: string | null;
  /** Star rating as stored (any scale), or null. */
  rating: number | null;
  createdAt: Date;
  score: number;
  label: SentimentLabel;
  aspects: readonly AspectMention[];
}

/** How many items got each label. */
export interface LabelCounts {
  positive: number;
  neutral: number;
  negative: number;
}

/** Shares of each label; they sum to 1 (or are all 0 for no items). */
export type LabelShares = LabelCounts;

/** Sentiment about one aspect across many texts. */
export interface AspectSummary {
  aspect: Aspect;
  /** Texts that mention the aspect. */
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Mean aspect score of the mentioning texts, −1..1. */
  meanScore: number;
  /** Share of mentions that are negative: the complaint rate. */
  negativeShare: number;
  /** Short quotes: the most positive and the most negative mentions. */
  examples: { positive: string[]; negative: string[] };
}

/** One month of the trend. */
export interface MonthPoint {
  /** `YYYY-MM` (UTC). */
  month: string;
  reviews: number;
  /** Null for a month without reviews inside the range. */
  meanScore: number | null;
  positiveShare: number | null;
  negativeShare: number | null;
}

/** One product in the best/worst lists. */
export interface ProductSentiment {
  productId: string;
  name: string | null;
  reviews: number;
  meanScore: number;
  positiveShare: number;
  negativeShare: number;
  /** Mean star rating, or null when no review has one. */
  meanRating: number | null;
  /** The aspect with the most negative mentions, or null when there are none. */
  topComplaint: Aspect | null;
}

/** Everything the review-query mode reports. */
export interface ReviewSummary {
  reviews: number;
  counts: LabelCounts;
  shares: LabelShares;
  meanScore: number;
  meanRating: number | null;
  /** Pearson r between score and star rating, when at least 10 reviews with varied ratings exist. */
  ratingCorrelation: number | null;
  aspects: AspectSummary[];
  monthly: MonthPoint[];
  bestProducts: ProductSentiment[];
  worstProducts: ProductSentiment[];
}

/** Options for {@link summarizeReviews}. */
export interface SummaryOptions {
  /** Quotes per aspect and polarity. */
  examplesPerAspect: number;
  /** Length of each of the best/worst product lists. */
  productLimit: number;
  /** Products with fewer reviews are not ranked. */
  minReviewsPerProduct: number;
}

/** Rounds for output: three decimals, and never −0. */
export function round3(value: number): number {
  const rounded = Math.round(value * 1000) / 1000;
  return rounded === 0 ? 0 : rounded;
}

/** Counts labels. */
export function countLabels(labels: Iterable<SentimentLabel>): LabelCounts {
  const counts: LabelCounts = { positive: 0, neutral: 0, negative: 0 };
  for (const label of labels) counts[label]++;
  return counts;
}

/** Label shares that sum to 1; all zeros when there is nothing to count. */
export function sharesOf(counts: LabelCounts): LabelShares {
  const total = counts.positive + counts.neutral + counts.negative;
  if (total === 0) return { positive: 0, neutral: 0, negative: 0 };
  const positive = round3(counts.positive / total);
  const negative = round3(counts.negative / total);
  // The neutral share takes the rounding remainder so the three always sum to exactly 1.
  return { positive, neutral: round3(1 - positive - negative), negative };
}

/** Arithmetic mean; 0 for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Pearson correlation, or null when undefined (fewer than 2 points or no variance). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const count = Math.min(xs.length, ys.length);
  if (count < 2) return null;
  const meanX = mean(xs.slice(0, count));
  const meanY = mean(ys.slice(0, count));
  let products = 0;
  let squaresX = 0;
  let squaresY = 0;
  for (let index = 0; index < count; index++) {
    const dx = xs[index]! - meanX;
    const dy = ys[index]! - meanY;
    products += dx * dy;
    squaresX += dx * dx;
    squaresY += dy * dy;
  }
  if (squaresX === 0 || squaresY === 0) return null;
  return products / Math.sqrt(squaresX * squaresY);
}

/** An aspect mention of one item, with what is needed to order quotes stably. */
export interface MentionOfItem {
  mention: AspectMention;
  /** Newer items win ties between equally strong quotes. */
  time: number;
  /** Final tie-break. */
  id: string;
}

/**
 * Per-aspect sentiment over many items, complaints first: ordered by negative
 * mentions, then mentions, then the fixed aspect order.
 */
export function summarizeAspects(items: Iterable<MentionOfItem>, examplesPerAspect: number): AspectSummary[] {
  const byAspect = new Map<Aspect, MentionOfItem[]>();
  for (const item of items) {
    const list = byAspect.get(item.mention.aspect) ?? [];
    list.push(item);
    byAspect.set(item.mention.aspect, list);
  }
  const summaries: AspectSummary[] = [];
  for (const aspect of ASPECTS) {
    const list = byAspect.get(aspect);
    if (list === undefined || list.length === 0) continue;
    const counts = countLabels(list.map((item) => item.mention.label));
    summaries.push({
      aspect,
      mentions: list.length,
      ...counts,
      meanScore: round3(mean(list.map((item) => item.mention.score))),
      negativeShare: round3(counts.negative / list.length),
      examples: {
        positive: pickQuotes(list, "positive", examplesPerAspect),
        negative: pickQuotes(list, "negative", examplesPerAspect),
      },
    });
  }
  const order = (aspect: Aspect): number => ASPECTS.indexOf(aspect);
  return summaries.sort((a, b) => b.negative - a.negative || b.mentions - a.mentions || order(a.aspect) - order(b.aspect));
}

/** The strongest distinct quotes of one polarity: most extreme score first, then newest, then id. */
function pickQuotes(list: readonly MentionOfItem[], label: "positive" | "negative", limit: number): string[] {
  const direction = label === "positive" ? -1 : 1;
  const candidates = list
    .filter((item) => item.mention.label === label && item.mention.quote !== "")
    .sort(
      (a, b) =>
        direction * (a.mention.score - b.mention.score) || b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const quotes: string[] = [];
  for (const item of candidates) {
    if (quotes.length >= limit) break;
    if (!quotes.includes(item.mention.quote)) quotes.push(item.mention.quote);
  }
  return quotes;
}

/** `YYYY-MM` of a date in UTC. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function nextMonth(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(year, monthNumber, 1));
  return monthOf(date);
}

/** Monthly trend from the first to the last month with reviews; empty months in between are kept as gaps. */
export function monthlyTrend(reviews: readonly ScoredReview[]): MonthPoint[] {
  if (reviews.length === 0) return [];
  const byMonth = new Map<string, ScoredReview[]>();
  let first = monthOf(reviews[0]!.createdAt);
  let last = first;
  for (const review of reviews) {
    const month = monthOf(review.createdAt);
    if (month < first) first = month;
    if (month > last) last = month;
    const list = byMonth.get(month) ?? [];
    list.push(review);
    byMonth.set(month, list);
  }
  const points: MonthPoint[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) {
    const list = byMonth.get(month) ?? [];
    if (list.length === 0) {
      points.push({ month, reviews: 0, meanScore: null, positiveShare: null, negativeShare: null });
      continue;
    }
    const counts = countLabels(list.map((review) => review.label));
    points.push({
      month,
      reviews: list.length,
      meanScore: round3(mean(list.map((review) => review.score))),
      positiveShare: round3(counts.positive / list.length),
      negativeShare: round3(counts.negative / list.length),
    });
  }
  return points;
}

/**
 * Ranks products with at least `minReviews` reviews by mean score. The best and
 * worst lists never share a product: with n ranked products the best list takes at
 * most ⌈n/2⌉ and the worst at most ⌊n/2⌋. Ties: more reviews first, then product id.
 */
export function rankProducts(
  reviews: readonly ScoredReview[],
  limit: number,
  minReviews: number,
): { best: ProductSentiment[]; worst: ProductSentiment[] } {
  const byProduct = new Map<string, ScoredReview[]>();
  for (const review of reviews) {
    const list = byProduct.get(review.productId) ?? [];
    list.push(review);
    byProduct.set(review.productId, list);
  }
  const ranked: ProductSentiment[] = [];
  for (const [productId, list] of byProduct) {
    if (list.length < minReviews) continue;
    const counts = countLabels(list.map((review) => review.label));
    const ratings = list.map((review) => review.rating).filter((rating): rating is number => rating !== null);
    ranked.push({
      productId,
      name: list[0]!.productName,
      reviews: list.length,
      meanScore: round3(mean(list.map((review) => review.score))),
      positiveShare: round3(counts.positive / list.length),
      negativeShare: round3(counts.negative / list.length),
      meanRating: ratings.length === 0 ? null : round3(mean(ratings)),
      topComplaint: topComplaint(list),
    });
  }
  const byIdentity = (a: ProductSentiment, b: ProductSentiment): number =>
    b.reviews - a.reviews || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);
  const best = [...ranked].sort((a, b) => b.meanScore - a.meanScore || byIdentity(a, b));
  const worst = [...ranked].sort((a, b) => a.meanScore - b.meanScore || byIdentity(a, b));
  return {
    best: best.slice(0, Math.min(limit, Math.ceil(ranked.length / 2))),
    worst: worst.slice(0, Math.min(limit, Math.floor(ranked.length / 2))),
  };
}

function topComplaint(reviews: readonly ScoredReview[]): Aspect | null {
  const negatives = new Map<Aspect, number>();
  for (const review of reviews) {
    for (const mention of review.aspects) {
      if (mention.label === "negative") negatives.set(mention.aspect, (negatives.get(mention.aspect) ?? 0) + 1);
    }
  }
  let best: Aspect | null = null;
  let bestCount = 0;
  for (const aspect of ASPECTS) {
    const count = negatives.get(aspect) ?? 0;
    if (count > bestCount) {
      best = aspect;
      bestCount = count;
    }
  }
  return best;
}

/** The whole review-query report for already-scored reviews (at least one). */
export function summarizeReviews(reviews: readonly ScoredReview[], options: SummaryOptions): ReviewSummary {
  const counts = countLabels(reviews.map((review) => review.label));
  const rated = reviews.filter((review) => review.rating !== null);
  const correlation =
    rated.length >= 10
      ? pearson(
          rated.map((review) => review.score),
          rated.map((review) => review.rating as number),
        )
      : null;
  const mentions: MentionOfItem[] = [];
  for (const review of reviews) {
    for (const mention of review.aspects) {
      mentions.push({ mention, time: review.createdAt.getTime(), id: review.reviewId });
    }
  }
  const { best, worst } = rankProducts(reviews, options.productLimit, options.minReviewsPerProduct);
  return {
    reviews: reviews.length,
    counts,
    shares: sharesOf(counts),
    meanScore: round3(mean(reviews.map((review) => review.score))),
    meanRating: rated.length === 0 ? null : round3(mean(rated.map((review) => review.rating as number))),
    ratingCorrelation: correlation === null ? null : round3(correlation),
    aspects: summarizeAspects(mentions, options.examplesPerAspect),
    monthly: monthlyTrend(reviews),
    bestProducts: best,
    worstProducts: worst,
  };
}
