import { describe, expect, it } from "vitest";
import { seededUniform } from "../../../tools/segment-customers/random.ts";
import { exactSilhouette, exactSilhouettes, silhouette, silhouettes } from "../../../tools/segment-customers/silhouette.ts";
import { flatten } from "../../../tools/segment-customers/vectors.ts";

/** Textbook O(n²) silhouette, written independently of the implementation under test. */
function naiveSilhouette(points: number[][], labels: number[]): number {
  const distance = (a: number[], b: number[]) => Math.sqrt(a.reduce((sum, value, index) => sum + (value - b[index]!) ** 2, 0));
  const clusters = [...new Set(labels)];
  const scores = points.map((point, index) => {
    const own = labels[index]!;
    const mates = points.filter((_, other) => other !== index && labels[other] === own);
    if (mates.length === 0) return 0;
    const a = mates.reduce((sum, mate) => sum + distance(point, mate), 0) / mates.length;
    const b = Math.min(
      ...clusters
        .filter((cluster) => cluster !== own)
        .map((cluster) => {
          const members = points.filter((_, other) => labels[other] === cluster);
          return members.reduce((sum, member) => sum + distance(point, member), 0) / members.length;
        }),
    );
    return (b - a) / Math.max(a, b);
  });
  return scores.reduce((sum, score) => sum + score, 0) / points.length;
}

function exact(points: number[][], labels: number[], k: number): number {
  const dimensions = points[0]!.length;
  return exactSilhouette(flatten(points, dimensions), dimensions, Int32Array.from(labels), k);
}

describe("exactSilhouette", () => {
  it("matches a hand computation on four 1-D points", () => {
    // A = {0, 1}, B = {5, 7}:
    // s(0) = (6 − 1)/6, s(1) = (5 − 1)/5, s(5) = (4.5 − 2)/4.5, s(7) = (6.5 − 2)/6.5.
    const expected = (5 / 6 + 4 / 5 + 5 / 9 + 9 / 13) / 4;
    expect(exact([[0], [1], [5], [7]], [0, 0, 1, 1], 2)).toBeCloseTo(expected, 12);
  });

  it("gives a point alone in its cluster a score of 0", () => {
    // s(0) = (10 − 1)/10, s(1) = (9 − 1)/9, s(10) = 0.
    expect(exact([[0], [1], [10]], [0, 0, 1], 2)).toBeCloseTo((0.9 + 8 / 9) / 3, 12);
  });

  it("is 0 when only one cluster is non-empty", () => {
    expect(exact([[0], [1], [2]], [1, 1, 1], 3)).toBe(0);
  });

  it("agrees with the textbook definition in 1, 2, 4 and 5 dimensions, with an empty cluster", () => {
    const uniform = seededUniform(7);
    for (const dimensions of [1, 2, 4, 5]) {
      const points = Array.from({ length: 60 }, () => Array.from({ length: dimensions }, () => uniform() * 10));
      // Label 3 of k = 4 is never used.
      const labels = points.map((point) => (point[0]! < 3 ? 0 : point[0]! < 6 ? 1 : 2));
      expect(exact(points, labels, 4)).toBeCloseTo(naiveSilhouette(points, labels), 10);
    }
  });
});

describe("silhouette", () => {
  const uniform = seededUniform(11);
  const points = Array.from({ length: 40 }, (_, index) => [(index % 2) * 10 + uniform(), uniform()]);
  const labels = Int32Array.from(points, (_, index) => index % 2);

  it("is exact up to the threshold", () => {
    const result = silhouette(points, labels, 2, { seed: 1 });
    expect(result).toEqual({ score: exact(points, Array.from(labels), 2), sampled: false, pointsUsed: 40 });
  });

  it("samples with a fixed seed above the threshold", () => {
    const first = silhouette(points, labels, 2, { seed: 1, sampleThreshold: 20, sampleSize: 15 });
    expect(first.sampled).toBe(true);
    expect(first.pointsUsed).toBe(15);
    expect(silhouette(points, labels, 2, { seed: 1, sampleThreshold: 20, sampleSize: 15 })).toEqual(first);
    // Two well-separated clusters: any sample scores close to the exact value.
    expect(first.score).toBeGreaterThan(0.85);
  });

  it("equals the exact score when the sample is every point", () => {
    const result = silhouette(points, labels, 2, { seed: 3, sampleThreshold: 10, sampleSize: 40 });
    expect(result.score).toBeCloseTo(exact(points, Array.from(labels), 2), 12);
  });
});

describe("exactSilhouettes", () => {
  it("scores several labellings in one pass exactly as the textbook definition does", () => {
    const uniform = seededUniform(17);
    for (const dimensions of [2, 3, 6]) {
      const points = Array.from({ length: 50 }, () => Array.from({ length: dimensions }, () => uniform() * 4));
      const ks = [2, 3, 5];
      const labelings = ks.map((k) => points.map((point) => Math.min(k - 1, Math.floor(point[0]! * (k / 4)))));
      const scores = exactSilhouettes(flatten(points, dimensions), dimensions, labelings.map((labels) => Int32Array.from(labels)), ks);
      scores.forEach((score, index) => expect(score).toBeCloseTo(naiveSilhouette(points, labelings[index]!), 10));
    }
  });

  it("scores a labelling with one non-empty cluster as 0, like exactSilhouette", () => {
    expect(exactSilhouettes(Float64Array.from([0, 1, 2]), 1, [Int32Array.from([1, 1, 1])], [2])).toEqual([0]);
  });

  it("silhouettes() uses one shared sample for every labelling", () => {
    const uniform = seededUniform(2);
    const points = Array.from({ length: 60 }, (_, index) => [(index % 3) * 10 + uniform(), uniform()]);
    const labels = Int32Array.from(points, (_, index) => index % 3);
    const twoWay = Int32Array.from(points, (_, index) => (index % 3 === 0 ? 0 : 1));
    const options = { seed: 5, sampleThreshold: 30, sampleSize: 20 };
    const [first, second] = silhouettes(points, [labels, twoWay], [3, 2], options);
    for (const [result, expected] of [
      [first!, silhouette(points, labels, 3, options)],
      [second!, silhouette(points, twoWay, 2, options)],
    ] as const) {
      expect(result).toMatchObject({ sampled: true, pointsUsed: 20 });
      expect(result.score).toBeCloseTo(expected.score, 12);
    }
  });
});
