import { describe, expect, it } from "vitest";
import { adjustedRandIndex } from "../../../tools/segment-customers/ari.ts";
import { seededUniform } from "../../../tools/segment-customers/random.ts";
import { segmentPoints } from "../../../tools/segment-customers/segmentation.ts";
import { silhouette } from "../../../tools/segment-customers/silhouette.ts";

const uniform = seededUniform(21);
const centres = [
  [0, 0],
  [5, 0],
  [0, 5],
];
const points = Array.from({ length: 90 }, (_, index) => centres[index % 3]!.map((value) => value + uniform() - 0.5));
const truth = points.map((_, index) => index % 3);
const options = { candidateRange: { min: 2, max: 6 }, seed: 42, restarts: 6, screeningRestarts: 2 };

describe("segmentPoints", () => {
  it("chooses the k with the best silhouette and reports every k tried", () => {
    const result = segmentPoints(points, options);
    expect(result.kChosenBy).toBe("silhouette");
    expect(result.k).toBe(3);
    expect(adjustedRandIndex(result.fit.labels, truth)).toBe(1);
    expect(result.candidates.map((candidate) => candidate.k)).toEqual([2, 3, 4, 5, 6]);
    const best = Math.max(...result.candidates.map((candidate) => candidate.silhouette));
    expect(result.candidates.find((candidate) => candidate.k === 3)!.silhouette).toBe(best);
    // The reported silhouette is the chosen fit's.
    // (Both kernels sum the same distances in different orders: equal to rounding.)
    expect(result.silhouette.score).toBeCloseTo(silhouette(points, result.fit.labels, 3, { seed: 42 }).score, 12);
    expect(result.fit.restartsRun).toBe(6);
  });

  it("uses the given k and tries nothing else", () => {
    const result = segmentPoints(points, { ...options, k: 4 });
    expect(result).toMatchObject({ k: 4, kChosenBy: "input", candidates: [] });
    expect(result.fit.restartsRun).toBe(6);
  });

  it("gives the same fit for a k whether it was asked for or chosen", () => {
    const chosen = segmentPoints(points, options);
    const asked = segmentPoints(points, { ...options, k: chosen.k });
    expect(asked.fit.labels).toEqual(chosen.fit.labels);
    expect(asked.fit.inertia).toBe(chosen.fit.inertia);
  });

  it("stops when the request is cancelled", () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => segmentPoints(points, { ...options, signal: controller.signal })).toThrow();
  });
});
