/**
 * Turns a forecast run into what people and the model read: recent history at the
 * output granularity, the comparison with the previous period, the model's terms
 * in words, and the short summary. Pure.
 */
import { WEEKDAY_NAMES, fromDayNumber, isoWeekBuckets } from "./calendar.ts";
import type { Granularity } from "./forecast.ts";
import type { DailySeries, FittedModel } from "./model.ts";

const WEEK = 7;
/** Change (in %) beyond which the trend counts as up or down. */
export const FLAT_BAND_PERCENT = 5;
/** History shown for charts: twice the forecast, at least 8 weeks, at most a year. */
const MIN_RECENT_DAYS = 56;
const MAX_RECENT_DAYS = 364;

/** One observed period. */
export interface HistoryPoint {
  date: string;
  days: number;
  value: number;
}

/** The tail of the history for charts, by day or ISO week. */
export function recentHistory(series: DailySeries, granularity: Granularity, forecastDays: number): HistoryPoint[] {
  const wanted = Math.min(MAX_RECENT_DAYS, Math.max(MIN_RECENT_DAYS, 2 * forecastDays));
  const start = Math.max(0, series.values.length - wanted);
  const days = series.values.slice(start).map((_, offset) => series.firstDay + start + offset);
  const values = series.values.slice(start);
  if (granularity === "day") return days.map((day, index) => ({ date: fromDayNumber(day), days: 1, value: values[index]! }));
  return isoWeekBuckets(days).map((bucket) => ({
    date: fromDayNumber(days[bucket.positions[0]!]!),
    days: bucket.positions.length,
    value: bucket.positions.reduce((total, position) => total + values[position]!, 0),
  }));
}

/** The forecast compared with the days just before it. */
export interface TrendComparison {
  direction: "up" | "down" | "flat";
  changePercent: number | null;
  forecastTotal: number;
  previousTotal: number;
  previousFrom: string;
  previousTo: string;
}

/**
 * Compares the forecast total with the same days of the week just before it: the
 * `forecastDays` days that start 7·⌈forecastDays / 7⌉ days before the forecast, so a
 * one-day forecast for a Monday is compared with last Monday, not with Sunday. When
 * the history is shorter than that, all of it is used and the two are compared per
 * day, so a 90-day forecast after 60 days of history is not "up 50 %" by construction.
 */
export function compareWithPrevious(series: DailySeries, forecastTotal: number, forecastDays: number): TrendComparison {
  const length = series.values.length;
  const lookBack = WEEK * Math.ceil(forecastDays / WEEK);
  const start = lookBack <= length ? length - lookBack : 0;
  const previousDays = lookBack <= length ? forecastDays : length;
  const previous = series.values.slice(start, start + previousDays);
  const previousTotal = previous.reduce((total, value) => total + value, 0);
  const forecastPerDay = forecastTotal / forecastDays;
  const previousPerDay = previousTotal / previousDays;
  const changePercent = previousPerDay > 0 ? ((forecastPerDay - previousPerDay) / previousPerDay) * 100 : null;
  let direction: TrendComparison["direction"] = "flat";
  if (changePercent === null) direction = forecastTotal > 0 ? "up" : "flat";
  else if (changePercent > FLAT_BAND_PERCENT) direction = "up";
  else if (changePercent < -FLAT_BAND_PERCENT) direction = "down";
  return {
    direction,
    changePercent,
    forecastTotal,
    previousTotal,
    previousFrom: fromDayNumber(series.firstDay + start),
    previousTo: fromDayNumber(series.firstDay + start + previousDays - 1),
  };
}

/** The regression terms of a fitted model, in words. */
export function modelTerms(model: FittedModel): string[] {
  const { options, calendar } = model;
  const trading = WEEKDAY_NAMES.filter((_, weekday) => !calendar.closedWeekdays[weekday]);
  const closed = WEEKDAY_NAMES.filter((_, weekday) => calendar.closedWeekdays[weekday]);
  const terms = [
    `level, recency-weighted (half-life ${options.levelHalfLifeDays} days)`,
    `trend, damped by ${options.damping} per day when extrapolated`,
    `weekday effects for ${trading.join(", ")} (half-life ${options.weekdayHalfLifeDays} days)`,
  ];
  if (model.annual !== null) terms.push(`annual seasonality (${options.annualHarmonics} Fourier pairs, all history)`);
  if (closed.length > 0) terms.push(`closed weekdays forecast as 0: ${closed.join(", ")}`);
  if (calendar.recurringClosures.size > 0) terms.push(`yearly closures forecast as 0: ${calendar.recurringClosures.size} dates (e.g. a Christmas break)`);
  if (calendar.closures.length > 0) terms.push(`${calendar.closures.length} holiday closures left out of the fit`);
  terms.push(model.robust ? "Huber-robust weighted least squares" : "weighted least squares (mean rate of an intermittent series)");
  return terms;
}

/** The method in one sentence. */
export function methodSentence(model: FittedModel): string {
  const scale = model.transform.kind === "log" ? "log(y + c)" : "y";
  return (
    `Regression on ${scale} in ${model.annual === null ? "two" : "three"} passes ` +
    `(${model.annual === null ? "" : "annual seasonality, "}weekday profile, recent level with a damped trend), ` +
    `${model.robust ? "Huber-robust" : "plain"} weighted least squares; closed days forecast as 0; 80 % intervals from backtest errors.`
  );
}

/** Formats a number for the summary: thousands separators; one decimal below 100, two below 10. */
export function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Inputs of the summary text. */
export interface SummaryFacts {
  metric: string;
  scope: string;
  asOf: string;
  forecastDays: number;
  granularity: Granularity;
  trend: TrendComparison;
  /** The first forecast period that is not closed, if any. */
  firstOpenPoint: { date: string; value: number; lower: number; upper: number } | null;
  rSquared: number;
  /** The regression's scale, named in the R² sentence. */
  scale: "log" | "identity";
  annualSeasonality: boolean;
  mase: number | null;
  naiveMase: number | null;
  windows: number;
}

/** Beyond this many days, a forecast without annual seasonality says so. */
const LONG_HORIZON_DAYS = 90;

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The short text for the model (≈ 600 characters at most). */
export function summaryText(facts: SummaryFacts): string {
  const { trend } = facts;
  const period = trend.previousFrom === trend.previousTo ? trend.previousFrom : `${trend.previousFrom}…${trend.previousTo}`;
  const change =
    trend.changePercent === null
      ? `nothing was sold in ${period}`
      : `${trend.changePercent >= 0 ? "+" : ""}${trend.changePercent.toFixed(1)}% vs ${period} (${trend.direction})`;
  const parts = [
    `Forecast of ${facts.metric} for ${facts.scope}, ${plural(facts.forecastDays, "day")} from ${facts.asOf}: ` +
      `${formatNumber(trend.forecastTotal)} in total, ${change}.`,
    facts.firstOpenPoint === null
      ? "The shop is expected to be closed throughout."
      : `First ${facts.granularity === "day" ? "trading day" : "week"} (${facts.firstOpenPoint.date}): ${formatNumber(facts.firstOpenPoint.value)} ` +
        `(80% interval ${formatNumber(facts.firstOpenPoint.lower)}–${formatNumber(facts.firstOpenPoint.upper)}).`,
    `Model: regression with recent level, damped trend and weekday effects; R² ${facts.rSquared.toFixed(2)} ` +
      `(${facts.scale === "log" ? "log scale" : "unit scale"}, recency-weighted).`,
  ];
  if (facts.mase !== null && facts.naiveMase !== null) {
    const verdict = facts.mase < facts.naiveMase ? "better than" : "not better than";
    parts.push(
      `Backtest (${plural(facts.windows, "window")}): MASE ${facts.mase.toFixed(2)} vs seasonal naive ${facts.naiveMase.toFixed(2)}, ${verdict} the naive rule.`,
    );
  } else {
    parts.push("Backtest: MASE undefined (sales repeat exactly week to week, so the naive rule never erred in-sample).");
  }
  if (!facts.annualSeasonality && facts.forecastDays > LONG_HORIZON_DAYS) {
    parts.push("Under two years of history, so no annual seasonality: later weeks carry today's level forward.");
  }
  return parts.join(" ");
}
