import { describe, expect, it } from "vitest";
import { murmurHash3, seededGaussian, seededRandom } from "../../../src/models/embeddings/hashing.ts";

describe("hashing", () => {
  it("is MurmurHash3 x86_32 of the UTF-16LE bytes (values from an independent reference implementation)", () => {
    // Reference: the published algorithm over the UTF-16LE encoding, checked against mmh3("hello") = 613153351.
    expect(murmurHash3("")).toBe(0);
    expect(murmurHash3("teapot")).toBe(2209653114);
    expect(murmurHash3("teapot", 42)).toBe(109243832);
    expect(murmurHash3("mug")).toBe(2397673771);
    expect(murmurHash3("é")).toBe(1105794559);
    expect(murmurHash3("abc", 42)).toBe(758957582);
  });

  it("spreads short strings evenly over buckets", () => {
    const buckets = new Array(16).fill(0) as number[];
    for (let index = 0; index < 16_000; index++) {
      const bucket = murmurHash3(`word${index}`) % 16;
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(850);
  });

  it("gives reproducible uniform and normal streams", () => {
    const first = seededRandom(42);
    const second = seededRandom(42);
    const values = Array.from({ length: 5 }, () => first());
    expect(Array.from({ length: 5 }, () => second())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const gaussian = seededGaussian(7);
    const sample = Array.from({ length: 20_000 }, () => gaussian());
    const mean = sample.reduce((sum, value) => sum + value, 0) / sample.length;
    const variance = sample.reduce((sum, value) => sum + (value - mean) ** 2, 0) / sample.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
