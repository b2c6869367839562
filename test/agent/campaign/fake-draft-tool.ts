/**
 * A test-only `draft_campaign_copy` that follows the tool's schema: it looks the products
 * up in the store, resolves the offer, writes simple template copy per variant and runs
 * the real copy checks on it, so statuses and checks are real. Options make it fail, hang
 * or break its contract, for the workflow's failure tests. It records every input.
 */
import { AppError, NotFoundError, UpstreamError } from "../../../src/core/errors.ts";
import type { ApprovedOffer } from "../../../src/core/marketing.ts";
import { resolveSegment } from "../../../src/core/segments.ts";
import { defineTool } from "../../../src/core/tool.ts";
import { type Channel, type VariantOf, checkVariant } from "../../../tools/draft-campaign-copy/checks/index.ts";
import { type DraftInput, type DraftOutput, draftInputSchema, draftOutputSchema } from "../../../tools/draft-campaign-copy/schema.ts";

export interface FakeDraftOptions {
  /** Throw an upstream error on the nth call (1-based). */
  failOnCall?: number;
  /** Return one variant fewer than asked on the nth call, breaking completeness. */
  shortOnCall?: number;
  /** Put an unapproved "50% off" into every variant of these channels, so grounding fails. */
  inventDiscountOn?: ReadonlyArray<DraftInput["channel"]>;
  /** Wait for this before answering each call (to hold a job in `running`). */
  gate?: () => Promise<void>;
}

type Product = { productId: string; name: string; price: number | null };

function money(value: number | null): string {
  return value === null ? "" : ` at £${value.toFixed(2)}`;
}

function content(channel: Channel, index: number, products: Product[], offer: ApprovedOffer | null, invent: boolean): VariantOf<Channel> {
  const product = products[(index - 1) % Math.max(1, products.length)];
  const feature = product === undefined ? "our best-sellers" : `${product.name}${money(product.price)}`;
  const offerText = offer === null ? "" : ` ${offer.code === undefined ? offer.description : `Use code ${offer.code}.`}`;
  const extra = invent ? " Now 50% off everything!" : "";
  switch (channel) {
    case "sms":
      return { text: `Bullseye: we picked ${feature} for you.${offerText}${extra} Reply STOP to opt out` };
    case "email":
      return {
        subject: `Picked for you: ${product?.name ?? "our favourites"}`.slice(0, 45),
        preheader: "A few things we think you will like.",
        body: `Hello, we picked ${feature} for you.${offerText}${extra}`,
        footer: "Unsubscribe: {{unsubscribe_url}} · {{postal_address}}",
      };
    case "push":
      return { title: "Picked for you", body: `${feature}${extra}`.slice(0, 100) };
    default:
      throw new AppError("unsupported_channel", "user", `The fake draft tool writes sms, email and push only, not ${channel}.`);
  }
}

/** Builds the fake tool; `calls` holds the inputs it was given, in order. */
export function createFakeDraftTool(options: FakeDraftOptions = {}) {
  const calls: DraftInput[] = [];
  const tool = defineTool({
    name: "draft_campaign_copy",
    description: "Test double of draft_campaign_copy: template copy with the real checks.",
    inputSchema: draftInputSchema,
    outputSchema: draftOutputSchema,
    examples: [],
    async execute(input, context): Promise<DraftOutput> {
      calls.push(input);
      await options.gate?.();
      if (options.failOnCall === calls.length) {
        throw new UpstreamError("model_unavailable", "The chat model did not answer (fake outage). Try again later.");
      }
      const ids = input.productIds ?? [];
      const products: Product[] = [];
      for (const productId of ids) {
        const [row] = await context.store.query<{ name: string; price: number | null }>("SELECT name, price FROM products WHERE product_id = $1", [
          productId,
        ]);
        if (row === undefined) throw new NotFoundError("unknown_product", `There is no product ${productId}.`);
        products.push({ productId, name: row.name, price: row.price });
      }
      let offer: ApprovedOffer | null = null;
      if (typeof input.offer === "string") {
        const wanted = input.offer.toLowerCase();
        offer = context.marketing?.offers.find((candidate) => candidate.code?.toLowerCase() === wanted || candidate.description.toLowerCase() === wanted) ?? null;
        if (offer === null) throw new AppError("unknown_offer", "user", `"${input.offer}" is not an approved offer.`);
      } else if (input.offer !== undefined) {
        offer = input.offer;
      }
      const segment = input.audience === undefined ? undefined : await resolveSegment(context.store, input.audience);
      const count = options.shortOnCall === calls.length ? input.variants - 1 : input.variants;
      const invent = options.inventDiscountOn?.includes(input.channel) === true;
      const variants = Array.from({ length: count }, (_, offset) => {
        const index = offset + 1;
        const copy = content(input.channel, index, products, offer, invent);
        const checks = checkVariant<Channel>(input.channel, copy, {
          facts: { products, approvedOffers: offer === null ? [] : [offer], currencySymbol: "£" },
        });
        return { index, status: checks.ok ? ("ready" as const) : ("failing" as const), content: copy, checks, attempts: 1, angle: `angle ${index}` };
      });
      const readyCount = variants.filter((variant) => variant.status === "ready").length;
      return {
        summary: `${readyCount} of ${variants.length} ${input.channel} variants ready.`,
        draftId: context.newId("drf"),
        channel: input.channel,
        language: input.language,
        audience:
          segment === undefined
            ? null
            : { label: `segment ${segment.segmentNumber}`, segmentId: segment.segmentId, customerCount: segment.customerCount },
        products,
        offer,
        brandVoice: input.brandVoice ?? null,
        writer: "fake",
        variants,
        readyCount,
      };
    },
  });
  return { tool, calls };
}
