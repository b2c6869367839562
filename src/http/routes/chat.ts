/**
 * Chat routes: `POST /api/chat` runs one agent turn and answers with JSON, or streams it as
 * Server-Sent Events when the client sends `Accept: text/event-stream`;
 * `GET /api/conversations/:id` returns a conversation.
 */
import { type Request, type Response, Router } from "express";
import type { AgentEvent, ChatAgent } from "../../agent/types.ts";
import { AppError, toAppError } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import { principalOf } from "../auth.ts";
import { parseBody } from "../body.ts";
import { disconnectSignal } from "../disconnect.ts";
import { statusOf } from "../errors.ts";
import type { RouteDoc } from "../openapi.ts";
import { chatEventSchema, chatRequestSchema, chatResponseSchema, conversationViewSchema, errorBodySchema } from "../schemas.ts";
import { EventStream } from "../sse.ts";

/** What the chat routes need. */
export interface ChatRouteOptions {
  /** The agent; without one both routes answer 503 `agent_unavailable`. */
  agent: ChatAgent | undefined;
  logger: Logger;
  /** Time between SSE heartbeats; default 15 s. */
  heartbeatMs?: number;
}

function requireAgent(agent: ChatAgent | undefined): ChatAgent {
  if (agent !== undefined) return agent;
  throw new AppError(
    "agent_unavailable",
    "internal",
    "Chat is not available on this server: it was started without a chat agent. Start it with `npx bullseye serve` " +
      "(which sets up the builtin offline agent, or the model named by BULLSEYE_MODEL), or call tools directly with POST /api/tools/{name}.",
  );
}

/** Whether the client asked for a stream: `text/event-stream` preferred over JSON in its Accept header. */
function wantsEventStream(request: Request): boolean {
  return request.accepts(["application/json", "text/event-stream"]) === "text/event-stream";
}

async function answerAsJson(events: AsyncIterable<AgentEvent>, response: Response, signal: AbortSignal): Promise<void> {
  let done: Extract<AgentEvent, { type: "done" }> | undefined;
  for await (const event of events) {
    if (signal.aborted) return;
    if (event.type === "done") done = event;
  }
  if (signal.aborted) return;
  if (done === undefined) {
    throw new AppError("agent_incomplete", "internal", "The agent ended the turn without an answer; this is a bug. Please try again.");
  }
  const { conversationId, answer, toolCalls, artifacts, stepLimitReached } = done;
  response.json({ conversationId, answer, toolCalls, artifacts, stepLimitReached });
}

async function answerAsStream(
  events: AsyncIterable<AgentEvent>,
  request: Request,
  response: Response,
  options: ChatRouteOptions,
): Promise<void> {
  const stream = new EventStream(response, options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs });
  stream.start();
  const log: Logger = response.locals.logger ?? options.logger;
  try {
    // Breaking out of the loop (client gone) calls the iterator's return(), which ends the turn.
    for await (const event of events) {
      if (stream.closed) break;
      await stream.send(event.type, event);
    }
  } catch (error) {
    const appError = toAppError(error);
    const status = statusOf(appError);
    if (status >= 500) log.error({ err: error, code: appError.code, path: request.path }, "chat turn failed mid-stream");
    else log.info({ code: appError.code, status }, "chat turn ended with an error");
    const body = appError.toJSON();
    const requestId = response.locals.requestId as string | undefined;
    await stream.send("error", { type: "error", error: { ...body.error, ...(requestId ? { requestId } : {}) } });
  } finally {
    stream.end();
  }
}

/** OpenAPI documentation of the chat routes. */
export const chatRouteDocs: readonly RouteDoc[] = [
  {
    method: "post",
    path: "/api/chat",
    tag: "chat",
    summary: "Ask the assistant",
    description:
      "Runs one turn of the conversation: the assistant calls tools as needed and answers. Answers JSON by default; with " +
      "`Accept: text/event-stream` it streams Server-Sent Events named `text-delta`, `tool-call`, `tool-result`, `tool-error` " +
      "and finally `done` (the same object as the JSON answer), or `error` (then the stream ends). A comment line is sent " +
      "every 15 s while nothing else is. Closing the connection cancels the turn.",
    body: chatRequestSchema,
    responses: {
      200: {
        description: "The answer (JSON), or the event stream.",
        schema: chatResponseSchema,
        alternatives: { "text/event-stream": chatEventSchema },
      },
      404: { description: "No conversation with that conversationId.", schema: errorBodySchema },
      502: { description: "The configured chat model failed (authentication, timeout, unavailable).", schema: errorBodySchema },
      503: { description: "The server was started without a chat agent.", schema: errorBodySchema },
    },
  },
  {
    method: "get",
    path: "/api/conversations/:id",
    tag: "chat",
    summary: "Read a conversation",
    pathParameters: { id: "The conversationId from a chat answer." },
    responses: {
      200: { description: "The conversation with every message.", schema: conversationViewSchema },
      404: { description: "No conversation with that id.", schema: errorBodySchema },
      503: { description: "The server was started without a chat agent.", schema: errorBodySchema },
    },
  },
];

/** The router with `POST /api/chat` and `GET /api/conversations/:id`. */
export function chatRouter(options: ChatRouteOptions): Router {
  const router = Router();

  router.post("/api/chat", async (request, response) => {
    const agent = requireAgent(options.agent);
    const body = parseBody(chatRequestSchema, request.body);
    const signal = disconnectSignal(response);
    // An unknown conversation is a plain 404 in both modes, not an error event after a 200.
    if (body.conversationId !== undefined) await agent.getConversation(body.conversationId);
    const actor = principalOf(response)?.actor ?? "anonymous";
    const events = agent.chat({ conversationId: body.conversationId, message: body.message, actor }, { signal });
    if (wantsEventStream(request)) await answerAsStream(events, request, response, options);
    else await answerAsJson(events, response, signal);
  });

  router.get("/api/conversations/:id", async (request, response) => {
    const agent = requireAgent(options.agent);
    response.json(await agent.getConversation(request.params.id));
  });

  return router;
}
