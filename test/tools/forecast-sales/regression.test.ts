import { describe, expect, it } from "vitest";
import { robustLeastSquares, weightedLeastSquares, weightedRSquared } from "../../../tools/forecast-sales/regression.ts";

describe("weightedLeastSquares", () => {
  it("recovers an exact line", () => {
    const rows = [0, 1, 2, 3, 4].map((x) => [1, x]);
    const fit = weightedLeastSquares(rows, [3, 5, 7, 9, 11], [1, 1, 1, 1, 1]);
    expect(fit.coefficients[0]).toBeCloseTo(3, 9);
    expect(fit.coefficients[1]).toBeCloseTo(2, 9);
    expect(fit.rSquared).toBeCloseTo(1, 12);
  });

  it("matches the hand-solved weighted normal equations", () => {
    // Σw=4, Σwx=4, Σwx²=6, Σwy=9, Σwxy=10 → [4 4; 4 6]β = [9; 10] → β = (1.75, 0.5).
    const fit = weightedLeastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 2], [1, 2, 1]);
    expect(fit.coefficients[0]).toBeCloseTo(1.75, 8);
    expect(fit.coefficients[1]).toBeCloseTo(0.5, 8);
  });

  it("penalises every column but the intercept with the ridge", () => {
    // [4 4; 4 6+2]β = [9; 10] → β = (2, 0.25).
    const fit = weightedLeastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 2], [1, 2, 1], { ridge: 2 });
    expect(fit.coefficients[0]).toBeCloseTo(2, 10);
    expect(fit.coefficients[1]).toBeCloseTo(0.25, 10);
  });

  it("ignores rows of weight 0", () => {
    const fit = weightedLeastSquares([[1], [1], [1]], [1, 2, 10], [1, 1, 0]);
    expect(fit.coefficients[0]).toBeCloseTo(1.5, 12);
  });

  it("solves a design with a column that is all zeros (a weekday never seen)", () => {
    const rows = [0, 1, 2, 3].map((x) => [1, x, 0]);
    const fit = weightedLeastSquares(rows, [1, 2, 3, 4], [1, 1, 1, 1]);
    expect(fit.coefficients[0]).toBeCloseTo(1, 8);
    expect(fit.coefficients[1]).toBeCloseTo(1, 8);
    expect(fit.coefficients[2]).toBeCloseTo(0, 8);
  });

  it("refuses inputs of different lengths and negative weights", () => {
    expect(() => weightedLeastSquares([[1]], [1, 2], [1])).toThrow(RangeError);
    expect(() => weightedLeastSquares([[1], [1]], [1, 2], [1, -1])).toThrow(RangeError);
    expect(() => weightedLeastSquares([], [], [])).toThrow(RangeError);
  });
});

describe("robustLeastSquares", () => {
  it("is not dragged by a single spike, where plain least squares is", () => {
    const xs = Array.from({ length: 20 }, (_, index) => index);
    const ys = xs.map((x) => 1 + x + (x % 2 === 0 ? 0.1 : -0.1));
    ys[15] = 100;
    const rows = xs.map((x) => [1, x]);
    const weights = xs.map(() => 1);
    const plain = weightedLeastSquares(rows, ys, weights);
    const robust = robustLeastSquares(rows, ys, weights);
    expect(Math.abs(plain.coefficients[1]! - 1)).toBeGreaterThan(0.5);
    expect(robust.coefficients[1]).toBeCloseTo(1, 1);
    expect(robust.coefficients[0]).toBeCloseTo(1, 0);
    expect(robust.robustWeights[15]).toBeLessThan(0.05);
    expect(robust.robustWeights[3]).toBe(1);
  });

  it("returns the exact fit unchanged when there is nothing to down-weight", () => {
    const rows = [0, 1, 2, 3].map((x) => [1, x]);
    const fit = robustLeastSquares(rows, [2, 4, 6, 8], [1, 1, 1, 1]);
    expect(fit.coefficients[0]).toBeCloseTo(2, 9);
    expect(fit.coefficients[1]).toBeCloseTo(2, 9);
    expect(fit.robustWeights).toEqual([1, 1, 1, 1]);
  });
});

describe("weightedRSquared", () => {
  it("matches a hand computation", () => {
    // ȳ_w = 9/4 = 2.25; SSres = 2·1 = 2; SStot = 1.25² + 0.25² + 2·0.75² = 2.75.
    expect(weightedRSquared([1, 2, 3], [1, 2, 2], [1, 1, 2])).toBeCloseTo(1 - 2 / 2.75, 12);
  });

  it("never returns NaN for a constant target", () => {
    expect(weightedRSquared([5, 5, 5], [5, 5, 5], [1, 1, 1])).toBe(1);
    expect(weightedRSquared([5, 5, 5], [4, 5, 6], [1, 1, 1])).toBe(0);
    expect(weightedRSquared([1, 2], [1, 2], [0, 0])).toBe(0);
  });
});
