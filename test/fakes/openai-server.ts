/**
 * A fake OpenAI-compatible chat server for tests: a real HTTP server on 127.0.0.1 with an
 * ephemeral port, so the real client stack (LangChain, the OpenAI SDK, fetch, our retry
 * layer) runs. Each request to `/v1/chat/completions` consumes the next scripted reply;
 * a reply is rendered as one JSON completion, or as SSE `chat.completion.chunk` events
 * when the request asked for `stream: true`. Every request is recorded (the Authorization
 * value is never kept: only whether it was present) so tests can assert what was sent.
 * `/v1/embeddings` is answered with small fixed vectors without consuming the script.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type LoopbackServer, startLoopbackServer } from "../helpers/loopback-server.ts";

/** One tool call the fake model makes. */
export interface FakeToolCall {
  id: string;
  name: string;
  /** An object is sent as JSON; a string is sent verbatim, so it can be malformed on purpose. */
  arguments: Record<string, unknown> | string;
}

/** One scripted reply, used for exactly one request. */
export type FakeReply =
  /** An assistant answer. An array gives the streamed chunks (joined when not streaming). */
  | { type: "text"; text: string | readonly string[] }
  /** The model calls tools (optionally with some text first). */
  | { type: "tool-calls"; calls: readonly FakeToolCall[]; text?: string }
  /** An HTTP error with an OpenAI-style body unless one is given. */
  | { type: "error"; status: number; message?: string; body?: unknown; headers?: Record<string, string> }
  /** Accept the request and never answer; `afterChunks` first streams those text chunks, then stalls. */
  | { type: "hang"; afterChunks?: readonly string[] };

/** What the client sent. */
export interface RecordedChatRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Request headers, with `authorization` replaced by `[present]` when it was sent. */
  headers: Record<string, string | string[] | undefined>;
  hasAuthorization: boolean;
  /** Parsed JSON body (or the raw text when it was not JSON). */
  body: ChatRequestBody | string;
}

/** The parts of a chat completions request tests look at. */
export interface ChatRequestBody {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  [key: string]: unknown;
}

/** Shorthands for scripted replies. */
export const reply = {
  text: (text: string | readonly string[]): FakeReply => ({ type: "text", text }),
  toolCalls: (...calls: FakeToolCall[]): FakeReply => ({ type: "tool-calls", calls }),
  error: (status: number, message?: string, headers?: Record<string, string>): FakeReply => ({
    type: "error",
    status,
    ...(message === undefined ? {} : { message }),
    ...(headers === undefined ? {} : { headers }),
  }),
  rateLimited: (retryAfterSeconds: number): FakeReply => ({
    type: "error",
    status: 429,
    message: "Rate limit reached; please slow down.",
    headers: { "retry-after": String(retryAfterSeconds) },
  }),
  hang: (afterChunks?: readonly string[]): FakeReply => ({ type: "hang", ...(afterChunks === undefined ? {} : { afterChunks }) }),
};

const CREATED = 1_767_225_600;

export class FakeOpenAiServer {
  readonly requests: RecordedChatRequest[] = [];
  readonly #replies: FakeReply[] = [];
  #completions = 0;

  private constructor(
    private readonly server: LoopbackServer,
    /** Base URL to configure as OPENAI_BASE_URL, ending in /v1. */
    readonly baseUrl: string,
  ) {}

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  static async start(): Promise<FakeOpenAiServer> {
    let fake: FakeOpenAiServer | undefined;
    const server = await startLoopbackServer((request, response) => fake?.handle(request, response));
    fake = new FakeOpenAiServer(server, `${server.origin}/v1`);
    return fake;
  }

  /** Queues replies for the next chat requests, in order. A request beyond the script gets a 500 saying so. */
  script(...replies: FakeReply[]): this {
    this.#replies.push(...replies);
    return this;
  }

  /** How many scripted replies are still unused. */
  get pending(): number {
    return this.#replies.length;
  }

  /** The recorded requests to the chat completions endpoint, parsed. */
  get chatRequests(): ChatRequestBody[] {
    return this.requests
      .filter((request) => request.path.startsWith("/v1/chat/completions") && typeof request.body !== "string")
      .map((request) => request.body as ChatRequestBody);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: RecordedChatRequest["body"];
    try {
      body = JSON.parse(text) as ChatRequestBody;
    } catch {
      body = text;
    }
    const hasAuthorization = request.headers.authorization !== undefined;
    const headers = { ...request.headers, ...(hasAuthorization ? { authorization: "[present]" } : {}) };
    this.requests.push({ method: request.method ?? "", path: request.url ?? "", headers, hasAuthorization, body });

    const path = (request.url ?? "").split("?")[0];
    if (request.method === "POST" && path === "/v1/embeddings") return this.embeddings(body, response);
    if (request.method !== "POST" || path !== "/v1/chat/completions") {
      return sendError(response, 404, `Unknown request URL: ${request.method} ${request.url}`, {});
    }
    const next = this.#replies.shift();
    this.#completions += 1;
    if (next === undefined) {
      return sendError(response, 500, `fake server: no scripted reply left for chat request ${this.#completions}`, {});
    }
    const streaming = typeof body !== "string" && body.stream === true;
    const includeUsage = typeof body !== "string" && isIncludeUsage(body.stream_options);
    const id = `chatcmpl-fake-${this.#completions}`;
    const model = typeof body !== "string" && typeof body.model === "string" ? body.model : "fake-model";
    switch (next.type) {
      case "error":
        return sendError(response, next.status, next.message ?? `fake HTTP ${next.status}`, next.headers ?? {}, next.body);
      case "hang":
        if (next.afterChunks !== undefined && streaming) {
          startEventStream(response);
          for (const chunk of next.afterChunks) writeEvent(response, chunkEvent(id, model, { content: chunk }, null));
        }
        return; // Never answer; close() cuts the socket.
      case "text":
      case "tool-calls":
        if (streaming) return streamReply(response, next, id, model, includeUsage);
        return sendJson(response, 200, completionBody(next, id, model));
    }
  }

  private embeddings(body: RecordedChatRequest["body"], response: ServerResponse): void {
    const raw = typeof body === "string" ? [] : body.input;
    const inputs = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? [raw] : [];
    sendJson(response, 200, {
      object: "list",
      data: inputs.map((input, index) => ({ object: "embedding", index, embedding: [input.length, 1, 0] })),
      model: "fake-embed",
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  }

  /** Stops the server, cutting hanging connections. */
  close(): Promise<void> {
    return this.server.close();
  }
}

function isIncludeUsage(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { include_usage?: unknown }).include_usage === true;
}

function argumentsText(call: FakeToolCall): string {
  return typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
}

function fullText(text: string | readonly string[]): string {
  return typeof text === "string" ? text : text.join("");
}

function completionBody(next: Extract<FakeReply, { type: "text" | "tool-calls" }>, id: string, model: string): unknown {
  const message =
    next.type === "text"
      ? { role: "assistant", content: fullText(next.text) }
      : {
          role: "assistant",
          content: next.text ?? null,
          tool_calls: next.calls.map((call) => ({
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: argumentsText(call) },
          })),
        };
  return {
    id,
    object: "chat.completion",
    created: CREATED,
    model,
    choices: [{ index: 0, message, finish_reason: next.type === "text" ? "stop" : "tool_calls", logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

function chunkEvent(id: string, model: string, delta: Record<string, unknown>, finishReason: string | null): unknown {
  return {
    id,
    object: "chat.completion.chunk",
    created: CREATED,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
}

function startEventStream(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
}

function writeEvent(response: ServerResponse, event: unknown): void {
  response.write(`data: ${JSON.stringify(event)}\n\n`);
}

function streamReply(
  response: ServerResponse,
  next: Extract<FakeReply, { type: "text" | "tool-calls" }>,
  id: string,
  model: string,
  includeUsage: boolean,
): void {
  startEventStream(response);
  writeEvent(response, chunkEvent(id, model, { role: "assistant", content: "" }, null));
  if (next.type === "text") {
    const pieces = typeof next.text === "string" ? [next.text] : next.text;
    for (const piece of pieces) writeEvent(response, chunkEvent(id, model, { content: piece }, null));
  } else {
    if (next.text !== undefined) writeEvent(response, chunkEvent(id, model, { content: next.text }, null));
    next.calls.forEach((call, index) => {
      // Like OpenAI: the first delta names the call, the arguments follow in pieces.
      const text = argumentsText(call);
      const half = Math.ceil(text.length / 2);
      writeEvent(
        response,
        chunkEvent(id, model, { tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }, null),
      );
      for (const piece of [text.slice(0, half), text.slice(half)]) {
        if (piece !== "") writeEvent(response, chunkEvent(id, model, { tool_calls: [{ index, function: { arguments: piece } }] }, null));
      }
    });
  }
  writeEvent(response, chunkEvent(id, model, {}, next.type === "text" ? "stop" : "tool_calls"));
  if (includeUsage) {
    writeEvent(response, { id, object: "chat.completion.chunk", created: CREATED, model, choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } });
  }
  response.end("data: [DONE]\n\n");
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, message: string, headers: Record<string, string>, body?: unknown): void {
  const payload = body ?? { error: { message, type: status >= 500 ? "server_error" : "invalid_request_error", code: null, param: null } };
  if (typeof payload === "string") {
    response.writeHead(status, { "content-type": "text/plain", ...headers });
    response.end(payload);
    return;
  }
  sendJson(response, status, payload, headers);
}
