import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CampaignService, createCampaignService } from "../../../src/agent/campaign/service.ts";
import { type CampaignJob, campaignRequestSchema } from "../../../src/agent/campaign/schema.ts";
import { runCampaignWorkflow, type WorkflowProgress } from "../../../src/agent/campaign/workflow.ts";
import { AppError, NotFoundError, ValidationError } from "../../../src/core/errors.ts";
import { type MarketingSettings, parseMarketingSettings } from "../../../src/core/marketing.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { ToolRegistry, type ToolServices } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { recommendProducts } from "../../../tools/recommend-products/index.ts";
import { segmentCustomers } from "../../../tools/segment-customers/index.ts";
import { parseCsv } from "./csv-parse.ts";
import { type FakeDraftOptions, createFakeDraftTool } from "./fake-draft-tool.ts";
import { campaignRegistry, demoStore, testServices } from "./setup.ts";

let store: DuckDbStore;
let services: ToolServices;

beforeAll(async () => {
  store = await demoStore();
  services = testServices(store);
}, 60_000);

afterAll(async () => {
  await store?.close();
});

function setup(options: FakeDraftOptions = {}, marketing?: MarketingSettings) {
  const draft = createFakeDraftTool(options);
  const campaigns = createCampaignService({
    services,
    tools: campaignRegistry(draft.tool),
    logger: silentLogger,
    ...(marketing === undefined ? {} : { marketing }),
  });
  return { campaigns, draft };
}

/** A gate that holds the fake draft tool until `open()`. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait: () => opened, open };
}

async function waitForJob(campaigns: CampaignService, campaignId: string, done: (job: CampaignJob) => boolean): Promise<CampaignJob> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = await campaigns.get(campaignId);
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${campaignId} stuck at ${job.status} ${job.step}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function finished(campaigns: CampaignService, body: unknown, actor = "key_test"): Promise<CampaignJob> {
  const { campaignId } = await campaigns.start(body, actor);
  await campaigns.whenIdle();
  return campaigns.get(campaignId);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const validRequest = campaignRequestSchema.parse({ brief: "Spring picks", channels: ["sms"] });

describe("campaign workflow end to end (demo store, scale 0.1)", () => {
  it("segments, targets every segment for a neutral brief, recommends and drafts every segment × channel with checks", async () => {
    const { campaigns, draft } = setup();
    const started = await campaigns.start(
      {
        brief: "Our spring picks",
        channels: ["sms", "email"],
        segmentation: { k: 3 },
        variants: 2,
        offers: [{ code: "SPRING20", description: "20% off everything this week", discountPercent: 20 }],
      },
      "key_marketer",
    );
    expect(started.status).toBe("queued");
    // The job starts on the next tick, so by the time this read returns it may already be running.
    const queued = await campaigns.get(started.campaignId);
    expect(queued).toMatchObject({ progress: 0, result: null, error: null });
    expect([["queued", "queued"], ["running", "starting"], ["running", expect.stringMatching(/^segmenting/)]]).toContainEqual([queued.status, queued.step]);

    await campaigns.whenIdle();
    const job = await campaigns.get(started.campaignId);
    expect(job).toMatchObject({ status: "succeeded", progress: 1, step: "done", error: null });
    const result = job.result!;
    expect(result.segmentation).toMatchObject({ k: 3, kChosenBy: "input" });
    expect(result.targeting).toMatchObject({ rule: "all", intents: [] });
    expect(result.segments.map((segment) => segment.number)).toEqual([1, 2, 3]);
    expect(result.segments.reduce((sum, segment) => sum + segment.size, 0)).toBe(result.segmentation.customerCount);

    for (const segment of result.segments) {
      expect(segment.segmentId).toBe(`${result.segmentation.segmentationId}:${segment.number}`);
      expect(segment.profile.monetary).toBeGreaterThan(0);
      expect(segment.products).toHaveLength(3);
      for (const product of segment.products) expect(product.reason.length).toBeGreaterThan(10);
      expect(segment.offer).toEqual({ code: "SPRING20", description: "20% off everything this week", discountPercent: 20 });
      expect(segment.channels.map((copy) => copy.channel)).toEqual(["sms", "email"]);
      for (const copy of segment.channels) {
        expect(copy.variants).toHaveLength(2);
        for (const variant of copy.variants) {
          expect(variant.checks.results.length).toBeGreaterThan(0);
          expect(variant.status).toBe(variant.checks.ok ? "ready" : "failing");
        }
      }
    }
    expect(result.totals).toEqual({
      segments: 3,
      customers: result.segmentation.customerCount,
      drafts: 6,
      variants: 12,
      ready: 12,
      failing: 0,
    });
    expect(result.steps.map((step) => [step.name, step.calls])).toEqual([
      ["segment", 1],
      ["target", 1],
      ["recommend", 3],
      ["draft", 6],
      ["assemble", 1],
    ]);

    // Each step's output fed the next step's input.
    expect(draft.calls).toHaveLength(6);
    for (const [index, call] of draft.calls.entries()) {
      const segment = result.segments[Math.floor(index / 2)]!;
      expect(call).toMatchObject({ channel: index % 2 === 0 ? "sms" : "email", brief: "Our spring picks", audience: segment.segmentId, variants: 2 });
      expect(call.productIds).toEqual(segment.products.map((product) => product.productId));
    }
    const [audit] = await store.query("SELECT actor, action FROM audit_log WHERE subject = $1", [started.campaignId]);
    expect(audit).toEqual({ actor: "key_marketer", action: "campaign.start" });
    const [stored] = await store.query("SELECT count(*) AS n FROM segmentations WHERE segmentation_id = $1", [result.segmentation.segmentationId]);
    expect(stored).toEqual({ n: 1 });

    const rows = parseCsv((await campaigns.toCsv(started.campaignId)).slice(1));
    expect(rows).toHaveLength(1 + 3 * 2 * 2);
    const status = rows[0]!.indexOf("status");
    expect(rows.slice(1).every((row) => row[status] === "ready")).toBe(true);
  });

  it("keeps failing variants in the result, marked failing with the failed check, and counts them", async () => {
    const { campaigns } = setup({ inventDiscountOn: ["sms"] });
    const job = await finished(campaigns, { brief: "Spring picks", channels: ["sms", "email"], segmentation: { k: 2 }, variants: 1 });
    expect(job.status).toBe("succeeded");
    const result = job.result!;
    expect(result.totals).toMatchObject({ variants: 4, ready: 2, failing: 2 });
    for (const segment of result.segments) {
      const sms = segment.channels.find((copy) => copy.channel === "sms")!;
      expect(sms.variants[0]!.status).toBe("failing");
      expect(sms.variants[0]!.checks.results.find((check) => check.status === "fail")?.id).toMatch(/^grounding\./);
      expect(segment).toMatchObject({ ready: 1, failing: 1 });
    }
    const rows = parseCsv((await campaigns.toCsv(job.campaignId)).slice(1));
    const header = rows[0]!;
    const smsRows = rows.slice(1).filter((row) => row[header.indexOf("channel")] === "sms");
    expect(smsRows.map((row) => row[header.indexOf("status")])).toEqual(["failing", "failing"]);
    expect(smsRows[0]![header.indexOf("checks_failed")]).toMatch(/grounding\./);
  });

  it("picks the lapsed segments for a win-back brief", async () => {
    const { campaigns } = setup();
    const job = await finished(campaigns, { brief: "Win back customers who lapsed", channels: ["sms"], segmentation: { k: 4 }, variants: 1 });
    const result = job.result!;
    expect(result.targeting).toMatchObject({ rule: "brief", intents: ["win-back"] });
    const [row] = await store.query<{ result: string }>("SELECT result FROM segmentations WHERE segmentation_id = $1", [
      result.segmentation.segmentationId,
    ]);
    const all = (JSON.parse(row!.result) as { segments: Array<{ number: number; name: string; scores: { recency: number } }> }).segments;
    const winBack = new Set(["At risk", "Can't lose them", "About to sleep", "Hibernating", "Lost"]);
    const named = all.filter((segment) => winBack.has(segment.name)).map((segment) => segment.number);
    const expected = named.length > 0 ? named : [[...all].sort((a, b) => a.scores.recency - b.scores.recency)[0]!.number];
    expect(result.segments.map((segment) => segment.number)).toEqual(expected);
    expect(result.segments.length).toBeLessThan(all.length);
  });

  it("targets requested segments by number or by name in any case, with offers aimed at some segments", async () => {
    const { campaigns, draft } = setup();
    const first = await finished(campaigns, {
      brief: "Spring picks",
      channels: ["push"],
      segmentation: { k: 3 },
      targetSegments: [1, 3],
      variants: 1,
      offers: [
        { description: "15% off your next order", discountPercent: 15, segments: [3] },
        { description: "Free delivery this week", freeShipping: true },
      ],
    });
    const result = first.result!;
    expect(result.targeting.rule).toBe("request");
    expect(result.segments.map((segment) => segment.number)).toEqual([1, 3]);
    expect(result.segments[0]!.offer).toEqual({ description: "Free delivery this week", freeShipping: true });
    expect(result.segments[1]!.offer).toEqual({ description: "15% off your next order", discountPercent: 15 });
    expect(draft.calls.map((call) => call.offer)).toEqual([
      { description: "Free delivery this week", freeShipping: true },
      { description: "15% off your next order", discountPercent: 15 },
    ]);

    const name = result.segments[1]!.name;
    const byName = await finished(campaigns, { brief: "Spring picks", channels: ["push"], segmentation: { k: 3 }, targetSegments: [name.toUpperCase()], variants: 1 });
    expect(byName.result!.segments.map((segment) => [segment.number, segment.name])).toEqual([[3, name]]);
  });

  it("passes offers and voices from the marketing settings to the draft tool", async () => {
    const marketing = parseMarketingSettings({
      offers: [{ code: "THANKS10", description: "10% off as a thank-you", discountPercent: 10 }],
      brandVoices: { default: { description: "warm and plain" } },
    });
    const { campaigns, draft } = setup({}, marketing);
    const job = await finished(campaigns, { brief: "Thank our VIPs", channels: ["sms"], offers: ["thanks10"], brandVoice: "default", variants: 1 });
    expect(job.status).toBe("succeeded");
    expect(draft.calls[0]).toMatchObject({ offer: "thanks10", brandVoice: "default" });
    expect(job.result!.segments[0]!.offer).toEqual({ code: "THANKS10", description: "10% off as a thank-you", discountPercent: 10 });
    expect(job.result!.targeting.intents).toEqual(["loyalty"]);
  });
});

describe("progress and failures", () => {
  it("reports progress and the current step while running, and refuses the CSV until finished", async () => {
    const hold = gate();
    const { campaigns } = setup({ gate: hold.wait });
    const { campaignId } = await campaigns.start({ brief: "Spring picks", channels: ["sms", "email"], segmentation: { k: 2 }, variants: 1 }, "key_test");
    try {
      const running = await waitForJob(campaigns, campaignId, (job) => job.status === "running" && job.step.startsWith("drafting"));
      // segment, target and 2 recommendations done of 2 + 2 × (1 + 2) + 1 = 9 steps.
      expect(running.progress).toBeCloseTo(4 / 9, 4);
      expect(running.step).toMatch(/^drafting sms copy for .+ \(5 of 9\)$/);
      const notYet = await rejection(campaigns.toCsv(campaignId));
      expect(notYet).toMatchObject({ code: "campaign_not_finished", category: "conflict" });
      expect(notYet.message).toContain("44% done");
    } finally {
      hold.open();
    }
    await campaigns.whenIdle();
    expect((await campaigns.get(campaignId)).status).toBe("succeeded");
  });

  it("calls onProgress before every step with a plan that only grows once, at targeting", async () => {
    const { draft } = setup();
    const seen: WorkflowProgress[] = [];
    const request = campaignRequestSchema.parse({ brief: "Spring picks", channels: ["sms", "push"], segmentation: { k: 2 }, variants: 1 });
    await runCampaignWorkflow(request, {
      tools: campaignRegistry(draft.tool),
      context: { ...services, logger: silentLogger },
      onProgress: (progress) => {
        seen.push(progress);
      },
    });
    expect(seen.map((progress) => progress.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen.slice(2).every((progress) => progress.total === 9)).toBe(true);
    expect(seen.map((progress) => progress.step.split(" ")[0])).toEqual([
      "segmenting",
      "picking",
      "recommending",
      "recommending",
      "drafting",
      "drafting",
      "drafting",
      "drafting",
      "checking",
    ]);
  });

  it("fails the job with the tool's error and the failed step when a draft fails; nothing half-done is shown", async () => {
    const { campaigns } = setup({ failOnCall: 2 });
    const job = await finished(campaigns, { brief: "Spring picks", channels: ["sms", "email"], segmentation: { k: 2 }, variants: 1 });
    expect(job).toMatchObject({ status: "failed", result: null });
    expect(job.error).toMatchObject({ code: "model_unavailable", category: "upstream", message: expect.stringContaining("fake outage") });
    expect(job.step).toMatch(/^drafting email copy for .+ \(6 of 9\)$/);
    expect(job.progress).toBeGreaterThan(0);
    expect(job.progress).toBeLessThan(1);
    const csv = await rejection(campaigns.toCsv(job.campaignId));
    expect(csv).toMatchObject({ code: "campaign_failed", category: "conflict" });
  });

  it("fails the job as incomplete when a draft comes back with a variant missing", async () => {
    const { campaigns } = setup({ shortOnCall: 1 });
    const job = await finished(campaigns, { brief: "Spring picks", channels: ["sms"], segmentation: { k: 2 }, variants: 2 });
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "campaign_incomplete", category: "internal" });
    expect(job.error!.message).toContain("1 of 2 sms variants");
    expect(job.result).toBeNull();
  });

  it("fails the job with a user error listing the segments when a requested segment does not exist", async () => {
    const { campaigns } = setup();
    const job = await finished(campaigns, { brief: "Spring picks", channels: ["sms"], targetSegments: [12] });
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "unknown_target_segment", category: "user" });
    expect(job.error!.message).toMatch(/segments are: 1 [A-Z]/);
    expect(job.step).toBe("picking target segments");
  });
});

describe("start, get and list", () => {
  it("refuses invalid requests before queueing anything", async () => {
    const { campaigns } = setup();
    const [before] = await store.query("SELECT count(*) AS n FROM campaigns");
    const invalid = await rejection(campaigns.start({ brief: "x", channels: ["fax"] }, "key_test"));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).issues.map((issue) => issue.path)).toEqual(["brief", "channels.0"]);
    expect(invalid.message).toMatch(/^Invalid campaign request: brief: .*channels\.0: /);
    const name = await rejection(campaigns.start({ brief: "Spring picks", channels: ["sms"], targetSegments: ["Whales"] }, "key_test"));
    expect(name.message).toContain("Champions");
    const voice = await rejection(campaigns.start({ brief: "Spring picks", channels: ["sms"], brandVoice: "pirate" }, "key_test"));
    expect(voice.code).toBe("unknown_brand_voice");
    const [after] = await store.query("SELECT count(*) AS n FROM campaigns");
    expect(after).toEqual(before);
  });

  it("says which tool is missing when the registry has no draft tool", async () => {
    const campaigns = createCampaignService({ services, tools: new ToolRegistry([segmentCustomers, recommendProducts]), logger: silentLogger });
    const error = await rejection(campaigns.start(validRequest, "key_test"));
    expect(error).toMatchObject({ code: "campaigns_unavailable" });
    expect(error.message).toContain("draft_campaign_copy");
  });

  it("answers unknown ids with a not-found error", async () => {
    const { campaigns } = setup();
    const error = await rejection(campaigns.get("cmp_nope"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe("unknown_campaign");
    expect((await rejection(campaigns.toCsv("cmp_nope"))).code).toBe("unknown_campaign");
  });

  it("never shows a stored result with missing parts as succeeded", async () => {
    await store.run(
      "INSERT INTO campaigns (campaign_id, created_at, updated_at, status, progress, request, result) VALUES ('cmp_broken', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', 'succeeded', 1, $1, $2)",
      [JSON.stringify(validRequest), JSON.stringify({ segments: [] })],
    );
    const { campaigns } = setup();
    const job = await campaigns.get("cmp_broken");
    expect(job).toMatchObject({ status: "failed", result: null, error: { code: "campaign_unreadable" } });
    expect((await rejection(campaigns.toCsv("cmp_broken"))).code).toBe("campaign_failed");
  });

  it("lists recent jobs newest first with totals or the error code", async () => {
    // A clock that moves, so "newest" means something; ids of their own so they do not clash.
    let tick = 0;
    let counter = 0;
    const moving = {
      ...services,
      clock: () => new Date(Date.UTC(2026, 10, 2, 0, 0, tick++)),
      newId: (prefix: string) => `${prefix}_list${++counter}`,
    };
    const draft = createFakeDraftTool({ failOnCall: 1 });
    const campaigns = createCampaignService({ services: moving, tools: campaignRegistry(draft.tool), logger: silentLogger });
    const body = { brief: "Will fail", channels: ["sms"], segmentation: { k: 2 }, variants: 1 };
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) ids.push((await campaigns.start(body, "key_test")).campaignId);
    await campaigns.whenIdle();
    const list = await campaigns.list({ limit: 3 });
    expect(list.map((job) => job.campaignId)).toEqual([...ids].reverse());
    // The fake fails its first call only: the oldest job failed, the two after it succeeded.
    expect(list[2]).toMatchObject({ status: "failed", step: expect.stringMatching(/^drafting sms/), errorCode: "model_unavailable", totals: null });
    expect(list[2]).toMatchObject({ brief: "Will fail", channels: ["sms"] });
    for (const job of list.slice(0, 2)) {
      expect(job).toMatchObject({ status: "succeeded", step: "done", progress: 1, errorCode: null });
      expect(job.totals).toMatchObject({ segments: 2, variants: 2 });
    }
    expect(await campaigns.list({ limit: 1 })).toHaveLength(1);
    // A stored success without a readable result is listed as failed, as `get` shows it.
    await store.run(
      "INSERT INTO campaigns (campaign_id, created_at, updated_at, status, progress, request, result) VALUES ('cmp_list_broken', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', 'succeeded', 1, $1, $2)",
      [JSON.stringify(validRequest), JSON.stringify({ totals: { segments: 1 } })],
    );
    expect((await campaigns.list({ limit: 100 })).find((job) => job.campaignId === "cmp_list_broken")).toMatchObject({
      status: "failed",
      errorCode: "campaign_unreadable",
    });
  });
});

describe("interruption", () => {
  it("marks jobs a stopped process left queued or running as failed, and leaves live and finished jobs alone", async () => {
    // A "crash": this service's job is held running and the service is abandoned.
    const hold = gate();
    const crashed = setup({ gate: hold.wait }).campaigns;
    const { campaignId: abandoned } = await crashed.start({ brief: "Spring picks", channels: ["sms"], segmentation: { k: 2 }, variants: 1 }, "key_test");
    await waitForJob(crashed, abandoned, (job) => job.step.startsWith("drafting"));
    await store.run(
      "INSERT INTO campaigns (campaign_id, created_at, updated_at, status, progress, request) VALUES ('cmp_left_queued', TIMESTAMP '2020-01-01', TIMESTAMP '2020-01-01', 'queued', 0, $1)",
      [JSON.stringify(validRequest)],
    );

    // The restarted process: a new service on the same store, with a job of its own already live.
    const restartedHold = gate();
    const restarted = setup({ gate: restartedHold.wait }).campaigns;
    const { campaignId: live } = await restarted.start({ brief: "Spring picks", channels: ["sms"], segmentation: { k: 2 }, variants: 1 }, "key_test");
    try {
      const recovered = await restarted.recoverInterrupted();
      expect(recovered).toEqual([abandoned, "cmp_left_queued"].sort());
      for (const campaignId of recovered) {
        const job = await restarted.get(campaignId);
        expect(job).toMatchObject({ status: "failed", step: "interrupted", result: null, error: { code: "interrupted" } });
        expect(job.error!.message).toContain("Start it again");
      }
      expect(await restarted.recoverInterrupted()).toEqual([]);
    } finally {
      hold.open();
      restartedHold.open();
    }

    // The abandoned job's late finish must not turn it into a success.
    await crashed.whenIdle();
    expect((await restarted.get(abandoned)).status).toBe("failed");
    await restarted.whenIdle();
    expect((await restarted.get(live)).status).toBe("succeeded");
  });

  it("close() stops the running job and the queued ones as interrupted and takes no more", async () => {
    const hold = gate();
    const { campaigns } = setup({ gate: hold.wait });
    const body = { brief: "Spring picks", channels: ["sms"], segmentation: { k: 2 }, variants: 1 };
    const { campaignId: first } = await campaigns.start(body, "key_test");
    const { campaignId: second } = await campaigns.start(body, "key_test");
    await waitForJob(campaigns, first, (job) => job.step.startsWith("drafting"));
    expect((await campaigns.get(second)).status).toBe("queued");
    const closing = campaigns.close();
    hold.open();
    await closing;
    const [one, two] = [await campaigns.get(first), await campaigns.get(second)];
    expect(one).toMatchObject({ status: "failed", error: { code: "interrupted" } });
    expect(one.step).toMatch(/^drafting sms copy/);
    expect(two).toMatchObject({ status: "failed", step: "queued", error: { code: "interrupted" } });
    expect((await rejection(campaigns.start(body, "key_test"))).code).toBe("shutting_down");
  });
});
