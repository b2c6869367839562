/**
 * Seeded randomness for segmentation: k-means++ seeding, restarts and the samples
 * used at scale. Nothing here uses `Math.random`, so the same data and seed always
 * give the same segments.
 *
 * The generator is mulberry32 (Tommy Ettinger, public domain): 32 bits of state,
 * fast, and plenty for choosing seeds and samples. Its output depends only on
 * 32-bit integer arithmetic, so it is identical on every platform.
 */
import { mulberry32 } from "../../src/core/random.ts";

/** A seeded stream of uniform numbers in [0, 1). */
export type UniformSource = () => number;

/** A uniform stream for `seed`; `stream` separates independent uses (restart 3, the silhouette sample…). */
export function seededUniform(seed: number, stream = 0): UniformSource {
  // Mixing the stream number through a multiplicative hash keeps streams of nearby
  // seeds (1, 2, 3…) from starting in correlated states.
  return mulberry32(Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((stream + 1) >>> 0, 0x85ebca77));
}

/** A uniform integer in [0, bound). */
export function randomIndex(uniform: UniformSource, bound: number): number {
  return Math.min(bound - 1, Math.floor(uniform() * bound));
}

/**
 * `size` distinct indices from [0, total), sorted ascending (Floyd's algorithm, O(size)).
 * Returns every index when `size >= total`.
 */
export function sampleIndices(total: number, size: number, uniform: UniformSource): Int32Array {
  if (size >= total) return Int32Array.from({ length: total }, (_, index) => index);
  const chosen = new Set<number>();
  for (let upper = total - size; upper < total; upper++) {
    const candidate = randomIndex(uniform, upper + 1);
    chosen.add(chosen.has(candidate) ? upper : candidate);
  }
  return Int32Array.from(chosen).sort();
}
