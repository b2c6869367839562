/**
 * Copy checks for `draft_campaign_copy`: pure functions (no store, no model) that every
 * drafted variant passes through. `checkVariant` runs the channel's checks plus grounding
 * and returns a `CopyChecks`; a variant whose `ok` is false is never presented as ready.
 */
import { z } from "zod";
import { ValidationError, describeIssues, fieldIssuesFrom } from "../../../src/core/errors.ts";
import { checkAd, checkSocial } from "./ads.ts";
import { checkEmail } from "./email.ts";
import { checkGrounding, groundingFactsSchema } from "./grounding.ts";
import { copyLimitsSchema } from "./limits.ts";
import { checkPush } from "./push.ts";
import { type CheckResult, type CopyChecks, summarizeChecks } from "./result.ts";
import { checkSms } from "./sms.ts";

export { type CheckResult, type CheckStatus, type CopyChecks, checkResultSchema, copyChecksSchema } from "./result.ts";
export { type ApprovedOffer, type GroundingFacts, approvedOfferSchema, groundingFactsSchema } from "./grounding.ts";
export {
  type CopyLimits,
  type CopyLimitsInput,
  DEFAULT_PLATFORM_LIMITS,
  DEFAULT_PLATFORMS,
  type PlatformLimits,
  copyLimitsSchema,
  defaultCopyLimits,
} from "./limits.ts";

/** The channels a variant can be drafted for. */
export const CHANNELS = ["sms", "email", "push", "social", "ad"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Longest copy field the checks accept, in UTF-16 code units. Far above any real copy
 * (a LinkedIn post is 3,000 characters); it bounds the work a runaway draft can cause.
 */
export const MAX_FIELD_LENGTH = 50_000;

const field = (description: string) => z.string().max(MAX_FIELD_LENGTH).describe(description);
const platformId = (example: string) =>
  z.string().regex(/^[a-z][a-z0-9_]*$/).max(64).describe(`platform id from the limits table, e.g. ${example}`);

/** One drafted variant per channel, as zod schemas (for the tool's output schema). */
export const variantSchemas = {
  sms: z.object({ text: field("the whole SMS, opt-out line included") }),
  email: z.object({
    subject: field("subject line"),
    preheader: field("preview text shown after the subject in the inbox"),
    body: field("the email body"),
    footer: field("footer with {{unsubscribe_url}} and {{postal_address}}"),
  }),
  push: z.object({ title: field("notification title"), body: field("notification body") }),
  social: z.object({ platform: platformId("x_post"), text: field("the post") }),
  ad: z.object({
    platform: platformId("google_search_ad"),
    headline: field("ad headline"),
    description: field("ad description"),
    primaryText: field("text above the creative, on platforms that have it (meta_ad)").optional(),
  }),
} as const satisfies Record<Channel, z.ZodType>;

/** The variant shape of `channel`. */
export type VariantOf<C extends Channel> = z.infer<(typeof variantSchemas)[C]>;

/** Options of `checkVariant`; everything has a default except the grounding facts. */
export const checkVariantOptionsSchema = z.object({
  limits: copyLimitsSchema.prefault({}).describe("channel and platform limits; defaults in limits.ts"),
  facts: groundingFactsSchema.describe("products, prices and approved offers the copy may mention"),
  marketing: z.boolean().default(true).describe("marketing SMS need a STOP line; set false for transactional SMS"),
});
export type CheckVariantOptions = z.input<typeof checkVariantOptionsSchema>;

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fieldIssuesFrom(parsed.error.issues);
  throw new ValidationError(`Invalid ${what} for the copy checks: ${describeIssues(issues)}.`, issues);
}

/** The text grounding reads: every field of the variant, one per line so sentences do not run together. */
function groundingText(channel: Channel, variant: VariantOf<Channel>): string {
  const fields: Record<Channel, readonly string[]> = {
    sms: ["text"],
    email: ["subject", "preheader", "body", "footer"],
    push: ["title", "body"],
    social: ["text"],
    ad: ["headline", "description", "primaryText"],
  };
  const values = variant as Record<string, unknown>;
  return fields[channel]
    .map((field) => values[field])
    .filter((value): value is string => typeof value === "string")
    .join("\n");
}

/**
 * Runs the checks of `channel` on `variant`, then grounding, and returns them with `ok`
 * (no check failed). Throws `ValidationError` when the variant or options are malformed
 * and an `unknown_platform` user error when an ad or social platform has no limits.
 */
export function checkVariant<C extends Channel>(channel: C, variant: VariantOf<C>, options: CheckVariantOptions): CopyChecks {
  const parsedOptions = parseOrThrow(checkVariantOptionsSchema, options, "options");
  const limits = parsedOptions.limits;
  let results: CheckResult[];
  switch (channel) {
    case "sms": {
      const sms = parseOrThrow(variantSchemas.sms, variant, "SMS variant");
      results = checkSms(sms.text, { maxSegments: limits.sms.maxSegments, marketing: parsedOptions.marketing });
      break;
    }
    case "email":
      results = checkEmail(parseOrThrow(variantSchemas.email, variant, "email variant"), limits.email);
      break;
    case "push":
      results = checkPush(parseOrThrow(variantSchemas.push, variant, "push variant"), limits.push);
      break;
    case "social":
      results = checkSocial(parseOrThrow(variantSchemas.social, variant, "social variant"), limits.platforms);
      break;
    case "ad":
      results = checkAd(parseOrThrow(variantSchemas.ad, variant, "ad variant"), limits.platforms);
      break;
    default:
      throw new ValidationError(`Unknown channel "${String(channel)}"; use one of: ${CHANNELS.join(", ")}.`, [
        { path: "channel", message: `expected one of ${CHANNELS.join(", ")}` },
      ]);
  }
  results.push(...checkGrounding(groundingText(channel, variant), parsedOptions.facts));
  return summarizeChecks(results);
}
