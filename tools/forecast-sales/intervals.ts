/**
 * Prediction intervals from out-of-sample residuals: the empirical quantiles of
 * backtest errors (on the model scale), widened like a random walk beyond the
 * backtest window. Pure.
 */

/** Coverage of the intervals the tool returns. */
export const INTERVAL_LEVEL = 0.8;

/** Linear-interpolation quantile (Hyndman & Fan type 7, R's default) of unsorted `values`. */
export function quantile(values: readonly number[], probability: number): number {
  if (values.length === 0) throw new RangeError("quantile of no values");
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability ${probability} is outside [0, 1]`);
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Residual quantiles bounding a central interval, learned over `window` steps ahead. */
export interface ResidualBand {
  lower: number;
  upper: number;
  /** How many residuals the band was learned from. */
  count: number;
  /** Steps ahead the residuals covered (1…window). */
  window: number;
}

/** The central `level` band of `residuals`; null when there are none. */
export function residualBand(residuals: readonly number[], level: number, window: number): ResidualBand | null {
  if (residuals.length === 0) return null;
  const tail = (1 - level) / 2;
  return { lower: quantile(residuals, tail), upper: quantile(residuals, 1 - tail), count: residuals.length, window };
}

/**
 * The band for `step` steps ahead. Within the backtest window the pooled band is
 * used as is; beyond it, errors are assumed to grow like a random walk, so the
 * band widens by √(step / window).
 */
export function bandAt(band: ResidualBand, step: number): { lower: number; upper: number } {
  const factor = Math.sqrt(Math.max(1, step / band.window));
  return { lower: band.lower * factor, upper: band.upper * factor };
}
