/**
 * The builtin chat model end to end: LangChain's createAgent running it over the real
 * tools on a small demo store, streaming, bindTools, and answers that quote only numbers
 * the tools reported.
 */
import { AIMessageChunk, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { createAgent } from "langchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolContext } from "../../../src/core/tool.ts";
import { loadDemo } from "../../../src/data/demo/index.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { BuiltinChatModel, textChunks } from "../../../src/models/builtin/index.ts";
import { LocalEmbedder } from "../../../src/models/embeddings/local-embedder.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";
import { TODAY, TOOLS, inventedNumbers, langChainTools, runTurn } from "./helpers.ts";

let store: DuckDbStore;
let context: ToolContext;
const model = new BuiltinChatModel({ tools: TOOLS, today: () => TODAY });

beforeAll(async () => {
  store = await memoryStore();
  await loadDemo(store, { seed: 42, scale: 0.1 });
  context = { ...testContext(store), embedder: new LocalEmbedder() };
});

afterAll(async () => {
  await store?.close();
});

function toolCallNames(messages: readonly BaseMessage[]): string[] {
  return messages.flatMap((message) => (message.type === "ai" ? ((message as { tool_calls?: Array<{ name: string }> }).tool_calls ?? []).map((call) => call.name) : []));
}

describe("BuiltinChatModel with createAgent", () => {
  it("runs a compound request through the real tools and answers from their results", async () => {
    const agent = createAgent({ model, tools: langChainTools(TOOLS, context) });
    const request = "Find lapsed customers and send them an SMS featuring products they'd love";
    const planned = await model.plannedTools([new HumanMessage(request)]);
    const result = await agent.invoke({ messages: [new HumanMessage(request)] });
    const called = toolCallNames(result.messages);
    expect(called).toEqual(["segment_customers", "recommend_products", "draft_campaign_copy"]);
    expect(called).toEqual(planned);
    const toolMessages = result.messages.filter((message): message is ToolMessage => message.type === "tool");
    for (const message of toolMessages) expect(JSON.parse(String(message.content))).toMatchObject({ ok: true });
    const answer = result.messages.at(-1)!.text;
    expect(answer).toContain("**SMS draft**");
    expect(answer).toMatch(/segment \d/);
    expect(inventedNumbers(answer, [...toolMessages.map((message) => String(message.content)), request])).toEqual([]);
  }, 60_000);

  it("continues a conversation: a follow-up redrafts the previous draft", async () => {
    const agent = createAgent({ model, tools: langChainTools(TOOLS, context) });
    const first = await agent.invoke({ messages: [new HumanMessage("Write an email about our new candle collection")] });
    const second = await agent.invoke({ messages: [...first.messages, new HumanMessage("now make it more playful")] });
    const added = second.messages.slice(first.messages.length);
    const calls = added.flatMap((message) => (message.type === "ai" ? ((message as { tool_calls?: Array<{ name: string; args: Record<string, unknown> }> }).tool_calls ?? []) : []));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ name: "draft_campaign_copy", args: { channel: "email", tone: "playful" } });
    expect(added.at(-1)!.text).toContain("change you asked for (tone)");
  }, 60_000);

  it("asks a clarifying question without calling a tool", async () => {
    const agent = createAgent({ model, tools: langChainTools(TOOLS, context) });
    const result = await agent.invoke({ messages: [new HumanMessage("Put together some campaign copy for Easter")] });
    expect(toolCallNames(result.messages)).toEqual([]);
    expect(result.messages.at(-1)!.text).toMatch(/Which channel/);
  });

  it("streams the final answer as several text chunks", async () => {
    const agent = createAgent({ model, tools: langChainTools(TOOLS, context) });
    const pieces: string[] = [];
    const stream = await agent.stream({ messages: [new HumanMessage("Good afternoon")] }, { streamMode: "messages" });
    for await (const [chunk] of stream) {
      if (chunk.type === "ai" && typeof chunk.content === "string" && chunk.content !== "") pieces.push(chunk.content);
    }
    expect(pieces.length).toBeGreaterThan(5);
    const whole = (await model.invoke([new HumanMessage("Good afternoon")])).text;
    expect(pieces.join("")).toBe(whole);
  });

  it("streams a tool-using turn: the call runs and the answer arrives in pieces", async () => {
    const agent = createAgent({ model, tools: langChainTools(TOOLS, context) });
    const pieces: string[] = [];
    const toolResults: string[] = [];
    const stream = await agent.stream({ messages: [new HumanMessage("Forecast units for the next 10 days")] }, { streamMode: "messages" });
    for await (const [chunk] of stream) {
      if (chunk.type === "tool") toolResults.push(String(chunk.content));
      else if (chunk.type === "ai" && typeof chunk.content === "string" && chunk.content !== "") pieces.push(chunk.content);
    }
    expect(toolResults).toHaveLength(1);
    expect(JSON.parse(toolResults[0]!)).toMatchObject({ tool: "forecast_sales", ok: true });
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join("")).toContain("Units forecast");
  });

  it("works with only some tools bound, and binds without a `tools` property createAgent would reject", async () => {
    expect("tools" in model).toBe(false);
    const forecastOnly = TOOLS.filter((tool) => tool.name === "forecast_sales");
    const agent = createAgent({ model, tools: langChainTools(forecastOnly, context) });
    const result = await agent.invoke({ messages: [new HumanMessage("What revenue should we expect over the next 3 weeks, and which products match 'picnic'?")] });
    expect(toolCallNames(result.messages)).toEqual(["forecast_sales"]);
    expect(model.bindTools(langChainTools(forecastOnly, context)).toolNames).toEqual(["forecast_sales"]);
  });
});

describe("streaming from the model", () => {
  it("yields word groups that add up to the answer", async () => {
    const chunks: string[] = [];
    for await (const chunk of await model.stream([new HumanMessage("what can you do?")])) chunks.push(chunk.text);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((chunk) => chunk.trim().split(/\s+/).length <= 4)).toBe(true);
    expect(chunks.join("")).toBe((await model.invoke([new HumanMessage("what can you do?")])).text);
  });

  it("streams a tool call as one chunk whose aggregate carries the call", async () => {
    let aggregate: AIMessageChunk | undefined;
    for await (const chunk of await model.stream([new HumanMessage("Forecast units for the next 10 days")])) aggregate = aggregate === undefined ? chunk : aggregate.concat(chunk);
    expect(aggregate?.tool_calls).toEqual([expect.objectContaining({ name: "forecast_sales", args: { metric: "units", horizonDays: 10 } })]);
  });

  it("splits text without losing characters", () => {
    const text = "A table:\n\n| a | b |\n| 1 | 2 |\n\nDone.  ";
    expect(textChunks(text).join("")).toBe(text);
    expect(textChunks("")).toEqual([]);
  });
});

describe("today", () => {
  it("resolves relative dates against the `today` option, which may be async", async () => {
    const asOfStore = new BuiltinChatModel({ tools: TOOLS, today: async () => "2011-12-10" });
    const reply = await asOfStore.invoke([new HumanMessage("Summarise reviews from the last 30 days")]);
    expect(reply.tool_calls).toEqual([expect.objectContaining({ name: "analyze_sentiment", args: { from: "2011-11-10" } })]);
  });

  it("falls back to the system date when `today` fails", async () => {
    const failing = new BuiltinChatModel({
      tools: TOOLS,
      today: () => {
        throw new Error("no sales yet");
      },
    });
    expect(await failing.today()).toBe(new Date().toISOString().slice(0, 10));
    const reply = await failing.invoke([new HumanMessage("Summarise reviews from the last 30 days")]);
    expect(reply.tool_calls?.[0]?.name).toBe("analyze_sentiment");
  });
});

describe("the executed chain equals the announced plan", () => {
  it.each([
    ["Cross-sell suggestions for the wooden bird feeder", ["search_catalog", "recommend_products"]],
    ["How many orders should we expect in the next 5 weeks, and what do reviewers say about delivery?", ["forecast_sales", "analyze_sentiment"]],
    ["Show me our champions and draft a thank-you email for them", ["segment_customers", "draft_campaign_copy"]],
    ["Which gardening gloves do we have under £20?", ["search_catalog"]],
    ["Recommend 4 new products for customer C100005 and write them a push notification", ["recommend_products", "draft_campaign_copy"]],
  ])("%s", async (request, expected) => {
    const planned = await model.plannedTools([new HumanMessage(request)]);
    expect(planned).toEqual(expected);
    const run = await runTurn(model, [], request, context);
    expect(run.called.map((call) => call.name)).toEqual(planned);
  }, 60_000);
});

describe("answers quote only numbers from the tool output", () => {
  it.each([
    "Segment our customers into 3 groups",
    "What should we recommend to customer C100005?",
    "What do reviewers say about packaging?",
    "Forecast weekly revenue for the next 6 weeks",
    "Find scented candles under £15",
    "Write an SMS for our summer sale: 15% off with code SUMMER15",
  ])("%s", async (request) => {
    const run = await runTurn(model, [], request, context);
    expect(run.called.length).toBeGreaterThan(0);
    expect(run.answer.length).toBeGreaterThan(40);
    expect(inventedNumbers(run.answer, [...run.views, request])).toEqual([]);
  }, 60_000);

  it("the check catches a number that is not in the output", () => {
    expect(inventedNumbers("Revenue will be 12,345 and 18% higher", ['{"value":12345.2,"share":0.18}'])).toEqual([]);
    expect(inventedNumbers("Revenue will be 12,346", ['{"value":12345.2}'])).toEqual(["12,346"]);
  });
});
