import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ToolContext, runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { createOpenAiChatModel } from "../../../src/models/chat/openai.ts";
import { chatModelTextGenerator } from "../../../src/models/chat/text-generator.ts";
import { analyzeSentimentTool } from "../../../tools/analyze-sentiment/index.ts";
import type { TextsOutput } from "../../../tools/analyze-sentiment/schema.ts";
import { FakeOpenAiServer, reply } from "../../fakes/openai-server.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";

let server: FakeOpenAiServer;
let store: DuckDbStore;
let context: ToolContext;

beforeEach(async () => {
  server = await FakeOpenAiServer.start();
  store = await memoryStore();
  const model = createOpenAiChatModel(
    { baseUrl: server.baseUrl, apiKey: undefined, model: "fake-gpt", timeoutMs: 2_000, maxRetries: 0 },
    { retryBaseDelayMs: 10 },
  );
  context = { ...testContext(store), writer: chatModelTextGenerator(model, { id: "openai:fake-gpt", external: false }) };
});

afterEach(async () => {
  await Promise.all([server.close(), store.close()]);
});

describe("analyze_sentiment llm scorer through the OpenAI-compatible client", () => {
  it("sends the rating prompts as system and user messages, retries prose, and uses the JSON reply", async () => {
    server.script(
      reply.text("Sure! Text 1 is positive and text 2 is negative."),
      reply.text('```json\n[{"index": 1, "score": 0.8, "label": "positive", "aspects": []}, {"index": 2, "score": -0.9, "label": "negative", "aspects": [{"aspect": "quality", "score": -0.9}]}]\n```'),
    );
    const output = (await runTool(
      analyzeSentimentTool,
      { texts: ["Lovely mug", "Cracked on day one"], scorer: "llm" },
      context,
    )) as TextsOutput;

    expect(server.pending).toBe(0);
    const [first, second] = server.chatRequests;
    expect(first?.messages?.map((message) => message.role)).toEqual(["system", "user"]);
    expect(String(first?.messages?.[1]?.content)).toContain('<data source="text_2">\nCracked on day one\n</data>');
    expect(String(second?.messages?.[1]?.content)).toContain("The reply was not valid JSON.");
    expect(output).toMatchObject({ scorer: "llm", model: "openai:fake-gpt", modelCalls: 2, fallbacks: 0 });
    expect(output.results.map((result) => [result.score, result.label])).toEqual([
      [0.8, "positive"],
      [-0.9, "negative"],
    ]);
    expect(output.aspects[0]).toMatchObject({ aspect: "quality", negative: 1, examples: { negative: ["Cracked on day one"] } });
  });

  it("passes a model that stays down on as its upstream error, with the lexicon as the way out", async () => {
    server.script(reply.error(503, "The server is overloaded."));
    const error = await runTool(analyzeSentimentTool, { texts: ["fine"], scorer: "llm" }, context).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ category: "upstream" });
    expect((error as Error).message).toMatch(/use scorer "lexicon" \(offline\)\.$/);
  });
});
