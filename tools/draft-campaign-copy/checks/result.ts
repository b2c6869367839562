/**
 * The result shape every copy check returns, as zod schemas and TS types.
 *
 * A drafted variant carries a `CopyChecks` object. `ok` is false as soon as one check
 * fails; a variant that is not `ok` is never presented as ready. Warnings keep `ok`
 * true: they flag copy that works but costs more or may be truncated.
 */
import { z } from "zod";

/** How a check came out: `fail` blocks the variant, `warn` is advice, `pass` is fine. */
export const CHECK_STATUSES = ["pass", "warn", "fail"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** The outcome of one check on one variant. */
export const checkResultSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z]+(?:\.[a-z_]+)+$/)
    .describe('what was checked, dotted and stable, e.g. "sms.segments" or "grounding.prices"'),
  status: z.enum(CHECK_STATUSES).describe("pass; warn (works but worth fixing); fail (must be fixed before sending)"),
  message: z.string().min(1).describe("what was found, with the numbers, and how to fix it when it is not a pass"),
  details: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("the measured values (counts, limits, offending values) for people and programs"),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/** All checks of one variant; `ok` is true when none failed. */
export const copyChecksSchema = z.object({
  ok: z.boolean().describe("true when no check failed; only ok variants may be presented as ready"),
  results: z.array(checkResultSchema).describe("one entry per check, in a stable order"),
});
export type CopyChecks = z.infer<typeof copyChecksSchema>;

/** Builds one check result; `details` is omitted when not given so results stay compact. */
export function checkResult(
  id: string,
  status: CheckStatus,
  message: string,
  details?: Record<string, unknown>,
): CheckResult {
  return details === undefined ? { id, status, message } : { id, status, message, details };
}

/** Collects results into a `CopyChecks`: ok unless at least one result failed. */
export function summarizeChecks(results: readonly CheckResult[]): CopyChecks {
  return { ok: results.every((result) => result.status !== "fail"), results: [...results] };
}
