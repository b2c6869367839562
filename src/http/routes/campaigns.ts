/**
 * Campaign jobs over HTTP: `POST /api/campaigns` starts one (202 with its id and links),
 * `GET /api/campaigns/:id` reports status, progress and the result, `GET
 * /api/campaigns/:id.csv` (or `/:id/export.csv`) exports a finished one, and `GET
 * /api/campaigns` lists recent jobs. Starting needs the marketer role and reading the
 * viewer role (`routePolicy`).
 */
import { Router } from "express";
import { z } from "zod";
import {
  type CampaignService,
  DEFAULT_LIST_LIMIT,
  MAX_LIST_LIMIT,
  campaignJobSchema,
  campaignRequestSchema,
  campaignSummarySchema,
} from "../../agent/campaign/index.ts";
import { principalOf } from "../auth.ts";
import { parseQuery } from "../body.ts";
import type { RouteDoc } from "../openapi.ts";
import { errorBodySchema } from "../schemas.ts";

/** What the campaign routes need. */
export interface CampaignRouteOptions {
  campaigns: CampaignService;
}

const linksSchema = z.object({
  self: z.string().describe("GET it for status, progress and the result"),
  csv: z.string().describe("GET it for the CSV export once succeeded"),
});

/** Answer of `POST /api/campaigns`. */
export const startedCampaignResponseSchema = z
  .object({
    campaignId: z.string(),
    status: z.literal("queued"),
    links: linksSchema,
  })
  .describe("The campaign was queued.");

const listQuerySchema = z
  .object({
    limit: z
      .string()
      .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_LIST_LIMIT}`)
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_LIST_LIMIT))
      .optional()
      .describe(`How many jobs, 1–${MAX_LIST_LIMIT}; default ${DEFAULT_LIST_LIMIT}.`),
  })
  .strict();

const campaignListResponseSchema = z
  .object({ campaigns: z.array(campaignSummarySchema).describe("Newest first.") })
  .describe("Recent campaign jobs.");

function linksOf(campaignId: string) {
  const self = `/api/campaigns/${encodeURIComponent(campaignId)}`;
  return { self, csv: `${self}.csv` };
}

/** A file name that is safe in a Content-Disposition header whatever the id holds. */
function csvFileName(campaignId: string): string {
  return `campaign-${campaignId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80)}.csv`;
}

const idParameter = { id: "The campaign id from POST /api/campaigns, e.g. cmp_3f9a0c1d2e4b." };

/** OpenAPI documentation of the campaign routes. */
export const campaignRouteDocs: readonly RouteDoc[] = [
  {
    method: "post",
    path: "/api/campaigns",
    tag: "campaigns",
    summary: "Start a campaign",
    description:
      "Runs the campaign workflow as a background job: segment the customers, pick the target segments (from targetSegments, " +
      "or from the brief: win-back, loyalty and welcome wording pick matching segments, otherwise all), recommend products per " +
      "segment, and draft copy per segment and channel; every variant carries its checks. Poll the Location for progress.",
    body: campaignRequestSchema,
    responses: {
      202: {
        description: "Queued.",
        schema: startedCampaignResponseSchema,
        headers: { Location: "The job's URL." },
      },
    },
  },
  {
    method: "get",
    path: "/api/campaigns",
    tag: "campaigns",
    summary: "List recent campaigns",
    query: listQuerySchema,
    responses: { 200: { description: "Recent jobs, newest first.", schema: campaignListResponseSchema } },
  },
  {
    method: "get",
    path: "/api/campaigns/:id",
    tag: "campaigns",
    summary: "A campaign's status, progress and result",
    description:
      "A job left unfinished by a server stop shows as failed with code interrupted; a campaign is never shown as succeeded with parts missing.",
    pathParameters: idParameter,
    responses: {
      200: { description: "The job.", schema: campaignJobSchema },
      404: { description: "No campaign with that id.", schema: errorBodySchema },
    },
  },
  {
    method: "get",
    path: "/api/campaigns/:id/export.csv",
    tag: "campaigns",
    summary: "A finished campaign as CSV",
    description:
      "One row per segment × channel × variant (RFC 4180, UTF-8 with BOM). Also at /api/campaigns/{id}.csv. " +
      "Cells a spreadsheet would run as formulas start with an apostrophe.",
    pathParameters: idParameter,
    responses: {
      200: { description: "The CSV file.", contentType: "text/csv", schema: z.string(), headers: { "Content-Disposition": "attachment; filename=…" } },
      404: { description: "No campaign with that id.", schema: errorBodySchema },
      409: { description: "The campaign is not finished, or failed.", schema: errorBodySchema },
    },
  },
];

/** The router with `POST /api/campaigns`, `GET /api/campaigns`, `GET /api/campaigns/:id` and the CSV exports. */
export function campaignsRouter(options: CampaignRouteOptions): Router {
  const { campaigns } = options;
  const router = Router();

  router.post("/api/campaigns", async (request, response) => {
    // The service validates the body with zod (400 naming the fields) and the marketing settings.
    const started = await campaigns.start(request.body, principalOf(response)?.actor ?? "system");
    const links = linksOf(started.campaignId);
    response.status(202).location(links.self).json({ ...started, links });
  });

  router.get("/api/campaigns", async (request, response) => {
    const query = parseQuery(listQuerySchema, request.query);
    response.json({ campaigns: await campaigns.list(query.limit === undefined ? {} : { limit: query.limit }) });
  });

  const exportCsv = async (campaignId: string, response: import("express").Response) => {
    const csv = await campaigns.toCsv(campaignId);
    response.setHeader("Content-Type", "text/csv; charset=utf-8; header=present");
    response.setHeader("Content-Disposition", `attachment; filename="${csvFileName(campaignId)}"`);
    response.send(csv);
  };

  // The CSV routes come first: `/:id` would otherwise take "cmp_1.csv" as an id.
  router.get("/api/campaigns/:id.csv", async (request, response) => exportCsv(request.params.id, response));
  router.get("/api/campaigns/:id/export.csv", async (request, response) => exportCsv(request.params.id, response));

  router.get("/api/campaigns/:id", async (request, response) => {
    response.json(await campaigns.get(request.params.id));
  });

  return router;
}
