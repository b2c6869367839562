import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import { adjustedRandIndex } from "../../../tools/segment-customers/ari.ts";

describe("adjustedRandIndex", () => {
  it("is 1 for the same partition under any relabelling", () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [7, 7, 3, 3, 5])).toBe(1);
  });

  it("matches hand-computed values", () => {
    // [0,0,1,1] vs [0,0,1,2]: 6 pairs; agreeing pairs Σ C(n_ij,2) = 1; Σ C(a_i,2) = 2;
    // Σ C(b_j,2) = 1; expected = 2·1/6 = 1/3; max = 1.5; ARI = (1 − 1/3)/(1.5 − 1/3) = 4/7.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
    // Every cell holds one point: index 0, expected 2·2/6 = 2/3, max 2 → (0 − 2/3)/(2 − 2/3) = −0.5.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    // One cluster against all singletons: Σ C(n_ij,2) = 0, expected 6·0/6 = 0, max 3 → 0.
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it("scores trivial identical partitions as 1, like scikit-learn", () => {
    expect(adjustedRandIndex([1, 1, 1], [4, 4, 4])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2], [2, 0, 1])).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
  });

  it("refuses labellings of different lengths", () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(AppError);
  });
});
