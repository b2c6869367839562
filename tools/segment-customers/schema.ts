/**
 * Input and output of `segment_customers`. Shape rules (ranges, formats, unknown
 * fields) live here; world rules (does the country have sales, are there enough
 * customers) live in the tool.
 */
import { z } from "zod";
import { DEFAULT_FEATURES, FEATURE_NAMES } from "./features.ts";

/** Smallest and largest k a caller may ask for. */
export const MIN_K = 2;
export const MAX_K = 12;
/** The k values tried when k is left out. */
export const AUTO_K_RANGE = { min: 2, max: 8 } as const;

const isoDate = z.iso.date({ error: "must be a date written YYYY-MM-DD" });

export const segmentCustomersInputSchema = z
  .object({
    k: z
      .number()
      .int()
      .min(MIN_K)
      .max(MAX_K)
      .optional()
      .describe(
        `Number of segments, ${MIN_K}–${MAX_K}. Leave it out to let the tool try k = ${AUTO_K_RANGE.min}…${AUTO_K_RANGE.max} and keep the k with the best silhouette score.`,
      ),
    features: z
      .array(z.enum(FEATURE_NAMES))
      .min(1)
      .max(FEATURE_NAMES.length)
      .refine((features) => new Set(features).size === features.length, { error: "must not list a feature twice" })
      .default([...DEFAULT_FEATURES])
      .describe(
        "Customer features to cluster on. recency = days since the last purchase, frequency = number of orders, monetary = total spend, " +
          "tenure = days since the first purchase, average_order_value = spend per order, distinct_products = different products bought. " +
          "Default: recency, frequency, monetary (classic RFM).",
      ),
    country: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("Only orders shipped to this country (as stored on the orders, e.g. \"United Kingdom\"; case-insensitive)."),
    from: isoDate.optional().describe("Only orders placed on or after this date (YYYY-MM-DD)."),
    to: isoDate.optional().describe("Only orders placed on or before this date (YYYY-MM-DD)."),
    asOf: isoDate
      .optional()
      .describe(
        "Compute as if today were this date (YYYY-MM-DD): only orders placed before it count, and recency and tenure are measured up to it. " +
          "Default: the day after the latest order in the store, so a historical import behaves as if today were just after its last order.",
      ),
  })
  .strict()
  .superRefine((input, context) => {
    if (input.from !== undefined && input.to !== undefined && input.from > input.to) {
      context.addIssue({ code: "custom", path: ["to"], message: `must be on or after from (${input.from})` });
    }
  })
  .describe("What to segment: how many segments, on which features, over which orders.");

export type SegmentCustomersInput = z.output<typeof segmentCustomersInputSchema>;

const count = z.number().int().min(0);

const mediansSchema = z
  .object({
    recencyDays: z.number().min(0).describe("Median days from the last purchase to the as-of date."),
    frequency: z.number().min(0).describe("Median number of orders."),
    monetary: z.number().min(0).describe("Median total spend, in the store's currency."),
    tenureDays: z.number().min(0).describe("Median days from the first purchase to the as-of date."),
    averageOrderValue: z.number().min(0).describe("Median spend per order, in the store's currency."),
    distinctProducts: z.number().min(0).describe("Median number of different products bought."),
  })
  .describe("The segment's typical customer, in real units (medians over its members).");

const score = z.number().min(0).max(1);

const scoresSchema = z
  .object({
    recency: score.describe("Standing of the median recency among all customers, 0–1; 1 = bought the most recently."),
    frequency: score.describe("Standing of the median frequency among all customers, 0–1; 1 = orders the most."),
    monetary: score.describe("Standing of the median spend among all customers, 0–1; 1 = spends the most."),
    tenure: score.describe("Standing of the median tenure among all customers, 0–1; 1 = customer for the longest."),
  })
  .describe("Where the segment's medians stand in the whole customer base (mid-rank percentiles); the names are derived from these.");

const segmentSchema = z.object({
  segmentId: z.string().describe('Canonical segment id, "<segmentationId>:<number>"; pass it to other tools and campaigns.'),
  number: z.number().int().min(1).max(MAX_K).describe("Segment number 1…k, ordered by descending median spend."),
  name: z.string().describe("Plain-English name derived from the profile (unique within the segmentation)."),
  size: count.describe("Customers in the segment."),
  share: z.number().min(0).max(1).describe("Fraction of the segmented customers in this segment."),
  medians: mediansSchema,
  scores: scoresSchema,
  description: z.string().describe("One line describing the segment in plain words with its key medians."),
  suggestedAction: z.string().describe("What a marketer would typically do with this segment."),
});

const kCandidateSchema = z.object({
  k: z.number().int().min(MIN_K).max(MAX_K).describe("A number of segments that was tried."),
  silhouette: z.number().min(-1).max(1).describe("Silhouette score of the best k-means fit with this k."),
  inertia: z.number().min(0).describe("Within-segment sum of squared distances (scaled features) of that fit."),
});

export const segmentCustomersOutputSchema = z.object({
  segmentationId: z.string().describe("Id of the stored segmentation; its per-customer assignments are kept for later tools."),
  asOf: z.string().describe("The as-of date used (YYYY-MM-DD)."),
  k: z.number().int().min(MIN_K).max(MAX_K).describe("Number of segments."),
  kChosenBy: z.enum(["input", "silhouette"]).describe("Whether k was given or chosen as the best silhouette score over 2–8."),
  kCandidates: z
    .array(kCandidateSchema)
    .describe("Every k tried when k was chosen automatically, with its silhouette and inertia; empty when k was given."),
  features: z.array(z.enum(FEATURE_NAMES)).describe("Features the customers were clustered on."),
  filters: z
    .object({
      country: z.string().optional().describe("Country the orders were limited to, as spelled in the store."),
      from: z.string().optional().describe("First order date included."),
      to: z.string().optional().describe("Last order date included."),
    })
    .describe("Filters applied to the orders."),
  customerCount: count.describe("Customers segmented: those with at least one sale line in scope."),
  segments: z.array(segmentSchema).describe("The segments, numbered 1…k by descending median spend."),
  quality: z
    .object({
      silhouette: z.number().min(-1).max(1).describe("Mean silhouette coefficient, −1…1; above ~0.25 means a usable structure."),
      silhouetteSampled: z.boolean().describe("True when the silhouette was computed on a seeded sample (more than 20,000 customers)."),
      silhouettePoints: count.describe("Customers the silhouette was computed on."),
      inertia: z.number().min(0).describe("Within-segment sum of squared distances in the scaled feature space (lower = tighter)."),
      restarts: z.number().int().min(1).describe("k-means++ restarts; the fit with the lowest inertia was kept."),
      iterations: count.describe("Lloyd iterations of the kept fit."),
      converged: z.boolean().describe("Whether the kept fit converged before the iteration limit."),
    })
    .describe("How well separated the segments are."),
  summary: z.string().max(700).describe("A short text with the key numbers, for the model."),
});

export type SegmentCustomersOutput = z.output<typeof segmentCustomersOutputSchema>;
export type SegmentOutput = z.output<typeof segmentSchema>;
export type KCandidate = z.output<typeof kCandidateSchema>;
