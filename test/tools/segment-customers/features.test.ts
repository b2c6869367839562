import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import {
  countDistinctPoints,
  featureMatrix,
  featureValue,
  log1pStandardize,
  type CustomerFeatures,
} from "../../../tools/segment-customers/features.ts";

const customer: CustomerFeatures = {
  customerId: "c1",
  recencyDays: 10,
  frequency: 4,
  monetary: 200,
  tenureDays: 300,
  distinctProducts: 7,
};

describe("featureValue / featureMatrix", () => {
  it("reads every feature in real units; average order value is spend per order", () => {
    expect(featureMatrix([customer], ["recency", "frequency", "monetary", "tenure", "average_order_value", "distinct_products"])).toEqual([
      [10, 4, 200, 300, 50, 7],
    ]);
    expect(featureValue({ ...customer, frequency: 0, monetary: 0 }, "average_order_value")).toBe(0);
  });
});

describe("log1pStandardize", () => {
  it("log1p-transforms, then z-scores with the population standard deviation", () => {
    // Column values e−1 and e³−1 → log1p gives 1 and 3 → mean 2, population sd 1 → z = −1, +1.
    const { points, means, standardDeviations } = log1pStandardize([[Math.E - 1], [Math.E ** 3 - 1]]);
    expect(means[0]).toBeCloseTo(2, 12);
    expect(standardDeviations[0]).toBeCloseTo(1, 12);
    expect(points[0]![0]).toBeCloseTo(-1, 12);
    expect(points[1]![0]).toBeCloseTo(1, 12);
  });

  it("matches an independent computation on three rows", () => {
    const rows = [
      [0, 1],
      [1, 3],
      [3, 7],
    ];
    // Column 0: log1p → 0, ln 2, ln 4 = 0, a, 2a with a = ln 2; mean a, sd a·√(2/3).
    const a = Math.log(2);
    const { points } = log1pStandardize(rows);
    const sd = a * Math.sqrt(2 / 3);
    expect(points.map((row) => row[0])).toEqual([-a / sd, 0, a / sd].map((value) => expect.closeTo(value, 12)));
    // Column 1: log1p → ln 2, ln 4, ln 8 = a, 2a, 3a: the same z-scores.
    expect(points.map((row) => row[1])).toEqual([-a / sd, 0, a / sd].map((value) => expect.closeTo(value, 12)));
  });

  it("scales a constant column to zeros instead of NaN", () => {
    const { points, standardDeviations } = log1pStandardize([
      [5, 1],
      [5, 2],
    ]);
    expect(standardDeviations[0]).toBe(0);
    expect(points.map((row) => row[0])).toEqual([0, 0]);
    expect(points.flat().every(Number.isFinite)).toBe(true);
  });

  it("refuses negative or non-finite values, which would turn into NaN", () => {
    expect(() => log1pStandardize([[-2]])).toThrow(AppError);
    expect(() => log1pStandardize([[Number.POSITIVE_INFINITY]])).toThrow(/finite and non-negative/);
  });
});

describe("countDistinctPoints", () => {
  it("counts different vectors", () => {
    expect(
      countDistinctPoints([
        [0, 1],
        [0, 1],
        [1, 0],
      ]),
    ).toBe(2);
  });
});
