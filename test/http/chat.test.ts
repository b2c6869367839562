import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { analyzeSentimentOutput } from "../../tools/analyze-sentiment/schema.ts";
import { forecastSalesOutputSchema } from "../../tools/forecast-sales/schema.ts";
import { recommendProductsOutputSchema } from "../../tools/recommend-products/schema.ts";
import { searchCatalogOutputSchema } from "../../tools/search-catalog/schema.ts";
import { segmentCustomersOutputSchema } from "../../tools/segment-customers/schema.ts";
import { AppError, UpstreamError } from "../../src/core/errors.ts";
import { ToolRegistry } from "../../src/core/tool.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { type AppDependencies, createApp } from "../../src/http/app.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import {
  FakeChatAgent,
  type TurnScript,
  demoTurn,
  forecastArtifact,
  recommendArtifact,
  searchArtifact,
  segmentArtifact,
  sentimentArtifact,
  textDeltas,
} from "../helpers/fake-agent.ts";
import { type TestServer, listen } from "../helpers/http.ts";

let store: DuckDbStore;
const running: TestServer[] = [];

beforeAll(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});
afterAll(async () => {
  await store.close();
});

async function serve(agent: FakeChatAgent | undefined, extra: Partial<AppDependencies> = {}): Promise<TestServer> {
  const app = createApp({
    config: { bodyLimit: "100kb" },
    services: testContext(store),
    tools: new ToolRegistry([]),
    logger: pino({ level: "silent" }),
    version: "1.0.0",
    auth: { mode: "loopback", requestsPerMinute: 1000 },
    newRequestId: () => "req-test",
    ...(agent === undefined ? {} : { agent }),
    ...extra,
  });
  const server = await listen(app);
  running.push(server);
  return server;
}

const chat = (server: TestServer, body: unknown, accept = "application/json", signal?: AbortSignal) =>
  server.request("/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

/** A parsed Server-Sent Event. */
interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Parses a complete SSE text: blocks separated by blank lines, comments skipped. */
function parseSse(text: string): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split("\n\n")) {
    if (block.trim() === "") continue;
    const lines = block.split("\n");
    if (lines.every((line) => line.startsWith(":"))) {
      comments.push(...lines);
      continue;
    }
    const event = lines.find((line) => line.startsWith("event: "))?.slice(7);
    const data = lines.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6));
    expect(lines.filter((line) => !line.startsWith(":"))).toHaveLength(2);
    expect(event).toBeDefined();
    events.push({ event: event ?? "", data: JSON.parse(data.join("\n")) as Record<string, unknown> });
  }
  return { events, comments };
}

describe("fake agent artifacts", () => {
  it("have the real tools' output shapes", () => {
    expect(forecastSalesOutputSchema.safeParse(forecastArtifact()).error).toBeUndefined();
    expect(segmentCustomersOutputSchema.safeParse(segmentArtifact()).error).toBeUndefined();
    expect(searchCatalogOutputSchema.safeParse(searchArtifact()).error).toBeUndefined();
    expect(analyzeSentimentOutput.safeParse(sentimentArtifact()).error).toBeUndefined();
    expect(recommendProductsOutputSchema.safeParse(recommendArtifact()).error).toBeUndefined();
  });
});

describe("POST /api/chat as JSON", () => {
  it("answers with the conversation id, answer, tool calls and artifacts, and passes the actor", async () => {
    const agent = new FakeChatAgent();
    const server = await serve(agent);
    const response = await chat(server, { message: "How will sales go, and who are our customers?" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body.conversationId).toBe("conv_1");
    expect(body.answer).toMatch(/^Let me look at the numbers\. Revenue is heading up/);
    expect(body.stepLimitReached).toBe(false);
    expect(body.toolCalls.map((call: { name: string; ok: boolean }) => [call.name, call.ok])).toEqual([
      ["forecast_sales", true],
      ["segment_customers", true],
      ["search_catalog", true],
      ["analyze_sentiment", true],
      ["recommend_products", false],
    ]);
    expect(body.toolCalls[0]).toMatchObject({ id: "call_1", args: { metric: "revenue", horizonDays: 28 }, summary: expect.stringContaining("Revenue forecast") });
    expect(body.toolCalls[4]).toMatchObject({ summary: expect.stringContaining("C999999"), error: { code: "unknown_customer" } });
    expect(body.artifacts.map((artifact: { tool: string }) => artifact.tool)).toEqual([
      "forecast_sales",
      "segment_customers",
      "search_catalog",
      "analyze_sentiment",
    ]);
    expect(body.artifacts[0].output.points).toHaveLength(28);
    expect(agent.turns[0]?.request).toEqual({ conversationId: undefined, message: "How will sales go, and who are our customers?", actor: "local" });
  });

  it("continues a conversation and serves it from GET /api/conversations/:id", async () => {
    const agent = new FakeChatAgent(() => textDeltas("Sure."));
    const server = await serve(agent);
    const first = await (await chat(server, { message: "Hello" })).json();
    const second = await (await chat(server, { conversationId: first.conversationId, message: "And again" })).json();
    expect(second.conversationId).toBe(first.conversationId);
    expect(agent.turns[1]?.request.conversationId).toBe(first.conversationId);
    const view = await server.request(`/api/conversations/${first.conversationId}`);
    expect(view.status).toBe(200);
    const conversation = await view.json();
    expect(conversation.messages.map((message: { role: string; content: string }) => `${message.role}: ${message.content}`)).toEqual([
      "user: Hello",
      "assistant: Sure.",
      "user: And again",
      "assistant: Sure.",
    ]);
  });

  it("answers 404 for an unknown conversation, before any turn starts, in both modes", async () => {
    const agent = new FakeChatAgent();
    const server = await serve(agent);
    for (const accept of ["application/json", "text/event-stream"]) {
      const response = await chat(server, { conversationId: "conv_nope", message: "Hi" }, accept);
      expect(response.status).toBe(404);
      expect((await response.json()).error).toMatchObject({ code: "conversation_not_found", requestId: "req-test" });
    }
    expect(agent.turns).toHaveLength(0);
    const view = await server.request("/api/conversations/conv_nope");
    expect(view.status).toBe(404);
  });

  it("rejects bad bodies with 400 naming the field", async () => {
    const server = await serve(new FakeChatAgent());
    const cases: Array<[unknown, string]> = [
      [{}, "message"],
      [{ message: "   " }, "message"],
      [{ message: "x".repeat(4001) }, "message"],
      [{ message: "hi", conversationId: "../../etc" }, "conversationId"],
      [{ message: "hi", extra: true }, ""],
    ];
    for (const [body, field] of cases) {
      const response = await chat(server, body);
      expect(response.status).toBe(400);
      const error = (await response.json()).error;
      expect(error.code).toBe("invalid_input");
      expect(error.details.issues.map((issue: { path: string }) => issue.path)).toContain(field);
    }
    expect((await chat(server, { message: "x".repeat(4000) })).status).toBe(200);
    const huge = await chat(server, { message: "x".repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("body_too_large");
  });

  it("maps an error during the turn to its status", async () => {
    const server = await serve(
      new FakeChatAgent(() => [...textDeltas("Thinking"), { fail: new UpstreamError("model_timeout", "The chat model did not answer within 30 s; try again.") }]),
    );
    const response = await chat(server, { message: "Hi" });
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({ code: "model_timeout", category: "upstream" });
  });

  it("answers 503 with a clear message when no agent is configured", async () => {
    const server = await serve(undefined);
    const response = await chat(server, { message: "Hi" });
    expect(response.status).toBe(503);
    const error = (await response.json()).error;
    expect(error.code).toBe("agent_unavailable");
    expect(error.message).toContain("without a chat agent");
    expect((await server.request("/api/conversations/conv_1")).status).toBe(503);
  });
});

describe("POST /api/chat as Server-Sent Events", () => {
  it("streams every event in order, named by type with the JSON object as data, ending with done", async () => {
    const server = await serve(new FakeChatAgent());
    const response = await chat(server, { message: "How will sales go?" }, "text/event-stream");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-cache");
    const { events } = parseSse(await response.text());
    for (const { event, data } of events) expect(data.type).toBe(event);
    const names = events.map((event) => event.event);
    const expected = demoTurn().flatMap((step) => ("type" in step ? [step.type] : []));
    expect(names).toEqual([...expected, "done"]);
    expect(names.filter((name) => name !== "text-delta")).toEqual([
      ...["tool-call", "tool-result"],
      ...["tool-call", "tool-result"],
      ...["tool-call", "tool-result"],
      ...["tool-call", "tool-result"],
      ...["tool-call", "tool-error"],
      "done",
    ]);
    expect(names[0]).toBe("text-delta");
    const done = events.at(-1)?.data;
    expect(done).toMatchObject({ conversationId: "conv_1", stepLimitReached: false });
    const text = events.filter((event) => event.event === "text-delta").map((event) => event.data.text).join("");
    expect(done?.answer).toBe(text);
    const result = events.find((event) => event.event === "tool-result")?.data;
    expect(result).toMatchObject({ id: "call_1", name: "forecast_sales", timingMs: 71.2 });
  });

  it("sends an error event with the client-safe body, then ends, when the turn fails mid-stream", async () => {
    const server = await serve(
      new FakeChatAgent(() => [
        ...textDeltas("Looking "),
        { type: "tool-call", id: "c1", name: "forecast_sales", args: {} },
        { fail: new AppError("model_unavailable", "upstream", "The chat model at http://127.0.0.1:11434/v1 is not reachable; start it and retry.") },
        ...textDeltas("never sent"),
      ]),
    );
    const response = await chat(server, { message: "Hi" }, "text/event-stream");
    expect(response.status).toBe(200);
    const { events } = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual(["text-delta", "tool-call", "error"]);
    expect(events[2]?.data).toEqual({
      type: "error",
      error: {
        code: "model_unavailable",
        category: "upstream",
        message: "The chat model at http://127.0.0.1:11434/v1 is not reachable; start it and retry.",
        requestId: "req-test",
      },
    });
  });

  it("hides the details of an unexpected error", async () => {
    const secretFailure = new TypeError("Cannot read properties of undefined (reading 'x') at /srv/app/secret.ts:12");
    const server = await serve(new FakeChatAgent(() => [{ fail: secretFailure as unknown as AppError }]));
    const text = await (await chat(server, { message: "Hi" }, "text/event-stream")).text();
    const { events } = parseSse(text);
    expect(events.map((event) => event.event)).toEqual(["error"]);
    expect(events[0]?.data.error).toMatchObject({ code: "internal_error", category: "internal" });
    expect(text).not.toContain("secret.ts");
  });

  it("sends heartbeat comments while the agent is quiet", async () => {
    const script: TurnScript = () => [...textDeltas("Hold on. "), { wait: 400 }, ...textDeltas("Done.")];
    const server = await serve(new FakeChatAgent(script), { sseHeartbeatMs: 40 });
    const { events, comments } = parseSse(await (await chat(server, { message: "Hi" }, "text/event-stream")).text());
    expect(comments.length).toBeGreaterThanOrEqual(2);
    expect(comments.every((comment) => comment === ": heartbeat")).toBe(true);
    expect(events.at(-1)?.data.answer).toBe("Hold on. Done.");
  });

  it("aborts the turn when the client disconnects", async () => {
    const agent = new FakeChatAgent(() => [...textDeltas("Working on it "), { waitForAbort: true }, ...textDeltas("too late")]);
    const server = await serve(agent);
    const controller = new AbortController();
    const response = await chat(server, { message: "Hi" }, "text/event-stream", controller.signal);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain("event: text-delta");
    controller.abort();
    await expect.poll(() => agent.turns[0]?.finished, { timeout: 2000 }).toBe(true);
    expect(agent.turns[0]?.aborted).toBe(true);
  });

  it("aborts a JSON turn when the client disconnects too", async () => {
    const agent = new FakeChatAgent(() => [{ waitForAbort: true }]);
    const server = await serve(agent);
    const controller = new AbortController();
    const pending = chat(server, { message: "Hi" }, "application/json", controller.signal).catch((error: unknown) => error);
    await expect.poll(() => agent.turns.length, { timeout: 2000 }).toBe(1);
    controller.abort();
    await pending;
    await expect.poll(() => agent.turns[0]?.finished, { timeout: 2000 }).toBe(true);
    expect(agent.turns[0]?.aborted).toBe(true);
  });
});
