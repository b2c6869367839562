import { describe, expect, it } from "vitest";
import { RankingScorecard, catalogueCoverage, ndcgAt, recallAt } from "../../../tools/recommend-products/metrics.ts";

// Hand-checked: ranking [10, 20, 30, 40], relevant {20, 40}.
//   @3: one hit (20 at rank 2). Recall = 1 / min(3, 2) = 0.5.
//       DCG = 1/log2(3) = 0.6309297536; IDCG = 1 + 1/log2(3) = 1.6309297536; NDCG = 0.3868528072.
//   @4: two hits (ranks 2 and 4). Recall = 1. DCG = 0.6309297536 + 1/log2(5) = 0.6309297536 + 0.4306765581 = 1.0616063117;
//       NDCG = 1.0616063116 / 1.6309297536 = 0.6509209298.
const ranked = [10, 20, 30, 40];
const relevant = new Set([20, 40]);

describe("recallAt", () => {
  it("divides hits by min(k, relevant)", () => {
    expect(recallAt(ranked, relevant, 3)).toBe(0.5);
    expect(recallAt(ranked, relevant, 4)).toBe(1);
    expect(recallAt(ranked, relevant, 1)).toBe(0);
  });

  it("counts relevant products the ranking could not contain", () => {
    // A basket of 5 where only 2 products were known: @4 → 2 / min(4, 5) = 0.5.
    expect(recallAt(ranked, relevant, 4, 5)).toBe(0.5);
  });

  it("is 0, not NaN, when nothing is relevant", () => {
    expect(recallAt(ranked, new Set(), 3)).toBe(0);
  });
});

describe("ndcgAt", () => {
  it("matches the hand computation", () => {
    expect(ndcgAt(ranked, relevant, 3)).toBeCloseTo(0.3868528072, 9);
    expect(ndcgAt(ranked, relevant, 4)).toBeCloseTo(0.6509209298, 9);
  });

  it("is 1 for a perfect ranking and 0 without hits or relevant items", () => {
    expect(ndcgAt([20, 40, 10], relevant, 3)).toBeCloseTo(1, 12);
    expect(ndcgAt([10, 30], relevant, 2)).toBe(0);
    expect(ndcgAt(ranked, new Set(), 3)).toBe(0);
  });

  it("uses min(k, relevantCount) ideal hits", () => {
    // 3 relevant (one unknown), k = 2, hit at rank 1 only: DCG 1, IDCG 1 + 1/log2(3).
    expect(ndcgAt([20, 30], relevant, 2, 3)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
  });
});

describe("catalogueCoverage and RankingScorecard", () => {
  it("counts distinct products in the top k of any list", () => {
    expect(catalogueCoverage([[1, 2, 3], [3, 4, 9]], 2, 10)).toBe(0.4); // {1, 2, 3, 4}
    expect(catalogueCoverage([], 2, 0)).toBe(0);
  });

  it("averages per customer", () => {
    const card = new RankingScorecard(3);
    card.add(ranked, relevant); // recall 0.5, ndcg 0.38685…
    card.add([20, 40], relevant); // recall 1, ndcg 1
    const result = card.result(8);
    expect(result.customers).toBe(2);
    expect(result.recall).toBeCloseTo(0.75, 12);
    expect(result.ndcg).toBeCloseTo((0.3868528072 + 1) / 2, 9);
    expect(result.coverage).toBe(4 / 8); // 10, 20, 30, 40
    expect(new RankingScorecard(3).result(8)).toEqual({ customers: 0, recall: 0, ndcg: 0, coverage: 0 });
  });
});
