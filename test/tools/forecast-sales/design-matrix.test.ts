import { describe, expect, it } from "vitest";
import { toDayNumber } from "../../../tools/forecast-sales/calendar.ts";
import {
  type DesignSpec,
  designColumns,
  designRow,
  fourierTerms,
  recencyWeights,
  tradingWeekdayColumns,
  trendValue,
} from "../../../tools/forecast-sales/design-matrix.ts";

describe("trendValue", () => {
  const anchor = 1000;

  it("is a straight line in years up to the anchor", () => {
    expect(trendValue(anchor, anchor, 0.5)).toBe(0);
    expect(trendValue(anchor - 10, anchor, 0.5)).toBeCloseTo(-10 / 365.25, 15);
  });

  it("adds φ + φ² + … + φʰ days of slope after the anchor", () => {
    // φ = 0.5, h = 2 → 0.5 + 0.25 = 0.75 days; the limit is φ/(1 − φ) = 1 day.
    expect(trendValue(anchor + 2, anchor, 0.5)).toBeCloseTo(0.75 / 365.25, 15);
    expect(trendValue(anchor + 200, anchor, 0.5)).toBeCloseTo(1 / 365.25, 15);
    expect(trendValue(anchor + 30, anchor, 1)).toBeCloseTo(30 / 365.25, 15);
  });
});

describe("designRow", () => {
  it("lays out intercept, weekday dummies, trend and Fourier pairs in column order", () => {
    const spec: DesignSpec = {
      intercept: true,
      weekdayColumns: [1, 2],
      trend: true,
      anchorDay: toDayNumber("2024-01-10"),
      damping: 1,
      annualHarmonics: 1,
    };
    expect(designColumns(spec)).toEqual(["intercept", "weekday:Tuesday", "weekday:Wednesday", "trend", "annual:sin1", "annual:cos1"]);
    // 2024-01-02 is a Tuesday, 8 days before the anchor; 1 day into the year.
    const angle = (2 * Math.PI * 1) / 366;
    const row = designRow(toDayNumber("2024-01-02"), spec);
    expect(row.slice(0, 3)).toEqual([1, 1, 0]);
    expect(row[3]).toBeCloseTo(-8 / 365.25, 15);
    expect(row[4]).toBeCloseTo(Math.sin(angle), 12);
    expect(row[5]).toBeCloseTo(Math.cos(angle), 12);
  });

  it("starts the annual cycle on 1 January", () => {
    expect(fourierTerms(toDayNumber("2023-01-01"), 2)).toEqual([0, 1, 0, 1]);
  });
});

describe("tradingWeekdayColumns and recencyWeights", () => {
  it("drops closed weekdays and the first trading weekday (the reference)", () => {
    expect(tradingWeekdayColumns([false, false, false, false, false, true, false])).toEqual([1, 2, 3, 4, 6]);
    expect(tradingWeekdayColumns([true, false, false, false, false, false, false])).toEqual([2, 3, 4, 5, 6]);
  });

  it("halves the weight every half-life, or weighs all days alike", () => {
    expect(recencyWeights([93, 100, 86], 100, 7)).toEqual([0.5, 1, 0.25]);
    expect(recencyWeights([1, 50], 100, Infinity)).toEqual([1, 1]);
  });
});
