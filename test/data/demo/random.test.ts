import { describe, expect, it } from "vitest";
import { cumulativeSums, Random } from "../../../src/data/demo/random.ts";

const draw = (random: Random, count: number, next: (random: Random) => number) => Array.from({ length: count }, () => next(random));
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const variance = (values: number[]) => {
  const centre = mean(values);
  return mean(values.map((value) => (value - centre) ** 2));
};

describe("Random", () => {
  it("gives the same numbers for the same seed and label, and different ones otherwise", () => {
    const first = draw(Random.stream(42, "orders"), 5, (random) => random.nextUint32());
    expect(draw(Random.stream(42, "orders"), 5, (random) => random.nextUint32())).toEqual(first);
    expect(draw(Random.stream(43, "orders"), 5, (random) => random.nextUint32())).not.toEqual(first);
    expect(draw(Random.stream(42, "reviews"), 5, (random) => random.nextUint32())).not.toEqual(first);
  });

  it("forks streams that do not depend on how much the parent has drawn", () => {
    const untouched = Random.stream(1, "parent");
    const used = Random.stream(1, "parent");
    for (let index = 0; index < 100; index++) used.next();
    expect(draw(used.fork("child"), 3, (random) => random.next())).toEqual(draw(untouched.fork("child"), 3, (random) => random.next()));
  });

  it("keeps next() in [0, 1) and int() within its inclusive bounds", () => {
    const random = Random.stream(7, "bounds");
    const floats = draw(random, 10_000, (stream) => stream.next());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    const ints = new Set(draw(random, 2_000, (stream) => stream.int(3, 6)));
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
    expect(() => random.int(5, 4)).toThrow(RangeError);
  });

  it("draws normal, Poisson, gamma and log-normal deviates with the right moments", () => {
    const random = Random.stream(11, "moments");
    const normals = draw(random, 20_000, (stream) => stream.normal(10, 2));
    expect(mean(normals)).toBeCloseTo(10, 1);
    expect(Math.sqrt(variance(normals))).toBeCloseTo(2, 1);
    for (const lambda of [0.5, 4, 45]) {
      const counts = draw(random, 20_000, (stream) => stream.poisson(lambda));
      expect(counts.every((count) => Number.isInteger(count) && count >= 0)).toBe(true);
      expect(mean(counts)).toBeGreaterThan(lambda * 0.97);
      expect(mean(counts)).toBeLessThan(lambda * 1.03);
      expect(variance(counts)).toBeGreaterThan(lambda * 0.9);
      expect(variance(counts)).toBeLessThan(lambda * 1.1);
    }
    for (const shape of [0.5, 1.5, 6]) {
      const gammas = draw(random, 20_000, (stream) => stream.gamma(shape, 2));
      expect(mean(gammas)).toBeGreaterThan(shape * 2 * 0.96);
      expect(mean(gammas)).toBeLessThan(shape * 2 * 1.04);
    }
    const logNormals = draw(random, 20_000, (stream) => stream.logNormal(0, 0.5));
    expect(mean(logNormals)).toBeCloseTo(Math.exp(0.125), 1);
    expect(random.poisson(0)).toBe(0);
    expect(() => random.poisson(-1)).toThrow(RangeError);
    expect(() => random.gamma(0)).toThrow(RangeError);
  });

  it("never picks a zero weight and follows the weights otherwise", () => {
    const random = Random.stream(3, "weights");
    const picks = draw(random, 9_000, (stream) => stream.weightedIndex([1, 0, 2]));
    expect(picks.includes(1)).toBe(false);
    const share = picks.filter((index) => index === 2).length / picks.length;
    expect(share).toBeGreaterThan(0.63);
    expect(share).toBeLessThan(0.7);
    expect(() => random.weightedIndex([0, 0])).toThrow(RangeError);
  });

  it("samples a cumulative array within the asked range only", () => {
    const random = Random.stream(5, "cumulative");
    const cumulative = cumulativeSums([1, 1, 1, 1, 1, 1]);
    const picks = new Set(draw(random, 2_000, (stream) => stream.cumulativeIndex(cumulative, 2, 4)));
    expect([...picks].sort()).toEqual([2, 3]);
  });

  it("shuffles and samples without losing or repeating elements", () => {
    const random = Random.stream(9, "shuffle");
    const items = Array.from({ length: 50 }, (_, index) => index);
    expect([...random.shuffle([...items])].sort((a, b) => a - b)).toEqual(items);
    const sample = random.sample(items, 10);
    expect(new Set(sample).size).toBe(10);
    expect(random.sample(items.slice(0, 3), 10)).toHaveLength(3);
  });
});
