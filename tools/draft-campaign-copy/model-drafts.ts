/**
 * Drafting with a chat model: renders the `prompts/copy/` templates from the facts and
 * parses the model's JSON reply into a variant.
 *
 * Everything that came from the store (catalogue entries, the segment profile, review
 * quotes) goes into the prompt through `quoteData`, inside `<data>` blocks the system
 * prompt says are data, never instructions. For a writer outside this machine
 * (`external`), emails and phone numbers in that text are redacted first. The only offer
 * named outside the data is the approved one.
 */
import { z } from "zod";
import { type ApprovedOffer } from "../../src/core/marketing.ts";
import { redactContacts } from "../../src/core/model-view.ts";
import { loadPrompt, quoteData, renderPrompt } from "../../src/core/prompts.ts";
import { ANGLE_DESCRIPTIONS, type VariantPlan } from "./angles.ts";
import { formatMoney } from "./builtin-templates.ts";
import { MAX_FIELD_LENGTH, type VariantOf } from "./checks/index.ts";
import type { CopyLimits, PlatformLimits } from "./checks/limits.ts";
import { SMS_CAPACITY } from "./checks/encoding.ts";
import type { AudienceFact, DraftFacts, ProductFact, ReviewFacts } from "./facts.ts";
import type { Channel } from "./schema.ts";
import type { NamedVoice } from "./settings.ts";

/** What the prompts are rendered from, besides the facts. */
export interface PromptSettings {
  channel: Channel;
  brief: string;
  language: string;
  shopName: string;
  currencySymbol: string;
  offer: ApprovedOffer | null;
  voice: NamedVoice | null;
  limits: CopyLimits;
  platform: { id: string; limits: PlatformLimits } | undefined;
  marketing: boolean;
  /** True when the writer runs outside this machine: contact details are redacted from quoted data. */
  external: boolean;
  /** How many variants the call drafts. */
  variants: number;
}

/** A failed draft to fix: the copy and the messages of the checks it failed. */
export interface Revision {
  attempt: number;
  /** The previous copy, or the raw reply when it could not be parsed. */
  previous: unknown;
  failures: readonly string[];
}

/** The voice description, its words to avoid, or a neutral default. */
function describeVoice(voice: NamedVoice | null): string {
  if (voice === null) return "Clear, warm and plain-spoken. No jargon, no pressure.";
  const avoid = voice.avoidWords.length === 0 ? "" : `\n\nNever use these words or phrases: ${voice.avoidWords.join(", ")}.`;
  return `${voice.description}${avoid}`;
}

/** The system prompt: who writes, the brand voice, and the rules (data is data, no invented offers, JSON only). */
export function renderSystemPrompt(settings: PromptSettings): string {
  return renderPrompt(loadPrompt("copy/system"), {
    shop_name: settings.shopName,
    brand_voice: describeVoice(settings.voice),
    currency_symbol: settings.currencySymbol,
  });
}

function productLine(product: ProductFact, settings: PromptSettings): string {
  const parts = [
    `id: ${product.productId}`,
    `name: ${product.name}`,
    `price: ${product.price === null ? "unknown (do not state a price)" : formatMoney(product.price, settings.currencySymbol)}`,
    product.category === null ? undefined : `category: ${product.category}`,
    `in stock: ${product.inStock ? "yes" : "no"}`,
    product.rating === null ? undefined : `rating: ${product.rating.average} out of 5 from ${product.rating.count} reviews`,
    product.description === null ? undefined : `description: ${product.description.replace(/\s+/g, " ").slice(0, 300)}`,
  ];
  return `- ${parts.filter((part) => part !== undefined).join(" | ")}`;
}

function productsBlock(products: readonly ProductFact[], source: DraftFacts["productSource"], settings: PromptSettings): string {
  if (products.length === 0) return "No products: write about the shop in general and name no product or price.";
  const why =
    source === "request"
      ? "The marketer chose these products."
      : source === "segment_bestsellers"
        ? "No products were named, so these are the ones most of this segment's customers bought."
        : "No products were named, so these are the shop's current bestsellers.";
  const text = products.map((product) => productLine(product, settings)).join("\n");
  return `${why} Feature one or more of them by name.\n\n${quoteData("catalogue", settings.external ? redactContacts(text) : text)}`;
}

function audienceBlock(audience: AudienceFact | null): string {
  if (audience === null) return "Everyone on the list (no particular segment).";
  const segment = audience.segment;
  if (segment === null) return quoteData("audience", audience.label);
  const medians =
    segment.medians === null
      ? []
      : Object.entries(segment.medians).map(([name, value]) => `median ${name}: ${Math.round(value * 100) / 100}`);
  const lines = [
    `segment: ${segment.name} (${segment.customerCount} customers)`,
    segment.description === null ? undefined : `profile: ${segment.description}`,
    segment.suggestedAction === null ? undefined : `suggested action: ${segment.suggestedAction}`,
    ...medians,
  ].filter((line): line is string => line !== undefined);
  return `${quoteData("segment", lines.join("\n"))}\n\nWrite to these customers; never call them by the segment's name.`;
}

function reviewsBlock(reviews: ReviewFacts, settings: PromptSettings): string {
  if (reviews.count === 0) return "No reviews of these products yet: make no claims about ratings.";
  const aspects = reviews.topAspects.map((aspect) => `${aspect.aspect} (${aspect.mentions} positive reviews)`).join(", ");
  const quotes = reviews.quotes.map((quote) => `- ${quote.rating}/5: ${quote.text}`).join("\n");
  const text = [
    `${reviews.count} rated reviews, average ${reviews.averageRating ?? "n/a"} out of 5.`,
    aspects === "" ? undefined : `Happy customers most often mention: ${aspects}.`,
    quotes === "" ? undefined : `Short positive reviews (for the feeling only; do not quote them):\n${quotes}`,
  ]
    .filter((line): line is string => line !== undefined)
    .join("\n");
  return quoteData("reviews", settings.external ? redactContacts(text) : text);
}

function offerBlock(offer: ApprovedOffer | null, currencySymbol: string): string {
  if (offer === null) {
    return "There is no offer. Do not mention any discount, percentage off, amount off, promo code, multi-buy, free delivery or free gift.";
  }
  const terms = [
    offer.code === undefined ? undefined : `code ${offer.code}`,
    offer.discountPercent === undefined ? undefined : `${offer.discountPercent}% off`,
    offer.amountOff === undefined ? undefined : `${formatMoney(offer.amountOff, currencySymbol)} off`,
    offer.freeShipping === true ? "free delivery" : undefined,
  ].filter((term): term is string => term !== undefined);
  return (
    `The one approved offer: "${offer.description}"${terms.length === 0 ? "" : ` (${terms.join(", ")})`}. ` +
    "Mention it as given, with its code if it has one; mention no other discount, code or free extra."
  );
}

/** Length rules and the reply shape of a channel, from the configured limits. */
export function channelRules(settings: PromptSettings): { rules: string; format: string } {
  const { limits } = settings;
  switch (settings.channel) {
    case "sms": {
      const parts = limits.sms.maxSegments;
      const capacity = parts === 1 ? SMS_CAPACITY["GSM-7"].single : parts * SMS_CAPACITY["GSM-7"].perPart;
      return {
        rules: [
          `- At most ${parts} SMS part${parts === 1 ? "" : "s"}: ${capacity} characters in total, counting spaces and the opt-out line.`,
          "- Plain GSM-7 characters only: no emoji, no curly quotes, no long dashes (one of them cuts the limit to 70 characters a part).",
          settings.marketing
            ? '- End with "Reply STOP to opt out" exactly as written.'
            : "- This is a transactional message: no opt-out line is needed.",
          "- No links: the sending system adds them.",
        ].join("\n"),
        format: '{"text": "the whole SMS"}',
      };
    }
    case "email":
      return {
        rules: [
          `- Subject: at most ${limits.email.subject.warnAbove} characters (never more than ${limits.email.subject.failAbove}).`,
          `- Preheader (preview text after the subject): at most ${limits.email.preheader.warnAbove} characters; it adds to the subject, not repeats it.`,
          "- Body: a greeting, two or three short paragraphs, the products with their prices, one call to action, a sign-off. Plain text.",
          "- Footer: must contain the line \"Unsubscribe: {{unsubscribe_url}}\" and the placeholder {{postal_address}} exactly as written; the sending system fills them in.",
        ].join("\n"),
        format: '{"subject": "…", "preheader": "…", "body": "…", "footer": "…"}',
      };
    case "push":
      return {
        rules: [
          `- Title: at most ${limits.push.titleMax} characters.`,
          `- Body: at most ${limits.push.bodyMax} characters.`,
        ].join("\n"),
        format: '{"title": "…", "body": "…"}',
      };
    case "social":
    case "ad": {
      const platform = settings.platform;
      const fields = platform?.limits.fields ?? {};
      const describe = (name: string, field: keyof typeof fields) => {
        const limit = fields[field];
        if (limit === undefined) return undefined;
        const bound = limit.max ?? limit.recommended;
        const counting = limit.counting === "x_weighted" ? " (X counting: links 23, emoji 2)" : "";
        return `- ${name}: at most ${bound} characters${counting}${limit.max === undefined ? ", or it is truncated" : ""}.`;
      };
      const label = platform?.limits.label ?? settings.channel;
      if (settings.channel === "social") {
        return {
          rules: [`- Platform: ${label}.`, describe("Text", "text"), "- At most two hashtags; no links."]
            .filter((line): line is string => line !== undefined)
            .join("\n"),
          format: '{"text": "the post"}',
        };
      }
      const hasPrimary = fields.primaryText !== undefined;
      return {
        rules: [
          `- Platform: ${label}.`,
          describe("Headline", "headline"),
          describe("Description", "description"),
          describe("Primary text", "primaryText"),
        ]
          .filter((line): line is string => line !== undefined)
          .join("\n"),
        format: hasPrimary
          ? '{"headline": "…", "description": "…", "primaryText": "…"}'
          : '{"headline": "…", "description": "…"}',
      };
    }
  }
}

/** Renders the task prompt for one variant (and, when redrafting, the failed draft and its check messages). */
export function renderDraftPrompt(
  settings: PromptSettings,
  facts: DraftFacts,
  plan: VariantPlan,
  index: number,
  earlier: readonly unknown[],
  revision: Revision | undefined,
): string {
  const { rules, format } = channelRules(settings);
  const earlierText =
    earlier.length === 0
      ? ""
      : `- Make it clearly different from the variants already written:\n\n${quoteData("earlier_variants", earlier.map((copy) => JSON.stringify(copy)).join("\n"))}`;
  const revisionText =
    revision === undefined
      ? ""
      : renderPrompt(loadPrompt("copy/redraft"), {
          attempt: String(revision.attempt),
          // Check messages quote the failed copy (product names, invented offers), so they go in as data too.
          failures: quoteData("failed_checks", revision.failures.map((failure) => `- ${failure}`).join("\n")),
          previous: quoteData(
            "previous_draft",
            typeof revision.previous === "string" ? revision.previous : JSON.stringify(revision.previous, null, 2),
          ),
        });
  return renderPrompt(loadPrompt("copy/draft"), {
    variant: `${index} of ${settings.variants}`,
    channel: settings.platform === undefined ? settings.channel : `${settings.channel} (${settings.platform.limits.label})`,
    shop_name: settings.shopName,
    brief: settings.brief,
    angle: ANGLE_DESCRIPTIONS[plan.angle],
    tone: plan.tone,
    language: settings.language,
    earlier: earlierText,
    audience: audienceBlock(facts.audience),
    products: productsBlock(facts.products, facts.productSource, settings),
    reviews: reviewsBlock(facts.reviews, settings),
    offer: offerBlock(settings.offer, settings.currencySymbol),
    rules,
    format,
    revision: revisionText,
  });
}

const text = z.string().max(MAX_FIELD_LENGTH);
/** Reply shapes per channel; the platform of social and ad copy is ours to set, not the model's. */
const replySchemas = {
  sms: z.object({ text }),
  email: z.object({ subject: text, preheader: text, body: text, footer: text }),
  push: z.object({ title: text, body: text }),
  social: z.object({ text }),
  ad: z.object({ headline: text, description: text, primaryText: text.optional() }),
} as const satisfies Record<Channel, z.ZodType>;

/** A parsed reply, or why it could not be used. */
export type ParsedReply = { ok: true; copy: VariantOf<Channel> } | { ok: false; reason: string };

/** The JSON object in a reply, allowing code fences or a sentence around it. */
function jsonObjectIn(reply: string): string | undefined {
  const unfenced = reply.replace(/^\s*```(?:json)?\s*/i, "").replace(/\s*```\s*$/, "");
  const start = unfenced.indexOf("{");
  const end = unfenced.lastIndexOf("}");
  return start === -1 || end <= start ? undefined : unfenced.slice(start, end + 1);
}

/**
 * Parses a model reply into `channel` copy. A reply that is not one JSON object of the
 * channel's shape is refused with a reason the redraft prompt can pass back.
 */
export function parseDraftReply(channel: Channel, reply: string, platform: string | undefined): ParsedReply {
  const json = jsonObjectIn(reply);
  if (json === undefined) {
    return { ok: false, reason: `The reply was not a JSON object (it began ${JSON.stringify(reply.trim().slice(0, 60))}); reply with the JSON object only.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `The reply was not valid JSON (${(error as Error).message}); reply with one valid JSON object only.` };
  }
  const parsed = replySchemas[channel].safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.length === 0 ? "the object" : issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    return { ok: false, reason: `The reply JSON does not have the ${channel} shape (${problems}); use exactly the fields asked for.` };
  }
  const copy = parsed.data;
  if (channel === "social" || channel === "ad") return { ok: true, copy: { ...copy, platform: platform ?? "" } as VariantOf<Channel> };
  return { ok: true, copy: copy as VariantOf<Channel> };
}
