import { describe, expect, it } from "vitest";
import {
  mase,
  meanAbsoluteError,
  meanOfDefined,
  rollingOriginBacktest,
  rollingOrigins,
  seasonalNaive,
  seasonalNaiveScale,
} from "../../../tools/forecast-sales/backtest.ts";

// Two weeks: a 10 then a 12 on the first day, everything else alike.
const history = [10, 0, 5, 5, 5, 5, 5, 12, 0, 5, 5, 5, 5, 5];

describe("seasonal naive and MASE", () => {
  it("repeats the last week", () => {
    expect(seasonalNaive(history, 9)).toEqual([12, 0, 5, 5, 5, 5, 5, 12, 0]);
    expect(() => seasonalNaive([1, 2, 3], 2)).toThrow(RangeError);
  });

  it("scales by the in-sample MAE of the weekly naive rule", () => {
    // |12 − 10| = 2, the other six differences are 0: scale = 2 / 7.
    expect(seasonalNaiveScale(history)).toBeCloseTo(2 / 7, 15);
    expect(seasonalNaiveScale(history.slice(0, 7))).toBeNull();
  });

  it("computes MASE by hand", () => {
    // MAE of [14, 1] vs [12, 0] = 1.5; 1.5 / (2/7) = 5.25.
    expect(meanAbsoluteError([14, 1], [12, 0])).toBe(1.5);
    expect(mase([14, 1], [12, 0], history)).toBeCloseTo(5.25, 12);
  });

  it("returns null instead of Infinity when the history never varies week to week", () => {
    expect(mase([1], [2], [3, 3, 3, 3, 3, 3, 3, 3])).toBeNull();
  });
});

describe("rolling origins", () => {
  it("places the last non-overlapping windows before the end, keeping enough training", () => {
    expect(rollingOrigins(100, 7, 4, 28)).toEqual([72, 79, 86, 93]);
    expect(rollingOrigins(40, 7, 4, 28)).toEqual([33]);
    expect(rollingOrigins(30, 7, 4, 28)).toEqual([]);
  });

  it("refits at each origin on the past only and scores against the naive rule", () => {
    const values = [...history, 14, 1, 5, 5, 5, 5, 5];
    const seenLengths: number[] = [];
    const windows = rollingOriginBacktest(values, [14], 7, (origin, horizon) => {
      seenLengths.push(origin);
      return Array.from({ length: horizon }, () => 5);
    });
    expect(seenLengths).toEqual([14]);
    const [window] = windows;
    expect(window!.naive).toEqual([12, 0, 5, 5, 5, 5, 5]);
    // Model errors: 9, 4, 0… → MAE 13/7; naive errors: 2, 1, 0… → MAE 3/7; scale 2/7.
    expect(window!.mase).toBeCloseTo(13 / 2, 12);
    expect(window!.naiveMase).toBeCloseTo(3 / 2, 12);
  });

  it("averages only the windows that could be scored", () => {
    expect(meanOfDefined([1, null, 2])).toBe(1.5);
    expect(meanOfDefined([null])).toBeNull();
  });
});
