/**
 * Per-customer features and their scaling (pure: no store access).
 *
 * The raw figures come from the customer's sale lines (see `load.ts`); here they are
 * turned into the vectors k-means clusters: each chosen feature is log1p-transformed
 * (spend and order counts are heavily right-skewed, and without the log a handful of
 * wholesalers would each get a segment of their own) and then z-scored with the
 * population standard deviation, as scikit-learn's StandardScaler does, so that every
 * feature weighs the same in the Euclidean distance.
 */
import { AppError } from "../../src/core/errors.ts";

/** The features a segmentation can use, in their canonical order. */
export const FEATURE_NAMES = [
  "recency",
  "frequency",
  "monetary",
  "tenure",
  "average_order_value",
  "distinct_products",
] as const;

/** One clustering feature. */
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The RFM default: recency, frequency, monetary. */
export const DEFAULT_FEATURES: readonly FeatureName[] = ["recency", "frequency", "monetary"];

/** What each feature means, in words a marketer reads. */
export const FEATURE_MEANINGS: Readonly<Record<FeatureName, string>> = {
  recency: "days from the last purchase to the as-of date",
  frequency: "number of distinct orders",
  monetary: "total spend (sum of quantity × unit price)",
  tenure: "days from the first purchase to the as-of date",
  average_order_value: "spend per order (monetary ÷ frequency)",
  distinct_products: "number of different products bought",
};

/** One customer's behaviour over the sale lines in scope, in real units. */
export interface CustomerFeatures {
  customerId: string;
  /** Whole days from the date of the last purchase to the as-of date (≥ 1 when only earlier orders count). */
  recencyDays: number;
  /** Distinct orders. */
  frequency: number;
  /** Sum of quantity × unit price. */
  monetary: number;
  /** Whole days from the date of the first purchase to the as-of date. */
  tenureDays: number;
  /** Distinct products bought. */
  distinctProducts: number;
}

/** The value of `feature` for `customer`, in real units. */
export function featureValue(customer: CustomerFeatures, feature: FeatureName): number {
  switch (feature) {
    case "recency":
      return customer.recencyDays;
    case "frequency":
      return customer.frequency;
    case "monetary":
      return customer.monetary;
    case "tenure":
      return customer.tenureDays;
    case "average_order_value":
      return customer.frequency > 0 ? customer.monetary / customer.frequency : 0;
    case "distinct_products":
      return customer.distinctProducts;
  }
}

/** The raw feature matrix: one row per customer, one column per feature, in real units. */
export function featureMatrix(customers: readonly CustomerFeatures[], features: readonly FeatureName[]): number[][] {
  return customers.map((customer) => features.map((feature) => featureValue(customer, feature)));
}

/** Scaled feature vectors and the parameters that produced them. */
export interface ScaledFeatures {
  /** One row per customer: z-scores of log1p(value). */
  points: number[][];
  /** Mean of log1p(value) per column. */
  means: number[];
  /** Population standard deviation of log1p(value) per column; 0 marks a constant column. */
  standardDeviations: number[];
}

/**
 * log1p, then z-score each column with the population standard deviation.
 * A constant column (standard deviation 0) scales to all zeros, so it cannot
 * produce NaN and does not influence the distances.
 */
export function log1pStandardize(rows: readonly (readonly number[])[]): ScaledFeatures {
  const dimensions = rows[0]?.length ?? 0;
  const count = rows.length;
  const logged = rows.map((row) =>
    row.map((value) => {
      // Every feature is a count, a number of days or a positive spend; a value below
      // zero means the feature query is wrong, and log1p would silently turn it into NaN.
      if (!(value >= 0) || !Number.isFinite(value)) {
        throw new AppError(
          "invalid_feature_value",
          "internal",
          `A customer feature value was ${value}; features must be finite and non-negative. This is a bug in segment_customers.`,
        );
      }
      return Math.log1p(value);
    }),
  );
  const means = new Array<number>(dimensions).fill(0);
  const standardDeviations = new Array<number>(dimensions).fill(0);
  for (let column = 0; column < dimensions; column++) {
    let sum = 0;
    for (const row of logged) sum += row[column] as number;
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (const row of logged) squares += ((row[column] as number) - mean) ** 2;
    const deviation = count > 0 ? Math.sqrt(squares / count) : 0;
    means[column] = mean;
    // Rounding can leave a constant column with a deviation of 1e-17; treat it as constant.
    standardDeviations[column] = deviation > 1e-12 ? deviation : 0;
  }
  const points = logged.map((row) =>
    row.map((value, column) => {
      const deviation = standardDeviations[column] as number;
      return deviation === 0 ? 0 : (value - (means[column] as number)) / deviation;
    }),
  );
  return { points, means, standardDeviations };
}

/** How many different vectors there are among `points` (k-means cannot make more non-empty clusters than this). */
export function countDistinctPoints(points: readonly (readonly number[])[]): number {
  return new Set(points.map((point) => point.join(","))).size;
}
