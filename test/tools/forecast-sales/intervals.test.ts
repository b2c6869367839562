import { describe, expect, it } from "vitest";
import { bandAt, quantile, residualBand } from "../../../tools/forecast-sales/intervals.ts";

describe("quantile", () => {
  it("interpolates like R's default (type 7)", () => {
    // R: quantile(c(1, 2, 3, 4), c(0.1, 0.5, 0.9)) → 1.3, 2.5, 3.7
    expect(quantile([4, 1, 3, 2], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantile([4, 1, 3, 2], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([7], 0.9)).toBe(7);
  });

  it("refuses empty input and probabilities outside [0, 1]", () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});

describe("residual bands", () => {
  it("takes the central quantiles and widens them like a random walk beyond the window", () => {
    const band = residualBand([-2, -1, 0, 1, 2], 0.8, 14)!;
    // Type 7 on 5 values: q0.1 at position 0.4 → −1.6; q0.9 → 1.6.
    expect(band.lower).toBeCloseTo(-1.6, 12);
    expect(band.upper).toBeCloseTo(1.6, 12);
    expect(band.count).toBe(5);
    expect(bandAt(band, 7)).toEqual({ lower: band.lower, upper: band.upper });
    const far = bandAt(band, 56);
    expect(far.lower).toBeCloseTo(-3.2, 12);
    expect(far.upper).toBeCloseTo(3.2, 12);
  });

  it("has no band without residuals", () => {
    expect(residualBand([], 0.8, 7)).toBeNull();
  });
});
