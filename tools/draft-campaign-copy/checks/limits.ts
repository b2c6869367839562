/**
 * Default limits for every channel check, and the zod schema that fills in defaults
 * for whatever a request or config leaves out. All limits are configurable; the
 * defaults are the numbers below.
 *
 * Email preheader: warn above 100 characters because Gmail and most mobile clients
 * show roughly 90–100 characters of preview next to the subject; fail above 140
 * because no major client shows more, so anything past it is never read and only
 * pushes the inbox preview to fall back to body text in some clients.
 *
 * Ads and social: the platform table is platform guidance as of 2026, configurable.
 * `max` is a hard limit (the platform rejects or cuts the text: a failed check);
 * `recommended` is where the platform starts truncating in the feed (a warning).
 */
import { z } from "zod";

/** How a platform counts length: user-perceived characters, or X's weighted count (URLs 23, emoji and CJK 2). */
export const COUNTING_METHODS = ["characters", "x_weighted"] as const;
export type CountingMethod = (typeof COUNTING_METHODS)[number];

/** The copy fields a platform can have. Social posts have `text`; ads have headline, description, primary text. */
export const PLATFORM_FIELDS = ["text", "headline", "description", "primaryText"] as const;
export type PlatformField = (typeof PLATFORM_FIELDS)[number];

/** The length limit of one field on one platform. */
export const fieldLimitSchema = z
  .object({
    recommended: z.number().int().positive().optional().describe("above this the platform truncates: a warning"),
    max: z.number().int().positive().optional().describe("above this the platform rejects or cuts the text: a failure"),
    counting: z.enum(COUNTING_METHODS).default("characters").describe("how length is counted"),
  })
  .refine((limit) => limit.recommended !== undefined || limit.max !== undefined, {
    message: "give at least one of recommended and max",
  })
  .refine((limit) => limit.recommended === undefined || limit.max === undefined || limit.recommended <= limit.max, {
    message: "recommended must not be larger than max",
  });
export type FieldLimit = z.output<typeof fieldLimitSchema>;

/** The limits of one ad or social platform. */
export const platformLimitsSchema = z.object({
  kind: z.enum(["social", "ad"]).describe("social posts have a text; ads have headline and description"),
  label: z.string().min(1).describe("the platform's name for people, e.g. \"Google search ad\""),
  source: z.string().min(1).describe("where the numbers come from"),
  fields: z.partialRecord(z.enum(PLATFORM_FIELDS), fieldLimitSchema).describe("limits per copy field"),
});
export type PlatformLimits = z.output<typeof platformLimitsSchema>;

const GUIDANCE = "platform guidance as of 2026, configurable";

/** The platforms Bullseye knows out of the box. */
export const DEFAULT_PLATFORMS = ["google_search_ad", "meta_ad", "x_post", "instagram_post", "linkedin_post"] as const;
export type DefaultPlatform = (typeof DEFAULT_PLATFORMS)[number];

/** Default ad and social limits; a config can change any platform or add new ones. */
export const DEFAULT_PLATFORM_LIMITS: Readonly<Record<DefaultPlatform, PlatformLimits>> = {
  google_search_ad: {
    kind: "ad",
    label: "Google search ad",
    source: `Google Ads responsive search ads: headlines up to 30, descriptions up to 90 characters (${GUIDANCE})`,
    fields: {
      headline: { max: 30, counting: "characters" },
      description: { max: 90, counting: "characters" },
    },
  },
  meta_ad: {
    kind: "ad",
    label: "Meta (Facebook/Instagram) ad",
    source: `Meta ads guide: primary text 125, headline 40, description 30 characters recommended before truncation (${GUIDANCE})`,
    fields: {
      primaryText: { recommended: 125, counting: "characters" },
      headline: { recommended: 40, counting: "characters" },
      description: { recommended: 30, counting: "characters" },
    },
  },
  x_post: {
    kind: "social",
    label: "X post",
    source: `X: 280 weighted characters, URLs count 23, emoji and CJK count 2 (${GUIDANCE})`,
    fields: { text: { max: 280, counting: "x_weighted" } },
  },
  instagram_post: {
    kind: "social",
    label: "Instagram caption",
    source: `Instagram: captions up to 2,200 characters (${GUIDANCE})`,
    fields: { text: { max: 2_200, counting: "characters" } },
  },
  linkedin_post: {
    kind: "social",
    label: "LinkedIn post",
    source: `LinkedIn: posts up to 3,000 characters (${GUIDANCE})`,
    fields: { text: { max: 3_000, counting: "characters" } },
  },
};

/** A warn/fail pair of character counts: above `warnAbove` warns, above `failAbove` fails. */
const lengthBand = (warnAbove: number, failAbove: number) =>
  z
    .object({
      warnAbove: z.number().int().positive().default(warnAbove),
      failAbove: z.number().int().positive().default(failAbove),
    })
    .refine((band) => band.warnAbove <= band.failAbove, { message: "warnAbove must not be larger than failAbove" })
    .prefault({});

/** All limits, with every field defaulted: parse `{}` to get the defaults. */
export const copyLimitsSchema = z.object({
  sms: z
    .object({
      maxSegments: z.number().int().min(1).max(10).default(2).describe("most SMS parts a message may take"),
    })
    .prefault({}),
  email: z
    .object({
      subject: lengthBand(50, 78).describe("subject length in characters (default warn > 50, fail > 78)"),
      preheader: lengthBand(100, 140).describe("preheader length in characters (default warn > 100, fail > 140)"),
    })
    .prefault({}),
  push: z
    .object({
      titleMax: z.number().int().positive().default(50).describe("longest push title in characters"),
      bodyMax: z.number().int().positive().default(110).describe("longest push body in characters"),
    })
    .prefault({}),
  platforms: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/), platformLimitsSchema)
    .optional()
    // Configured platforms replace or extend the defaults instead of dropping them.
    .transform((configured): Record<string, PlatformLimits> => ({ ...DEFAULT_PLATFORM_LIMITS, ...configured }))
    .describe("ad and social platform limits by platform id; merged over the defaults"),
});
/** Limits as given by a request or config: every field optional. */
export type CopyLimitsInput = z.input<typeof copyLimitsSchema>;
/** Limits with every default filled in. */
export type CopyLimits = z.output<typeof copyLimitsSchema>;

/** The default limits. */
export function defaultCopyLimits(): CopyLimits {
  return copyLimitsSchema.parse({});
}
