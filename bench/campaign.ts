/**
 * Bench of the campaign workflow (`POST /api/campaigns`), offline.
 *
 * The demo store (seed 42, 5,000 customers), the app's default services (local embedder,
 * no chat model: the draft tool writes with its builtin templates) and the real tools:
 * one campaign with k = 4 segments × channels [sms, email] × 2 variants, through the
 * campaign service (queue, progress writes and the stored result included). Reported:
 * the whole job in seconds on a fresh memo (the recommender is fitted inside the
 * recommend step) and again on the warm memo, the seconds of each workflow step of the
 * cold run, and how many variants came out ready or failing after the tool's redrafts.
 * The demo load is not timed.
 */
import { createCampaignService } from "../src/agent/campaign/index.ts";
import type { CampaignJob } from "../src/agent/campaign/schema.ts";
import { AppError } from "../src/core/errors.ts";
import { silentLogger } from "../src/core/ports.ts";
import { ToolRegistry, type ToolServices, createMemo } from "../src/core/tool.ts";
import { loadDemo } from "../src/data/demo/index.ts";
import { DuckDbStore } from "../src/data/store.ts";
import { LocalEmbedder } from "../src/models/embeddings/index.ts";
import { draftCampaignCopy } from "../tools/draft-campaign-copy/index.ts";
import { recommendProducts } from "../tools/recommend-products/index.ts";
import { segmentCustomers } from "../tools/segment-customers/index.ts";
import { type BenchContext, type BenchModule, type BenchRow, round } from "./lib.ts";

const TOOL = "campaign";
const DEMO_SEED = 42;
/** A brief with no win-back, loyalty or welcome wording, so every one of the k segments is targeted. */
const REQUEST = {
  brief: "Spring picks: show each customer group the products they are most likely to buy next",
  channels: ["sms", "email"],
  segmentation: { k: 4 },
  variants: 2,
} as const;

async function runOnce(services: ToolServices, tools: ToolRegistry): Promise<{ job: CampaignJob; seconds: number }> {
  const campaigns = createCampaignService({ services, tools, logger: silentLogger });
  const started = performance.now();
  const { campaignId } = await campaigns.start(REQUEST, "bench");
  await campaigns.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  const job = await campaigns.get(campaignId);
  if (job.status !== "succeeded" || job.result === null) {
    throw new AppError("bench_failed", "internal", `The bench campaign ${job.status}: ${job.error?.code ?? ""} ${job.error?.message ?? ""}`);
  }
  return { job, seconds };
}

export const bench: BenchModule = async (context: BenchContext): Promise<BenchRow[]> => {
  const store = await DuckDbStore.open({ location: ":memory:" });
  try {
    context.log(`campaign: loading the demo store (seed ${DEMO_SEED})…`);
    await loadDemo(store, { seed: DEMO_SEED });
    let counter = 0;
    const services: ToolServices = {
      store,
      clock: () => new Date(),
      newId: (prefix) => `${prefix}_bench${++counter}`,
      memo: createMemo(),
      embedder: new LocalEmbedder(),
    };
    const tools = new ToolRegistry([segmentCustomers, recommendProducts, draftCampaignCopy]);

    context.log("campaign: 4 segments × [sms, email] × 2 variants, cold…");
    const cold = await runOnce(services, tools);
    context.log("campaign: the same campaign again on the warm memo…");
    const warm = await runOnce(services, tools);

    const result = cold.job.result!;
    const shape = `${result.totals.segments} segments × ${REQUEST.channels.length} channels × ${REQUEST.variants} variants`;
    const attempts = result.segments.flatMap((segment) => segment.channels.flatMap((copy) => copy.variants.map((variant) => variant.attempts)));
    const rows: BenchRow[] = [
      {
        tool: TOOL,
        metric: `whole job, demo store (5,000 customers), ${shape}, offline, fresh memo (recommender fit included)`,
        ours: round(cold.seconds, 2),
        unit: "s",
      },
      { tool: TOOL, metric: "whole job, the same campaign on the warm memo", ours: round(warm.seconds, 2), unit: "s" },
    ];
    for (const step of result.steps) {
      rows.push({
        tool: TOOL,
        metric: `step ${step.name} (${step.calls} call${step.calls === 1 ? "" : "s"}), fresh memo`,
        ours: round(step.ms / 1000, 3),
        unit: "s",
      });
    }
    rows.push(
      { tool: TOOL, metric: "variants ready (every check passed)", ours: result.totals.ready, note: `of ${result.totals.variants}` },
      { tool: TOOL, metric: "variants failing after redrafts", ours: result.totals.failing, note: `of ${result.totals.variants}` },
      { tool: TOOL, metric: "drafts written per variant, redrafts included (mean)", ours: round(attempts.reduce((sum, value) => sum + value, 0) / attempts.length, 2) },
    );
    return rows;
  } finally {
    await store.close();
  }
};
