/**
 * `createApp(deps)` builds the express application without listening, so tests
 * drive it in-process with fake dependencies and `src/main.ts` drives it for real.
 *
 * Order: request id and log line → authenticate → rate limit → authorise → routes that
 * read their own body (imports) → JSON body parser → the other routes → static web page
 * → 404 → the error handler (the only error→status map).
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express, type RequestHandler } from "express";
import type { Logger } from "pino";
import type { CampaignService } from "../agent/campaign/index.ts";
import type { ChatAgent } from "../agent/types.ts";
import type { Config } from "../core/config.ts";
import type { ToolRegistry, ToolServices } from "../core/tool.ts";
import { type AuthMode, authenticate, authorize } from "./auth.ts";
import { errorHandler, notFoundHandler } from "./errors.ts";
import { type RouteDoc, buildOpenApiDocument } from "./openapi.ts";
import { rateLimit } from "./rate-limit.ts";
import { requestContext } from "./request-context.ts";
import { campaignRouteDocs, campaignsRouter } from "./routes/campaigns.ts";
import { chatRouteDocs, chatRouter } from "./routes/chat.ts";
import { customerRouteDocs, customersRouter } from "./routes/customers.ts";
import { importRouteDocs, importRouter } from "./routes/import.ts";
import { keyRouteDocs, keysRouter } from "./routes/keys.ts";
import { toolRouteDocs, toolsRouter } from "./routes/tools.ts";
import { healthResponseSchema } from "./schemas.ts";
import { DEFAULT_UPLOAD_LIMIT_BYTES } from "./upload.ts";

/** Everything the HTTP surface needs; `src/main.ts` builds the real ones. */
export interface AppDependencies {
  config: Pick<Config, "bodyLimit">;
  /** The store and what tools need (clock, ids, embedder, memo); the same object for every request. */
  services: ToolServices;
  tools: ToolRegistry;
  logger: Logger;
  /** Reported by `/health`. */
  version: string;
  newRequestId?: () => string;
  /** `loopback` allows open local mode while no API key exists; `network` always requires a key. */
  auth: { mode: AuthMode; requestsPerMinute: number; now?: () => number };
  /** The chat agent behind `POST /api/chat`; without one, chat answers 503 `agent_unavailable`. */
  agent?: ChatAgent;
  /** Campaign jobs behind `/api/campaigns`; without them those routes answer 404. */
  campaigns?: CampaignService;
  /** Import uploads: largest file in bytes (default 100 MB) and the folder for temporary files (default the system's). */
  uploads?: { maxBytes?: number; directory?: string };
  /** Time between heartbeat comments on chat event streams; default 15 s. */
  sseHeartbeatMs?: number;
  /** Documentation of routes mounted by other routers, added to `/openapi.json`. */
  routeDocs?: readonly RouteDoc[];
}

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "web");

/** Documentation of the routes served here directly. */
const serviceRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/health",
    tag: "service",
    summary: "Liveness and data counts",
    responses: { 200: { description: "The server is up.", schema: healthResponseSchema } },
  },
  {
    method: "get",
    path: "/openapi.json",
    tag: "service",
    summary: "This API description",
    responses: { 200: { description: "The OpenAPI 3.1 document." } },
  },
];

/**
 * Headers for the web page: it loads nothing from other origins and runs no inline script,
 * so a strict Content-Security-Policy costs nothing and blunts any injected markup.
 */
const pageSecurityHeaders: RequestHandler = (_request, response, next) => {
  response.setHeader(
    "Content-Security-Policy",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  );
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("Referrer-Policy", "no-referrer");
  next();
};

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.locals.logger = deps.logger;

  app.use(requestContext(deps.logger, deps.newRequestId ?? randomUUID));
  // Authenticate, limit and authorise before parsing bodies, so unauthenticated
  // callers cannot make us parse (or buffer) anything.
  app.use(authenticate({ store: deps.services.store, mode: deps.auth.mode }));
  app.use(rateLimit({ requestsPerMinute: deps.auth.requestsPerMinute, ...(deps.auth.now ? { now: deps.auth.now } : {}) }));
  app.use(authorize());
  // Imports stream their own (multipart or raw) bodies to disk; the JSON parser must not consume them.
  app.use(
    importRouter({
      store: deps.services.store,
      uploads: {
        maxBytes: deps.uploads?.maxBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
        ...(deps.uploads?.directory === undefined ? {} : { directory: deps.uploads.directory }),
      },
    }),
  );
  app.use(express.json({ limit: deps.config.bodyLimit }));

  app.get("/health", async (_request, response) => {
    const data = await deps.services.store.counts();
    response.json({ status: "ok", version: deps.version, model: deps.agent?.modelId ?? null, data });
  });

  const routeDocs = [
    ...serviceRouteDocs,
    ...chatRouteDocs,
    ...toolRouteDocs,
    ...importRouteDocs,
    ...customerRouteDocs,
    ...keyRouteDocs,
    ...(deps.campaigns === undefined ? [] : campaignRouteDocs),
    ...(deps.routeDocs ?? []),
  ];
  let openApiDocument: object | undefined;
  app.get("/openapi.json", (_request, response) => {
    // Built on first request: the tools and routes are fixed for the life of the app.
    openApiDocument ??= buildOpenApiDocument({ version: deps.version, routes: routeDocs, tools: deps.tools });
    response.json(openApiDocument);
  });

  app.use(
    chatRouter({
      agent: deps.agent,
      logger: deps.logger,
      ...(deps.sseHeartbeatMs === undefined ? {} : { heartbeatMs: deps.sseHeartbeatMs }),
    }),
  );
  app.use(toolsRouter({ tools: deps.tools, services: deps.services, logger: deps.logger }));
  app.use(customersRouter(deps.services));
  app.use(keysRouter({ store: deps.services.store, clock: deps.services.clock }));
  if (deps.campaigns !== undefined) app.use(campaignsRouter({ campaigns: deps.campaigns }));

  app.use(pageSecurityHeaders, express.static(webRoot, { index: "index.html", maxAge: "1h" }));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
