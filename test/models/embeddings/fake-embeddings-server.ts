/**
 * A fake OpenAI-compatible embeddings endpoint for tests: a real HTTP server on
 * 127.0.0.1 with an ephemeral port, so the real client code (fetch, headers, timeouts)
 * runs. Replies are scripted one per request (then a default); every request is recorded.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type LoopbackServer, startLoopbackServer } from "../../helpers/loopback-server.ts";

/** What the client sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** Parsed JSON body (or the raw text when it was not JSON). */
  body: { model?: string; input?: string[]; encoding_format?: string } | string;
}

/** One scripted reply. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer: the client must time out. */
  hang?: boolean;
}

/** A deterministic 4-dimensional "embedding" of a text, so tests can check order and content. */
export function fakeVector(text: string): number[] {
  let sum = 0;
  for (const character of text) sum += character.codePointAt(0) ?? 0;
  return [text.length, sum % 97, text.charCodeAt(0) || 0, 1];
}

/** The success body for `inputs`, in the OpenAI shape. */
export function embeddingsBody(inputs: readonly string[], options: { shuffle?: boolean } = {}): unknown {
  const data = inputs.map((input, index) => ({ object: "embedding", index, embedding: fakeVector(input) }));
  if (options.shuffle) data.reverse();
  return { object: "list", data, model: "fake-embed", usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } };
}

export class FakeEmbeddingsServer {
  readonly requests: RecordedRequest[] = [];
  readonly #replies: Array<ScriptedReply | ((request: RecordedRequest) => ScriptedReply)> = [];
  private constructor(
    private readonly server: LoopbackServer,
    /** Base URL to configure as OPENAI_BASE_URL, ending in /v1. */
    readonly baseUrl: string,
  ) {}

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  static async start(): Promise<FakeEmbeddingsServer> {
    let fake: FakeEmbeddingsServer | undefined;
    const server = await startLoopbackServer((request, response) => fake?.handle(request, response));
    fake = new FakeEmbeddingsServer(server, `${server.origin}/v1`);
    return fake;
  }

  /** Queues replies for the next requests, in order; after them every request succeeds. */
  script(...replies: Array<ScriptedReply | ((request: RecordedRequest) => ScriptedReply)>): this {
    this.#replies.push(...replies);
    return this;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: RecordedRequest["body"];
    try {
      body = JSON.parse(text) as RecordedRequest["body"];
    } catch {
      body = text;
    }
    const recorded: RecordedRequest = { method: request.method ?? "", path: request.url ?? "", headers: request.headers, body };
    this.requests.push(recorded);
    const next = this.#replies.shift();
    const reply =
      next === undefined
        ? { body: embeddingsBody(typeof body === "string" ? [] : (body.input ?? [])) }
        : typeof next === "function"
          ? next(recorded)
          : next;
    if (reply.hang) return;
    const payload = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
    response.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    response.end(payload);
  }

  /** Stops the server, cutting hanging connections. */
  close(): Promise<void> {
    return this.server.close();
  }
}
