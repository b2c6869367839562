/**
 * End to end through the OpenAI-compatible path: `createApp` with the real chat agent over
 * the real OpenAI client (`createOpenAiChatModel`), pointed at the fake OpenAI-compatible
 * server, and the real tools on a small demo store. The fake scripts the model's replies
 * (a segment_customers call, then streamed text) and records what it was sent.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createChatAgent } from "../../src/agent/chat-agent.ts";
import type { ConversationView } from "../../src/agent/types.ts";
import { loadConfig } from "../../src/core/config.ts";
import { modelViewOfResult } from "../../src/core/model-view.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { ToolServices } from "../../src/core/tool.ts";
import { loadDemo } from "../../src/data/demo/index.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createToolServices } from "../../src/main.ts";
import { createOpenAiChatModel } from "../../src/models/chat/openai.ts";
import { createToolRegistry } from "../../tools/index.ts";
import { type ChatRequestBody, FakeOpenAiServer, reply } from "../fakes/openai-server.ts";
import { memoryStore } from "../helpers/context.ts";
import { type TestServer, listen } from "../helpers/http.ts";
import { appOver, eventShape, parseSse, postChat, streamedText } from "./helpers.ts";

let store: DuckDbStore;
let services: ToolServices;
let fake: FakeOpenAiServer;
let server: TestServer | undefined;

beforeAll(async () => {
  store = await memoryStore();
  await loadDemo(store, { seed: 42, scale: 0.05 });
  services = createToolServices(loadConfig({ databasePath: ":memory:", demo: false, logLevel: "silent" }, {}), store);
});
afterAll(async () => {
  await store?.close();
});
beforeEach(async () => {
  fake = await FakeOpenAiServer.start();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await fake.close();
});

/** The app with the real agent over the real OpenAI client, pointed at the fake server. */
async function serve(privacy: { external: boolean; redactPii: boolean }): Promise<TestServer> {
  const tools = createToolRegistry();
  const model = createOpenAiChatModel(
    { baseUrl: fake.baseUrl, apiKey: undefined, model: "fake-gpt", timeoutMs: 5_000, maxRetries: 0 },
    { retryBaseDelayMs: 10, maxRetryDelayMs: 50 },
  );
  const agent = createChatAgent({ services, tools, model, modelId: "openai:fake-gpt", ...privacy, maxSteps: 6, logger: silentLogger });
  server = await listen(appOver({ services, tools, agent }));
  return server;
}

type SentMessage = NonNullable<ChatRequestBody["messages"]>[number];

function messagesOf(request: number): SentMessage[] {
  const messages = fake.chatRequests[request]?.messages;
  if (messages === undefined) throw new Error(`the fake model got no chat request ${request} (it got ${fake.chatRequests.length})`);
  return messages;
}

const contentText = (content: unknown): string =>
  typeof content === "string" ? content : Array.isArray(content) ? content.map((block: { text?: string }) => block.text ?? "").join("") : "";

describe("chat through the OpenAI-compatible client and the HTTP API", () => {
  it("streams a tool-using turn as SSE, stores it, and continues it as JSON with the history sent to the model", async () => {
    fake.script(
      reply.toolCalls({ id: "call_seg", name: "segment_customers", arguments: { k: 3 } }),
      reply.text(["Your customers fall ", "into three groups, ", "listed below."]),
      reply.text("The first group spends the most."),
    );
    const app = await serve({ external: false, redactPii: true });

    // Turn 1, streamed.
    const response = await postChat(app, { message: "Split our customers into 3 groups" }, "text/event-stream");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await response.text());
    expect(eventShape(events)).toEqual(["tool-call", "tool-result", "text-delta", "done"]);
    expect(events.filter((event) => event.event === "text-delta").map((event) => event.data.text)).toEqual([
      "Your customers fall ",
      "into three groups, ",
      "listed below.",
    ]);
    expect(events[0]?.data).toEqual({ type: "tool-call", id: "call_seg", name: "segment_customers", args: { k: 3 } });
    const result = events[1]!.data as { id: string; name: string; summary: string; timingMs: number; output: Record<string, unknown> & { summary: string } };
    expect(result).toMatchObject({ type: "tool-result", id: "call_seg", name: "segment_customers", timingMs: expect.any(Number) });
    const output = result.output as unknown as { segmentationId: string; k: number; customerCount: number; segments: Array<{ size: number }> };
    expect(output.k).toBe(3);
    expect(output.segments).toHaveLength(3);
    expect(output.segments.reduce((sum, segment) => sum + segment.size, 0)).toBe(output.customerCount);
    expect(result.summary).toContain(`Segmented ${output.customerCount} customers`);
    // The tool really ran against the store: its assignments are stored under the segmentation id.
    const [stored] = await store.query<{ customers: number }>("SELECT count(*)::INTEGER AS customers FROM segment_assignments WHERE segmentation_id = $1", [
      output.segmentationId,
    ]);
    expect(stored?.customers).toBe(output.customerCount);

    const done = events.at(-1)!.data as {
      conversationId: string;
      answer: string;
      toolCalls: unknown[];
      artifacts: unknown[];
      stepLimitReached: boolean;
    };
    expect(done.answer).toBe("Your customers fall into three groups, listed below.");
    expect(done.answer).toBe(streamedText(events));
    expect(done.stepLimitReached).toBe(false);
    expect(done.toolCalls).toEqual([
      { id: "call_seg", name: "segment_customers", args: { k: 3 }, ok: true, summary: result.summary, timingMs: result.timingMs },
    ]);
    expect(done.artifacts).toEqual([{ toolCallId: "call_seg", tool: "segment_customers", output: result.output }]);

    // What the model was sent: the request, then the tool's model view (not the whole artifact).
    expect(fake.chatRequests).toHaveLength(2);
    expect(fake.chatRequests[0]?.tools?.map((tool) => tool.function.name)).toEqual(createToolRegistry().list().map((tool) => tool.name));
    expect(messagesOf(0).map((message) => message.role)).toEqual(["system", "user"]);
    expect(contentText(messagesOf(0)[1]?.content)).toBe("Split our customers into 3 groups");
    const second = messagesOf(1);
    expect(second.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool"]);
    expect(second[2]?.tool_calls).toEqual([{ id: "call_seg", type: "function", function: { name: "segment_customers", arguments: JSON.stringify({ k: 3 }) } }]);
    const toolMessage = second[3]!;
    expect(toolMessage.tool_call_id).toBe("call_seg");
    expect(contentText(toolMessage.content)).toBe(modelViewOfResult("segment_customers", result.output));
    expect(JSON.parse(contentText(toolMessage.content))).toMatchObject({ tool: "segment_customers", ok: true, summary: result.summary });

    // The stored conversation, as GET /api/conversations/:id serves it.
    const view = (await (await app.request(`/api/conversations/${done.conversationId}`)).json()) as ConversationView;
    expect(view.conversationId).toBe(done.conversationId);
    expect(view.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(view.messages[0]?.content).toBe("Split our customers into 3 groups");
    expect(view.messages[1]?.toolCalls).toEqual([done.toolCalls[0]]);
    expect(view.messages[2]?.toolCalls).toEqual([{ ...(done.toolCalls[0] as object), output: result.output }]);
    expect(view.messages[2]?.content).toBe(contentText(toolMessage.content));
    expect(view.messages[3]?.content).toBe(done.answer);

    // Turn 2, as JSON, in the same conversation: the model gets the first turn as history.
    const next = await postChat(app, { conversationId: done.conversationId, message: "Which group spends the most?" });
    expect(next.status).toBe(200);
    expect(next.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await next.json()) as { conversationId: string; answer: string; toolCalls: unknown[] };
    expect(body).toMatchObject({ conversationId: done.conversationId, answer: "The first group spends the most.", toolCalls: [] });
    const third = messagesOf(2);
    expect(third.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);
    expect(contentText(third[1]?.content)).toBe("Split our customers into 3 groups");
    expect(third[2]?.tool_calls).toEqual(second[2]?.tool_calls);
    expect(third[3]).toMatchObject({ tool_call_id: "call_seg" });
    expect(contentText(third[3]?.content)).toBe(contentText(toolMessage.content));
    expect(contentText(third[4]?.content)).toBe(done.answer);
    expect(contentText(third[5]?.content)).toBe("Which group spends the most?");
    expect(fake.pending).toBe(0);

    const after = (await (await app.request(`/api/conversations/${done.conversationId}`)).json()) as ConversationView;
    expect(after.messages.map((message) => `${message.role}`)).toEqual(["user", "assistant", "tool", "assistant", "user", "assistant"]);
  });
});

describe("contact details and an external model", () => {
  /** A real demo customer's email and phone number, written into the user's messages. */
  async function demoContact(): Promise<{ email: string; phone: string }> {
    const [row] = await store.query<{ email: string; phone: string }>(
      "SELECT email, phone FROM customers WHERE email IS NOT NULL AND phone IS NOT NULL ORDER BY customer_id LIMIT 1",
    );
    if (row === undefined) throw new Error("the demo store has no customer with an email and a phone number");
    return row;
  }

  /** Two turns that mention the contact details (streamed, then JSON with history); every body the fake recorded, as text. */
  async function conversationMentioning(contact: { email: string; phone: string }, privacy: { external: boolean; redactPii: boolean }): Promise<string[]> {
    fake.script(
      reply.toolCalls({ id: "call_seg", name: "segment_customers", arguments: { k: 2 } }),
      reply.text(["I split the customers ", "into two groups."]),
      reply.text("Noted."),
    );
    const app = await serve(privacy);
    const first = await postChat(
      app,
      { message: `Our customer ${contact.email} (phone ${contact.phone}) complained. Split the customers into 2 groups.` },
      "text/event-stream",
    );
    const events = parseSse(await first.text());
    expect(eventShape(events)).toEqual(["tool-call", "tool-result", "text-delta", "done"]);
    const conversationId = String(events.at(-1)?.data.conversationId);
    const second = await postChat(app, { conversationId, message: `Also, ${contact.email} asked to be called back on ${contact.phone}.` });
    expect(second.status).toBe(200);
    expect(fake.chatRequests).toHaveLength(3);
    // The conversation keeps what the person typed; only what leaves for the model is redacted.
    const view = (await (await app.request(`/api/conversations/${conversationId}`)).json()) as ConversationView;
    expect(view.messages[0]?.content).toContain(contact.email);
    return fake.requests.map((request) => (typeof request.body === "string" ? request.body : JSON.stringify(request.body)));
  }

  it("never sends a customer's email or phone number to an external model when redaction is on", async () => {
    const contact = await demoContact();
    const bodies = await conversationMentioning(contact, { external: true, redactPii: true });
    const phoneDigits = contact.phone.replace(/\D/g, "");
    for (const body of bodies) {
      expect(body).not.toContain(contact.email);
      expect(body).not.toContain(contact.email.split("@")[0]);
      expect(body).not.toContain(contact.phone);
      // Also not as digits with other separators ("+447700900123", "7700-900-123").
      expect(body.replace(/(?<=\d)[\s.()-]+(?=\d)/g, "")).not.toContain(phoneDigits.slice(2));
    }
    // The messages did reach the model, with the details replaced: in both turns and in the history.
    expect(bodies[0]).toContain("Our customer [email] (phone [phone]) complained.");
    expect(bodies[2]).toContain("Our customer [email] (phone [phone]) complained.");
    expect(bodies[2]).toContain("Also, [email] asked to be called back on [phone].");
  });

  it("sends them as typed when redaction is off (so the check above can fail)", async () => {
    const contact = await demoContact();
    const bodies = await conversationMentioning(contact, { external: true, redactPii: false });
    expect(bodies[0]).toContain(contact.email);
    expect(bodies[0]).toContain(contact.phone);
    expect(bodies[2]).toContain(`Also, ${contact.email} asked to be called back on ${contact.phone}.`);
  });
});
