/**
 * The forecast pipeline: backtest the model on the recent past, fit it on all the
 * history, forecast, put intervals around the forecast from the backtest errors,
 * and aggregate to ISO weeks when asked. Pure: a daily series in, numbers out.
 */
import { isoWeekBuckets, isoWeekStart } from "./calendar.ts";
import { WEEKLY_PERIOD, meanOfDefined, rollingOriginBacktest, rollingOrigins } from "./backtest.ts";
import { INTERVAL_LEVEL, type ResidualBand, bandAt, residualBand } from "./intervals.ts";
import {
  DEFAULT_MODEL_OPTIONS,
  type DailySeries,
  type DayForecast,
  type FittedModel,
  type ModelOptions,
  applyTransform,
  fitModel,
  forecastDays,
  invertTransform,
  truncateSeries,
} from "./model.ts";

/** Output periods. */
export type Granularity = "day" | "week";

/** The longest backtest window, in days: four weeks says enough about a long horizon. */
export const MAX_BACKTEST_WINDOW_DAYS = 28;
/** Backtest windows cover about this many days before the forecast start. */
const BACKTEST_SPAN_DAYS = 168;
const MIN_BACKTEST_WINDOWS = 4;
const MAX_BACKTEST_WINDOWS = 12;
/** Every backtest fit gets at least this much history. */
export const MIN_BACKTEST_TRAINING_DAYS = 28;

/** What to forecast. */
export interface ForecastRequest {
  /** The history: every day from the first sale up to the day before the forecast starts. */
  series: DailySeries;
  /** Days to forecast; weekly output rounds the end up to a Sunday. */
  horizonDays: number;
  /**
   * Days between the end of the history and the forecast start (asOf after the last
   * sale): forecast but not returned. Default 0.
   */
  gapDays?: number;
  granularity: Granularity;
  options?: ModelOptions;
}

/** One output period (a day, or an ISO week). */
export interface ForecastPoint {
  /** First day of the period (the Monday of a week, or the forecast start for a partial first week). */
  startDay: number;
  /** Number of forecast days in the period (1 for days; 1–7 for weeks). */
  days: number;
  value: number;
  lower: number;
  upper: number;
  /** Every day of the period is expected closed. */
  closed: boolean;
}

/** How the model did on the recent past, refitted at each origin. */
export interface BacktestSummary {
  /** Days forecast from each origin. */
  windowDays: number;
  /** Day numbers of the first forecast day of each window, ascending. */
  originDays: number[];
  /** Mean MASE of the model over the windows; null when no window could be scored. */
  mase: number | null;
  /** Mean MASE of the seasonal naive forecast over the same windows. */
  seasonalNaiveMase: number | null;
}

/** The full result of a forecast run. */
export interface ForecastResult {
  model: FittedModel;
  /** Days actually forecast (the horizon, rounded up to a Sunday for weeks). */
  forecastDays: number;
  /** Daily forecasts, always (the weekly points are sums of these). */
  daily: DayForecast[];
  points: ForecastPoint[];
  backtest: BacktestSummary;
  /** The residual band behind the intervals at the output granularity; null when the backtest had nothing to score. */
  band: ResidualBand | null;
  intervalLevel: number;
}

/** Days to forecast for a horizon: as asked for days; through the end of the last ISO week for weeks. */
export function effectiveHorizon(startDay: number, horizonDays: number, granularity: Granularity): number {
  if (granularity === "day") return horizonDays;
  const lastDay = isoWeekStart(startDay + horizonDays - 1) + 6;
  return lastDay - startDay + 1;
}

/** Backtest window for a horizon: whole weeks, at most four. */
export function backtestWindowDays(horizonDays: number): number {
  return Math.min(MAX_BACKTEST_WINDOW_DAYS, WEEKLY_PERIOD * Math.ceil(horizonDays / WEEKLY_PERIOD));
}

/** Runs the backtest, fits the final model and forecasts. */
export function runForecast(request: ForecastRequest): ForecastResult {
  const options = request.options ?? DEFAULT_MODEL_OPTIONS;
  const { series, granularity } = request;
  const length = series.values.length;
  const gap = request.gapDays ?? 0;
  const startDay = series.firstDay + length + gap;
  const horizon = effectiveHorizon(startDay, request.horizonDays, granularity);

  const windowDays = backtestWindowDays(request.horizonDays);
  const windowCount = Math.min(MAX_BACKTEST_WINDOWS, Math.max(MIN_BACKTEST_WINDOWS, Math.floor(BACKTEST_SPAN_DAYS / windowDays)));
  const origins = rollingOrigins(length, windowDays, windowCount, MIN_BACKTEST_TRAINING_DAYS);

  // Keep each backtest fit: its transform turns errors into model-scale residuals.
  // rollingOriginBacktest calls the forecaster once per origin, in order, so fits[i] belongs to windows[i].
  const fits: { model: FittedModel; forecasts: DayForecast[] }[] = [];
  const windows = rollingOriginBacktest(series.values, origins, windowDays, (origin, steps) => {
    const model = fitModel(truncateSeries(series, origin), options);
    const forecasts = forecastDays(model, steps);
    fits.push({ model, forecasts });
    return forecasts.map((forecast) => forecast.value);
  });

  // Out-of-sample residuals on the model scale: per trading day, and per 7-day block
  // (on the block's average day, so weeks and days share the transform).
  const dailyResiduals: number[] = [];
  const weeklyResiduals: number[] = [];
  windows.forEach((window, index) => {
    const fit = fits[index]!;
    const { transform } = fit.model;
    fit.forecasts.forEach((forecast, step) => {
      // Unforeseeable closures (the shop did not trade) say nothing about the spread of sales.
      if (forecast.closed || !series.traded[window.origin + step]) return;
      dailyResiduals.push(applyTransform(transform, window.actual[step]!) - forecast.modelValue);
    });
    for (let block = 0; block + WEEKLY_PERIOD <= windowDays; block += WEEKLY_PERIOD) {
      const actual = sum(window.actual.slice(block, block + WEEKLY_PERIOD)) / WEEKLY_PERIOD;
      const predicted = sum(window.predicted.slice(block, block + WEEKLY_PERIOD)) / WEEKLY_PERIOD;
      weeklyResiduals.push(applyTransform(transform, actual) - applyTransform(transform, predicted));
    }
  });
  const dailyBand = residualBand(dailyResiduals, INTERVAL_LEVEL, windowDays);
  const weeklyBand = residualBand(weeklyResiduals, INTERVAL_LEVEL, windowDays / WEEKLY_PERIOD);

  const model = fitModel(series, options);
  const daily = forecastDays(model, gap + horizon).slice(gap);
  const points =
    granularity === "day" ? dailyPoints(model, daily, dailyBand, gap) : weeklyPoints(model, daily, dailyBand, weeklyBand, gap);
  const band = granularity === "day" ? dailyBand : weeklyBand;

  return {
    model,
    forecastDays: horizon,
    daily,
    points,
    backtest: {
      windowDays,
      originDays: origins.map((origin) => series.firstDay + origin),
      mase: meanOfDefined(windows.map((window) => window.mase)),
      seasonalNaiveMase: meanOfDefined(windows.map((window) => window.naiveMase)),
    },
    band,
    intervalLevel: INTERVAL_LEVEL,
  };
}

function dailyPoints(model: FittedModel, daily: readonly DayForecast[], band: ResidualBand | null, gap: number): ForecastPoint[] {
  return daily.map((forecast, index) => {
    if (forecast.closed) return { startDay: forecast.day, days: 1, value: 0, lower: 0, upper: 0, closed: true };
    const { lower, upper } = interval(model, forecast.modelValue, forecast.value, band, gap + index + 1, 1);
    return { startDay: forecast.day, days: 1, value: forecast.value, lower, upper, closed: false };
  });
}

function weeklyPoints(
  model: FittedModel,
  daily: readonly DayForecast[],
  dailyBand: ResidualBand | null,
  weeklyBand: ResidualBand | null,
  gap: number,
): ForecastPoint[] {
  return isoWeekBuckets(daily.map((forecast) => forecast.day)).map((bucket, index) => {
    const days = bucket.positions.map((position) => daily[position]!);
    const value = sum(days.map((forecast) => forecast.value));
    const closed = days.every((forecast) => forecast.closed);
    const startDay = days[0]!.day;
    if (closed) return { startDay, days: days.length, value: 0, lower: 0, upper: 0, closed };
    // Weekly residuals were learned on the average day of a week, so scale through it.
    // A partial week is noisier than a full one: its band lies between the two.
    const perDay = value / days.length;
    const band = partialWeekBand(dailyBand, weeklyBand, days.length);
    const step = Math.ceil(gap / WEEKLY_PERIOD) + index + 1;
    const { lower, upper } = interval(model, applyTransform(model.transform, perDay), perDay, band, step, days.length);
    return { startDay, days: days.length, value, lower, upper, closed };
  });
}

/** The band for a week of `days` days: the daily band for 1, the weekly band for 7, linear in between. */
export function partialWeekBand(dailyBand: ResidualBand | null, weeklyBand: ResidualBand | null, days: number): ResidualBand | null {
  if (weeklyBand === null || dailyBand === null) return weeklyBand ?? dailyBand;
  const share = (days - 1) / (WEEKLY_PERIOD - 1);
  return {
    lower: dailyBand.lower + (weeklyBand.lower - dailyBand.lower) * share,
    upper: dailyBand.upper + (weeklyBand.upper - dailyBand.upper) * share,
    count: weeklyBand.count,
    window: weeklyBand.window,
  };
}

/** Interval around a model-scale value, times `multiplier` days; always contains the point. */
function interval(
  model: FittedModel,
  modelValue: number,
  value: number,
  band: ResidualBand | null,
  step: number,
  multiplier: number,
): { lower: number; upper: number } {
  if (band === null) return { lower: value * multiplier, upper: value * multiplier };
  const widened = bandAt(band, step);
  const lower = invertTransform(model.transform, modelValue + widened.lower) * multiplier;
  const upper = invertTransform(model.transform, modelValue + widened.upper) * multiplier;
  return { lower: Math.min(lower, value * multiplier), upper: Math.max(upper, value * multiplier) };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
