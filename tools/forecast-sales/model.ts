/**
 * The forecasting model: a regression fitted in three passes, each on what the
 * previous ones left over, each with the amount of history its time scale needs.
 *
 * 1. Annual seasonality (only with ≥ 2 years of history): Fourier terms, with
 *    weekday dummies and a linear trend alongside so they do not leak into it;
 *    all history weighs the same. Only the Fourier part is kept.
 * 2. Weekday profile: weekday dummies (+ intercept and trend), recency-weighted
 *    with a half-life of 8 weeks, so the profile is stable but can drift.
 * 3. Level and trend: intercept + trend, recency-weighted with a half-life of
 *    3 weeks, so the level adapts to recent data; the trend is damped when
 *    extrapolated (φ = 0.97 per day: it levels off after about a month).
 *
 * Every pass is a Huber-robust weighted least squares (regression.ts) on
 * log(y + c) when the series is almost always positive on trading days (weekday
 * effects are then multiplicative and the point forecast is a median, which is what
 * MAE/MASE reward), or a plain weighted least squares on y itself for intermittent
 * series such as a slow product (their median is 0; the useful forecast is the mean rate).
 * Days the shop did not trade (closed weekdays, holidays) are left out of the fit
 * and forecast as 0; see calendar.ts for how they are detected.
 *
 * Defaults were chosen on Online Retail windows before the benchmark period
 * (20 weekly origins and 8 four-week windows, Jun–Oct 2011): see bench/forecast-sales.ts.
 * Pure: no store access.
 */
import { type TradingCalendar, detectTradingCalendar, isExpectedClosed, weekdayOf } from "./calendar.ts";
import { type DesignSpec, designColumns, designMatrix, designRow, recencyWeights, tradingWeekdayColumns } from "./design-matrix.ts";
import { type LinearFit, robustLeastSquares, weightedLeastSquares, weightedRSquared } from "./regression.ts";

/** Tuning of the model; `DEFAULT_MODEL_OPTIONS` is what the tool uses. */
export interface ModelOptions {
  /** Recency half-life of the level-and-trend pass, in days. */
  levelHalfLifeDays: number;
  /** Recency half-life of the weekday-profile pass, in days. */
  weekdayHalfLifeDays: number;
  /** Per-day damping φ of the extrapolated trend (1 = straight line). */
  damping: number;
  /** Fourier pairs for annual seasonality. */
  annualHarmonics: number;
  /** Annual seasonality is fitted only when the history spans at least this many days. */
  annualMinDays: number;
  /** `auto` picks log for series positive on ≥ 90 % of recent trading days, identity otherwise. */
  transform: "auto" | "log" | "identity";
  /** Huber reweighting in every pass (on the log scale only; intermittent series need the mean). */
  robust: boolean;
}

export const DEFAULT_MODEL_OPTIONS: Readonly<ModelOptions> = Object.freeze({
  levelHalfLifeDays: 21,
  weekdayHalfLifeDays: 56,
  damping: 0.97,
  annualHarmonics: 6,
  annualMinDays: 730,
  transform: "auto",
  robust: true,
});

/** Largest share of zero days (among recent trading days) for which `auto` still chooses the log scale. */
export const LOG_MAX_ZERO_SHARE = 0.1;
/** The log offset c is this share of the median positive value, so log(y + c) is finite at 0. */
const LOG_OFFSET_SHARE = 0.05;
/** Window for the zero-share and offset statistics. */
const RECENT_DAYS = 182;

/** A daily series and the shop's trading days over the same span. */
export interface DailySeries {
  /** Day number of `values[0]`. */
  firstDay: number;
  /** One value per day; days without sales are 0. */
  values: readonly number[];
  /** `traded[i]`: the shop (as a whole, not only this series) sold anything on day i. */
  traded: readonly boolean[];
}

/** The scale the regression works on. */
export interface Transform {
  kind: "log" | "identity";
  /** c in log(y + c); 0 for identity. */
  offset: number;
}

/** Maps a value to the model scale. */
export function applyTransform(transform: Transform, value: number): number {
  return transform.kind === "log" ? Math.log(value + transform.offset) : value;
}

/** Maps a model-scale value back, never below 0. */
export function invertTransform(transform: Transform, value: number): number {
  const raw = transform.kind === "log" ? Math.exp(value) - transform.offset : value;
  return Math.max(0, raw);
}

/** One pass of the fit: its design, coefficients, and which columns it contributes to the forecast. */
export interface ModelPart {
  spec: DesignSpec;
  coefficients: number[];
  /** `kept[j]`: column j is part of the forecast (the other columns only absorbed effects during the fit). */
  kept: boolean[];
}

/** A part that keeps the columns whose names start with `prefix` (all columns for ""). */
function modelPart(spec: DesignSpec, coefficients: number[], prefix: string): ModelPart {
  return { spec, coefficients, kept: designColumns(spec).map((name) => name.startsWith(prefix)) };
}

/** A fitted model, ready to forecast any day after `anchorDay`. */
export interface FittedModel {
  options: ModelOptions;
  transform: Transform;
  calendar: TradingCalendar;
  /** Last training day. */
  anchorDay: number;
  firstDay: number;
  /** Number of days the regressions were fitted on (trading days). */
  fitDays: number;
  /** Whether the passes were Huber-robust (on the log scale) or plain weighted least squares. */
  robust: boolean;
  annual: ModelPart | null;
  weekday: ModelPart;
  level: ModelPart;
  /** Recency-weighted R² (level weights) of the combined fit on the model scale. */
  rSquared: number;
}

/** Picks the model scale from the training values on trading days. */
export function chooseTransform(values: readonly number[], mode: ModelOptions["transform"]): Transform {
  if (mode === "identity") return { kind: "identity", offset: 0 };
  const recent = values.slice(-RECENT_DAYS);
  const positive = recent.filter((value) => value > 0).sort((a, b) => a - b);
  const zeroShare = recent.length === 0 ? 1 : 1 - positive.length / recent.length;
  if (mode === "auto" && (zeroShare > LOG_MAX_ZERO_SHARE || positive.length === 0)) return { kind: "identity", offset: 0 };
  if (positive.length === 0) return { kind: "log", offset: 1 };
  const median = positive[positive.length >> 1]!;
  return { kind: "log", offset: LOG_OFFSET_SHARE * median };
}

/**
 * Fits the model on the whole of `series` (every day is training data). Needs at
 * least one trading day; callers check for enough history first.
 */
export function fitModel(series: DailySeries, options: ModelOptions = DEFAULT_MODEL_OPTIONS): FittedModel {
  const length = series.values.length;
  if (length === 0 || series.traded.length !== length) {
    throw new RangeError(`series needs matching, non-empty values (${length}) and traded (${series.traded.length})`);
  }
  const anchorDay = series.firstDay + length - 1;
  const calendar = detectTradingCalendar(series.firstDay, series.traded);
  const closures = new Set(calendar.closures);

  const days: number[] = [];
  const observed: number[] = [];
  for (let index = 0; index < length; index++) {
    const day = series.firstDay + index;
    if (calendar.closedWeekdays[weekdayOf(day)] || closures.has(day)) continue;
    days.push(day);
    observed.push(series.values[index]!);
  }
  if (days.length === 0) throw new RangeError("the series has no trading days to fit");

  const transform = chooseTransform(observed, options.transform);
  const target = observed.map((value) => applyTransform(transform, value));
  const weekdayColumns = tradingWeekdayColumns(calendar.closedWeekdays);
  // Huber pulls an intermittent series toward its median, 0; there the mean is the answer.
  const robust = options.robust && transform.kind === "log";
  const fit = robust ? robustLeastSquares : weightedLeastSquares;

  // Pass 1: annual seasonality, equal weights, only with two full cycles to learn from.
  let annual: FittedModel["annual"] = null;
  let remaining = target;
  if (length >= options.annualMinDays && options.annualHarmonics > 0) {
    const spec: DesignSpec = { intercept: true, weekdayColumns, trend: true, anchorDay, damping: 1, annualHarmonics: options.annualHarmonics };
    const result = fit(designMatrix(days, spec), remaining, days.map(() => 1));
    annual = modelPart(spec, result.coefficients, "annual:");
    remaining = subtractPart(remaining, days, annual);
  }

  // Pass 2: weekday profile over about two months.
  const weekdaySpec: DesignSpec = { intercept: true, weekdayColumns, trend: true, anchorDay, damping: 1, annualHarmonics: 0 };
  const weekdayFit = fit(designMatrix(days, weekdaySpec), remaining, recencyWeights(days, anchorDay, options.weekdayHalfLifeDays));
  const weekday = modelPart(weekdaySpec, weekdayFit.coefficients, "weekday:");
  remaining = subtractPart(remaining, days, weekday);

  // Pass 3: the recent level and its trend.
  const levelSpec: DesignSpec = { intercept: true, weekdayColumns: [], trend: true, anchorDay, damping: options.damping, annualHarmonics: 0 };
  const levelWeights = recencyWeights(days, anchorDay, options.levelHalfLifeDays);
  const levelFit: LinearFit = fit(designMatrix(days, levelSpec), remaining, levelWeights);
  const level = modelPart(levelSpec, levelFit.coefficients, "");

  const fitted = days.map((day) => partsValue(annual, weekday, level, day));
  return {
    options: { ...options },
    transform,
    calendar,
    anchorDay,
    firstDay: series.firstDay,
    fitDays: days.length,
    robust,
    annual,
    weekday,
    level,
    rSquared: weightedRSquared(target, fitted, levelWeights),
  };
}

/** `values` minus what `part` contributes on each day. */
function subtractPart(values: readonly number[], days: readonly number[], part: ModelPart): number[] {
  return values.map((value, index) => value - partValue(part, days[index]!));
}

function partValue(part: ModelPart, day: number): number {
  const row = designRow(day, part.spec);
  let sum = 0;
  for (let column = 0; column < row.length; column++) {
    if (part.kept[column]) sum += row[column]! * part.coefficients[column]!;
  }
  return sum;
}

function partsValue(annual: ModelPart | null, weekday: ModelPart, level: ModelPart, day: number): number {
  return (annual === null ? 0 : partValue(annual, day)) + partValue(weekday, day) + partValue(level, day);
}

/** The model-scale forecast of `day` (annual + weekday + level parts), ignoring closures. */
export function modelScaleValue(model: FittedModel, day: number): number {
  return partsValue(model.annual, model.weekday, model.level, day);
}

/** A forecast for one day. */
export interface DayForecast {
  day: number;
  /** Point forecast on the original scale (0 on expected closures). */
  value: number;
  /** Model-scale value (before the inverse transform); meaningless when `closed`. */
  modelValue: number;
  /** The calendar expects no trading on this day (closed weekday or recurring closure). */
  closed: boolean;
}

/** Forecasts the `horizon` days after the model's last training day. */
export function forecastDays(model: FittedModel, horizon: number): DayForecast[] {
  return Array.from({ length: horizon }, (_, step) => {
    const day = model.anchorDay + 1 + step;
    const closed = isExpectedClosed(model.calendar, day);
    const modelValue = modelScaleValue(model, day);
    return { day, modelValue, closed, value: closed ? 0 : invertTransform(model.transform, modelValue) };
  });
}

/** The first `length` days of `series`, as a series of their own (for backtests). */
export function truncateSeries(series: DailySeries, length: number): DailySeries {
  return { firstDay: series.firstDay, values: series.values.slice(0, length), traded: series.traded.slice(0, length) };
}

/** Growth of the level per `days` days implied by the fitted trend, as a fraction (0.05 = +5 %). */
export function trendGrowth(model: FittedModel, days: number): number {
  // The level part has two columns: intercept, trend (in years).
  const slopePerYear = model.level.coefficients[1] ?? 0;
  const change = (slopePerYear * days) / 365.25;
  if (model.transform.kind === "log") return Math.exp(change) - 1;
  // On the identity scale the slope is in units per year: relate it to the current
  // average trading-day level (the last week of fitted values on trading weekdays).
  let sum = 0;
  let count = 0;
  for (let back = 0; back < 7; back++) {
    const day = model.anchorDay - back;
    if (model.calendar.closedWeekdays[weekdayOf(day)]) continue;
    sum += modelScaleValue(model, day);
    count += 1;
  }
  const level = count === 0 ? 0 : sum / count;
  return level > 0 ? change / level : 0;
}
