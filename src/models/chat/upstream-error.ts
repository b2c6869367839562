/**
 * Turns whatever a chat model call threw (OpenAI SDK errors, LangChain's wrappers of
 * them, fetch failures, our `ModelTimeoutError`) into one `UpstreamError` whose message
 * says what to check, naming the environment variable to fix. The API key never
 * appears in the message, the details or the kept cause, even when a server echoes it.
 */
import { UpstreamError } from "../../core/errors.ts";
import { ModelTimeoutError } from "./model-fetch.ts";

/** What the messages need to know about the endpoint that failed. */
export interface ChatEndpoint {
  baseUrl: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Only used to scrub the key out of server replies; never shown. */
  apiKey?: string | undefined;
}

/** Error codes of chat model failures; stable, part of the API. */
export type ChatModelErrorCode =
  | "model_auth_failed"
  | "model_not_found"
  | "model_timeout"
  | "model_unavailable"
  | "model_unreachable"
  | "model_context_overflow"
  | "model_rejected_request"
  | "model_failed";

const REDACTED = "[redacted]";

/** `text` with every occurrence of `secret` replaced; short or absent secrets leave it unchanged. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < 4) return text;
  return text.split(secret).join(REDACTED);
}

function retriesDone(maxRetries: number): string {
  if (maxRetries === 0) return "and retries are off (BULLSEYE_MODEL_MAX_RETRIES=0)";
  return `after ${maxRetries} ${maxRetries === 1 ? "retry" : "retries"}`;
}

/** The error and its `cause` chain, outermost first (bounded: causes can be cyclic). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = typeof current === "object" && "cause" in current ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

function httpStatus(chain: readonly unknown[]): number | undefined {
  for (const link of chain) {
    const status = field(link, "status") ?? field(field(link, "response"), "status");
    if (typeof status === "number" && status >= 400) return status;
  }
  return undefined;
}

/** The server's own explanation: OpenAI-style `{error: {message}}`, else the error message. */
function serverReason(error: unknown): string {
  const body = field(error, "error");
  const message = typeof body === "string" ? body : field(body, "message");
  const text = typeof message === "string" ? message : field(error, "message");
  return typeof text === "string" ? text.trim().slice(0, 300) : "";
}

function isTimeout(chain: readonly unknown[]): boolean {
  return chain.some((link) => {
    if (link instanceof ModelTimeoutError) return true;
    const name = field(link, "name");
    // LangChain renames the SDK's APIConnectionTimeoutError to "TimeoutError"; the SDK's own class name survives otherwise.
    const className = typeof link === "object" && link !== null ? link.constructor.name : "";
    return name === "TimeoutError" || className === "APIConnectionTimeoutError";
  });
}

/** A socket-level error code such as ECONNREFUSED or ENOTFOUND, when the failure was one. */
function connectionCode(chain: readonly unknown[]): string | undefined {
  for (const link of chain) {
    const code = field(link, "code");
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
  }
  const isConnectionError = chain.some((link) => {
    const className = typeof link === "object" && link !== null ? link.constructor.name : "";
    return className === "APIConnectionError" || (link instanceof TypeError && link.message === "fetch failed");
  });
  return isConnectionError ? "connection failed" : undefined;
}

/** The original error for logs, or a scrubbed copy when anything in it mentions the key. */
function safeCause(error: unknown, secret: string | undefined): unknown {
  if (secret === undefined || secret.length < 4) return error;
  const mentionsSecret = causeChain(error).some((link) => {
    const text = [field(link, "message"), field(link, "stack"), JSON.stringify(field(link, "error") ?? null)].join("\n");
    return text.includes(secret);
  });
  if (!mentionsSecret) return error;
  const scrubbed = new Error(redactSecret(String(field(error, "message") ?? error), secret));
  scrubbed.name = String(field(error, "name") ?? "Error");
  return scrubbed;
}

/**
 * Maps a failed chat model call to an `UpstreamError` with a message fit for the person
 * who configured the model. Already-mapped errors are returned unchanged.
 */
export function toUpstreamError(error: unknown, endpoint: ChatEndpoint): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const chain = causeChain(error);
  const status = httpStatus(chain);
  const reason = redactSecret(serverReason(error), endpoint.apiKey);
  const said = reason === "" ? "" : ` The server said: ${reason}`;
  const details: Record<string, unknown> = { baseUrl: endpoint.baseUrl, model: endpoint.model };
  const make = (code: ChatModelErrorCode, message: string, extra: Record<string, unknown> = {}): UpstreamError =>
    new UpstreamError(code, redactSecret(message, endpoint.apiKey), {
      details: { ...details, ...extra },
      cause: safeCause(error, endpoint.apiKey),
    });
  const name = field(error, "name");

  if (isTimeout(chain)) {
    return make(
      "model_timeout",
      `The model did not answer within ${endpoint.timeoutMs} ms (BULLSEYE_MODEL_TIMEOUT_MS). ` +
        `Check that the model server at ${endpoint.baseUrl} is running and not overloaded, or raise the timeout.`,
      { timeoutMs: endpoint.timeoutMs },
    );
  }
  if (name === "ContextOverflowError" || /context_length_exceeded|maximum context length/i.test(reason)) {
    return make(
      "model_context_overflow",
      `The conversation is too long for model "${endpoint.model}"; start a new conversation or use a model with a larger context window.${said}`,
      status === undefined ? {} : { status },
    );
  }
  if (status === 401 || status === 403) {
    return make(
      "model_auth_failed",
      `The model endpoint rejected the API key (HTTP ${status}); check OPENAI_API_KEY.${said}`,
      { status },
    );
  }
  if (status === 404) {
    return make(
      "model_not_found",
      `Model "${endpoint.model}" not found at ${endpoint.baseUrl} (HTTP 404); check BULLSEYE_MODEL, and that OPENAI_BASE_URL ends in /v1.${said}`,
      { status },
    );
  }
  if (status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500)) {
    return make(
      "model_unavailable",
      `The model service is unavailable (HTTP ${status}) ${retriesDone(endpoint.maxRetries)}; try again later.${said}`,
      { status, retries: endpoint.maxRetries },
    );
  }
  if (status !== undefined) {
    return make(
      "model_rejected_request",
      `The model endpoint refused the request (HTTP ${status}); check that ${endpoint.baseUrl} is an OpenAI-compatible ` +
        `/v1/chat/completions API and that model "${endpoint.model}" supports chat and tool calls.${said}`,
      { status },
    );
  }
  const connection = connectionCode(chain);
  if (connection !== undefined) {
    return make(
      "model_unreachable",
      `Cannot reach ${endpoint.baseUrl} (${connection}); check OPENAI_BASE_URL and that the model server is running.`,
      { connection },
    );
  }
  return make(
    "model_failed",
    `The model call to ${endpoint.baseUrl} failed: ${reason === "" ? "no reason given" : reason}. ` +
      `Check the model server's logs; if it keeps failing, unset BULLSEYE_MODEL to use the builtin planner.`,
  );
}
