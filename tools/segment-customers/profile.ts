/**
 * Segment profiles in real units, and the stable order segments are numbered in (pure).
 *
 * A profile holds the median of every feature over the segment's customers (medians,
 * not means, so one wholesaler does not define a segment's "typical" spend) and each
 * median's standing in the whole customer base as a 0–1 score (the mid-rank
 * percentile; for recency the score is inverted so 1 always means "better": more
 * recent, more frequent, higher spend, longer tenure). Naming uses the scores.
 */
import { featureValue, type CustomerFeatures, type FeatureName } from "./features.ts";

/** Median of every feature over a segment's customers, in real units. */
export interface FeatureMedians {
  recencyDays: number;
  frequency: number;
  monetary: number;
  tenureDays: number;
  averageOrderValue: number;
  distinctProducts: number;
}

/** Where a segment's medians stand in the whole customer base, 0 (lowest) … 1 (highest). */
export interface ProfileScores {
  /** 1 = bought the most recently. */
  recency: number;
  frequency: number;
  monetary: number;
  /** 1 = customer for the longest. */
  tenure: number;
}

/** One k-means cluster described for people. */
export interface SegmentProfile {
  /** The k-means cluster index this profile describes. */
  cluster: number;
  size: number;
  medians: FeatureMedians;
  scores: ProfileScores;
}

/** Median of `values` (mean of the two middle values for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Mid-rank percentile of `value` in ascending `sorted`: (count below + half the count equal) / n. */
export function percentileRank(sorted: Float64Array, value: number): number {
  if (sorted.length === 0) return 0.5;
  let below = 0;
  let high = sorted.length;
  // Binary searches for the first index ≥ value and the first index > value.
  while (below < high) {
    const middle = (below + high) >> 1;
    if ((sorted[middle] as number) < value) below = middle + 1;
    else high = middle;
  }
  let upTo = below;
  high = sorted.length;
  while (upTo < high) {
    const middle = (upTo + high) >> 1;
    if ((sorted[middle] as number) <= value) upTo = middle + 1;
    else high = middle;
  }
  return (below + (upTo - below) / 2) / sorted.length;
}

/** The features whose standing in the customer base is scored. */
const SCORED_FEATURES: readonly FeatureName[] = ["recency", "frequency", "monetary", "tenure"];

/**
 * Profiles of the k clusters, in segment order: descending median spend, then
 * descending median frequency, ascending median recency, larger first, and finally
 * the cluster index, so the numbering never depends on k-means' arbitrary labels.
 * Empty clusters are left out.
 */
export function profileSegments(customers: readonly CustomerFeatures[], labels: Int32Array, k: number): SegmentProfile[] {
  const population = new Map<FeatureName, Float64Array>();
  for (const feature of SCORED_FEATURES) {
    population.set(feature, Float64Array.from(customers, (customer) => featureValue(customer, feature)).sort());
  }
  const members: CustomerFeatures[][] = Array.from({ length: k }, () => []);
  customers.forEach((customer, index) => members[labels[index] as number]?.push(customer));

  const profiles: SegmentProfile[] = [];
  members.forEach((group, cluster) => {
    if (group.length === 0) return;
    const medianOf = (feature: FeatureName) => median(group.map((customer) => featureValue(customer, feature)));
    const medians: FeatureMedians = {
      recencyDays: medianOf("recency"),
      frequency: medianOf("frequency"),
      monetary: medianOf("monetary"),
      tenureDays: medianOf("tenure"),
      averageOrderValue: medianOf("average_order_value"),
      distinctProducts: medianOf("distinct_products"),
    };
    const rank = (feature: FeatureName, value: number) => percentileRank(population.get(feature) as Float64Array, value);
    profiles.push({
      cluster,
      size: group.length,
      medians,
      scores: {
        recency: 1 - rank("recency", medians.recencyDays),
        frequency: rank("frequency", medians.frequency),
        monetary: rank("monetary", medians.monetary),
        tenure: rank("tenure", medians.tenureDays),
      },
    });
  });
  return profiles.sort(
    (a, b) =>
      b.medians.monetary - a.medians.monetary ||
      b.medians.frequency - a.medians.frequency ||
      a.medians.recencyDays - b.medians.recencyDays ||
      b.size - a.size ||
      a.cluster - b.cluster,
  );
}
