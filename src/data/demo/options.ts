/**
 * Validation and defaults for the demo generator's options, and the sizes and the
 * date window they imply.
 */
import { z } from "zod";
import { ValidationError, describeIssues, fieldIssuesFrom } from "../../core/errors.ts";
import { addMonths, isoDate, parseIsoDate } from "./calendar.ts";

/** The last day with orders when none is given. */
export const DEFAULT_END_DATE = "2026-10-31";

/** Sizes at scale 1. */
export const BASE_SIZES = {
  customers: 5_000,
  products: 1_500,
} as const;

/** The options as callers pass them (see `DemoOptions` in `index.ts`). */
export const demoOptionsSchema = z.object({
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .describe("Seed of the generator; the same seed and end date give byte-identical data."),
  endDate: z
    .string()
    .refine((text) => parseIsoDate(text) !== undefined, { message: "must be a real date written YYYY-MM-DD" })
    .optional()
    .describe(`The last day with orders, YYYY-MM-DD; default ${DEFAULT_END_DATE}.`),
  scale: z
    .number()
    .min(0.01)
    .max(10)
    .optional()
    .describe("Size multiplier: 1 gives 5,000 customers and 1,500 products; tests use 0.05."),
});

/** Options with defaults applied and the window worked out. */
export interface ResolvedDemoOptions {
  seed: number;
  scale: number;
  endDate: string;
  /** Day number of the last day with orders. */
  endDay: number;
  /** Day number of the first day with orders: two years before `endDay`, plus one day. */
  startDay: number;
  customerCount: number;
  productCount: number;
}

/** Validates options and applies defaults; throws `ValidationError` naming the bad field. */
export function resolveDemoOptions(options: unknown): ResolvedDemoOptions {
  const parsed = demoOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues);
    throw new ValidationError(
      `Invalid demo options: ${describeIssues(issues)}. Pass { seed: <integer 0–4294967295>, endDate?: "YYYY-MM-DD", scale?: 0.01–10 }.`,
      issues,
    );
  }
  const { seed } = parsed.data;
  const scale = parsed.data.scale ?? 1;
  const endDate = parsed.data.endDate ?? DEFAULT_END_DATE;
  const endDay = parseIsoDate(endDate) as number;
  return {
    seed,
    scale,
    endDate: isoDate(endDay),
    endDay,
    startDay: addMonths(endDay, -24) + 1,
    customerCount: Math.max(20, Math.round(BASE_SIZES.customers * scale)),
    productCount: Math.round(BASE_SIZES.products * scale),
  };
}
