/**
 * Deterministic hashing and pseudo-random numbers for the local embedder (pure).
 * Everything here is seeded so the same text always maps to the same vector, in
 * every process and on every machine.
 */
import { mulberry32 } from "../../core/random.ts";

/** MurmurHash3 (x86, 32-bit) of a string's UTF-16 code units, as an unsigned integer. */
export function murmurHash3(text: string, seed = 0): number {
  let hash = seed >>> 0;
  const length = text.length;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  // Two UTF-16 code units make one 32-bit block.
  const blocks = length >> 1;
  for (let block = 0; block < blocks; block++) {
    let k = (text.charCodeAt(2 * block) & 0xffff) | ((text.charCodeAt(2 * block + 1) & 0xffff) << 16);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    hash ^= k;
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  if (length & 1) {
    let k = text.charCodeAt(length - 1) & 0xffff;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    hash ^= k;
  }
  hash ^= length * 2;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
export const seededRandom = mulberry32;

/** A seeded generator of standard normal numbers (Box–Muller over `seededRandom`). */
export function seededGaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 − u keeps the logarithm away from 0.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
