/**
 * `draft_campaign_copy`: writes campaign copy (SMS, email, push, social post, ad) grounded
 * on the shop's own data, and checks every variant by code before anyone sees it.
 *
 * Method
 * 1. Settings (settings.ts): the one approved offer (a code or description from the
 *    marketing settings, or an offer object approved in the request), the brand voice,
 *    the channel limits and the ad/social platform. Offline drafting writes English only.
 * 2. Facts (facts.ts): the products' real names and prices (or, when none are named, what
 *    the segment buys most, else the shop's bestsellers), the audience segment's name,
 *    profile and size, and what reviews say (ratings, praised aspects, short quotes).
 * 3. A plan (angles.ts): one angle and tone per variant, chosen from the brief, audience and
 *    facts, so variants differ in idea; seeded from a hash of the input.
 * 4. Drafting: the chat model in `context.writer` from `prompts/copy/` (store text quoted as
 *    `<data>`), or the builtin channel templates (builtin-templates.ts) offline.
 * 5. Checks (checks/): channel limits, SMS encoding and opt-out, email footer, grounding
 *    (prices, discounts, product names, codes against the facts and the one approved offer)
 *    and the brand voice's words to avoid. A failing variant is redrafted with the failing
 *    checks' messages up to `maxRedrafts` times, then returned as "failing" — never "ready".
 * 6. Stored in `drafts` under a `drf_` id.
 */
import type { TextGenerator } from "../../src/core/ports.ts";
import { mulberry32 } from "../../src/core/random.ts";
import { defineTool } from "../../src/core/tool.ts";
import { type PlanRequest, occasionFromBrief, planVariants, seasonOf, toneFromWords } from "./angles.ts";
import { type BuiltinContext, builtinVariant, formatMoney } from "./builtin-templates.ts";
import { checkAvoidWords } from "./checks/brand.ts";
import { type CopyChecks, checkVariant } from "./checks/index.ts";
import { summarizeChecks } from "./checks/result.ts";
import { type DraftFacts, loadDraftFacts } from "./facts.ts";
import { type PromptSettings, parseDraftReply, renderDraftPrompt, renderSystemPrompt } from "./model-drafts.ts";
import { saveDraft } from "./persist.ts";
import { type ChannelCopy, type Drafter, draftVariant, failureMessages } from "./redraft.ts";
import { type DraftInput, type DraftOutput, type DraftVariant, draftInputSchema, draftOutputSchema } from "./schema.ts";
import { type DraftSettings, resolveDraftSettings } from "./settings.ts";

/** FNV-1a over the text's UTF-16 code units: a stable 32-bit seed from the input. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Attempts the builtin templates make at a variant that differs from the earlier ones. */
const DISTINCT_TRIES = 12;

/** The text all fields of a variant make together, for the brand check and comparisons. */
function copyText(copy: ChannelCopy): string {
  return Object.entries(copy)
    .filter(([key, value]) => key !== "platform" && typeof value === "string")
    .map(([, value]) => value as string)
    .join("\n");
}

function builtinDrafter(input: DraftInput, settings: DraftSettings, facts: DraftFacts, seedText: string, now: Date): Drafter {
  const context: BuiltinContext = {
    shop: settings.shopName,
    currencySymbol: settings.currencySymbol,
    products: facts.products,
    offer: settings.offer,
    occasion: occasionFromBrief(input.brief),
    season: seasonOf(now),
    reviews: facts.reviews,
    limits: settings.limits,
    platform:
      settings.platform === undefined || settings.platformLimits === undefined
        ? undefined
        : { id: settings.platform, limits: settings.platformLimits },
    marketing: input.marketing,
    avoidWords: settings.voice?.avoidWords ?? [],
    concise: wantsShortCopy(input),
  };
  const short = context.concise === true;
  return async (request) => {
    const taken = new Set(request.earlier.map((copy) => copyText(copy)));
    let copy: ChannelCopy | undefined;
    let shortest: ChannelCopy | undefined;
    for (let reroll = 0; reroll < DISTINCT_TRIES; reroll += 1) {
      const random = mulberry32(hashText(`${seedText}#variant ${request.index}#attempt ${request.attempt}#${reroll}`));
      copy = builtinVariant(input.channel, request.plan, context, random);
      if (taken.has(copyText(copy))) continue;
      // Asked for short copy: write every candidate and keep the shortest new one.
      if (!short) break;
      if (shortest === undefined || copyText(copy).length < copyText(shortest).length) shortest = copy;
    }
    return { ok: true, copy: (shortest ?? copy) as ChannelCopy };
  };
}

const SHORT_WORDS = /\b(?:concise|short|shorter|shorten|brief|briefer|punchy|tight|tighter|crisp|succinct|fewer words)\b/i;

/** Whether the request asks for short copy, in its tone ("concise") or its brief ("make it shorter"). */
export function wantsShortCopy(input: Pick<DraftInput, "tone" | "brief">): boolean {
  return SHORT_WORDS.test(input.tone ?? "") || SHORT_WORDS.test(input.brief);
}

function modelDrafter(
  input: DraftInput,
  promptSettings: PromptSettings,
  facts: DraftFacts,
  writer: TextGenerator,
  signal: AbortSignal | undefined,
): Drafter {
  const system = renderSystemPrompt(promptSettings);
  return async (request) => {
    const revision = request.revision === undefined ? undefined : { attempt: request.attempt, ...request.revision };
    const prompt = renderDraftPrompt(promptSettings, facts, request.plan, request.index, request.earlier, revision);
    const reply = await writer.generate({ system, prompt, ...(signal === undefined ? {} : { signal }) });
    const parsed = parseDraftReply(input.channel, reply, promptSettings.platform?.id);
    return parsed.ok ? { ok: true, copy: parsed.copy, raw: reply } : { ok: false, reason: parsed.reason, raw: reply };
  };
}

/** One sentence on a variant's copy for the summary, cut to about 160 characters. */
function gist(copy: ChannelCopy): string {
  const values = copy as Record<string, unknown>;
  const main =
    typeof values.subject === "string"
      ? `subject "${values.subject}"`
      : typeof values.headline === "string"
        ? `headline "${values.headline}", "${String(values.description ?? "")}"`
        : typeof values.title === "string"
          ? `"${values.title}: ${String(values.body ?? "")}"`
          : `"${String(values.text ?? "")}"`;
  return main.length > 170 ? `${main.slice(0, 167)}…"` : main;
}

function summarize(output: Omit<DraftOutput, "summary">, settings: DraftSettings, facts: DraftFacts): string {
  const count = output.variants.length;
  const failing = output.variants.filter((variant) => variant.status === "failing");
  const channel = output.platform === undefined ? output.channel : `${output.channel} (${output.platform})`;
  const audience = output.audience === null ? "" : ` for ${output.audience.segmentName ?? output.audience.label}${output.audience.customerCount === undefined ? "" : ` (${output.audience.customerCount} customers)`}`;
  const writer = output.writer === "builtin" ? "builtin templates" : output.writer;
  const parts = [
    `Drafted ${count} ${channel} variant${count === 1 ? "" : "s"}${audience} with ${writer}: ${output.readyCount} ready, ${failing.length} failing.`,
  ];
  const first = output.variants[0];
  if (first !== undefined) parts.push(`Variant 1 (${first.angle ?? "draft"}, ${first.status}): ${gist(first.content)}.`);
  if (failing.length > 0) {
    const example = failing[0] as DraftVariant;
    const reason = failureMessages(example.checks)[0] ?? "a check failed";
    parts.push(
      `Failing variant${failing.length === 1 ? "" : "s"} ${failing.map((variant) => variant.index).join(", ")} must not be sent as written (variant ${example.index}: ${reason.length > 200 ? `${reason.slice(0, 197)}…` : reason}).`,
    );
  }
  const products = output.products.map((product) =>
    product.price === null ? product.name : `${product.name} (${formatMoney(product.price, settings.currencySymbol)})`,
  );
  const chosen =
    facts.productSource === "segment_bestsellers"
      ? " (what this segment buys most; none were named)"
      : facts.productSource === "bestsellers"
        ? " (current bestsellers; none were named)"
        : "";
  parts.push(products.length === 0 ? "No products featured." : `Products${chosen}: ${products.join(", ")}.`);
  const outOfStock = facts.products.filter((product) => !product.inStock).map((product) => product.name);
  if (outOfStock.length > 0) parts.push(`Out of stock: ${outOfStock.join(", ")}.`);
  parts.push(output.offer === null ? "No offer." : `Offer: ${output.offer.description}${output.offer.code === undefined ? "" : ` (code ${output.offer.code})`}.`);
  parts.push(`Draft id ${output.draftId}.`);
  return parts.join(" ");
}

export const draftCampaignCopy = defineTool({
  name: "draft_campaign_copy",
  description:
    "Writes marketing copy for one channel (sms, email, push, social post or ad) in 1–5 different variants, grounded on the shop's data: " +
    "the real names and prices of the products (pass productIds from recommend_products or search_catalog; without them it features bestsellers), " +
    "the audience segment from segment_customers (audience = segment id such as \"sgm_1:2\"), and what reviews say. " +
    "Every variant is checked by code (SMS length and STOP opt-out, email subject and unsubscribe footer, push and ad limits, brand words to avoid, " +
    "and that every price, discount and code is real) and comes back 'ready' or 'failing' with the reasons. It may only mention the approved offer " +
    "you pass in offer (a code or description from the marketing settings); never invent discounts. Use it when someone asks to write, draft or " +
    "redo a campaign message, subject line, SMS, push notification, post or ad.",
  inputSchema: draftInputSchema,
  outputSchema: draftOutputSchema,
  examples: [
    {
      request: "Draft a win-back SMS for customers at risk of churning",
      input: { channel: "sms", brief: "Win back customers who have stopped ordering", audience: "customers at risk of churning", variants: 3 },
    },
    {
      request: "Write an email for our Christmas gift guide featuring products HW10003 and HW10002",
      input: { channel: "email", brief: "Christmas gift guide", productIds: ["HW10003", "HW10002"], variants: 2 },
    },
    {
      request: "A push notification for segment 2 about the spring offer with code SPRING20",
      input: { channel: "push", brief: "Spring offer for this segment", audience: "2", offer: "SPRING20" },
    },
    {
      request: "Give me 3 playful Instagram captions for our candles",
      input: { channel: "social", platform: "instagram_post", brief: "Show off our candles", tone: "playful", variants: 3 },
    },
    {
      request: "Google search ads thanking our loyal customers in segment sgm_1:1",
      input: { channel: "ad", platform: "google_search_ad", brief: "Thank loyal customers", audience: "sgm_1:1" },
    },
    {
      request: "Write a premium-sounding email to new customers in French",
      input: { channel: "email", brief: "Welcome new customers", audience: "new customers", tone: "premium", language: "fr" },
    },
  ],
  async execute(input, context): Promise<DraftOutput> {
    const settings = resolveDraftSettings(input, context.marketing, context.writer !== undefined);
    const facts = await loadDraftFacts(context.store, input);
    context.signal?.throwIfAborted();
    const now = context.clock();
    const seedText = JSON.stringify({ input, products: facts.products.map((product) => product.productId) });
    const planRequest: PlanRequest = {
      brief: input.brief,
      segmentName: facts.audience?.segment?.name,
      audienceWords: facts.audience?.segment === null ? facts.audience.label : undefined,
      productCount: facts.products.length,
      productsNamed: facts.productSource === "request",
      rating:
        facts.reviews.averageRating === null ? null : { average: facts.reviews.averageRating, count: facts.reviews.count },
      hasOffer: settings.offer !== null,
      tone: toneFromWords(input.tone),
      voiceTone: toneFromWords(settings.voice?.description),
    };
    const plans = planVariants(planRequest, input.variants, mulberry32(hashText(`${seedText}#plan`)));
    const platform =
      settings.platform === undefined || settings.platformLimits === undefined
        ? undefined
        : { id: settings.platform, limits: settings.platformLimits };

    const groundingFacts = {
      products: facts.products.map((product) => ({ productId: product.productId, name: product.name, price: product.price })),
      approvedOffers: settings.offer === null ? [] : [settings.offer],
      currencySymbol: settings.currencySymbol,
    };
    const check = (copy: ChannelCopy): CopyChecks => {
      const checks = checkVariant(input.channel, copy, { limits: settings.limits, facts: groundingFacts, marketing: input.marketing });
      return summarizeChecks([...checks.results, checkAvoidWords(copyText(copy), settings.voice)]);
    };
    const writer = context.writer;
    const drafter =
      writer === undefined
        ? builtinDrafter(input, settings, facts, seedText, now)
        : modelDrafter(
            input,
            {
              channel: input.channel,
              brief: input.brief,
              language: input.language,
              shopName: settings.shopName,
              currencySymbol: settings.currencySymbol,
              offer: settings.offer,
              voice: settings.voice,
              limits: settings.limits,
              platform,
              marketing: input.marketing,
              external: writer.external,
              variants: input.variants,
            },
            facts,
            writer,
            context.signal,
          );

    const variants: DraftVariant[] = [];
    for (const [position, plan] of plans.entries()) {
      variants.push(
        await draftVariant({
          channel: input.channel,
          platform: settings.platform,
          index: position + 1,
          plan,
          earlier: variants.map((variant) => variant.content),
          maxRedrafts: settings.maxRedrafts,
          drafter,
          check,
          signal: context.signal,
        }),
      );
    }

    const segment = facts.audience?.segment ?? null;
    const draftId = context.newId("drf");
    const body: Omit<DraftOutput, "summary"> = {
      draftId,
      channel: input.channel,
      ...(settings.platform === undefined ? {} : { platform: settings.platform }),
      language: input.language,
      audience:
        facts.audience === null
          ? null
          : segment === null
            ? { label: facts.audience.label }
            : {
                label: facts.audience.label,
                segmentId: segment.segmentId,
                segmentName: segment.name,
                customerCount: segment.customerCount,
              },
      products: facts.products.map((product) => ({ productId: product.productId, name: product.name, price: product.price })),
      offer: settings.offer,
      brandVoice: settings.voice?.name ?? null,
      writer: writer?.id ?? "builtin",
      variants,
      readyCount: variants.filter((variant) => variant.status === "ready").length,
    };
    const output: DraftOutput = { summary: summarize(body, settings, facts), ...body };
    await saveDraft(context.store, { draftId, createdAt: now, channel: input.channel, request: input, result: output });
    return output;
  },
});
