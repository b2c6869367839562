/** `GET /api/tools` (names, descriptions, JSON Schemas) and `POST /api/tools/:name` (a direct, typed tool call). */
import { Router } from "express";
import { z } from "zod";
import type { Logger } from "../../core/ports.ts";
import { type ToolContext, type ToolRegistry, type ToolServices, runTool } from "../../core/tool.ts";
import { parseBody } from "../body.ts";
import { disconnectSignal } from "../disconnect.ts";
import type { RouteDoc } from "../openapi.ts";
import { errorBodySchema, toolCallBodySchema, toolCallResponseSchema, toolListResponseSchema } from "../schemas.ts";

/** What the tool routes need. */
export interface ToolRouteOptions {
  tools: ToolRegistry;
  services: ToolServices;
  logger: Logger;
}

/** OpenAPI documentation of the tool routes (each tool also gets its own path with its schemas). */
export const toolRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/tools",
    tag: "tools",
    summary: "List the tools",
    responses: { 200: { description: "Every tool with its JSON Schemas and examples.", schema: toolListResponseSchema } },
  },
  {
    method: "post",
    path: "/api/tools/:name",
    tag: "tools",
    summary: "Call a tool",
    description: "Validates the input against the tool's schema (400 names the failing field and the limit), runs the tool and returns its full output.",
    pathParameters: { name: "The tool's name, e.g. segment_customers." },
    body: toolCallBodySchema,
    responses: {
      200: { description: "The tool's output.", schema: toolCallResponseSchema },
      404: { description: "Unknown tool (the error lists the real ones), or something the input names does not exist.", schema: errorBodySchema },
      502: { description: "A model or embeddings endpoint the tool uses failed.", schema: errorBodySchema },
    },
  },
];

/** The router with the tool list and direct tool calls. */
export function toolsRouter(options: ToolRouteOptions): Router {
  const router = Router();

  router.get("/api/tools", (_request, response) => {
    response.json({
      tools: options.tools.list().map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: z.toJSONSchema(tool.inputSchema, { io: "input", unrepresentable: "any" }),
        outputSchema: z.toJSONSchema(tool.outputSchema, { io: "output", unrepresentable: "any" }),
        examples: tool.examples,
      })),
    });
  });

  router.post("/api/tools/:name", async (request, response) => {
    const tool = options.tools.get(request.params.name);
    const { input } = parseBody(toolCallBodySchema, request.body);
    const context: ToolContext = {
      ...options.services,
      logger: response.locals.logger ?? options.logger,
      signal: disconnectSignal(response),
    };
    const output = await runTool(tool, input, context);
    response.json({ output });
  });

  return router;
}
