/**
 * Regression features for daily sales: intercept, weekday dummies, a (damped)
 * trend and annual Fourier terms. Pure: a day number and a spec in, a row out.
 */
import { WEEKDAY_NAMES, weekdayOf, yearFraction } from "./calendar.ts";

const DAYS_PER_YEAR = 365.25;

/** Which columns a design has, and how time is measured. */
export interface DesignSpec {
  /** A constant column first. */
  intercept: boolean;
  /**
   * Weekdays (0 = Monday) that get a 0/1 column. Leave out one trading weekday as
   * the reference (its effect is in the intercept) and every closed weekday.
   */
  weekdayColumns: readonly number[];
  /** A trend column, in years from `anchorDay` (0 on the anchor, negative before). */
  trend: boolean;
  /** The day the trend is measured from: the last training day. */
  anchorDay: number;
  /**
   * Per-day damping φ of the trend after the anchor: step h adds φ + φ² + … + φʰ days
   * of slope instead of h (Holt's damped trend). 1 keeps a straight line.
   */
  damping: number;
  /** Number of annual Fourier pairs (sin, cos of 2πk·t/year, k = 1…n); 0 for none. */
  annualHarmonics: number;
}

/** Column names of a design, in row order (`intercept`, `weekday:Tuesday`, `trend`, `annual:sin1`, …). */
export function designColumns(spec: DesignSpec): string[] {
  const columns: string[] = [];
  if (spec.intercept) columns.push("intercept");
  for (const weekday of spec.weekdayColumns) columns.push(`weekday:${WEEKDAY_NAMES[weekday]}`);
  if (spec.trend) columns.push("trend");
  for (let harmonic = 1; harmonic <= spec.annualHarmonics; harmonic++) {
    columns.push(`annual:sin${harmonic}`, `annual:cos${harmonic}`);
  }
  return columns;
}

/**
 * Trend value of `day` in years: a straight line up to the anchor, then the damped
 * sum φ(1 − φʰ)/(1 − φ) days for h days ahead, which levels off at φ/(1 − φ) days
 * of slope, so long horizons do not extrapolate a short-lived surge forever.
 */
export function trendValue(day: number, anchorDay: number, damping: number): number {
  const steps = day - anchorDay;
  if (steps <= 0 || damping >= 1) return steps / DAYS_PER_YEAR;
  return (damping * (1 - damping ** steps)) / (1 - damping) / DAYS_PER_YEAR;
}

/** sin/cos pairs of the annual cycle for `day`, harmonics 1…n. */
export function fourierTerms(day: number, harmonics: number): number[] {
  const angle = 2 * Math.PI * yearFraction(day);
  const terms: number[] = [];
  for (let harmonic = 1; harmonic <= harmonics; harmonic++) {
    terms.push(Math.sin(harmonic * angle), Math.cos(harmonic * angle));
  }
  return terms;
}

/** The feature row of `day` under `spec`, in `designColumns(spec)` order. */
export function designRow(day: number, spec: DesignSpec): number[] {
  const row: number[] = [];
  if (spec.intercept) row.push(1);
  const weekday = weekdayOf(day);
  for (const column of spec.weekdayColumns) row.push(column === weekday ? 1 : 0);
  if (spec.trend) row.push(trendValue(day, spec.anchorDay, spec.damping));
  if (spec.annualHarmonics > 0) row.push(...fourierTerms(day, spec.annualHarmonics));
  return row;
}

/** Feature rows of several days. */
export function designMatrix(days: readonly number[], spec: DesignSpec): number[][] {
  return days.map((day) => designRow(day, spec));
}

/** Weekday dummy columns for a shop with these closed weekdays: every trading weekday but the first. */
export function tradingWeekdayColumns(closedWeekdays: readonly boolean[]): number[] {
  const trading = [0, 1, 2, 3, 4, 5, 6].filter((weekday) => closedWeekdays[weekday] !== true);
  return trading.slice(1);
}

/** Weights 0.5^(age / halfLife), age in days before `anchorDay`; `Infinity` gives equal weights. */
export function recencyWeights(days: readonly number[], anchorDay: number, halfLifeDays: number): number[] {
  if (!Number.isFinite(halfLifeDays)) return days.map(() => 1);
  return days.map((day) => 0.5 ** ((anchorDay - day) / halfLifeDays));
}
