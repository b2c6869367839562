/**
 * Adjusted Rand index (Hubert & Arabie 1985) between two labellings of the same points
 * (pure). 1 means the same partition (whatever the label numbers), about 0 what random
 * labellings agree by chance, negative less than chance. Used to check that k-means
 * gives the same segments from different seeds.
 */
import { AppError } from "../../src/core/errors.ts";

function pairs(count: number): number {
  return (count * (count - 1)) / 2;
}

/**
 * ARI of two labellings (any integer labels). Both must have the same length.
 * Like scikit-learn, two trivial identical partitions (one cluster each, or all
 * singletons) score 1.
 */
export function adjustedRandIndex(first: ArrayLike<number>, second: ArrayLike<number>): number {
  if (first.length !== second.length) {
    throw new AppError(
      "invalid_labels",
      "internal",
      `Adjusted Rand index needs two labellings of the same points; got ${first.length} and ${second.length} labels.`,
    );
  }
  const count = first.length;
  const firstSizes = new Map<number, number>();
  const secondSizes = new Map<number, number>();
  const cells = new Map<string, number>();
  for (let index = 0; index < count; index++) {
    const a = first[index] as number;
    const b = second[index] as number;
    firstSizes.set(a, (firstSizes.get(a) ?? 0) + 1);
    secondSizes.set(b, (secondSizes.get(b) ?? 0) + 1);
    const cell = `${a}|${b}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
  }
  let index = 0;
  for (const size of cells.values()) index += pairs(size);
  let firstPairs = 0;
  for (const size of firstSizes.values()) firstPairs += pairs(size);
  let secondPairs = 0;
  for (const size of secondSizes.values()) secondPairs += pairs(size);
  const totalPairs = pairs(count);
  const expected = totalPairs === 0 ? 0 : (firstPairs * secondPairs) / totalPairs;
  const maximum = (firstPairs + secondPairs) / 2;
  // The denominator is 0 only when both partitions are the same trivial one.
  if (maximum - expected === 0) return 1;
  return (index - expected) / (maximum - expected);
}
