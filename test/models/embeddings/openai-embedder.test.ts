import { Embeddings } from "@langchain/core/embeddings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, UpstreamError } from "../../../src/core/errors.ts";
import { OpenAiEmbedder, type OpenAiEmbedderOptions } from "../../../src/models/embeddings/openai-embedder.ts";
import { FakeEmbeddingsServer, embeddingsBody, fakeVector } from "./fake-embeddings-server.ts";

const API_KEY = "sk-test-secret-0123456789";

let server: FakeEmbeddingsServer;
let waits: number[];

beforeEach(async () => {
  server = await FakeEmbeddingsServer.start();
  waits = [];
});

afterEach(async () => {
  await server.close();
});

function embedder(options: Partial<OpenAiEmbedderOptions> = {}): OpenAiEmbedder {
  return new OpenAiEmbedder({
    baseUrl: server.baseUrl,
    apiKey: API_KEY,
    model: "fake-embed",
    timeoutMs: 2_000,
    maxRetries: 2,
    retryBaseDelayMs: 10,
    // Records the requested waits instead of sleeping, so retry tests are instant and exact.
    sleep: async (milliseconds) => {
      waits.push(milliseconds);
    },
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("OpenAiEmbedder against a fake OpenAI-compatible server", () => {
  it("is a LangChain Embeddings and names model and host in its id", () => {
    const instance = embedder();
    expect(instance).toBeInstanceOf(Embeddings);
    expect(instance.id).toBe(`openai:fake-embed@${new URL(server.baseUrl).host}`);
    expect(instance.dimensions).toBe(0);
    expect(embedder({ model: "text-embedding-3-small" }).dimensions).toBe(1536);
  });

  it("embeds in batches, in input order, sending model, input and the key as a Bearer token", async () => {
    server.script(
      (request) => ({ body: embeddingsBody(typeof request.body === "string" ? [] : (request.body.input ?? []), { shuffle: true }) }),
    );
    const texts = ["teapot", "mug", "cake stand"];
    const vectors = await embedder({ batchSize: 2 }).embedDocuments(texts);
    expect(vectors).toEqual(texts.map(fakeVector));
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect(first?.method).toBe("POST");
    expect(first?.path).toBe("/v1/embeddings");
    expect(first?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first?.body).toEqual({ model: "fake-embed", input: ["teapot", "mug"], encoding_format: "float" });
    expect(second?.body).toMatchObject({ input: ["cake stand"] });
  });

  it("embeds a query and learns the dimensions from the first response", async () => {
    const instance = embedder();
    expect(await instance.embedQuery("blue mug")).toEqual(fakeVector("blue mug"));
    expect(instance.dimensions).toBe(4);
  });

  it("sends no Authorization header when no key is configured (local servers)", async () => {
    await embedder({ apiKey: undefined }).embedQuery("mug");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("makes no request for an empty list", async () => {
    expect(await embedder().embedDocuments([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it("turns 401 into an auth error that names OPENAI_API_KEY, without retrying or leaking the key", async () => {
    server.script({ status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY.slice(0, 6)}…` } } });
    const error = await failure(embedder().embedQuery("mug"));
    expect(error.code).toBe("embeddings_auth_failed");
    expect(error.category).toBe("upstream");
    expect(error.message).toContain("the embeddings endpoint rejected the API key; check OPENAI_API_KEY");
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(1);
  });

  it("retries a 429 after the server's Retry-After, then succeeds", async () => {
    server.script({ status: 429, headers: { "retry-after": "3" }, body: { error: { message: "Rate limit reached" } } });
    const vector = await embedder().embedQuery("mug");
    expect(vector).toEqual(fakeVector("mug"));
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([3_000]);
  });

  it("prefers retry-after-ms and caps any wait at maxRetryDelayMs", async () => {
    server.script(
      { status: 429, headers: { "retry-after-ms": "250", "retry-after": "9" } },
      { status: 503, headers: { "retry-after": "3600" } },
    );
    await embedder({ maxRetryDelayMs: 5_000 }).embedQuery("mug");
    expect(waits).toEqual([250, 5_000]);
  });

  it("gives up on 500s when retries run out, with exponential backoff between attempts", async () => {
    server.script({ status: 500 }, { status: 502 }, { status: 500, body: { error: { message: "upstream model crashed" } } });
    const error = await failure(embedder({ maxRetries: 2 }).embedQuery("mug"));
    expect(error.code).toBe("embeddings_unavailable");
    expect(error.message).toContain("HTTP 500 on all 3 attempts");
    expect(error.message).toContain("upstream model crashed");
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([10, 20]);
  });

  it("says the response is not JSON", async () => {
    server.script({ body: "<html>Bad gateway</html>" });
    const error = await failure(embedder().embedQuery("mug"));
    expect(error.code).toBe("embeddings_bad_response");
    expect(error.message).toContain("the body is not JSON");
    expect(server.requests).toHaveLength(1);
  });

  it("says when the vector count does not match the inputs", async () => {
    server.script({ body: embeddingsBody(["only one"]) });
    const error = await failure(embedder().embedDocuments(["a", "b"]));
    expect(error.code).toBe("embeddings_bad_response");
    expect(error.message).toContain("asked for 2 vectors, got 1");
  });

  it("says which field of the response has the wrong shape", async () => {
    server.script({ body: { data: [{ index: 0, embedding: "not a vector" }] } });
    const error = await failure(embedder().embedQuery("mug"));
    expect(error.code).toBe("embeddings_bad_response");
    expect(error.message).toContain("data.0.embedding");
  });

  it("refuses vectors whose length changes between calls", async () => {
    const instance = embedder();
    await instance.embedQuery("mug");
    server.script({ body: { data: [{ index: 0, embedding: [1, 2, 3] }] } });
    const error = await failure(instance.embedQuery("teapot"));
    expect(error.message).toContain("vectors have 3 dimensions, but this embedder produces 4");
  });

  it("times out a hanging server on every attempt and says how long it waited", async () => {
    server.script({ hang: true }, { hang: true });
    const started = performance.now();
    const error = await failure(embedder({ timeoutMs: 150, maxRetries: 1 }).embedQuery("mug"));
    expect(error.code).toBe("embeddings_timeout");
    expect(error.message).toContain("did not answer within 150 ms (2 attempts)");
    expect(error.message).toContain("BULLSEYE_MODEL_TIMEOUT_MS");
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(server.requests).toHaveLength(2);
  });

  it("reports an unreachable endpoint after its retries", async () => {
    const baseUrl = server.baseUrl;
    await server.close();
    const error = await failure(embedder({ baseUrl, maxRetries: 1 }).embedQuery("mug"));
    expect(error.code).toBe("embeddings_unreachable");
    expect(error.message).toContain("Check OPENAI_BASE_URL");
    expect(waits).toEqual([10]);
    // Restart so afterEach can close something.
    server = await FakeEmbeddingsServer.start();
  });

  it("does not retry a 400 and passes the server's reason on", async () => {
    server.script({ status: 400, body: { error: { message: "model 'fake-embed' does not support embeddings" } } });
    const error = await failure(embedder().embedQuery("mug"));
    expect(error.code).toBe("embeddings_rejected");
    expect(error.message).toContain("does not support embeddings");
    expect(server.requests).toHaveLength(1);
  });

  it("keeps the key out of JSON.stringify", () => {
    const serialised = JSON.stringify(embedder());
    expect(serialised).not.toContain(API_KEY);
    expect(JSON.parse(serialised)).toMatchObject({ model: "fake-embed" });
  });

  it("produces AppErrors only", async () => {
    server.script({ status: 404, body: { error: { message: "Not found" } } });
    const error = await failure(embedder().embedQuery("mug"));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("embeddings_not_found");
    expect(error.message).toContain("BULLSEYE_EMBEDDING_MODEL");
  });
});
