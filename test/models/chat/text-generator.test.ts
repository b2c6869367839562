import { FakeListChatModel } from "@langchain/core/utils/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../../src/core/errors.ts";
import { createOpenAiChatModel } from "../../../src/models/chat/openai.ts";
import { chatModelTextGenerator, textOfContent } from "../../../src/models/chat/text-generator.ts";
import { FakeOpenAiServer, reply } from "../../fakes/openai-server.ts";

let server: FakeOpenAiServer;

beforeEach(async () => {
  server = await FakeOpenAiServer.start();
});

afterEach(async () => {
  await server.close();
});

function generator(settings: { timeoutMs?: number; maxRetries?: number } = {}) {
  const model = createOpenAiChatModel(
    { baseUrl: server.baseUrl, apiKey: "sk-test-0123456789", model: "fake-gpt", timeoutMs: settings.timeoutMs ?? 2_000, maxRetries: settings.maxRetries ?? 0 },
    { retryBaseDelayMs: 10 },
  );
  return chatModelTextGenerator(model, { id: "openai:fake-gpt", external: true });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("chatModelTextGenerator", () => {
  it("sends the system and user text as two messages and returns the reply text", async () => {
    server.script(reply.text('{"text": "Hello"}'));
    const writer = generator();
    expect(writer.id).toBe("openai:fake-gpt");
    expect(writer.external).toBe(true);
    const text = await writer.generate({ system: "You write copy.", prompt: "Write an SMS." });
    expect(text).toBe('{"text": "Hello"}');
    expect(server.chatRequests[0]?.messages).toEqual([
      { role: "system", content: "You write copy." },
      { role: "user", content: "Write an SMS." },
    ]);
  });

  it("maps an HTTP failure to the model's UpstreamError, naming what to fix", async () => {
    server.script(reply.error(401, "Incorrect API key provided"));
    const error = await rejection(generator().generate({ system: "s", prompt: "p" }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("model_auth_failed");
    expect((error as UpstreamError).message).toMatch(/OPENAI_API_KEY/);
  });

  it("maps a 500 after retries to model_unavailable", async () => {
    server.script(reply.error(500, "boom"), reply.error(500, "boom again"));
    const error = await rejection(generator({ maxRetries: 1 }).generate({ system: "s", prompt: "p" }));
    expect((error as UpstreamError).code).toBe("model_unavailable");
    expect(server.chatRequests).toHaveLength(2);
  });

  it("turns an empty reply into model_empty_reply", async () => {
    server.script(reply.text("   "));
    const error = await rejection(generator().generate({ system: "s", prompt: "p" }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("model_empty_reply");
  });

  it("lets the caller's cancellation through as an abort, not an upstream failure", async () => {
    server.script(reply.hang());
    const controller = new AbortController();
    const pending = generator({ timeoutMs: 5_000 }).generate({ system: "s", prompt: "p", signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(pending);
    expect(error).not.toBeInstanceOf(UpstreamError);
    expect(`${(error as Error).name} ${(error as Error).message}`).toMatch(/abort/i);
  });

  it("wraps failures of a model without toUpstreamError as model_failed", async () => {
    const model = new FakeListChatModel({ responses: ["unused"] });
    model.invoke = () => Promise.reject(new Error("socket closed"));
    const writer = chatModelTextGenerator(model, { id: "local:fake", external: false });
    const error = await rejection(writer.generate({ system: "s", prompt: "p" }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe("model_failed");
    expect((error as UpstreamError).message).toContain("local:fake");
    expect((error as UpstreamError).message).toContain("socket closed");
  });

  it("works with any LangChain chat model", async () => {
    const writer = chatModelTextGenerator(new FakeListChatModel({ responses: ["first", "second"] }), { id: "fake", external: false });
    expect(await writer.generate({ system: "s", prompt: "p" })).toBe("first");
    expect(await writer.generate({ system: "s", prompt: "p" })).toBe("second");
  });
});

describe("textOfContent", () => {
  it("joins the text parts of structured content and skips the rest", () => {
    expect(textOfContent("plain")).toBe("plain");
    expect(
      textOfContent([
        { type: "text", text: "Hello " },
        { type: "image_url", image_url: "https://example.com/x.png" },
        { type: "text", text: "there" },
      ]),
    ).toBe("Hello there");
  });
});
