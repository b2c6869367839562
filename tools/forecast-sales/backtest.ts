/**
 * Forecast evaluation: the seasonal naive benchmark, MASE, and rolling-origin
 * backtests. Pure: arrays in, numbers out.
 *
 * MASE (Hyndman & Koehler, 2006) = MAE of the forecast / in-sample MAE of the
 * seasonal naive forecast on the training data, with period m = 7 for daily sales:
 * scale = mean over t = m…n−1 of |yₜ − yₜ₋ₘ|. Below 1 means the forecast beat the
 * naive "same day last week" rule as it performed on history.
 */

/** The weekly season of daily data. */
export const WEEKLY_PERIOD = 7;

/** "Same day last season": repeats the last `period` values of `history` over `horizon` steps. */
export function seasonalNaive(history: readonly number[], horizon: number, period = WEEKLY_PERIOD): number[] {
  if (history.length < period) {
    throw new RangeError(`seasonal naive needs at least ${period} values, got ${history.length}`);
  }
  const start = history.length - period;
  return Array.from({ length: horizon }, (_, step) => history[start + (step % period)]!);
}

/** In-sample MAE of the seasonal naive forecast on `history`; null with fewer than period + 1 values. */
export function seasonalNaiveScale(history: readonly number[], period = WEEKLY_PERIOD): number | null {
  if (history.length <= period) return null;
  let sum = 0;
  for (let index = period; index < history.length; index++) sum += Math.abs(history[index]! - history[index - period]!);
  return sum / (history.length - period);
}

/** Mean absolute error. Throws on mismatched or empty inputs (programming errors). */
export function meanAbsoluteError(actual: readonly number[], predicted: readonly number[]): number {
  if (actual.length === 0 || actual.length !== predicted.length) {
    throw new RangeError(`need equal, non-empty lengths, got ${actual.length} actual and ${predicted.length} predicted`);
  }
  let sum = 0;
  actual.forEach((value, index) => (sum += Math.abs(value - predicted[index]!)));
  return sum / actual.length;
}

/** MASE of `predicted` against `actual`, scaled on `history`; null when the scale is 0 or undefined. */
export function mase(
  actual: readonly number[],
  predicted: readonly number[],
  history: readonly number[],
  period = WEEKLY_PERIOD,
): number | null {
  const scale = seasonalNaiveScale(history, period);
  if (scale === null || !(scale > 0)) return null;
  return meanAbsoluteError(actual, predicted) / scale;
}

/**
 * Origins (indexes of the first forecast day) of the last `maxOrigins` non-overlapping
 * windows of `window` days that end at `length`, keeping only those with at least
 * `minTraining` values before them; ascending.
 */
export function rollingOrigins(length: number, window: number, maxOrigins: number, minTraining: number): number[] {
  const origins: number[] = [];
  for (let count = 1; count <= maxOrigins; count++) {
    const origin = length - count * window;
    if (origin < minTraining) break;
    origins.push(origin);
  }
  return origins.reverse();
}

/** One backtest window: what the model and the seasonal naive said, and what happened. */
export interface BacktestWindow {
  /** Index of the first forecast value. */
  origin: number;
  actual: number[];
  predicted: number[];
  naive: number[];
  /** MASE of the model on this window; null when the training series has no variation. */
  mase: number | null;
  naiveMase: number | null;
}

/** Forecasts `horizon` values from `origin`, using only `values[0 … origin−1]`. */
export type Forecaster = (origin: number, horizon: number) => number[];

/** Refits at each origin and scores `window` values ahead against the seasonal naive. */
export function rollingOriginBacktest(
  values: readonly number[],
  origins: readonly number[],
  window: number,
  forecaster: Forecaster,
  period = WEEKLY_PERIOD,
): BacktestWindow[] {
  return origins.map((origin) => {
    if (origin < period || origin + window > values.length) {
      throw new RangeError(`origin ${origin} with window ${window} does not fit a series of ${values.length}`);
    }
    const history = values.slice(0, origin);
    const actual = values.slice(origin, origin + window);
    const predicted = forecaster(origin, window);
    const naive = seasonalNaive(history, window, period);
    return {
      origin,
      actual,
      predicted,
      naive,
      mase: mase(actual, predicted, history, period),
      naiveMase: mase(actual, naive, history, period),
    };
  });
}

/** Mean of the non-null values; null when there are none. */
export function meanOfDefined(values: readonly (number | null)[]): number | null {
  const defined = values.filter((value): value is number => value !== null);
  if (defined.length === 0) return null;
  return defined.reduce((sum, value) => sum + value, 0) / defined.length;
}
