/**
 * A small seeded pseudo-random generator for the demo store, with the distributions
 * the generator needs. Nothing in the demo uses `Math.random`: the same seed gives
 * the same numbers on every platform and Node version, because everything here is
 * 32-bit integer arithmetic plus IEEE double maths that JavaScript fixes exactly.
 *
 * The core is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 128 bits
 * of state, passes PractRand), seeded through a string hash so that independent
 * parts of the generator (catalogue, customers, orders, reviews) draw from
 * independent streams: changing how reviews are written does not reshuffle orders.
 */

/** cyrb128: hashes a string into four 32-bit words, used only to seed sfc32. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = h2 ^ Math.imul(h1 ^ code, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ code, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ code, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ code, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A seeded random stream. Create one per independent part with `Random.stream`. */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  /** Box–Muller makes normals in pairs; the spare one is kept for the next call. */
  #spareNormal: number | undefined;
  /** The text the state was hashed from; forks extend it. */
  readonly #key: string;

  private constructor(key: string) {
    this.#key = key;
    [this.#a, this.#b, this.#c, this.#d] = hash128(key);
    // sfc32's authors discard the first outputs so weak seeds are mixed in.
    for (let warmUp = 0; warmUp < 12; warmUp++) this.nextUint32();
  }

  /** The stream named `label` for `seed`: same pair, same numbers. */
  static stream(seed: number, label: string): Random {
    return new Random(`${seed}/${label}`);
  }

  /** A child stream named `label`: depends on this stream's seed and name, not on how much it has drawn. */
  fork(label: string): Random {
    return new Random(`${this.#key}/${label}`);
  }

  /** The next raw 32-bit unsigned integer (sfc32). */
  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`int(${min}, ${max}): max is below min`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("pick() needs a non-empty array");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** An index chosen with probability proportional to `weights` (non-negative, not all zero). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    if (!(total > 0)) throw new RangeError("weightedIndex() needs a positive total weight");
    let target = this.next() * total;
    for (let index = 0; index < weights.length; index++) {
      target -= weights[index] as number;
      if (target < 0) return index;
    }
    // Rounding can leave a sliver at the end; the last positive weight owns it.
    for (let index = weights.length - 1; index >= 0; index--) if ((weights[index] as number) > 0) return index;
    return weights.length - 1;
  }

  /** An element chosen with probability proportional to its weight. */
  weightedPick<T>(items: readonly T[], weightOf: (item: T) => number): T {
    return items[this.weightedIndex(items.map(weightOf))] as T;
  }

  /** An index into a cumulative weight array (`cumulative[i]` = sum of weights 0..i), by binary search. */
  cumulativeIndex(cumulative: ArrayLike<number>, from = 0, to = cumulative.length): number {
    const low = from === 0 ? 0 : (cumulative[from - 1] as number);
    const high = cumulative[to - 1] as number;
    const target = low + this.next() * (high - low);
    let left = from;
    let right = to - 1;
    while (left < right) {
      const middle = (left + right) >>> 1;
      if ((cumulative[middle] as number) > target) right = middle;
      else left = middle + 1;
    }
    return left;
  }

  /** A normal deviate (Box–Muller). */
  normal(mean = 0, standardDeviation = 1): number {
    if (this.#spareNormal !== undefined) {
      const spare = this.#spareNormal;
      this.#spareNormal = undefined;
      return mean + standardDeviation * spare;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + standardDeviation * radius * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal deviate: `exp(normal(mu, sigma))`. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** An exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** A gamma deviate with `shape` k > 0 and `scale` θ (mean kθ), by Marsaglia and Tsang. */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0)) throw new RangeError(`gamma() needs shape > 0, got ${shape}`);
    if (shape < 1) {
      // Boost to shape + 1 and scale back down (Marsaglia–Tsang's own trick for k < 1).
      const u = 1 - this.next();
      return this.gamma(shape + 1, scale) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** A Poisson deviate with mean `mean` ≥ 0. */
  poisson(mean: number): number {
    if (!(mean >= 0)) throw new RangeError(`poisson() needs mean >= 0, got ${mean}`);
    if (mean === 0) return 0;
    if (mean < 30) {
      // Knuth's multiplication method: exact, and cheap for the small means we mostly use.
      const limit = Math.exp(-mean);
      let count = 0;
      let product = this.next();
      while (product > limit) {
        count++;
        product *= this.next();
      }
      return count;
    }
    return this.#poissonTransformedRejection(mean);
  }

  /** Hörmann's PTRS (transformed rejection with squeeze) for large means: exact and O(1). */
  #poissonTransformedRejection(mean: number): number {
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * Math.sqrt(mean);
    const a = -0.059 + 0.02483 * b;
    const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = 1 - this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v * inverseAlpha / (a / (us * us) + b)) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let index = items.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      const held = items[index] as T;
      items[index] = items[other] as T;
      items[other] = held;
    }
    return items;
  }

  /** `count` distinct elements of `items`, in random order (fewer if `items` is shorter). */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const taken = Math.min(count, copy.length);
    for (let index = 0; index < taken; index++) {
      const other = index + Math.floor(this.next() * (copy.length - index));
      const held = copy[index] as T;
      copy[index] = copy[other] as T;
      copy[other] = held;
    }
    return copy.slice(0, taken);
  }
}

/** ln(k!) by Stirling's series (exact enough for k ≥ 10; a table below that). */
function logFactorial(k: number): number {
  if (k < LOG_FACTORIALS.length) return LOG_FACTORIALS[k] as number;
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

const LOG_FACTORIALS: readonly number[] = (() => {
  const table = [0];
  for (let k = 1; k < 10; k++) table.push((table[k - 1] as number) + Math.log(k));
  return table;
})();

/** Builds a cumulative-sum array (for `Random.cumulativeIndex`). */
export function cumulativeSums(weights: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  for (let index = 0; index < weights.length; index++) {
    total += weights[index] as number;
    sums[index] = total;
  }
  return sums;
}
