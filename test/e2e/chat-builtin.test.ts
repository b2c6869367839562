/**
 * End to end on the default setup: the runtime `src/main.ts` builds (`createRuntime`: every
 * tool, the builtin offline planner, the chat agent, campaign jobs) over a demo store
 * (seed 42, scale 0.2: about 1,000 customers), served by `createApp` on a loopback port.
 * Chat turns and a campaign job go through HTTP exactly as a client would send them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignJob } from "../../src/agent/campaign/schema.ts";
import { loadConfig } from "../../src/core/config.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { loadDemo } from "../../src/data/demo/index.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { type Runtime, createRuntime } from "../../src/main.ts";
import type { DraftOutput as DraftCampaignCopyOutput } from "../../tools/draft-campaign-copy/schema.ts";
import type { RecommendProductsOutput } from "../../tools/recommend-products/schema.ts";
import type { SegmentCustomersOutput } from "../../tools/segment-customers/schema.ts";
import { parseCsv } from "../agent/campaign/csv-parse.ts";
import { memoryStore } from "../helpers/context.ts";
import { type TestServer, listen } from "../helpers/http.ts";
import { inventedNumbers } from "../models/builtin/helpers.ts";
import { appOver, eventShape, parseSse, postChat, streamedText } from "./helpers.ts";

let store: DuckDbStore;
let runtime: Runtime;
let server: TestServer;

beforeAll(async () => {
  store = await memoryStore();
  await loadDemo(store, { seed: 42, scale: 0.2 });
  runtime = createRuntime(loadConfig({ databasePath: ":memory:", demo: false, logLevel: "silent" }, {}), store, silentLogger);
  server = await listen(appOver(runtime));
});
afterAll(async () => {
  await server?.close();
  await runtime?.campaigns.close();
  await store?.close();
});

/** A JSON chat answer, as `POST /api/chat` sends it. */
interface ChatAnswer {
  conversationId: string;
  answer: string;
  toolCalls: Array<{ id: string; name: string; args: Record<string, unknown>; ok: boolean; summary: string }>;
  artifacts: Array<{ toolCallId: string; tool: string; output: unknown }>;
  stepLimitReached: boolean;
}

async function ask(message: string, conversationId?: string): Promise<ChatAnswer> {
  const response = await postChat(server, { message, ...(conversationId === undefined ? {} : { conversationId }) });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ChatAnswer;
}

function outputOf<T>(answer: Pick<ChatAnswer, "artifacts">, tool: string): T {
  const artifact = answer.artifacts.find((candidate) => candidate.tool === tool);
  if (artifact === undefined) throw new Error(`no ${tool} artifact; got ${answer.artifacts.map((candidate) => candidate.tool).join(", ")}`);
  return artifact.output as T;
}

/** Every SMS variant is ready, passed its checks, has the opt-out, and quotes only real prices of the featured products. */
async function expectReadySms(draft: DraftCampaignCopyOutput): Promise<void> {
  expect(draft.channel).toBe("sms");
  expect(draft.variants.length).toBeGreaterThan(0);
  const ids = draft.products.map((product) => product.productId);
  const prices = await store.query<{ price: number }>(`SELECT price FROM products WHERE product_id IN (${ids.map((_, index) => `$${index + 1}`).join(", ")})`, ids);
  const catalogue = prices.map((row) => Number(row.price).toFixed(2));
  for (const variant of draft.variants) {
    expect(variant.checks.ok, JSON.stringify(variant.checks.results.filter((check) => check.status === "fail"))).toBe(true);
    expect(variant.status).toBe("ready");
    const text = (variant.content as { text: string }).text;
    expect(text).toMatch(/Reply STOP/i);
    for (const [, amount] of text.matchAll(/£(\d+(?:\.\d{2})?)/g)) expect(catalogue).toContain(Number(amount).toFixed(2));
  }
}

describe("chat with the builtin model through the HTTP API", () => {
  it("finds at-risk customers, picks products and drafts a checked win-back SMS; a follow-up redrafts it", async () => {
    const request = "find at-risk customers and write them a win-back SMS with products they'd like";
    const first = await ask(request);
    expect(first.toolCalls.map((call) => [call.name, call.ok])).toEqual([
      ["segment_customers", true],
      ["recommend_products", true],
      ["draft_campaign_copy", true],
    ]);
    expect(first.stepLimitReached).toBe(false);

    // The tools feed each other: the at-risk segment → its picks → the draft for that segment with those products.
    const segmentation = outputOf<SegmentCustomersOutput>(first, "segment_customers");
    const picks = outputOf<RecommendProductsOutput>(first, "recommend_products");
    const draft = outputOf<DraftCampaignCopyOutput>(first, "draft_campaign_copy");
    expect(draft.audience?.segmentName).toBe("At risk");
    const segment = segmentation.segments.find((candidate) => candidate.segmentId === draft.audience?.segmentId);
    expect(segment?.name).toBe("At risk");
    expect(first.toolCalls[1]?.args).toMatchObject({ segmentId: segment?.segmentId });
    const recommended = JSON.stringify(picks);
    for (const product of draft.products) expect(recommended).toContain(product.productId);
    await expectReadySms(draft);

    // The answer quotes the tools: the segment's size and name, the products, the draft id, and no number of its own.
    expect(first.answer).toContain(segment!.name);
    expect(first.answer).toContain(`${segment!.size.toLocaleString("en")} customers`);
    for (const product of draft.products) expect(first.answer).toContain(product.name);
    expect(first.answer).toContain(draft.draftId);
    const sources = [request, ...first.toolCalls.map((call) => call.summary), ...first.artifacts.map((artifact) => JSON.stringify(artifact.output))];
    // Ids (`sgm_4103e2…:2`, `drf_…`) are checked above; their hex digits are not quantities.
    const withoutIds = first.answer.replace(/\b[a-z]+_[0-9a-z]+(?::\d+)?/g, "<id>");
    expect(inventedNumbers(withoutIds, sources)).toEqual([]);

    // A follow-up in the same conversation, streamed: the same audience and products, drafted again.
    const response = await postChat(server, { conversationId: first.conversationId, message: "now make it shorter" }, "text/event-stream");
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(eventShape(events)).toEqual(["tool-call", "tool-result", "text-delta", "done"]);
    // The builtin model streams its answer in word groups, not as one block.
    expect(events.filter((event) => event.event === "text-delta").length).toBeGreaterThan(5);
    const done = events.at(-1)!.data as unknown as ChatAnswer;
    expect(done.conversationId).toBe(first.conversationId);
    expect(done.answer).toBe(streamedText(events));
    expect(done.toolCalls.map((call) => [call.name, call.ok])).toEqual([["draft_campaign_copy", true]]);
    expect(done.toolCalls[0]?.args).toMatchObject({ audience: draft.audience?.segmentId, productIds: draft.products.map((product) => product.productId), channel: "sms" });
    expect(String(done.toolCalls[0]?.args.brief)).toMatch(/shorter/i);
    const redraft = outputOf<DraftCampaignCopyOutput>(done, "draft_campaign_copy");
    expect(redraft.draftId).not.toBe(draft.draftId);
    await expectReadySms(redraft);
    // Concise drafting (one product, one SMS part, the shortest candidate) makes the new drafts shorter overall.
    const totalLength = (output: DraftCampaignCopyOutput) =>
      output.variants.reduce((sum, variant) => sum + JSON.stringify(variant.content).length, 0);
    expect(totalLength(redraft)).toBeLessThan(totalLength(draft));
    expect(done.answer).toContain(redraft.draftId);
    expect(done.answer).toMatch(/shorter/);

    // Both turns are stored in order.
    const view = (await (await server.request(`/api/conversations/${first.conversationId}`)).json()) as { messages: Array<{ role: string }> };
    expect(view.messages.map((message) => message.role)).toEqual([
      "user",
      ...["assistant", "tool", "assistant", "tool", "assistant", "tool", "assistant"],
      "user",
      "assistant",
      "tool",
      "assistant",
    ]);
  });

  it("answers a greeting without calling a tool", async () => {
    const answer = await ask("Hello!");
    expect(answer.toolCalls).toEqual([]);
    expect(answer.artifacts).toEqual([]);
    expect(answer.answer).toMatch(/^Hello/);
    expect(answer.answer).toContain("segment customers");
  });
});

describe("campaign jobs with the builtin runtime through the HTTP API", () => {
  it("runs 4 segments × [sms, email] × 2 variants to a finished job and a CSV with one row per variant", async () => {
    const started = await server.request("/api/campaigns", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ brief: "Spring picks for every customer group", channels: ["sms", "email"], segmentation: { k: 4 } }),
    });
    expect(started.status).toBe(202);
    const { campaignId, status, links } = (await started.json()) as { campaignId: string; status: string; links: { self: string; csv: string } };
    expect(status).toBe("queued");
    expect(started.headers.get("location")).toBe(links.self);

    let job: CampaignJob;
    const deadline = Date.now() + 90_000;
    for (;;) {
      job = (await (await server.request(links.self)).json()) as CampaignJob;
      if (job.status === "succeeded" || job.status === "failed") break;
      if (Date.now() > deadline) throw new Error(`campaign ${campaignId} still ${job.status} at step ${job.step} after 90 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(job.error).toBeNull();
    expect(job.status).toBe("succeeded");
    expect(job.progress).toBe(1);
    expect(job.request.variants).toBe(2);
    const result = job.result!;
    expect(result.totals).toMatchObject({ segments: 4, drafts: 8, variants: 16 });
    expect(result.totals.ready + result.totals.failing).toBe(16);

    const csv = await server.request(links.csv);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes.slice(3)));
    const [header, ...body] = rows;
    expect(header?.slice(0, 8)).toEqual(["segment_number", "segment", "segment_id", "size", "channel", "platform", "variant", "status"]);
    expect(body).toHaveLength(4 * 2 * 2);
    const column = (name: string) => header!.indexOf(name);
    expect(new Set(body.map((row) => `${row[column("segment_id")]}/${row[column("channel")]}/${row[column("variant")]}`)).size).toBe(16);
    expect(new Set(body.map((row) => row[column("segment_id")]))).toEqual(new Set(result.segments.map((segment) => segment.segmentId)));
    expect(body.filter((row) => row[column("status")] === "ready")).toHaveLength(result.totals.ready);
  }, 120_000);
});
