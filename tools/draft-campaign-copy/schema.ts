/**
 * Input and output of `draft_campaign_copy`. The campaign workflow and the builtin planner
 * build inputs from this schema; the HTTP API publishes it as JSON Schema.
 */
import { z } from "zod";
import { approvedOfferSchema } from "../../src/core/marketing.ts";
import { CHANNELS, type Channel, copyChecksSchema, variantSchemas } from "./checks/index.ts";

export { CHANNELS, type Channel };

/** Most variants one call drafts. */
export const MAX_VARIANTS = 5;
/** Most products one draft may feature. */
export const MAX_PRODUCTS = 10;

export const draftInputSchema = z
  .object({
    channel: z.enum(CHANNELS).describe("where the copy goes: email, sms, push, social or ad"),
    brief: z
      .string()
      .trim()
      .min(3)
      .max(2_000)
      .describe('what the message is for, in the marketer\'s words, e.g. "win back customers who stopped ordering"'),
    audience: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .describe('who receives it: a segment id from segment_customers ("sgm_4f2a9c:2", or "2" for the latest segmentation) or words ("lapsed tea lovers")'),
    productIds: z
      .array(z.string().trim().min(1).max(64))
      .max(MAX_PRODUCTS)
      .optional()
      .describe("products to feature, by productId (from recommend_products or search_catalog); their real names and prices are used"),
    tone: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .optional()
      .describe('how it should sound, e.g. "friendly", "urgent", "premium", "playful"'),
    variants: z.number().int().min(1).max(MAX_VARIANTS).default(2).describe("how many different versions to draft (1–5)"),
    offer: z
      .union([
        z.string().trim().min(1).max(500).describe("the code or exact description of an offer approved in config"),
        approvedOfferSchema.describe("an offer approved in this request"),
      ])
      .optional()
      .describe("the one offer the copy may mention; without it the copy mentions no discount, code or free delivery"),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag such as en, en-GB, fr or de")
      .default("en")
      .describe("language of the copy as a tag such as en, fr, de; offline drafting writes English only"),
    brandVoice: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe("name of a brand voice from the marketing settings; the `default` voice (if any) when absent"),
    platform: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/)
      .max(64)
      .optional()
      .describe("for social and ad: the platform whose limits apply, e.g. x_post, instagram_post, google_search_ad, meta_ad"),
    marketing: z
      .boolean()
      .default(true)
      .describe("marketing messages need opt-out text; false for transactional SMS"),
  })
  .strict();
export type DraftInput = z.output<typeof draftInputSchema>;
export type DraftInputRaw = z.input<typeof draftInputSchema>;

/**
 * The copy of one variant: the channel's fields (see checks/index.ts `variantSchemas`).
 * The union takes the first shape that fits and drops unknown keys, so shapes with more
 * required fields come first: otherwise a social post `{platform, text}` would be read as
 * an SMS `{text}` and lose its platform.
 */
export const variantContentSchema = z.union([
  variantSchemas.social,
  variantSchemas.ad,
  variantSchemas.email,
  variantSchemas.push,
  variantSchemas.sms,
]);

export const draftVariantSchema = z.object({
  index: z.number().int().min(1).describe("1-based number of the variant"),
  status: z
    .enum(["ready", "failing"])
    .describe("ready: every check passed (warnings allowed); failing: a check still fails after the redrafts — never send as is"),
  content: variantContentSchema.describe("the copy, with the channel's fields"),
  checks: copyChecksSchema,
  attempts: z.number().int().min(1).describe("drafts written for this variant, redrafts included"),
  angle: z.string().optional().describe("the idea of this variant (e.g. 'bestseller spotlight'), for people comparing variants"),
});
export type DraftVariant = z.infer<typeof draftVariantSchema>;

export const draftOutputSchema = z.object({
  summary: z.string(),
  draftId: z.string().describe("stored id of this draft, for later turns (\"make variant 2 shorter\")"),
  channel: z.enum(CHANNELS),
  platform: z.string().optional(),
  language: z.string(),
  audience: z
    .object({
      label: z.string().describe("who it is for, in words"),
      segmentId: z.string().optional(),
      segmentName: z.string().optional(),
      customerCount: z.number().int().nonnegative().optional(),
    })
    .nullable(),
  products: z
    .array(z.object({ productId: z.string(), name: z.string(), price: z.number().nullable() }))
    .describe("the products the copy may feature, with store prices"),
  offer: approvedOfferSchema.nullable().describe("the approved offer the copy may mention, or null"),
  brandVoice: z.string().nullable(),
  writer: z.string().describe("what wrote the copy: builtin (templates) or the chat model's id"),
  variants: z.array(draftVariantSchema),
  readyCount: z.number().int().nonnegative(),
});
export type DraftOutput = z.infer<typeof draftOutputSchema>;
