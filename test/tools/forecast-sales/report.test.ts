import { describe, expect, it } from "vitest";
import { toDayNumber } from "../../../tools/forecast-sales/calendar.ts";
import type { DailySeries } from "../../../tools/forecast-sales/model.ts";
import { compareWithPrevious, formatNumber, recentHistory, summaryText } from "../../../tools/forecast-sales/report.ts";

function flat(days: number, value: number): DailySeries {
  return { firstDay: toDayNumber("2024-01-01"), values: new Array<number>(days).fill(value), traded: new Array<boolean>(days).fill(true) };
}

describe("compareWithPrevious", () => {
  it("compares the forecast total with as many days on the same weekdays just before", () => {
    // 100 days from 2024-01-01; 28 days → the last 28 days.
    const comparison = compareWithPrevious(flat(100, 10), 308, 28);
    expect(comparison).toMatchObject({ previousTotal: 280, forecastTotal: 308, direction: "up", previousFrom: "2024-03-13", previousTo: "2024-04-09" });
    expect(comparison.changePercent).toBeCloseTo(10, 12);
    // 30 days → the 30 days that start 35 days before the forecast.
    expect(compareWithPrevious(flat(100, 10), 330, 30)).toMatchObject({ previousFrom: "2024-03-06", previousTo: "2024-04-04" });
  });

  it("compares a one-day forecast with the same weekday last week", () => {
    const history: DailySeries = { ...flat(14, 0), values: [5, 0, 0, 0, 0, 0, 0, 7, 1, 1, 1, 1, 1, 1] };
    // The forecast day (day 14) is the weekday of day 7.
    const comparison = compareWithPrevious(history, 14, 1);
    expect(comparison.previousTotal).toBe(7);
    expect(comparison.changePercent).toBeCloseTo(100, 12);
  });

  it("calls changes within ±5 % flat, and larger falls down", () => {
    expect(compareWithPrevious(flat(100, 10), 310, 30).direction).toBe("flat");
    expect(compareWithPrevious(flat(100, 10), 240, 30).direction).toBe("down");
  });

  it("compares per day when the history is shorter than the forecast", () => {
    const comparison = compareWithPrevious(flat(60, 10), 900, 90);
    expect(comparison.previousTotal).toBe(600);
    expect(comparison.changePercent).toBeCloseTo(0, 12);
    expect(comparison.direction).toBe("flat");
  });

  it("has no percentage (not Infinity) after a period without sales", () => {
    const comparison = compareWithPrevious(flat(60, 0), 50, 7);
    expect(comparison.changePercent).toBeNull();
    expect(comparison.direction).toBe("up");
    expect(compareWithPrevious(flat(60, 0), 0, 1)).toMatchObject({ changePercent: null, direction: "flat" });
  });
});

describe("recentHistory", () => {
  it("shows at least eight weeks, by day or ISO week", () => {
    const history = flat(100, 2); // 2024-01-01 (Monday) … 2024-04-09 (Tuesday)
    const daily = recentHistory(history, "day", 7);
    expect(daily).toHaveLength(56);
    expect(daily.at(-1)).toEqual({ date: "2024-04-09", days: 1, value: 2 });
    const weekly = recentHistory(history, "week", 7);
    expect(weekly[0]).toEqual({ date: "2024-02-14", days: 5, value: 10 });
    expect(weekly.at(-1)).toEqual({ date: "2024-04-08", days: 2, value: 4 });
  });
});

describe("summaryText", () => {
  it("stays short and carries the key numbers", () => {
    const text = summaryText({
      metric: "revenue",
      scope: `product 85123A (${"VERY LONG PRODUCT NAME ".repeat(3)}), bought by customers of segment sgm_123456:3 (1234 customers)`,
      asOf: "2011-12-10",
      forecastDays: 28,
      granularity: "day",
      trend: { direction: "up", changePercent: 12.34, forecastTotal: 1234567.8, previousTotal: 1000000, previousFrom: "2011-11-12", previousTo: "2011-12-09" },
      firstOpenPoint: { date: "2011-12-11", value: 20000, lower: 12000, upper: 40000 },
      rSquared: 0.5123,
      scale: "log",
      annualSeasonality: false,
      mase: 0.91,
      naiveMase: 1.18,
      windows: 6,
    });
    expect(text.length).toBeLessThanOrEqual(600);
    expect(text).toContain("1,234,568");
    expect(text).toContain("+12.3% vs 2011-11-12…2011-12-09 (up)");
    expect(text).toContain("MASE 0.91 vs seasonal naive 1.18");
    expect(text).toContain("R² 0.51");
    expect(text).not.toContain("annual");
  });

  it("warns that long horizons without annual seasonality carry today's level forward", () => {
    const text = summaryText({
      metric: "orders",
      scope: "all sales",
      asOf: "2011-12-10",
      forecastDays: 365,
      granularity: "week",
      trend: { direction: "up", changePercent: 40, forecastTotal: 1000, previousTotal: 700, previousFrom: "2010-12-09", previousTo: "2011-12-09" },
      firstOpenPoint: null,
      rSquared: 0.5,
      scale: "log",
      annualSeasonality: false,
      mase: null,
      naiveMase: null,
      windows: 1,
    });
    expect(text).toContain("no annual seasonality");
    expect(text).toContain("365 days from");
    expect(text.length).toBeLessThanOrEqual(600);
  });

  it("formats small and large numbers readably", () => {
    expect(formatNumber(1234567.8)).toBe("1,234,568");
    expect(formatNumber(12.345)).toBe("12.3");
    expect(formatNumber(1.2345)).toBe("1.23");
  });
});
