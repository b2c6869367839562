/**
 * k-means for segmentation: a wrapper around `ml-kmeans` that adds the parts it lacks
 * (pure: no store access).
 *
 * - Seeding: greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's
 *   2 + ⌊ln k⌋ local trials per centre) on a flat Float64Array. ml-kmeans' own k-means++
 *   copies the data into a matrix and allocates a row per distance, which took ~12 s
 *   of a 13 s run on 1M customers; this one is O(n·k·trials) with no allocation.
 * - Restarts: `restarts` independent seedings (restart r draws from stream r + 1 of the
 *   seed), each refined by ml-kmeans' Lloyd iterations; the lowest-inertia run wins,
 *   ties going to the earlier restart and runs with an empty cluster last.
 * - Scale: above `sampleThreshold` points, the restarts run on a seeded uniform sample
 *   and one final Lloyd run on all points starts from the best sample centroids
 *   (the "refine on a sample" idea of Bradley & Fayyad, 1998), so restarts cost
 *   O(sample) instead of O(n) each.
 * - Inertia (ml-kmeans returns none): the sum of squared distances from each point to
 *   its cluster's centroid.
 */
import { kmeans } from "ml-kmeans";
import { AppError } from "../../src/core/errors.ts";
import { randomIndex, sampleIndices, seededUniform, type UniformSource } from "./random.ts";
import { flatten } from "./vectors.ts";

/** How a k-means fit is run. */
export interface KMeansOptions {
  /** Seed of every random choice; the same seed and data give the same fit. */
  seed: number;
  /** Independent k-means++ seedings to try (scikit-learn's n_init). */
  restarts: number;
  /** Lloyd iterations per run before giving up on convergence. */
  maxIterations?: number;
  /** Convergence: every centroid moved less than this squared distance. */
  tolerance?: number;
  /** Above this many points, restarts run on a sample of this size. */
  sampleThreshold?: number;
  /**
   * A fit of the same points, k and seed with fewer restarts: only the remaining
   * restarts run, and the choice is made over all of them, so the result equals a fit
   * with all restarts at once. Lets a caller screen several k with few restarts and
   * finish the chosen one without repeating work.
   */
  resumeFrom?: KMeansFit;
}

/** Wall-clock figures for benchmarks; never part of a tool's output. */
export interface KMeansTiming {
  /** Time spent choosing initial centroids (all restarts). */
  seedingMs: number;
  /** Lloyd time of the restarts run on a sample (0 when not sampled). */
  sampleLloydMs: number;
  /** Lloyd time spent on all points. */
  fullLloydMs: number;
  /** Lloyd iterations run on all points (all restarts, or the final refinement). */
  fullIterations: number;
}

/** The chosen k-means run. */
export interface KMeansFit {
  k: number;
  seed: number;
  /** Cluster index 0…k-1 of every point. */
  labels: Int32Array;
  /** Centroids in the scaled feature space. */
  centroids: number[][];
  /** Points per cluster. */
  sizes: number[];
  /** Sum of squared distances from each point to its centroid. */
  inertia: number;
  /** Lloyd iterations of the chosen run (of the final refinement when sampled). */
  iterations: number;
  converged: boolean;
  /** Which restart won (0-based). */
  restart: number;
  /** How many restarts were run in total. */
  restartsRun: number;
  /** The chosen restart's run (on the sample when sampled), so a later call can resume from it. */
  chosenRun: KMeansRun;
  /** Sample size the restarts ran on, or undefined when they ran on all points. */
  sampleSize: number | undefined;
  timing: KMeansTiming;
}

export const DEFAULT_MAX_ITERATIONS = 300;
/**
 * Squared centroid movement below which a run has converged. ml-kmeans returns the
 * labels of the step before its last centroid update, so a loose tolerance (its default
 * 1e-6) stops a quarter of runs one step short of the fixed point, with stale labels.
 */
export const DEFAULT_TOLERANCE = 1e-8;
export const DEFAULT_SAMPLE_THRESHOLD = 20_000;
/** Stream of the seed reserved for drawing the sample; restarts use streams 1, 2, … */
const SAMPLE_STREAM = 0;

function squaredDistance(flat: Float64Array, index: number, centre: Float64Array | readonly number[], dimensions: number, centreOffset = 0): number {
  let sum = 0;
  const offset = index * dimensions;
  for (let dimension = 0; dimension < dimensions; dimension++) {
    const difference = (flat[offset + dimension] as number) - (centre[centreOffset + dimension] as number);
    sum += difference * difference;
  }
  return sum;
}

/** Index of the point whose cumulative weight first exceeds `target` (weights ≥ 0). */
function weightedPick(weights: Float64Array, target: number): number {
  let cumulative = 0;
  let lastPositive = 0;
  for (let index = 0; index < weights.length; index++) {
    const weight = weights[index] as number;
    if (weight > 0) {
      cumulative += weight;
      lastPositive = index;
      if (cumulative > target) return index;
    }
  }
  // Rounding can leave target ≥ the running sum; the last point with weight is right then.
  return lastPositive;
}

/**
 * Greedy k-means++: the first centre uniformly, each next one the best (lowest
 * potential) of `2 + ⌊ln k⌋` candidates drawn with probability ∝ D².
 * Returns the chosen centres as rows.
 */
export function kmeansPlusPlus(flat: Float64Array, dimensions: number, k: number, uniform: UniformSource): number[][] {
  const count = flat.length / dimensions;
  const trials = 2 + Math.floor(Math.log(k));
  const centreIndices: number[] = [randomIndex(uniform, count)];
  const closest = new Float64Array(count);
  const firstCentre = flat.subarray(centreIndices[0]! * dimensions, (centreIndices[0]! + 1) * dimensions);
  let potential = 0;
  for (let index = 0; index < count; index++) {
    closest[index] = squaredDistance(flat, index, firstCentre, dimensions);
    potential += closest[index] as number;
  }
  const candidateDistances = new Float64Array(count);
  const bestDistances = new Float64Array(count);
  while (centreIndices.length < k) {
    let bestCandidate = -1;
    let bestPotential = Infinity;
    for (let trial = 0; trial < trials; trial++) {
      // With potential 0 every point already sits on a centre (fewer distinct points
      // than k); any pick then duplicates a centre and the caller sees an empty cluster.
      const candidate = potential > 0 ? weightedPick(closest, uniform() * potential) : randomIndex(uniform, count);
      const candidateCentre = flat.subarray(candidate * dimensions, (candidate + 1) * dimensions);
      let candidatePotential = 0;
      for (let index = 0; index < count; index++) {
        const distance = Math.min(closest[index] as number, squaredDistance(flat, index, candidateCentre, dimensions));
        candidateDistances[index] = distance;
        candidatePotential += distance;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestCandidate = candidate;
        bestDistances.set(candidateDistances);
      }
    }
    centreIndices.push(bestCandidate);
    closest.set(bestDistances);
    potential = bestPotential;
  }
  return centreIndices.map((index) => Array.from(flat.subarray(index * dimensions, (index + 1) * dimensions)));
}

/** Sum of squared distances of each point to its assigned centroid. */
export function inertiaOf(flat: Float64Array, dimensions: number, labels: Int32Array, centroids: readonly (readonly number[])[]): number {
  let total = 0;
  for (let index = 0; index < labels.length; index++) {
    total += squaredDistance(flat, index, centroids[labels[index] as number] as readonly number[], dimensions);
  }
  return total;
}

/** One restart's converged run. */
export interface KMeansRun {
  /** Restart index (0-based) that produced the run. */
  restart: number;
  labels: Int32Array;
  centroids: number[][];
  sizes: number[];
  inertia: number;
  iterations: number;
  converged: boolean;
}

/** Lloyd iterations from `initial` with ml-kmeans, plus sizes and inertia. */
function lloyd(
  points: number[][],
  flat: Float64Array,
  dimensions: number,
  initial: number[][],
  restart: number,
  maxIterations: number,
  tolerance: number,
): KMeansRun {
  const k = initial.length;
  const result = kmeans(points, k, { initialization: initial, maxIterations, tolerance });
  const labels = Int32Array.from(result.clusters);
  const sizes = new Array<number>(k).fill(0);
  for (const label of labels) sizes[label] = (sizes[label] as number) + 1;
  return {
    restart,
    labels,
    centroids: result.centroids,
    sizes,
    inertia: inertiaOf(flat, dimensions, labels, result.centroids),
    iterations: result.iterations,
    converged: result.converged,
  };
}

/**
 * The run to keep: runs without an empty cluster first, then the lowest inertia, then
 * the earlier restart (so equal runs give a stable answer).
 */
export function chooseRun(runs: readonly KMeansRun[]): KMeansRun {
  let best: KMeansRun | undefined;
  for (const run of runs) {
    if (best === undefined) {
      best = run;
      continue;
    }
    const runEmpty = run.sizes.some((size) => size === 0);
    const bestEmpty = best.sizes.some((size) => size === 0);
    if (runEmpty !== bestEmpty ? !runEmpty : run.inertia < best.inertia || (run.inertia === best.inertia && run.restart < best.restart)) {
      best = run;
    }
  }
  if (best === undefined) throw new AppError("invalid_kmeans_input", "internal", "k-means ran no restarts.");
  return best;
}

/**
 * Fits k-means with k-means++ restarts and returns the run chosen by `chooseRun`.
 * `points` are the scaled feature vectors (all of the same length); `k` must be
 * between 1 and the number of points.
 */
export function fitKMeans(points: number[][], k: number, options: KMeansOptions): KMeansFit {
  const count = points.length;
  const dimensions = points[0]?.length ?? 0;
  if (!Number.isInteger(k) || k < 1 || k > count || dimensions === 0) {
    throw new AppError(
      "invalid_kmeans_input",
      "internal",
      `k-means needs 1 ≤ k ≤ number of points and at least one feature; got k=${k}, ${count} points, ${dimensions} features.`,
    );
  }
  if (!(options.restarts >= 1)) {
    throw new AppError("invalid_kmeans_input", "internal", `k-means needs at least one restart; got ${options.restarts}.`);
  }
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const sampleThreshold = options.sampleThreshold ?? DEFAULT_SAMPLE_THRESHOLD;
  const resume = options.resumeFrom;
  if (resume !== undefined && (resume.k !== k || resume.seed !== options.seed || resume.labels.length !== count)) {
    throw new AppError("invalid_kmeans_input", "internal", "resumeFrom must be a fit of the same points, k and seed.");
  }
  const timing: KMeansTiming = resume ? { ...resume.timing } : { seedingMs: 0, sampleLloydMs: 0, fullLloydMs: 0, fullIterations: 0 };
  const sampled = count > sampleThreshold;
  const flat = flatten(points, dimensions);

  // Restarts run on `runPoints`: all points, or the seeded sample.
  let runPoints = points;
  let runFlat = flat;
  if (sampled) {
    const indices = sampleIndices(count, sampleThreshold, seededUniform(options.seed, SAMPLE_STREAM));
    runPoints = Array.from(indices, (index) => points[index] as number[]);
    runFlat = flatten(runPoints, dimensions);
  }

  const runs: KMeansRun[] = resume ? [resume.chosenRun] : [];
  for (let restart = resume?.restartsRun ?? 0; restart < options.restarts; restart++) {
    const seedingStarted = performance.now();
    const initial = kmeansPlusPlus(runFlat, dimensions, k, seededUniform(options.seed, restart + 1));
    const lloydStarted = performance.now();
    timing.seedingMs += lloydStarted - seedingStarted;
    const run = lloyd(runPoints, runFlat, dimensions, initial, restart, maxIterations, tolerance);
    const elapsed = performance.now() - lloydStarted;
    if (sampled) timing.sampleLloydMs += elapsed;
    else {
      timing.fullLloydMs += elapsed;
      timing.fullIterations += run.iterations;
    }
    runs.push(run);
  }
  const chosen = chooseRun(runs);
  const restartsRun = Math.max(options.restarts, resume?.restartsRun ?? 0);
  const common = { k, seed: options.seed, restart: chosen.restart, restartsRun, chosenRun: chosen, timing };
  if (!sampled) return { ...chosen, ...common, sampleSize: undefined };
  const refineStarted = performance.now();
  const final = lloyd(points, flat, dimensions, chosen.centroids, chosen.restart, maxIterations, tolerance);
  timing.fullLloydMs += performance.now() - refineStarted;
  timing.fullIterations += final.iterations;
  return { ...final, ...common, sampleSize: sampleThreshold };
}
