import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { describe, expect, it } from "vitest";
import { UpstreamError } from "../../../src/core/errors.ts";
import { ModelTimeoutError } from "../../../src/models/chat/model-fetch.ts";
import { type ChatEndpoint, redactSecret, toUpstreamError } from "../../../src/models/chat/upstream-error.ts";

const KEY = "sk-live-abcdef123456";
const endpoint: ChatEndpoint = { baseUrl: "http://127.0.0.1:11434/v1", model: "llama3.1", timeoutMs: 30_000, maxRetries: 2, apiKey: KEY };

function apiError(status: number, message: string): APIError {
  // The SDK passes the parsed body, OpenAI-shaped: {"error": {"message": …}}.
  return APIError.generate(status, { error: { message, type: "error", code: null, param: null } }, undefined, new Headers());
}

describe("toUpstreamError", () => {
  it.each([
    [401, "model_auth_failed", "The model endpoint rejected the API key (HTTP 401); check OPENAI_API_KEY."],
    [403, "model_auth_failed", "The model endpoint rejected the API key (HTTP 403); check OPENAI_API_KEY."],
    [404, "model_not_found", 'Model "llama3.1" not found at http://127.0.0.1:11434/v1 (HTTP 404); check BULLSEYE_MODEL'],
    [503, "model_unavailable", "The model service is unavailable (HTTP 503) after 2 retries; try again later."],
    [429, "model_unavailable", "The model service is unavailable (HTTP 429) after 2 retries; try again later."],
    [422, "model_rejected_request", "The model endpoint refused the request (HTTP 422)"],
  ])("maps HTTP %i to %s", (status, code, message) => {
    const error = toUpstreamError(apiError(status, "server says no"), endpoint);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.code).toBe(code);
    expect(error.category).toBe("upstream");
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.message).toContain("The server said: server says no");
    expect(error.details).toMatchObject({ baseUrl: endpoint.baseUrl, model: "llama3.1", status });
  });

  it("says retries are off rather than 'after 0 retries'", () => {
    const error = toUpstreamError(apiError(500, "boom"), { ...endpoint, maxRetries: 0 });
    expect(error.message).toMatch(/^The model service is unavailable \(HTTP 500\) and retries are off \(BULLSEYE_MODEL_MAX_RETRIES=0\)/);
  });

  it("maps every shape of timeout to model_timeout with the configured budget", () => {
    const renamed = Object.assign(new Error("Request timed out."), { name: "TimeoutError" });
    for (const error of [new ModelTimeoutError(30_000), new APIConnectionTimeoutError(), renamed, new APIConnectionError({ cause: new ModelTimeoutError(1) })]) {
      const mapped = toUpstreamError(error, endpoint);
      expect(mapped.code).toBe("model_timeout");
      expect(mapped.message).toMatch(/^The model did not answer within 30000 ms \(BULLSEYE_MODEL_TIMEOUT_MS\)/);
    }
  });

  it("names the socket error when the base URL cannot be reached", () => {
    const socket = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:11434"), { code: "ECONNREFUSED" });
    const error = toUpstreamError(new APIConnectionError({ cause: new TypeError("fetch failed", { cause: socket }) }), endpoint);
    expect(error.code).toBe("model_unreachable");
    expect(error.message).toBe(
      "Cannot reach http://127.0.0.1:11434/v1 (ECONNREFUSED); check OPENAI_BASE_URL and that the model server is running.",
    );
  });

  it("recognises a context overflow", () => {
    const error = toUpstreamError(apiError(400, "This model's maximum context length is 8192 tokens (context_length_exceeded)"), endpoint);
    expect(error.code).toBe("model_context_overflow");
    expect(error.message).toContain('too long for model "llama3.1"');
  });

  it("scrubs the key from the message, the details and the kept cause", () => {
    const error = toUpstreamError(apiError(401, `bad key ${KEY}`), endpoint);
    expect(error.message).toContain("bad key [redacted]");
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(String((error.cause as Error).message)).not.toContain(KEY);
    expect(String((error.cause as Error).stack)).not.toContain(KEY);
  });

  it("keeps the original cause when it does not mention the key, and returns UpstreamErrors unchanged", () => {
    const original = apiError(500, "boom");
    const mapped = toUpstreamError(original, endpoint);
    expect(mapped.cause).toBe(original);
    expect(toUpstreamError(mapped, endpoint)).toBe(mapped);
  });

  it("falls back to model_failed with the reason for anything else", () => {
    const error = toUpstreamError(new Error("stream ended early"), endpoint);
    expect(error.code).toBe("model_failed");
    expect(error.message).toContain("failed: stream ended early.");
  });
});

describe("redactSecret", () => {
  it("replaces every occurrence and leaves text alone without a usable secret", () => {
    expect(redactSecret(`a ${KEY} b ${KEY}`, KEY)).toBe("a [redacted] b [redacted]");
    expect(redactSecret("abc", undefined)).toBe("abc");
    expect(redactSecret("a b", "a")).toBe("a b");
  });
});
