/**
 * The campaign workflow's request, result and job shapes.
 *
 * `POST /api/campaigns` bodies are parsed with `campaignRequestSchema`; the workflow's
 * output is checked against `campaignResultSchema` before it is stored, so a campaign is
 * never recorded as succeeded with a segment, channel or variant missing.
 */
import { z } from "zod";
import { ERROR_CATEGORIES, type ErrorBody } from "../../core/errors.ts";
import { approvedOfferSchema } from "../../core/marketing.ts";
import { CHANNELS, type Channel, MAX_VARIANTS, draftVariantSchema } from "../../../tools/draft-campaign-copy/schema.ts";
import { MAX_K, MIN_K } from "../../../tools/segment-customers/schema.ts";

export { CHANNELS, type Channel };

/** Most products recommended (and featured in the copy) per segment. */
export const MAX_PRODUCTS_PER_SEGMENT = 5;
/** Most offers one campaign request may approve. */
export const MAX_OFFERS = 20;

/**
 * A segment chosen in a request: its number in the campaign's segmentation (1…k, by
 * descending median spend) or its name ("At risk", any letter case). A string of digits
 * counts as a number.
 */
export const segmentChoiceSchema = z
  .union([
    z.number().int().min(1).max(MAX_K),
    z
      .string()
      .trim()
      .min(1)
      .max(60)
      .transform((value) => (/^\d{1,2}$/.test(value) ? Number(value) : value)),
  ])
  .describe('a segment number (1…k, by descending median spend) or a segment name such as "At risk"');
export type SegmentChoice = z.output<typeof segmentChoiceSchema>;

/** An offer approved in the request, optionally only for some segments. */
export const campaignOfferObjectSchema = approvedOfferSchema
  .extend({
    segments: z
      .array(segmentChoiceSchema)
      .min(1)
      .max(MAX_K)
      .optional()
      .describe("the target segments this offer is for (numbers or names); without it the offer is for every target segment"),
  })
  .strict();

/**
 * An offer the copy may mention: approved here (an object), or named by the code or exact
 * description of an offer approved in the marketing settings (a string).
 */
export const campaignOfferSchema = z
  .union([
    z.string().trim().min(1).max(500).describe("the code or exact description of an offer approved in the marketing settings"),
    campaignOfferObjectSchema,
  ])
  .describe("an approved offer");
export type CampaignOffer = z.output<typeof campaignOfferSchema>;

const platformId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be a platform id such as instagram_post or google_search_ad")
  .max(64);

export const campaignRequestSchema = z
  .object({
    brief: z
      .string()
      .trim()
      .min(3)
      .max(2_000)
      .describe('what the campaign is for, in the marketer\'s words, e.g. "win back customers who stopped ordering"'),
    channels: z
      .array(z.enum(CHANNELS))
      .min(1)
      .max(CHANNELS.length)
      .refine((channels) => new Set(channels).size === channels.length, { error: "must not list a channel twice" })
      .describe("where the copy goes: any of email, sms, push, social, ad"),
    segmentation: z
      .object({
        k: z
          .number()
          .int()
          .min(MIN_K)
          .max(MAX_K)
          .optional()
          .describe(`number of segments, ${MIN_K}–${MAX_K}; chosen by silhouette score when left out`),
      })
      .strict()
      .default({})
      .describe("how to segment the customers"),
    targetSegments: z
      .array(segmentChoiceSchema)
      .min(1)
      .max(MAX_K)
      .optional()
      .describe("the segments to write for, by number or name; when left out they are picked from the brief (see docs/decisions/campaigns.md)"),
    offers: z
      .array(campaignOfferSchema)
      .max(MAX_OFFERS)
      .default([])
      .describe("offers the copy may mention; without any, the copy mentions no discount, code or free delivery"),
    variants: z.number().int().min(1).max(MAX_VARIANTS).default(2).describe(`versions of the copy per segment and channel, 1–${MAX_VARIANTS}`),
    brandVoice: z.string().trim().min(1).max(40).optional().describe("name of a brand voice from the marketing settings"),
    tone: z.string().trim().min(1).max(60).optional().describe('how the copy should sound, e.g. "warm", "urgent"'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag such as en, en-GB, fr or de")
      .optional()
      .describe("language of the copy as a tag; offline drafting writes English only"),
    productsPerSegment: z
      .number()
      .int()
      .min(1)
      .max(MAX_PRODUCTS_PER_SEGMENT)
      .default(3)
      .describe(`products recommended and featured per segment, 1–${MAX_PRODUCTS_PER_SEGMENT}`),
    platforms: z
      .object({
        social: platformId.optional().describe("platform for social posts, e.g. instagram_post"),
        ad: platformId.optional().describe("platform for ads, e.g. google_search_ad"),
      })
      .strict()
      .optional()
      .describe("the platform whose limits apply to the social and ad channels"),
  })
  .strict();

/** A campaign request as sent (defaults not yet filled in). */
export type CampaignRequestInput = z.input<typeof campaignRequestSchema>;
/** A validated campaign request with defaults filled in. */
export type CampaignRequest = z.output<typeof campaignRequestSchema>;

const count = z.number().int().nonnegative();

const productPickSchema = z.object({
  rank: z.number().int().min(1),
  productId: z.string(),
  name: z.string(),
  signal: z.string().describe("what carried the pick (repurchase, bought_with, similar, trending, popular)"),
  reason: z.string().describe("why this product, with the evidence"),
  customersPicking: count.describe("segment customers with this product in their own top picks"),
  shareOfSegment: z.number().min(0).max(1),
});

const channelCopySchema = z.object({
  channel: z.enum(CHANNELS),
  platform: z.string().optional(),
  draftId: z.string().describe("the stored draft, for redrafting later"),
  writer: z.string().describe("what wrote the copy: builtin (templates) or the chat model's id"),
  readyCount: count,
  variants: z.array(draftVariantSchema).min(1),
});
export type ChannelCopy = z.output<typeof channelCopySchema>;

const profileSchema = z.object({
  recencyDays: z.number(),
  frequency: z.number(),
  monetary: z.number(),
  tenureDays: z.number(),
  averageOrderValue: z.number(),
  distinctProducts: z.number(),
});

const campaignSegmentSchema = z.object({
  segmentId: z.string().describe('canonical segment id "<segmentationId>:<number>"'),
  number: z.number().int().min(1),
  name: z.string(),
  size: count.describe("customers in the segment"),
  share: z.number().min(0).max(1).describe("fraction of the segmented customers"),
  profile: profileSchema.describe("the typical member: medians in real units"),
  description: z.string(),
  suggestedAction: z.string(),
  offer: approvedOfferSchema.nullable().describe("the offer this segment's copy may mention"),
  products: z.array(productPickSchema).describe("recommended products with reasons, best first"),
  channels: z.array(channelCopySchema).min(1),
  ready: count.describe("variants of this segment that passed every check"),
  failing: count.describe("variants of this segment with a failing check; never send those as they are"),
});
export type CampaignSegment = z.output<typeof campaignSegmentSchema>;

/** Named steps of the workflow, in order; `steps` in the result times each. */
export const STEP_NAMES = ["segment", "target", "recommend", "draft", "assemble"] as const;
export type StepName = (typeof STEP_NAMES)[number];

export const campaignResultSchema = z.object({
  brief: z.string(),
  segmentation: z.object({
    segmentationId: z.string(),
    k: z.number().int(),
    kChosenBy: z.enum(["input", "silhouette"]),
    silhouette: z.number(),
    customerCount: count,
    asOf: z.string(),
  }),
  targeting: z.object({
    rule: z.enum(["request", "brief", "all"]).describe("request: targetSegments; brief: keywords of the brief; all: no keyword matched"),
    intents: z.array(z.string()).describe("intents recognised in the brief (win-back, loyalty, welcome)"),
    explanation: z.string().describe("why these segments, in a sentence"),
  }),
  segments: z.array(campaignSegmentSchema).min(1),
  totals: z.object({
    segments: count,
    customers: count.describe("customers in the target segments"),
    drafts: count.describe("segment × channel drafts"),
    variants: count,
    ready: count,
    failing: count,
  }),
  steps: z
    .array(z.object({ name: z.enum(STEP_NAMES), calls: count, ms: z.number().nonnegative() }))
    .describe("wall-clock time per step, tool calls included"),
  durationMs: z.number().nonnegative(),
});
export type CampaignResult = z.output<typeof campaignResultSchema>;

/** Where a campaign job is. */
export const CAMPAIGN_STATUSES = ["queued", "running", "succeeded", "failed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** An error as every surface shows it (the `error` of an `ErrorBody`). */
const jobErrorSchema = z.object({
  code: z.string().describe("stable snake_case code, e.g. interrupted, unknown_target_segment"),
  category: z.enum(ERROR_CATEGORIES),
  message: z.string().describe("what went wrong and what to do"),
  details: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<ErrorBody["error"]>;

const jobTimes = {
  createdAt: z.string().describe("ISO time the job was started"),
  updatedAt: z.string().describe("ISO time of its last change"),
};

/** A campaign job as `GET /api/campaigns/:id` returns it. */
export const campaignJobSchema = z
  .object({
    campaignId: z.string(),
    status: z.enum(CAMPAIGN_STATUSES).describe("queued → running → succeeded or failed"),
    progress: z.number().min(0).max(1).describe("fraction of the workflow's steps done; 1 only when succeeded"),
    step: z.string().describe("what it is doing now (running), or the step that failed (failed); done when succeeded"),
    ...jobTimes,
    request: campaignRequestSchema.describe("the request, with defaults filled in"),
    result: campaignResultSchema.nullable().describe("set when succeeded: every target segment with every channel and variant"),
    error: jobErrorSchema.nullable().describe("set when failed"),
  })
  .describe("A campaign job.");
export type CampaignJob = z.output<typeof campaignJobSchema>;

/** A campaign job in a list: no result, the brief cut short. */
export const campaignSummarySchema = z
  .object({
    campaignId: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    progress: z.number().min(0).max(1),
    step: z.string(),
    ...jobTimes,
    brief: z.string().describe("the brief, cut at 200 characters"),
    channels: z.array(z.enum(CHANNELS)),
    totals: campaignResultSchema.shape.totals.nullable().describe("set when succeeded"),
    errorCode: z.string().nullable().describe("set when failed"),
  })
  .describe("A campaign job, without its result.");
export type CampaignSummary = z.output<typeof campaignSummarySchema>;
