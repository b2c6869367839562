import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import { adjustedRandIndex } from "../../../tools/segment-customers/ari.ts";
import { fitKMeans, inertiaOf, kmeansPlusPlus } from "../../../tools/segment-customers/kmeans.ts";
import { seededUniform } from "../../../tools/segment-customers/random.ts";
import { flatten } from "../../../tools/segment-customers/vectors.ts";

/** `perBlob` points around each centre, jittered by ±0.5 with a seeded stream. */
function blobs(centres: number[][], perBlob: number, seed = 5): { points: number[][]; truth: number[] } {
  const uniform = seededUniform(seed);
  const points: number[][] = [];
  const truth: number[] = [];
  for (let index = 0; index < perBlob; index++) {
    centres.forEach((centre, blob) => {
      points.push(centre.map((value) => value + uniform() - 0.5));
      truth.push(blob);
    });
  }
  return { points, truth };
}

describe("fitKMeans", () => {
  it("finds two obvious groups with the hand-computed centroids and inertia", () => {
    const fit = fitKMeans(
      [
        [0, 0],
        [0, 1],
        [10, 0],
        [10, 1],
      ],
      2,
      { seed: 1, restarts: 3 },
    );
    expect(adjustedRandIndex(fit.labels, [0, 0, 1, 1])).toBe(1);
    const left = fit.labels[0]!;
    expect(fit.centroids[left]).toEqual([0, 0.5]);
    expect(fit.centroids[1 - left]).toEqual([10, 0.5]);
    // Every point is 0.5 from its centroid: 4 × 0.25.
    expect(fit.inertia).toBeCloseTo(1, 12);
    expect(fit.sizes).toEqual([2, 2]);
    expect(fit.converged).toBe(true);
    expect(fit.restartsRun).toBe(3);
  });

  it("gives the same fit for the same seed, and recovers blobs from any seed", () => {
    const { points, truth } = blobs(
      [
        [0, 0, 0],
        [6, 0, 0],
        [0, 6, 0],
        [0, 0, 6],
      ],
      25,
    );
    const first = fitKMeans(points, 4, { seed: 9, restarts: 4 });
    const again = fitKMeans(points, 4, { seed: 9, restarts: 4 });
    expect(again.labels).toEqual(first.labels);
    expect(again.centroids).toEqual(first.centroids);
    expect(again.inertia).toBe(first.inertia);
    for (const seed of [1, 2, 3]) {
      expect(adjustedRandIndex(fitKMeans(points, 4, { seed, restarts: 4 }).labels, truth)).toBe(1);
    }
    expect(first.inertia).toBeCloseTo(inertiaOf(flatten(points, 3), 3, first.labels, first.centroids), 9);
  });

  it("resuming from fewer restarts gives exactly the fit of all restarts at once", () => {
    const { points } = blobs(
      [
        [0, 0],
        [3, 0],
        [0, 3],
        [3, 3],
        [1.5, 1.5],
      ],
      12,
    );
    const screened = fitKMeans(points, 3, { seed: 4, restarts: 2 });
    const resumed = fitKMeans(points, 3, { seed: 4, restarts: 8, resumeFrom: screened });
    const direct = fitKMeans(points, 3, { seed: 4, restarts: 8 });
    expect(resumed.labels).toEqual(direct.labels);
    expect(resumed.inertia).toBe(direct.inertia);
    expect(resumed.restart).toBe(direct.restart);
    expect(resumed.restartsRun).toBe(8);
  });

  it("above the sample threshold runs restarts on a sample and refines on every point", () => {
    const { points, truth } = blobs(
      [
        [0, 0],
        [8, 0],
        [0, 8],
      ],
      100,
    );
    const fit = fitKMeans(points, 3, { seed: 2, restarts: 3, sampleThreshold: 50 });
    expect(fit.sampleSize).toBe(50);
    expect(fit.labels).toHaveLength(300);
    expect(adjustedRandIndex(fit.labels, truth)).toBe(1);
    expect(fit.timing.fullIterations).toBe(fit.iterations);
    expect(fit.inertia).toBeCloseTo(inertiaOf(flatten(points, 2), 2, fit.labels, fit.centroids), 9);
  });

  it("reports an empty cluster when there are fewer distinct points than k", () => {
    const fit = fitKMeans([[1], [1], [2], [2]], 3, { seed: 1, restarts: 2 });
    expect(fit.sizes.filter((size) => size === 0)).toHaveLength(1);
  });

  it("refuses k outside 1…n", () => {
    expect(() => fitKMeans([[1], [2]], 3, { seed: 1, restarts: 1 })).toThrow(AppError);
    expect(() => fitKMeans([[1], [2]], 0, { seed: 1, restarts: 1 })).toThrow(AppError);
  });
});

describe("kmeansPlusPlus", () => {
  it("picks k different data points when there are k distinct points", () => {
    const points = [[0], [1], [2], [3], [4]];
    const centres = kmeansPlusPlus(flatten(points, 1), 1, 5, seededUniform(3));
    expect(centres.map((centre) => centre[0]).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it("favours far points: the second centre of two tight far groups is in the other group", () => {
    const points = [[0], [0.1], [0.2], [100], [100.1]];
    for (const seed of [1, 2, 3, 4, 5]) {
      const [first, second] = kmeansPlusPlus(flatten(points, 1), 1, 2, seededUniform(seed));
      expect(Math.abs(first![0]! - second![0]!)).toBeGreaterThan(99);
    }
  });
});
