import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CampaignService, createCampaignService } from "../../src/agent/campaign/index.ts";
import type { CampaignJob } from "../../src/agent/campaign/schema.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { createApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { authenticate, authorize } from "../../src/http/auth.ts";
import { errorHandler, notFoundHandler } from "../../src/http/errors.ts";
import { buildOpenApiDocument } from "../../src/http/openapi.ts";
import { requestContext } from "../../src/http/request-context.ts";
import { campaignRouteDocs, campaignsRouter } from "../../src/http/routes/campaigns.ts";
import { parseCsv } from "../agent/campaign/csv-parse.ts";
import { createFakeDraftTool } from "../agent/campaign/fake-draft-tool.ts";
import { campaignRegistry, demoStore, testServices } from "../agent/campaign/setup.ts";
import { type TestServer, listen } from "../helpers/http.ts";

let store: DuckDbStore;
let server: TestServer;
let campaigns: CampaignService;
let release: () => void = () => {};
let marketerKey: string;
let viewerKey: string;

beforeAll(async () => {
  store = await demoStore();
  const services = testServices(store);
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  // The first draft call waits for `release`, so a test can see a job before it finishes.
  let first = true;
  const draft = createFakeDraftTool({
    gate: async () => {
      if (first) {
        first = false;
        await held;
      }
    },
  });
  campaigns = createCampaignService({ services, tools: campaignRegistry(draft.tool), logger: silentLogger });
  // Keys end open local mode, so the real role policy applies: marketers start, viewers read.
  marketerKey = (await createApiKey(store, { role: "marketer", label: "m" })).key;
  viewerKey = (await createApiKey(store, { role: "viewer", label: "v" })).key;
  const logger = pino({ level: "silent" });
  const app = express();
  app.locals.logger = logger;
  app.use(requestContext(logger, () => "req-1"));
  app.use(authenticate({ store, mode: "loopback" }));
  app.use(authorize());
  app.use(express.json({ limit: "64kb" }));
  app.use(campaignsRouter({ campaigns }));
  app.use(notFoundHandler);
  app.use(errorHandler);
  server = await listen(app);
}, 60_000);

afterAll(async () => {
  release();
  await campaigns?.close();
  await server?.close();
  await store?.close();
});

const as = (key: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${key}` } });
const post = (body: unknown, key = marketerKey) =>
  server.request("/api/campaigns", as(key, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

async function poll(path: string, done: (job: CampaignJob) => boolean): Promise<CampaignJob> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = (await (await server.request(path, as(viewerKey))).json()) as CampaignJob;
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`stuck: ${JSON.stringify(job).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("campaign routes", () => {
  let campaignId: string;
  let self: string;

  it("POST /api/campaigns answers 202 with the id, links and a Location header", async () => {
    const response = await post({ brief: "Spring picks for everyone", channels: ["sms", "email"], segmentation: { k: 2 }, variants: 2 });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { campaignId: string; status: string; links: { self: string; csv: string } };
    campaignId = body.campaignId;
    self = `/api/campaigns/${campaignId}`;
    expect(body).toEqual({ campaignId, status: "queued", links: { self, csv: `${self}.csv` } });
    expect(response.headers.get("location")).toBe(self);
  });

  it("GET shows the job running with progress, and the CSV answers 409 until it is finished", async () => {
    const running = await poll(self, (job) => job.status === "running" && job.step.startsWith("drafting"));
    expect(running.progress).toBeGreaterThan(0);
    expect(running.progress).toBeLessThan(1);
    const csv = await server.request(`${self}.csv`, as(viewerKey));
    expect(csv.status).toBe(409);
    expect(((await csv.json()) as { error: { code: string } }).error.code).toBe("campaign_not_finished");
    release();
  });

  it("GET shows the finished job with its result, and both CSV paths export it as an attachment", async () => {
    const job = await poll(self, (candidate) => candidate.status !== "running" && candidate.status !== "queued");
    expect(job).toMatchObject({ status: "succeeded", progress: 1, request: { brief: "Spring picks for everyone", variants: 2 } });
    expect(job.result!.totals).toMatchObject({ segments: 2, drafts: 4, variants: 8 });
    for (const path of [`${self}.csv`, `${self}/export.csv`]) {
      const response = await server.request(path, as(viewerKey));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="campaign-${campaignId}.csv"`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(new TextDecoder().decode(bytes.slice(3)));
      expect(rows).toHaveLength(1 + 2 * 2 * 2);
    }
  });

  it("GET /api/campaigns lists recent jobs, and checks its limit", async () => {
    const response = await server.request("/api/campaigns?limit=5", as(viewerKey));
    expect(response.status).toBe(200);
    const { campaigns: list } = (await response.json()) as { campaigns: Array<{ campaignId: string; status: string }> };
    expect(list[0]).toMatchObject({ campaignId, status: "succeeded" });
    const bad = await server.request("/api/campaigns?limit=1000", as(viewerKey));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { issues: Array<{ path: string }> } } }).error.details.issues[0]!.path).toBe("limit");
  });

  it("refuses bad bodies with 400 naming the fields, and unknown ids with 404", async () => {
    const bad = await post({ brief: "Spring", channels: ["telegram"], variants: 9 });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string; requestId: string; details: { issues: Array<{ path: string }> } } };
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.details.issues.map((issue) => issue.path)).toEqual(["channels.0", "variants"]);
    expect(body.error.requestId).toBe("req-1");
    const unknownSegment = await post({ brief: "Spring", channels: ["sms"], targetSegments: ["Whales"] });
    expect(unknownSegment.status).toBe(400);
    const missing = await server.request("/api/campaigns/cmp_missing", as(viewerKey));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("unknown_campaign");
    expect((await server.request("/api/campaigns/cmp_missing.csv", as(viewerKey))).status).toBe(404);
  });

  it("lets viewers read but not start campaigns", async () => {
    const forbidden = await post({ brief: "Spring picks", channels: ["sms"] }, viewerKey);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { code: string } }).error.code).toBe("insufficient_role");
    expect((await server.request("/api/campaigns", { method: "GET" })).status).toBe(401);
  });

  it("documents its routes for /openapi.json", () => {
    const document = buildOpenApiDocument({ version: "0.0.0", routes: campaignRouteDocs, tools: campaignRegistry(createFakeDraftTool().tool) }) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/campaigns", "/api/campaigns/{id}", "/api/campaigns/{id}/export.csv"]));
    expect(Object.keys(document.paths["/api/campaigns"]!)).toEqual(expect.arrayContaining(["get", "post"]));
  });
});
