import { describe, expect, it } from "vitest";
import { generateCatalogue } from "../../../src/data/demo/catalogue.ts";
import { Random } from "../../../src/data/demo/random.ts";
import type { Aspect } from "../../../src/data/demo/review-vocabulary.ts";
import { writeReview } from "../../../src/data/demo/reviews.ts";

const catalogue = generateCatalogue(Random.stream(5, "catalogue"), 400);
const random = Random.stream(5, "reviews");
const reviews = Array.from({ length: 4_000 }, (_, index) => {
  const product = catalogue.products[index % catalogue.products.length]!;
  return { product, ...writeReview(random, product) };
});

/** Words that show a text talks about an aspect, whatever the phrasing. */
const ASPECT_WORDS: Record<Aspect, RegExp> = {
  price: /price|priced|value|penny|cheaper|expensive|pricey|£/i,
  quality: /quality|made|flimsy|broke|fell apart|tatty/i,
  delivery: /arriv|deliver|came the next day|parcel|took/i,
  packaging: /packag|wrapped|packed|broken|chipped|box|smashed/i,
  size: /size|small|bigger|fits/i,
  service: /service|reply|replied|refund|response|emails/i,
  design: /design|colour|pattern|looks|pretty|prettier|print/i,
};

describe("writeReview", () => {
  it("keeps the tone consistent with the rating", () => {
    const inconsistent = reviews.filter(
      ({ rating, aspects }) =>
        (rating === 5 && aspects.some((aspect) => !aspect.positive)) ||
        (rating === 1 && aspects.some((aspect) => aspect.positive)) ||
        (rating <= 2 && aspects.length > 0 && !aspects.some((aspect) => !aspect.positive)) ||
        (rating >= 4 && aspects.length > 0 && !aspects.some((aspect) => aspect.positive)),
    );
    expect(inconsistent).toEqual([]);
  });

  it("mentions every aspect it claims to", () => {
    const missing = reviews.flatMap(({ body, aspects }) =>
      aspects.filter(({ aspect }) => !ASPECT_WORDS[aspect].test(body)).map(({ aspect }) => ({ aspect, body })),
    );
    expect(missing).toEqual([]);
  });

  it("writes the variety a sentiment scorer must handle", () => {
    const bodies = reviews.map((review) => review.body);
    const count = (pattern: RegExp) => bodies.filter((body) => pattern.test(body)).length;
    expect(count(/\bnot\b|n't\b|never|\bno\b/i)).toBeGreaterThan(200);
    expect(count(/\b(really|very|so|absolutely|super)\b/i)).toBeGreaterThan(200);
    expect(count(/ but |, although /)).toBeGreaterThan(100);
    expect(count(/\p{Extended_Pictographic}/u)).toBeGreaterThan(50);
    expect(count(/\b[A-Z]{4,}\b/)).toBeGreaterThan(20);
    expect(count(/^\S+$/)).toBeGreaterThan(50);
    expect(bodies.filter((body) => /\{|\}|undefined|NaN/.test(body))).toEqual([]);
    expect(reviews.filter((review) => review.title !== null).length / reviews.length).toBeGreaterThan(0.4);
  });

  it("complains about each flaw under its own aspect", () => {
    const complaints = (flaw: string, aspect: Aspect) => {
      const flawed = reviews.filter((review) => review.product.flaw === flaw);
      return flawed.filter((review) => review.aspects.some((mention) => mention.aspect === aspect && !mention.positive)).length / flawed.length;
    };
    expect(complaints("quality", "quality")).toBeGreaterThan(0.5);
    expect(complaints("size", "size")).toBeGreaterThan(0.4);
    expect(complaints("value", "price")).toBeGreaterThan(0.4);
    expect(complaints("fragile", "packaging")).toBeGreaterThan(0.25);
    const sound = reviews.filter((review) => review.product.flaw === null);
    expect(sound.filter((review) => review.aspects.some((mention) => mention.aspect === "quality" && !mention.positive)).length / sound.length).toBeLessThan(
      0.12,
    );
  });
});
