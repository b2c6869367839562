/**
 * The builtin templates on the demo shop (seed 42): every channel and platform, several
 * audiences, named and unnamed products, with and without an offer. Drafts must pass their
 * checks, differ within a call, and come out the same for the same input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMarketingSettings } from "../../../src/core/marketing.ts";
import { type ToolContext, runTool } from "../../../src/core/tool.ts";
import { loadDemo } from "../../../src/data/demo/index.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { analyzeSms } from "../../../tools/draft-campaign-copy/checks/encoding.ts";
import { draftCampaignCopy, wantsShortCopy } from "../../../tools/draft-campaign-copy/index.ts";
import type { DraftOutput } from "../../../tools/draft-campaign-copy/schema.ts";
import { segmentCustomers } from "../../../tools/segment-customers/index.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";

let store: DuckDbStore;
let context: ToolContext;
let segments: Array<{ segmentId: string; name: string }>;
let longNames: string[];
let cheap: string;

const marketing = parseMarketingSettings({
  offers: [{ code: "SPRING20", description: "20% off everything until Sunday", discountPercent: 20 }],
});

beforeAll(async () => {
  store = await memoryStore();
  await loadDemo(store, { seed: 42 });
  context = { ...testContext(store), marketing };
  const segmentation = await runTool(segmentCustomers, { k: 4 }, context);
  segments = segmentation.segments.map((segment) => ({ segmentId: segment.segmentId, name: segment.name }));
  // The longest names are the hardest to fit into headlines, push titles and SMS.
  const rows = await store.query<{ product_id: string }>(
    "SELECT product_id FROM products WHERE is_product AND in_stock ORDER BY length(name) DESC, product_id LIMIT 3",
  );
  longNames = rows.map((row) => row.product_id);
  const [cheapest] = await store.query<{ product_id: string }>(
    "SELECT product_id FROM products WHERE is_product AND in_stock ORDER BY price, product_id LIMIT 1",
  );
  cheap = cheapest?.product_id ?? "";
}, 60_000);

afterAll(async () => {
  await store.close();
});

function draft(input: Record<string, unknown>, extra: Partial<ToolContext> = {}): Promise<DraftOutput> {
  return runTool(draftCampaignCopy, input, { ...context, ...extra });
}

const TARGETS: ReadonlyArray<{ channel: string; platform?: string }> = [
  { channel: "sms" },
  { channel: "email" },
  { channel: "push" },
  { channel: "social" },
  { channel: "social", platform: "instagram_post" },
  { channel: "social", platform: "linkedin_post" },
  { channel: "ad" },
  { channel: "ad", platform: "meta_ad" },
];

function scenarios(): Array<Record<string, unknown>> {
  const atRisk = segments.find((segment) => /risk|hibernat|lost|sleep/i.test(segment.name)) ?? segments[segments.length - 1];
  return [
    { brief: "Thank our best customers", audience: segments[0]?.segmentId },
    { brief: "Win back customers who stopped ordering", audience: atRisk?.segmentId, tone: "calm" },
    { brief: "Christmas gift guide", productIds: [...longNames.slice(0, 2), cheap], offer: "SPRING20", tone: "urgent" },
    { brief: "New arrivals for the kitchen", productIds: longNames, tone: "playful", audience: "people who bake" },
  ];
}

describe("builtin drafts on the demo shop", () => {
  it("pass every check, without warnings, for every channel and platform", async () => {
    let variants = 0;
    for (const target of TARGETS) {
      for (const scenario of scenarios()) {
        const output = await draft({ ...target, ...scenario, variants: 5 });
        for (const variant of output.variants) {
          variants += 1;
          const problems = variant.checks.results.filter((result) => result.status !== "pass");
          expect({ target, scenario, content: variant.content, problems }).toMatchObject({ problems: [] });
          expect(variant.status).toBe("ready");
          expect(variant.attempts).toBe(1);
        }
        expect(output.readyCount).toBe(5);
      }
    }
    expect(variants).toBe(TARGETS.length * 4 * 5);
  }, 60_000);

  it("write five different variants with different angles, using the real names and prices", async () => {
    const [first, second] = longNames;
    // Thank-you, new in, occasion, gift guide and spotlight all fit this brief, so no angle repeats.
    const brief = "Thank our loyal customers with new arrivals for Christmas";
    const output = await draft({ channel: "email", brief, productIds: [first, second], variants: 5 });
    const texts = output.variants.map((variant) => JSON.stringify(variant.content));
    expect(new Set(texts).size).toBe(5);
    expect(new Set(output.variants.map((variant) => variant.angle?.split(",")[0])).size).toBe(5);
    const all = texts.join("\n");
    for (const product of output.products) {
      expect(all).toContain(product.name);
      expect(all).toContain(`£${(product.price ?? 0).toFixed(2).replace(/\.00$/, "")}`);
    }
  });

  it("are the same for the same input and change with the brief", async () => {
    const input = { channel: "sms", brief: "Win back lapsed customers", audience: segments[3]?.segmentId, variants: 3 };
    const once = await draft(input);
    const again = await draft(input);
    expect(again.variants).toEqual(once.variants);
    const other = await draft({ ...input, brief: "Win back lapsed customers before Christmas" });
    expect(other.variants.map((variant) => variant.content)).not.toEqual(once.variants.map((variant) => variant.content));
  });

  it("write shorter copy when asked for concise copy or to make it shorter", async () => {
    const length = (output: DraftOutput) =>
      output.variants.reduce((sum, variant) => sum + Object.values(variant.content).join("").length, 0);
    let plain = 0;
    let short = 0;
    for (const target of TARGETS.slice(0, 3)) {
      for (const scenario of scenarios()) {
        const input = { ...target, ...scenario, variants: 3 };
        plain += length(await draft(input));
        short += length(await draft({ ...input, brief: `${scenario.brief as string}. Make it shorter than the previous draft.` }));
        const concise = await draft({ ...input, tone: "concise" });
        expect(concise.variants.every((variant) => variant.status === "ready")).toBe(true);
      }
    }
    expect(wantsShortCopy({ brief: "Spring sale", tone: "concise" })).toBe(true);
    expect(wantsShortCopy({ brief: "Spring sale", tone: "warm" })).toBe(false);
    // Shorter levels and the shortest of every candidate: at least a quarter shorter over 12 drafts of 3 variants.
    expect(short).toBeLessThan(plain * 0.75);
  });

  it("shorten SMS to the configured number of parts", async () => {
    const oneSms = parseMarketingSettings({ ...marketing, limits: { sms: { maxSegments: 1 } } });
    const output = await draft(
      { channel: "sms", brief: "Christmas gift guide", productIds: longNames, offer: "SPRING20", variants: 5 },
      { marketing: oneSms },
    );
    for (const variant of output.variants) {
      const text = (variant.content as { text: string }).text;
      expect(analyzeSms(text).segments).toBe(1);
      expect(analyzeSms(text).encoding).toBe("GSM-7");
      expect(text).toMatch(/Reply STOP to opt out$/);
      expect(text).toContain("SPRING20");
      expect(variant.status).toBe("ready");
    }
  });

  it("feature what a segment buys most when no products are named, and say so", async () => {
    const output = await draft({ channel: "push", brief: "A nudge for this group", audience: segments[1]?.segmentId });
    expect(output.products.length).toBeGreaterThan(0);
    expect(output.summary).toMatch(/what this segment buys most/);
    expect(output.audience?.segmentName).toBe(segments[1]?.name);
  });
});
