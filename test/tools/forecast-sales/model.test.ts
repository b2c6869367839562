import { describe, expect, it } from "vitest";
import { fromDayNumber, toDayNumber, weekdayOf, yearFraction } from "../../../tools/forecast-sales/calendar.ts";
import {
  DEFAULT_MODEL_OPTIONS,
  type DailySeries,
  type ModelOptions,
  chooseTransform,
  fitModel,
  forecastDays,
  trendGrowth,
} from "../../../tools/forecast-sales/model.ts";

/** A series from `start` with `valueOf(dayNumber)`; the shop trades unless `closed(dayNumber)`. */
function series(start: string, days: number, valueOf: (day: number) => number, closed: (day: number) => boolean = () => false): DailySeries {
  const firstDay = toDayNumber(start);
  const dayNumbers = Array.from({ length: days }, (_, index) => firstDay + index);
  return {
    firstDay,
    values: dayNumbers.map((day) => (closed(day) ? 0 : valueOf(day))),
    traded: dayNumbers.map((day) => !closed(day)),
  };
}

/** Straight-line, additive options: what makes exact series come back exactly. */
const exactOptions: ModelOptions = { ...DEFAULT_MODEL_OPTIONS, transform: "identity", damping: 1 };

describe("fitModel / forecastDays", () => {
  it("forecasts an exact linear series exactly", () => {
    const first = toDayNumber("2024-01-01");
    const history = series("2024-01-01", 70, (day) => 100 + 2 * (day - first));
    const forecasts = forecastDays(fitModel(history, exactOptions), 10);
    forecasts.forEach((forecast, step) => {
      expect(forecast.day).toBe(first + 70 + step);
      expect(forecast.value).toBeCloseTo(100 + 2 * (70 + step), 6);
    });
  });

  it("forecasts an exact weekday pattern on a trend exactly", () => {
    const first = toDayNumber("2024-01-01");
    const truth = (day: number): number => 50 + 10 * weekdayOf(day) + 0.5 * (day - first);
    const model = fitModel(series("2024-01-01", 84, truth), exactOptions);
    for (const forecast of forecastDays(model, 21)) expect(forecast.value).toBeCloseTo(truth(forecast.day), 6);
    expect(model.rSquared).toBeCloseTo(1, 9);
  });

  it("forecasts 0 on Saturdays for a shop closed on Saturdays", () => {
    const isSaturday = (day: number): boolean => weekdayOf(day) === 5;
    const history = series("2024-01-01", 98, (day) => 1000 + 100 * weekdayOf(day), isSaturday);
    const model = fitModel(history);
    expect(model.calendar.closedWeekdays[5]).toBe(true);
    for (const forecast of forecastDays(model, 14)) {
      if (isSaturday(forecast.day)) {
        expect(forecast).toMatchObject({ closed: true, value: 0 });
      } else {
        expect(forecast.closed).toBe(false);
        expect(forecast.value).toBeCloseTo(1000 + 100 * weekdayOf(forecast.day), -1);
      }
    }
  });

  it("leaves holiday closures out of the fit instead of reading them as a slump", () => {
    const holidays = new Set(["2024-03-29", "2024-04-01"]);
    const history = series("2024-01-01", 105, () => 500, (day) => holidays.has(fromDayNumber(day)));
    const model = fitModel(history);
    expect(model.calendar.closures.map(fromDayNumber)).toEqual([...holidays]);
    for (const forecast of forecastDays(model, 7)) expect(forecast.value).toBeCloseTo(500, 6);
  });

  it("adapts the level to a recent shift", () => {
    const shift = toDayNumber("2024-03-11");
    const history = series("2024-01-01", 140, (day) => (day < shift ? 100 : 200));
    const next = forecastDays(fitModel(history), 7);
    // Equal weights would put the level near the 10-week average (~140); recency weighting near 200.
    for (const forecast of next) expect(forecast.value).toBeGreaterThan(185);
  });

  it("damps the trend so a year ahead does not explode", () => {
    const first = toDayNumber("2024-01-01");
    // +1 % a day for 10 weeks: undamped, a year ahead would be ×38.
    const history = series("2024-01-01", 70, (day) => 100 * 1.01 ** (day - first));
    const model = fitModel(history);
    const [last] = forecastDays(model, 365).slice(-1);
    const endLevel = 100 * 1.01 ** 69;
    expect(last!.value).toBeGreaterThan(endLevel);
    // φ = 0.97 caps the extrapolation at about φ/(1 − φ) ≈ 32 days of growth.
    expect(last!.value).toBeLessThan(endLevel * 1.01 ** 34);
    // The log(y + c) scale reads slightly less growth than log(y) would (+32 % per 28 days).
    expect(trendGrowth(model, 28)).toBeGreaterThan(0.28);
    expect(trendGrowth(model, 28)).toBeLessThan(1.01 ** 28 - 1);
  });

  it("fits annual seasonality from two years of history and forecasts its shape", () => {
    const truth = (day: number): number => 1000 * (1 + 0.5 * Math.sin(2 * Math.PI * yearFraction(day))) * (weekdayOf(day) === 6 ? 0.5 : 1);
    const model = fitModel(series("2021-01-01", 3 * 365, truth));
    expect(model.annual).not.toBeNull();
    // Three months ahead, across the turn of the seasonal curve.
    for (const forecast of forecastDays(model, 90)) {
      expect(Math.abs(forecast.value / truth(forecast.day) - 1)).toBeLessThan(0.05);
    }
  });

  it("fits no annual terms with less than two years", () => {
    const model = fitModel(series("2023-01-01", 700, () => 10));
    expect(model.annual).toBeNull();
  });

  it("forecasts a yearly Christmas break as closed", () => {
    const inBreak = (day: number): boolean => {
      const monthDay = fromDayNumber(day).slice(5);
      return monthDay >= "12-24" || monthDay <= "01-02";
    };
    const history = series("2022-06-01", 600, (day) => 300 + 20 * weekdayOf(day), inBreak);
    const model = fitModel(history);
    const forecasts = forecastDays(model, 240); // from 2024-01-22 to mid-September: no break expected
    expect(forecasts.every((forecast) => !forecast.closed)).toBe(true);
    const later = fitModel(series("2022-06-01", 900, (day) => 300 + 20 * weekdayOf(day), inBreak));
    const closed = forecastDays(later, 60)
      .filter((forecast) => forecast.closed)
      .map((forecast) => fromDayNumber(forecast.day));
    expect(closed[0]).toBe("2024-12-24");
    expect(closed.at(-1)).toBe("2025-01-02");
    expect(closed).toHaveLength(10);
  });
});

describe("chooseTransform", () => {
  it("works on the log scale for series that are (almost) always positive", () => {
    const transform = chooseTransform([10, 20, 30, 40, 50], "auto");
    expect(transform.kind).toBe("log");
    expect(transform.offset).toBeCloseTo(0.05 * 30, 12);
  });

  it("keeps intermittent series on their own scale, so forecasts are means, not a median of 0", () => {
    expect(chooseTransform([0, 0, 3, 0, 0, 2, 0, 0, 1], "auto")).toEqual({ kind: "identity", offset: 0 });
    expect(chooseTransform([0, 0, 0], "auto")).toEqual({ kind: "identity", offset: 0 });
    expect(chooseTransform([5, 6], "identity")).toEqual({ kind: "identity", offset: 0 });
  });

  it("forecasts an intermittent product at its average daily rate", () => {
    const first = toDayNumber("2024-01-01");
    // 3 units every third day: 1 a day on average.
    const model = fitModel(series("2024-01-01", 126, (day) => ((day - first) % 3 === 0 ? 3 : 0)));
    expect(model.transform.kind).toBe("identity");
    expect(model.robust).toBe(false);
    const total = forecastDays(model, 30).reduce((sum, forecast) => sum + forecast.value, 0);
    expect(total).toBeGreaterThan(24);
    expect(total).toBeLessThan(36);
  });
});

describe("sparse and empty series", () => {
  it("forecasts a shop that sells on one day in five at its average daily rate", () => {
    const first = toDayNumber("2024-01-01");
    const history = series("2024-01-01", 140, () => 50, (day) => (day - first) % 5 !== 0);
    const model = fitModel(history);
    const total = forecastDays(model, 50).reduce((sum, forecast) => sum + forecast.value, 0);
    // 10 a day on average: 500 over 50 days, not 2,500 (the rate of the days that sold).
    expect(total).toBeGreaterThan(400);
    expect(total).toBeLessThan(600);
  });

  it("forecasts zeros, not NaN, for a series without any sale", () => {
    const model = fitModel(series("2024-01-01", 70, () => 0));
    for (const forecast of forecastDays(model, 7)) expect(forecast.value).toBe(0);
    expect(Number.isFinite(model.rSquared)).toBe(true);
  });
});
