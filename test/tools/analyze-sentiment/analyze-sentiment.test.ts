import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, NotFoundError, ValidationError } from "../../../src/core/errors.ts";
import { type ToolContext, runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { analyzeSentimentTool } from "../../../tools/analyze-sentiment/index.ts";
import type { ReviewsOutput, TextsOutput } from "../../../tools/analyze-sentiment/schema.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";
import { seedReviewShop } from "./review-shop.ts";

let store: DuckDbStore;
let context: ToolContext;

beforeEach(async () => {
  store = await memoryStore();
  context = testContext(store);
});

afterEach(async () => {
  await store.close();
});

async function run(input: unknown): Promise<unknown> {
  return runTool(analyzeSentimentTool, input, context);
}

async function runTexts(texts: string[]): Promise<TextsOutput> {
  const output = (await run({ texts })) as TextsOutput;
  expect(output.mode).toBe("texts");
  return output;
}

async function runReviews(input: Record<string, unknown> = {}): Promise<ReviewsOutput> {
  const output = (await run(input)) as ReviewsOutput;
  expect(output.mode).toBe("reviews");
  return output;
}

function seedShop(): Promise<void> {
  return seedReviewShop(store);
}

describe("analyze_sentiment: input schema", () => {
  it("names the field and the limit when texts are too many, too long or empty", async () => {
    await expect(run({ texts: Array.from({ length: 5001 }, () => "ok") })).rejects.toThrow(/texts: .*<=5000/);
    await expect(run({ texts: ["x".repeat(5001)] })).rejects.toThrow(/texts\.0: .*<=5000 characters/);
    await expect(run({ texts: [] })).rejects.toThrow(ValidationError);
  });

  it("refuses out-of-range options, unknown fields and bad dates", async () => {
    await expect(run({ examplesPerAspect: 6 })).rejects.toThrow(/examplesPerAspect: .*<=5/);
    await expect(run({ productLimit: 0 })).rejects.toThrow(/productLimit: .*>=1/);
    await expect(run({ minReviewsPerProduct: 101 })).rejects.toThrow(/minReviewsPerProduct/);
    await expect(run({ aspect: "smell" })).rejects.toThrow(/aspect/);
    await expect(run({ scorer: "vader" })).rejects.toThrow(/scorer: Invalid option/);
    await expect(run({ since: "2026-01-01" })).rejects.toThrow(/Unrecognized key: "since"/);
    await expect(run({ from: "2026-13-01" })).rejects.toThrow(/from: Invalid ISO date/);
    await expect(run({ from: "2026-02-01", to: "2026-01-01" })).rejects.toThrow(/to: .*must not be before from/);
  });

  it("refuses mixing texts with review-query fields", async () => {
    const error = await run({ texts: ["fine"], productId: "MUG1", aspect: "price" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(["productId", "aspect"]);
  });
});

describe("analyze_sentiment: texts", () => {
  it("scores each text with label and aspects, in input order", async () => {
    const output = await runTexts(["Lovely mug, arrived quickly", "Broke after a week. Waste of money!", "good but expensive", "   "]);
    expect(output.results.map((result) => [result.index, result.label])).toEqual([
      [0, "positive"],
      [1, "negative"],
      // Mixed: 1.9 × 0.5 − 0.8 × 1.5 = −0.25, over √2 cues → −0.046, inside the neutral band.
      // The price aspect below is still negative.
      [2, "neutral"],
      [3, "neutral"],
    ]);
    expect(output.results[3]).toEqual({ index: 3, score: 0, label: "neutral", aspects: [] });
    expect(output.results[2]?.aspects).toEqual([{ aspect: "price", score: expect.any(Number), label: "negative" }]);
    expect(output.counts).toEqual({ positive: 1, neutral: 2, negative: 1 });
    expect(output.shares.positive + output.shares.neutral + output.shares.negative).toBeCloseTo(1, 10);
    expect(output.aspects[0]?.aspect).toBe("price");
    expect(output.summary).toContain("Scored 4 texts");
    expect(output.summary.length).toBeLessThanOrEqual(600);
  });

  it("needs no data in the store", async () => {
    const output = await runTexts(["ok"]);
    expect(output.results).toHaveLength(1);
  });
});

describe("analyze_sentiment: review queries", () => {
  it("says plainly when the store has no reviews", async () => {
    const error = await run({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "no_reviews", category: "user" });
    expect((error as Error).message).toMatch(/no reviews yet.*texts/);
  });

  it("refuses an unknown product with what ids look like", async () => {
    await seedShop();
    const error = await run({ productId: "NOPE" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: "unknown_product", category: "not-found" });
    expect((error as Error).message).toContain('"LAMP3", "MUG1", "VASE2"');
  });

  it("says there is not enough data for a known product without reviews or an empty window", async () => {
    await seedShop();
    await expect(run({ productId: "NOREV" })).rejects.toMatchObject({ code: "not_enough_data", category: "user" });
    const error = await run({ from: "2025-01-01", to: "2025-06-30" }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/9 reviews from 2026-01-05 to 2026-03-22/);
  });

  it("reports counts, shares, aspects, trend and products over all reviews", async () => {
    await seedShop();
    const output = await runReviews({ minReviewsPerProduct: 3 });
    expect(output.reviews).toBe(9);
    expect(output.window).toEqual({ from: "2026-01-05", to: "2026-03-22" });
    expect(output.counts.positive + output.counts.neutral + output.counts.negative).toBe(9);
    expect(output.counts.negative).toBe(3); // r03 (too small), r04, r05
    expect(output.shares.positive + output.shares.neutral + output.shares.negative).toBeCloseTo(1, 10);
    expect(output.meanRating).toBeCloseTo(30 / 9, 3);
    expect(output.monthly.map((point) => [point.month, point.reviews])).toEqual([
      ["2026-01", 3],
      ["2026-02", 1],
      ["2026-03", 5],
    ]);
    expect(output.bestProducts.map((product) => product.productId)).toEqual(["LAMP3", "MUG1"]);
    expect(output.worstProducts.map((product) => product.productId)).toEqual(["VASE2"]);
    expect(output.worstProducts[0]?.name).toBe("Glass vase");
    const complaints = output.aspects.filter((aspect) => aspect.negative > 0).map((aspect) => aspect.aspect);
    expect(complaints).toEqual(expect.arrayContaining(["delivery", "service", "size"]));
    for (const aspect of output.aspects) {
      for (const quote of [...aspect.examples.positive, ...aspect.examples.negative]) expect(quote.length).toBeLessThanOrEqual(200);
    }
    expect(output.ratingCorrelation).toBeNull(); // 9 rated reviews: fewer than 10
    expect(output.summary.length).toBeLessThanOrEqual(600);
    expect(output.summary).toContain("9 reviews (2026-01-05 to 2026-03-22)");
  });

  it("filters by product and by an inclusive date window", async () => {
    await seedShop();
    const mugs = await runReviews({ productId: "MUG1" });
    expect(mugs.reviews).toBe(3);
    expect(mugs.productId).toBe("MUG1");
    const march = await runReviews({ from: "2026-03-01", to: "2026-03-21" });
    expect(march.reviews).toBe(4); // r05, r06, r07 and r08 (written on the 21st, the last day)
  });

  it("scores reviews on what they say about one aspect", async () => {
    await seedShop();
    const delivery = await runReviews({ aspect: "delivery" });
    expect(delivery.aspect).toBe("delivery");
    expect(delivery.reviews).toBe(3); // r02 (arrived quickly), r04 (arrived broken), r05 (took forever)
    expect(delivery.aspects.map((aspect) => aspect.aspect)).toEqual(["delivery"]);
    expect(delivery.counts.negative).toBe(2);
    await expect(run({ aspect: "design", productId: "LAMP3" })).rejects.toMatchObject({ code: "not_enough_data" });
  });

  it("works on a store with a single review", async () => {
    await store.run(`INSERT INTO products (product_id, name) VALUES ('ONE', 'Only product')`);
    await store.run(`INSERT INTO reviews (review_id, product_id, body, created_at) VALUES ('only', 'ONE', 'Really good', '2026-05-05')`);
    const output = await runReviews();
    expect(output).toMatchObject({
      reviews: 1,
      counts: { positive: 1, neutral: 0, negative: 0 },
      meanRating: null,
      bestProducts: [],
      worstProducts: [],
    });
    expect(output.monthly).toHaveLength(1);
  });

  it("gives the same output for the same data", async () => {
    await seedShop();
    const first = await runReviews();
    const second = await runReviews();
    const { timingMs: _first, ...firstRest } = first as ReviewsOutput & { timingMs: number };
    const { timingMs: _second, ...secondRest } = second as ReviewsOutput & { timingMs: number };
    expect(firstRest).toEqual(secondRest);
  });
});
