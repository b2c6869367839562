/**
 * The `openai` embedder: any OpenAI-compatible `POST {baseUrl}/embeddings` endpoint
 * (OpenAI, Azure-style proxies, Ollama, vLLM, LM Studio, llama.cpp server).
 *
 * Plain `fetch`, so every behaviour is ours to state and test: inputs go in batches
 * (256 per request by default), each attempt has its own timeout, 429/5xx/timeouts/
 * connection failures are retried with exponential backoff that yields to the
 * server's Retry-After, and every failure ends as an `UpstreamError` whose message
 * says what to check. The API key is kept in a private field and never appears in
 * messages, logs or `JSON.stringify(embedder)`.
 */
import { Embeddings } from "@langchain/core/embeddings";
import { z } from "zod";
import { UpstreamError } from "../../core/errors.ts";
import type { Embedder } from "../../core/ports.ts";
import { type RetryPolicy, isRetryableStatus, retryAfterMs, retryDelayMs } from "./retry-policy.ts";

/** Settings of the OpenAI-compatible embedder. */
export interface OpenAiEmbedderOptions {
  /** Base URL ending before `/embeddings`, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  baseUrl: string;
  /** Sent as a Bearer token when set; local servers often need none. */
  apiKey: string | undefined;
  model: string;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries after the first attempt of each batch. */
  maxRetries: number;
  /** Inputs per request (OpenAI accepts up to 2048). */
  batchSize?: number;
  /** Vector length, when known before the first call; otherwise learned from the first response. */
  dimensions?: number;
  /** Wait before the first retry, doubling after; default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest single wait between attempts, even if the server asks for more; default 20 s. */
  maxRetryDelayMs?: number;
  /** For tests: the fetch to use. */
  fetch?: typeof fetch;
  /** For tests: how to wait between attempts. */
  sleep?: (milliseconds: number) => Promise<void>;
}

/** Output sizes of OpenAI's own embedding models, so `dimensions` is right before the first call. */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

const DEFAULT_BATCH_SIZE = 256;

const responseSchema = z.object({
  data: z
    .array(
      z.object({
        index: z.number().int().min(0),
        embedding: z.array(z.number().refine(Number.isFinite, "must be a finite number")).min(1),
      }),
    )
    .min(1),
});

function defaultSleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Reads at most 300 characters of an error body, for messages: enough to show the server's reason. */
function errorReason(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message =
      typeof parsed.error === "string" ? parsed.error : typeof parsed.error?.message === "string" ? parsed.error.message : parsed.message;
    if (typeof message === "string" && message.trim() !== "") return message.trim().slice(0, 300);
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body.trim().slice(0, 300);
}

/** What went wrong with one attempt, kept until we know whether a retry fixes it. */
type AttemptFailure =
  | { kind: "status"; status: number; reason: string; retryAfter: number | undefined }
  | { kind: "timeout" }
  | { kind: "network"; cause: unknown };

/** Embeddings from an OpenAI-compatible endpoint; a LangChain `Embeddings` and a core `Embedder`. */
export class OpenAiEmbedder extends Embeddings implements Embedder {
  readonly id: string;
  readonly model: string;
  readonly endpoint: string;
  readonly #apiKey: string | undefined;
  readonly #timeoutMs: number;
  readonly #batchSize: number;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof fetch;
  readonly #sleep: (milliseconds: number) => Promise<void>;
  #dimensions: number;

  constructor(options: OpenAiEmbedderOptions) {
    // Retries are ours (below), so LangChain's AsyncCaller must not add its own.
    super({ maxRetries: 0 });
    this.model = options.model;
    this.endpoint = `${options.baseUrl.replace(/\/+$/, "")}/embeddings`;
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs;
    this.#batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    this.#retry = {
      maxRetries: options.maxRetries,
      baseDelayMs: options.retryBaseDelayMs ?? 500,
      maxDelayMs: options.maxRetryDelayMs ?? 20_000,
    };
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#dimensions = options.dimensions ?? KNOWN_DIMENSIONS[options.model] ?? 0;
    // The host is part of the id: two servers may serve different models under one name.
    this.id = `openai:${options.model}@${new URL(options.baseUrl).host}`;
  }

  /** Vector length; 0 until the first response when the model is not a known OpenAI model. */
  get dimensions(): number {
    return this.#dimensions;
  }

  /** Keeps the key (and LangChain's caller) out of logs that serialise the embedder. */
  toJSON(): { id: string; endpoint: string; model: string } {
    return { id: this.id, endpoint: this.endpoint, model: this.model };
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.#batchSize) {
      vectors.push(...(await this.#embedBatch(texts.slice(start, start + this.#batchSize))));
    }
    return vectors;
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.#embedBatch([text]);
    // #embedBatch checks the count, so this only guards the type.
    if (vector === undefined) throw this.#malformed("no vector for the query");
    return vector;
  }

  async #embedBatch(inputs: string[]): Promise<number[][]> {
    let failure: AttemptFailure | undefined;
    for (let attempt = 0; attempt <= this.#retry.maxRetries; attempt++) {
      if (attempt > 0) {
        const requested = failure?.kind === "status" ? failure.retryAfter : undefined;
        await this.#sleep(retryDelayMs(attempt, this.#retry, requested));
      }
      const outcome = await this.#attempt(inputs);
      if ("vectors" in outcome) return outcome.vectors;
      failure = outcome.failure;
      const retryable = failure.kind !== "status" || isRetryableStatus(failure.status);
      if (!retryable) break;
    }
    throw this.#failureError(failure as AttemptFailure, inputs.length);
  }

  async #attempt(inputs: string[]): Promise<{ vectors: number[][] } | { failure: AttemptFailure }> {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (this.#apiKey !== undefined && this.#apiKey !== "") headers.authorization = `Bearer ${this.#apiKey}`;
    let status: number;
    let body: string;
    let responseHeaders: Headers;
    try {
      // One signal covers the whole attempt, body included, so a server that stalls mid-body times out too.
      const response = await this.#fetch(this.endpoint, {
        method: "POST",
        headers,
        body: JSON.stringify({ model: this.model, input: inputs, encoding_format: "float" }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      responseHeaders = response.headers;
      body = await response.text();
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "TimeoutError" || name === "AbortError") return { failure: { kind: "timeout" } };
      return { failure: { kind: "network", cause: error } };
    }
    if (status < 200 || status >= 300) {
      return { failure: { kind: "status", status, reason: errorReason(body), retryAfter: retryAfterMs(responseHeaders) } };
    }
    return { vectors: this.#parse(body, inputs.length) };
  }

  #parse(body: string, expected: number): number[][] {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw this.#malformed(`the body is not JSON (starts with ${JSON.stringify(body.slice(0, 60))})`);
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? "the body" : issue.path.join(".");
      throw this.#malformed(`${where}: ${issue?.message ?? "unexpected shape"}; expected {"data":[{"index":0,"embedding":[…]}]}`);
    }
    const data = parsed.data.data;
    if (data.length !== expected) throw this.#malformed(`asked for ${expected} vectors, got ${data.length}`);
    const vectors: number[][] = new Array(expected);
    for (const item of data) {
      if (item.index >= expected || vectors[item.index] !== undefined) {
        throw this.#malformed(`vector index ${item.index} is out of range or repeated for ${expected} inputs`);
      }
      vectors[item.index] = item.embedding;
    }
    const length = (vectors[0] as number[]).length;
    if (vectors.some((vector) => vector.length !== length)) throw this.#malformed("the vectors do not all have the same length");
    if (this.#dimensions === 0) this.#dimensions = length;
    else if (length !== this.#dimensions) {
      throw this.#malformed(
        `vectors have ${length} dimensions, but this embedder produces ${this.#dimensions}; check BULLSEYE_EMBEDDING_MODEL`,
      );
    }
    return vectors;
  }

  #malformed(reason: string): UpstreamError {
    return new UpstreamError(
      "embeddings_bad_response",
      `The embeddings endpoint ${this.endpoint} returned a response Bullseye cannot use: ${reason}. ` +
        `Check that OPENAI_BASE_URL points at an OpenAI-compatible API and BULLSEYE_EMBEDDING_MODEL is an embedding model.`,
      { details: { endpoint: this.endpoint, model: this.model } },
    );
  }

  #failureError(failure: AttemptFailure, inputs: number): UpstreamError {
    const attempts = this.#retry.maxRetries + 1;
    const details = { endpoint: this.endpoint, model: this.model, inputs };
    switch (failure.kind) {
      case "timeout":
        return new UpstreamError(
          "embeddings_timeout",
          `The embeddings endpoint ${this.endpoint} did not answer within ${this.#timeoutMs} ms (${attempts} attempts). ` +
            `Check that the server is up, or raise BULLSEYE_MODEL_TIMEOUT_MS.`,
          { details },
        );
      case "network":
        return new UpstreamError(
          "embeddings_unreachable",
          `Could not connect to the embeddings endpoint ${this.endpoint} (${attempts} attempts): ${describeNetworkError(failure.cause)}. ` +
            `Check OPENAI_BASE_URL and that the server is running.`,
          { details, cause: failure.cause },
        );
      case "status": {
        const { status, reason } = failure;
        const said = reason === "" ? "" : ` The server said: ${reason}`;
        if (status === 401 || status === 403) {
          return new UpstreamError(
            "embeddings_auth_failed",
            `HTTP ${status} from ${this.endpoint}: the embeddings endpoint rejected the API key; check OPENAI_API_KEY.${said}`,
            { details: { ...details, status } },
          );
        }
        if (status === 404) {
          return new UpstreamError(
            "embeddings_not_found",
            `HTTP 404 from ${this.endpoint}: the endpoint or the model "${this.model}" does not exist there; ` +
              `check OPENAI_BASE_URL (it should end in /v1) and BULLSEYE_EMBEDDING_MODEL.${said}`,
            { details: { ...details, status } },
          );
        }
        if (status === 429) {
          return new UpstreamError(
            "embeddings_rate_limited",
            `The embeddings endpoint ${this.endpoint} is still rate limiting after ${attempts} attempts (HTTP 429); ` +
              `wait a minute and try again, or raise BULLSEYE_MODEL_MAX_RETRIES.${said}`,
            { details: { ...details, status } },
          );
        }
        if (status >= 500) {
          return new UpstreamError(
            "embeddings_unavailable",
            `The embeddings endpoint ${this.endpoint} failed with HTTP ${status} on all ${attempts} attempts; ` +
              `the service is having trouble, try again later.${said}`,
            { details: { ...details, status } },
          );
        }
        return new UpstreamError(
          "embeddings_rejected",
          `The embeddings endpoint ${this.endpoint} refused the request with HTTP ${status}.${said} ` +
            `Check BULLSEYE_EMBEDDING_MODEL and that the server supports OpenAI's /embeddings API.`,
          { details: { ...details, status } },
        );
      }
    }
  }
}

/** A short reason for a failed connection ("ECONNREFUSED 127.0.0.1:9"), without stack traces. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici wraps the socket error in `cause`.
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code === undefined ? cause.message : `${code}: ${cause.message}`;
  }
  return error.message;
}
