import { describe, expect, it } from "vitest";
import {
  type ScoredReview,
  countLabels,
  monthlyTrend,
  pearson,
  rankProducts,
  sharesOf,
  summarizeReviews,
} from "../../../tools/analyze-sentiment/aggregate.ts";
import type { AspectMention } from "../../../tools/analyze-sentiment/aspects.ts";
import { labelOf } from "../../../tools/analyze-sentiment/scorer.ts";

function mention(aspect: AspectMention["aspect"], score: number, quote: string): AspectMention {
  return { aspect, score, label: labelOf(score), quote };
}

function review(
  reviewId: string,
  productId: string,
  day: string,
  score: number,
  rating: number | null,
  aspects: AspectMention[] = [],
): ScoredReview {
  return {
    reviewId,
    productId,
    productName: `Product ${productId}`,
    rating,
    createdAt: new Date(`${day}T10:00:00Z`),
    score,
    label: labelOf(score),
    aspects,
  };
}

const reviews: ScoredReview[] = [
  review("r1", "P1", "2026-01-10", 0.8, 5, [mention("design", 0.6, "Lovely")]),
  review("r2", "P1", "2026-01-20", -0.5, 2, [mention("delivery", -0.7, "Late")]),
  review("r3", "P2", "2026-03-05", -0.9, 1, [mention("delivery", -0.9, "Never arrived"), mention("quality", -0.4, "Broke")]),
  review("r4", "P2", "2026-03-06", 0, null),
  review("r5", "P3", "2026-03-07", 0.4, 4, [mention("price", 0.5, "Bargain")]),
];

describe("counts and shares", () => {
  it("counts labels and gives shares that sum to 1", () => {
    const counts = countLabels(reviews.map((item) => item.label));
    expect(counts).toEqual({ positive: 2, neutral: 1, negative: 2 });
    const shares = sharesOf(counts);
    expect(shares).toEqual({ positive: 0.4, neutral: 0.2, negative: 0.4 });
    const thirds = sharesOf({ positive: 1, neutral: 1, negative: 1 });
    expect(thirds.positive + thirds.neutral + thirds.negative).toBeCloseTo(1, 12);
    expect(sharesOf({ positive: 0, neutral: 0, negative: 0 })).toEqual({ positive: 0, neutral: 0, negative: 0 });
  });
});

describe("pearson", () => {
  it("matches a hand computation and refuses degenerate input", () => {
    // dx = (−1, 0, 1), dy = (−7/3, −1/3, 8/3): r = 5 / √(2 × 114/9) = 0.99340
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(0.9934, 4);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
  });
});

describe("monthlyTrend", () => {
  it("covers every month from first to last, with gaps as nulls", () => {
    expect(monthlyTrend(reviews)).toEqual([
      { month: "2026-01", reviews: 2, meanScore: 0.15, positiveShare: 0.5, negativeShare: 0.5 },
      { month: "2026-02", reviews: 0, meanScore: null, positiveShare: null, negativeShare: null },
      { month: "2026-03", reviews: 3, meanScore: -0.167, positiveShare: 0.333, negativeShare: 0.333 },
    ]);
    expect(monthlyTrend([])).toEqual([]);
  });

  it("crosses a year boundary", () => {
    const months = monthlyTrend([review("a", "P", "2025-12-31", 0.1, null), review("b", "P", "2026-01-01", 0.1, null)]);
    expect(months.map((point) => point.month)).toEqual(["2025-12", "2026-01"]);
  });
});

describe("rankProducts", () => {
  it("ranks by mean score into disjoint best and worst lists", () => {
    const { best, worst } = rankProducts(reviews, 5, 1);
    expect(best.map((product) => [product.productId, product.meanScore])).toEqual([
      ["P3", 0.4],
      ["P1", 0.15],
    ]);
    expect(worst.map((product) => [product.productId, product.meanScore])).toEqual([["P2", -0.45]]);
    // P2 has one delivery and one quality complaint: the tie goes to the earlier aspect.
    expect(worst[0]).toMatchObject({ reviews: 2, negativeShare: 0.5, meanRating: 1, topComplaint: "quality" });
  });

  it("leaves out products with too few reviews", () => {
    const { best, worst } = rankProducts(reviews, 5, 2);
    expect(best.map((product) => product.productId)).toEqual(["P1"]);
    expect(worst.map((product) => product.productId)).toEqual(["P2"]);
    expect(rankProducts(reviews, 5, 3)).toEqual({ best: [], worst: [] });
  });
});

describe("summarizeReviews", () => {
  const report = summarizeReviews(reviews, { examplesPerAspect: 2, productLimit: 5, minReviewsPerProduct: 1 });

  it("reports totals", () => {
    expect(report).toMatchObject({
      reviews: 5,
      counts: { positive: 2, neutral: 1, negative: 2 },
      meanScore: -0.04,
      meanRating: 3,
      ratingCorrelation: null, // fewer than 10 rated reviews
    });
  });

  it("lists aspects complaints first, with the strongest quotes", () => {
    expect(report.aspects.map((aspect) => [aspect.aspect, aspect.mentions, aspect.negative])).toEqual([
      ["delivery", 2, 2],
      ["quality", 1, 1],
      ["price", 1, 0],
      ["design", 1, 0],
    ]);
    expect(report.aspects[0]).toMatchObject({
      meanScore: -0.8,
      negativeShare: 1,
      examples: { positive: [], negative: ["Never arrived", "Late"] },
    });
  });

  it("correlates scores with star ratings once there are enough", () => {
    const many = Array.from({ length: 12 }, (_, index) =>
      review(`m${index}`, "P", "2026-01-01", index / 12 - 0.5, 1 + (index % 5)),
    );
    const correlation = summarizeReviews(many, { examplesPerAspect: 1, productLimit: 1, minReviewsPerProduct: 1 }).ratingCorrelation;
    expect(correlation).not.toBeNull();
    expect(correlation).toBeGreaterThan(0);
  });
});
