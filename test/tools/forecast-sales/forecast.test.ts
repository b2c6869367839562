import { describe, expect, it } from "vitest";
import { fromDayNumber, toDayNumber, weekdayOf } from "../../../tools/forecast-sales/calendar.ts";
import { backtestWindowDays, effectiveHorizon, partialWeekBand, runForecast } from "../../../tools/forecast-sales/forecast.ts";
import type { DailySeries } from "../../../tools/forecast-sales/model.ts";

/** A deterministic noisy shop: level 1000, weekday profile, Saturdays closed, ±30 % multiplicative noise. */
function noisyShop(start: string, days: number): DailySeries {
  const firstDay = toDayNumber(start);
  let state = 12345;
  const uniform = (): number => {
    // Park–Miller LCG: fixed sequence, so the test is deterministic.
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const profile = [1.2, 1.1, 1, 1.1, 0.9, 0, 0.5];
  const values: number[] = [];
  const traded: boolean[] = [];
  for (let index = 0; index < days; index++) {
    const weekday = weekdayOf(firstDay + index);
    const noise = Math.exp(0.3 * (uniform() + uniform() + uniform() - 1.5) * 2);
    values.push(weekday === 5 ? 0 : 1000 * profile[weekday]! * noise);
    traded.push(weekday !== 5);
  }
  return { firstDay, values, traded };
}

describe("horizons", () => {
  it("keeps daily horizons and rounds weekly ones up to the Sunday ending their ISO week", () => {
    const wednesday = toDayNumber("2011-11-30");
    expect(effectiveHorizon(wednesday, 7, "day")).toBe(7);
    // 7 days from Wednesday end on Tuesday 2011-12-06 → through Sunday 2011-12-11.
    expect(effectiveHorizon(wednesday, 7, "week")).toBe(12);
    expect(effectiveHorizon(toDayNumber("2011-12-05"), 14, "week")).toBe(14);
  });

  it("backtests over the horizon in whole weeks, at most four", () => {
    expect(backtestWindowDays(1)).toBe(7);
    expect(backtestWindowDays(10)).toBe(14);
    expect(backtestWindowDays(365)).toBe(28);
  });
});

describe("runForecast", () => {
  const history = noisyShop("2023-01-02", 364);

  it("returns daily points with intervals around them and 0 on closed days", () => {
    const result = runForecast({ series: history, horizonDays: 28, granularity: "day" });
    expect(result.points).toHaveLength(28);
    expect(fromDayNumber(result.points[0]!.startDay)).toBe("2024-01-01");
    for (const point of result.points) {
      if (weekdayOf(point.startDay) === 5) {
        expect(point).toMatchObject({ value: 0, lower: 0, upper: 0, closed: true });
      } else {
        expect(point.lower).toBeLessThan(point.value);
        expect(point.upper).toBeGreaterThan(point.value);
      }
    }
    expect(result.backtest.windowDays).toBe(28);
    expect(result.backtest.originDays).toHaveLength(6);
    expect(result.band!.count).toBeGreaterThan(100);
    // A stable noisy shop: the model should beat "same day last week" clearly.
    expect(result.backtest.mase!).toBeLessThan(result.backtest.seasonalNaiveMase!);
  });

  it("covers roughly 80 % of what happens next with its 80 % intervals", () => {
    const full = noisyShop("2023-01-02", 364 + 84);
    const train: DailySeries = { firstDay: full.firstDay, values: full.values.slice(0, 364), traded: full.traded.slice(0, 364) };
    const result = runForecast({ series: train, horizonDays: 84, granularity: "day" });
    const open = result.points.filter((point) => !point.closed);
    const covered = open.filter((point) => {
      const actual = full.values[point.startDay - full.firstDay]!;
      return actual >= point.lower && actual <= point.upper;
    });
    const coverage = covered.length / open.length;
    expect(coverage).toBeGreaterThan(0.65);
    expect(coverage).toBeLessThan(0.95);
  });

  it("sums days into ISO weeks, with a partial first week", () => {
    // History ends on a Tuesday, so the forecast starts on a Wednesday.
    const train: DailySeries = { firstDay: history.firstDay, values: history.values.slice(0, 359), traded: history.traded.slice(0, 359) };
    const result = runForecast({ series: train, horizonDays: 14, granularity: "week" });
    expect(fromDayNumber(result.daily[0]!.day)).toBe("2023-12-27");
    expect(result.forecastDays).toBe(19);
    expect(result.points.map((point) => [fromDayNumber(point.startDay), point.days])).toEqual([
      ["2023-12-27", 5],
      ["2024-01-01", 7],
      ["2024-01-08", 7],
    ]);
    const dailyTotal = result.daily.reduce((sum, forecast) => sum + forecast.value, 0);
    const weeklyTotal = result.points.reduce((sum, point) => sum + point.value, 0);
    expect(weeklyTotal).toBeCloseTo(dailyTotal, 6);
    for (const point of result.points) {
      expect(point.lower).toBeLessThanOrEqual(point.value);
      expect(point.upper).toBeGreaterThanOrEqual(point.value);
    }
  });

  it("starts after a gap without returning the gap days", () => {
    const result = runForecast({ series: history, horizonDays: 7, granularity: "day", gapDays: 10 });
    expect(fromDayNumber(result.points[0]!.startDay)).toBe("2024-01-11");
    expect(result.points).toHaveLength(7);
  });

  it("is deterministic", () => {
    const first = runForecast({ series: history, horizonDays: 30, granularity: "week" });
    const second = runForecast({ series: history, horizonDays: 30, granularity: "week" });
    expect(second.points).toEqual(first.points);
    expect(second.backtest).toEqual(first.backtest);
  });
});

describe("partialWeekBand", () => {
  const daily = { lower: -0.6, upper: 0.6, count: 100, window: 28 };
  const weekly = { lower: -0.3, upper: 0.3, count: 16, window: 4 };

  it("uses the daily band for one day, the weekly band for seven, and interpolates between", () => {
    expect(partialWeekBand(daily, weekly, 1)).toMatchObject({ lower: -0.6, upper: 0.6 });
    expect(partialWeekBand(daily, weekly, 7)).toEqual(weekly);
    const four = partialWeekBand(daily, weekly, 4)!;
    expect(four.lower).toBeCloseTo(-0.45, 12);
    expect(four.upper).toBeCloseTo(0.45, 12);
  });

  it("falls back to whichever band exists", () => {
    expect(partialWeekBand(null, weekly, 3)).toBe(weekly);
    expect(partialWeekBand(daily, null, 3)).toBe(daily);
    expect(partialWeekBand(null, null, 3)).toBeNull();
  });
});
