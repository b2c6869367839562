/**
 * Weighted least squares with an optional ridge penalty, and its robust (Huber)
 * variant, solved with ml-matrix. Pure: rows in, coefficients out.
 *
 * Forecast regressions here are small (a few hundred rows, under twenty columns),
 * so the normal equations XᵀWX β = XᵀWy are accumulated directly and solved by
 * Cholesky; a rank-deficient design (a weekday that never occurs, a constant
 * column) falls back to the SVD least-squares solution.
 */
import { CholeskyDecomposition, Matrix, SingularValueDecomposition } from "ml-matrix";

/** Options of `weightedLeastSquares`. */
export interface LeastSquaresOptions {
  /**
   * Ridge penalty λ added to the diagonal of XᵀWX for every column except the
   * intercept (column 0 when `interceptFirst`). Default 0: plain least squares
   * (a column that is all zeros is handled by the SVD fallback, not by shrinkage).
   */
  ridge?: number;
  /** Column 0 is the intercept and is never penalised. Default true. */
  interceptFirst?: boolean;
}

/** A fitted linear model. */
export interface LinearFit {
  coefficients: number[];
  /** Fitted values for the training rows. */
  fitted: number[];
  /** Weighted R² of the fit (see `weightedRSquared`). */
  rSquared: number;
}

/** Dot product of a design row with coefficients. */
export function predictRow(row: readonly number[], coefficients: readonly number[]): number {
  let sum = 0;
  for (let column = 0; column < row.length; column++) sum += row[column]! * coefficients[column]!;
  return sum;
}

/**
 * Minimises Σ wᵢ (yᵢ − xᵢβ)² + λ Σⱼ βⱼ² over the columns after the intercept.
 * Throws `RangeError` on mismatched lengths, negative weights or no rows, which
 * are programming errors, not user input.
 */
export function weightedLeastSquares(
  rows: readonly (readonly number[])[],
  target: readonly number[],
  weights: readonly number[],
  options: LeastSquaresOptions = {},
): LinearFit {
  const ridge = options.ridge ?? 0;
  const interceptFirst = options.interceptFirst ?? true;
  const count = rows.length;
  if (count === 0) throw new RangeError("weightedLeastSquares needs at least one row");
  if (target.length !== count || weights.length !== count) {
    throw new RangeError(`rows (${count}), target (${target.length}) and weights (${weights.length}) must have the same length`);
  }
  const width = rows[0]!.length;
  // Plain arrays for the accumulation: Matrix.get/set per element is several times slower.
  const gram = new Float64Array(width * width);
  const moment = new Float64Array(width);
  for (let index = 0; index < count; index++) {
    const row = rows[index]!;
    const weight = weights[index]!;
    if (!(weight >= 0)) throw new RangeError(`weight ${index} is ${weight}; weights must be ≥ 0`);
    if (weight === 0) continue;
    const value = target[index]!;
    for (let i = 0; i < width; i++) {
      const weighted = weight * row[i]!;
      if (weighted === 0) continue;
      moment[i]! += weighted * value;
      for (let j = i; j < width; j++) gram[i * width + j]! += weighted * row[j]!;
    }
  }
  const system = Matrix.zeros(width, width);
  for (let i = 0; i < width; i++) {
    for (let j = i; j < width; j++) {
      system.set(i, j, gram[i * width + j]!);
      system.set(j, i, gram[i * width + j]!);
    }
    if (!(interceptFirst && i === 0)) system.set(i, i, system.get(i, i) + ridge);
  }
  const coefficients = solveSymmetric(system, Matrix.columnVector(Array.from(moment)));
  const fitted = rows.map((row) => predictRow(row, coefficients));
  return { coefficients, fitted, rSquared: weightedRSquared(target, fitted, weights) };
}

function solveSymmetric(gram: Matrix, moment: Matrix): number[] {
  const cholesky = new CholeskyDecomposition(gram);
  if (cholesky.isPositiveDefinite()) return cholesky.solve(moment).to1DArray();
  // Rank-deficient: the minimum-norm least-squares solution.
  return new SingularValueDecomposition(gram, { autoTranspose: true }).solve(moment).to1DArray();
}

/** Huber's tuning constant: 95 % efficiency under normal errors. */
export const HUBER_K = 1.345;

/** Options of `robustLeastSquares`. */
export interface RobustOptions extends LeastSquaresOptions {
  /** Huber tuning constant in units of the residual scale. Default `HUBER_K`. */
  huberK?: number;
  /** Iteration cap for reweighting. Default 25. */
  maxIterations?: number;
  /** Stop when no coefficient moves by more than this share of the largest one. Default 1e-7. */
  tolerance?: number;
}

/** A robust fit: the linear fit plus the final Huber weight of each row (1 = untouched). */
export interface RobustFit extends LinearFit {
  robustWeights: number[];
}

/**
 * Huber M-estimation by iteratively reweighted least squares: rows whose residual
 * exceeds k·σ (σ from the median absolute residual) get weight k·σ/|r|, so a
 * promotion spike or a half-day cannot drag the level. `rSquared` is computed with
 * the caller's weights only, so it stays comparable with a plain fit.
 */
export function robustLeastSquares(
  rows: readonly (readonly number[])[],
  target: readonly number[],
  weights: readonly number[],
  options: RobustOptions = {},
): RobustFit {
  const huberK = options.huberK ?? HUBER_K;
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-7;
  let robustWeights = new Array<number>(rows.length).fill(1);
  let fit = weightedLeastSquares(rows, target, weights, options);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const residuals = target.map((value, index) => value - fit.fitted[index]!);
    const scale = residualScale(residuals, weights);
    // A perfect (or near-perfect) fit has nothing to down-weight.
    if (scale <= 1e-12) break;
    const threshold = huberK * scale;
    robustWeights = residuals.map((residual) => Math.min(1, threshold / Math.max(Math.abs(residual), 1e-300)));
    const combined = weights.map((weight, index) => weight * robustWeights[index]!);
    const next = weightedLeastSquares(rows, target, combined, options);
    const change = Math.max(...next.coefficients.map((value, index) => Math.abs(value - fit.coefficients[index]!)));
    const size = Math.max(1, ...next.coefficients.map(Math.abs));
    fit = next;
    if (change <= tolerance * size) break;
  }
  return { ...fit, rSquared: weightedRSquared(target, fit.fitted, weights), robustWeights };
}

/** σ from the median absolute residual (MAD/0.6745) over rows with positive weight. */
function residualScale(residuals: readonly number[], weights: readonly number[]): number {
  // A typed array sorts numerically without a comparator, several times faster; this
  // runs once per reweighting step.
  const absolute = new Float64Array(residuals.length);
  let count = 0;
  residuals.forEach((residual, index) => {
    if (weights[index]! > 0) absolute[count++] = Math.abs(residual);
  });
  if (count === 0) return 0;
  const sorted = absolute.subarray(0, count).sort();
  const middle = count >> 1;
  const median = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return median / 0.6745;
}

/**
 * 1 − Σw(y − ŷ)² / Σw(y − ȳ_w)², with ȳ_w the weighted mean. A constant target
 * gives 1 when it is fitted exactly and 0 otherwise, never NaN.
 */
export function weightedRSquared(target: readonly number[], fitted: readonly number[], weights: readonly number[]): number {
  let weightSum = 0;
  let weightedTotal = 0;
  target.forEach((value, index) => {
    weightSum += weights[index]!;
    weightedTotal += weights[index]! * value;
  });
  if (weightSum <= 0) return 0;
  const mean = weightedTotal / weightSum;
  let residualSquares = 0;
  let totalSquares = 0;
  target.forEach((value, index) => {
    residualSquares += weights[index]! * (value - fitted[index]!) ** 2;
    totalSquares += weights[index]! * (value - mean) ** 2;
  });
  const tolerance = 1e-12 * Math.max(1, weightSum * mean * mean);
  if (totalSquares <= tolerance) return residualSquares <= tolerance ? 1 : 0;
  return 1 - residualSquares / totalSquares;
}
