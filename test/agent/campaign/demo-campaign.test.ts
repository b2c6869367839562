/**
 * The campaign workflow end to end on the demo data (seed 42, full size) with the real
 * tools, the real draft tool included (offline: its builtin templates), through the
 * campaign service and the CSV export. Slow (about 10–30 s): one store for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CampaignService, createCampaignService } from "../../../src/agent/campaign/index.ts";
import type { CampaignJob } from "../../../src/agent/campaign/schema.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { ToolRegistry } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { draftCampaignCopy } from "../../../tools/draft-campaign-copy/index.ts";
import { recommendProducts } from "../../../tools/recommend-products/index.ts";
import { segmentCustomers } from "../../../tools/segment-customers/index.ts";
import { parseCsv } from "./csv-parse.ts";
import { demoStore, testServices } from "./setup.ts";

let store: DuckDbStore;
let campaigns: CampaignService;

beforeAll(async () => {
  store = await demoStore(1);
  // Built from the real exports: tools/index.ts may not list the draft tool yet.
  const tools = new ToolRegistry([segmentCustomers, recommendProducts, draftCampaignCopy]);
  campaigns = createCampaignService({ services: testServices(store), tools, logger: silentLogger });
}, 120_000);

afterAll(async () => {
  await campaigns?.close();
  await store?.close();
});

async function run(body: unknown): Promise<CampaignJob> {
  const { campaignId } = await campaigns.start(body, "key_e2e");
  await campaigns.whenIdle();
  return campaigns.get(campaignId);
}

describe("a campaign on the demo store with the real tools", () => {
  it("runs 4 segments × [sms, email] × 2 variants to a complete, checked result and CSV", async () => {
    const job = await run({ brief: "Spring picks for every customer group", channels: ["sms", "email"], segmentation: { k: 4 }, variants: 2 });
    expect(job.error).toBeNull();
    expect(job.status).toBe("succeeded");
    const result = job.result!;
    expect(result.segmentation).toMatchObject({ k: 4, customerCount: 4_771 });
    expect(result.segments.map((segment) => segment.name)).toEqual(["Champions", "At risk", "Promising", "Hibernating"]);
    expect(result.totals).toMatchObject({ segments: 4, drafts: 8, variants: 16, customers: 4_771 });
    expect(result.totals.ready + result.totals.failing).toBe(16);

    for (const segment of result.segments) {
      expect(segment.products).toHaveLength(3);
      for (const product of segment.products) expect(product.reason).toMatch(/pick for \d/);
      for (const copy of segment.channels) {
        expect(copy.writer).toBe("builtin");
        expect(copy.variants).toHaveLength(2);
        const [stored] = await store.query("SELECT channel FROM drafts WHERE draft_id = $1", [copy.draftId]);
        expect(stored).toEqual({ channel: copy.channel });
        for (const variant of copy.variants) {
          expect(variant.status).toBe(variant.checks.ok ? "ready" : "failing");
          const ids = variant.checks.results.map((check) => check.id);
          if (copy.channel === "sms") expect(ids).toEqual(expect.arrayContaining(["sms.segments", "sms.opt_out", "grounding.prices"]));
          else expect(ids).toEqual(expect.arrayContaining(["email.subject_length", "email.unsubscribe", "grounding.prices"]));
        }
      }
      // The copy features the recommended products: each draft names at least one of them.
      const names = segment.products.map((product) => product.name.toLowerCase());
      for (const copy of segment.channels) {
        const text = JSON.stringify(copy.variants.map((variant) => variant.content)).toLowerCase();
        expect(names.some((name) => text.includes(name)), `${segment.name} ${copy.channel}`).toBe(true);
      }
    }

    const rows = parseCsv((await campaigns.toCsv(job.campaignId)).slice(1));
    expect(rows).toHaveLength(1 + 16);
    const header = rows[0]!;
    expect(new Set(rows.slice(1).map((row) => `${row[header.indexOf("segment")]}/${row[header.indexOf("channel")]}`)).size).toBe(8);
  }, 180_000);

  it("targets the lapsed segments for a win-back brief and keeps the copy to the approved offer", async () => {
    const offer = { code: "COMEBACK15", description: "15% off your next order", discountPercent: 15 };
    const job = await run({ brief: "Win back customers who lapsed", channels: ["sms"], segmentation: { k: 4 }, variants: 2, offers: [offer] });
    expect(job.status).toBe("succeeded");
    const result = job.result!;
    expect(result.targeting).toMatchObject({ rule: "brief", intents: ["win-back"] });
    expect(result.segments.map((segment) => segment.name)).toEqual(["At risk", "Hibernating"]);
    const smsTexts = result.segments.flatMap((segment) => segment.channels[0]!.variants.map((variant) => (variant.content as { text: string }).text));
    expect(smsTexts.some((text) => text.includes("COMEBACK15"))).toBe(true);
    for (const segment of result.segments) {
      expect(segment.offer).toEqual(offer);
      for (const variant of segment.channels[0]!.variants) {
        if (variant.status !== "ready") continue;
        // Ready copy has passed grounding: any discount or code in it is the approved one.
        const text = (variant.content as { text: string }).text;
        for (const percent of text.match(/\d+\s?%/g) ?? []) expect(percent.replace(/\s/g, "")).toBe("15%");
      }
    }
  }, 180_000);
});
