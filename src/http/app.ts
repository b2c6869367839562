/**
 * `createApp(deps)` builds the express application without listening, so tests
 * drive it in-process with fake dependencies and `src/main.ts` drives it for real.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import type { Config } from "../core/config.ts";
import { ValidationError, describeIssues, fieldIssuesFrom } from "../core/errors.ts";
import { type ToolContext, type ToolRegistry, type ToolServices, runTool } from "../core/tool.ts";
import { type AuthMode, authenticate, authorize } from "./auth.ts";
import { errorHandler, notFoundHandler } from "./errors.ts";
import { rateLimit } from "./rate-limit.ts";
import { requestContext } from "./request-context.ts";

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
}

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "web");

const toolCallBody = z
  .object({ input: z.unknown().describe("The tool's input object; see GET /api/tools for its schema.") })
  .strict();

/** Parses a request body with a zod schema, or throws a ValidationError naming the fields. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues);
    throw new ValidationError(`Invalid request body: ${describeIssues(issues)}.`, issues);
  }
  return parsed.data;
}

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
  app.use(express.json({ limit: deps.config.bodyLimit }));

  app.get("/health", async (_request, response) => {
    const data = await deps.services.store.counts();
    response.json({ status: "ok", version: deps.version, data });
  });

  app.get("/api/tools", (_request, response) => {
    response.json({
      tools: deps.tools.list().map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: z.toJSONSchema(tool.inputSchema, { io: "input", unrepresentable: "any" }),
        outputSchema: z.toJSONSchema(tool.outputSchema, { io: "output", unrepresentable: "any" }),
        examples: tool.examples,
      })),
    });
  });

  app.post("/api/tools/:name", async (request, response) => {
    const tool = deps.tools.get(request.params.name);
    const { input } = parseBody(toolCallBody, request.body);
    const controller = new AbortController();
    // Abort only when the client goes away before the answer is sent: the request's own
    // "close" fires as soon as its body has been read, which is not a cancellation.
    response.on("close", () => {
      if (!response.writableFinished) controller.abort();
    });
    const context: ToolContext = {
      ...deps.services,
      logger: response.locals.logger ?? deps.logger,
      signal: controller.signal,
    };
    const output = await runTool(tool, input, context);
    response.json({ output });
  });

  app.use(express.static(webRoot, { index: "index.html", maxAge: "1h" }));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
