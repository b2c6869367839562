import { AIMessage } from "@langchain/core/messages";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, NotFoundError, UpstreamError, ValidationError } from "../../src/core/errors.ts";
import { parseModelView } from "../../src/core/model-view.ts";
import { createChatAgent } from "../../src/agent/chat-agent.ts";
import type { AgentEvent } from "../../src/agent/types.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { ToolRegistry } from "../../src/core/tool.ts";
import { type ChatRequestBody, reply } from "../fakes/openai-server.ts";
import { ScriptedChatModel } from "./scripted-model.ts";
import { ANN, type AgentFixture, collect, doneOf, failureOf, recordingLogger, startAgentFixture } from "./agent-fixture.ts";

let fixture: AgentFixture;

beforeEach(async () => {
  fixture = await startAgentFixture();
});

afterEach(async () => {
  await fixture.close();
});

const textOf = (events: readonly AgentEvent[]) =>
  events.flatMap((event) => (event.type === "text-delta" ? [event.text] : [])).join("");

/** The messages of the n-th chat request, with string contents. */
function sent(index: number): NonNullable<ChatRequestBody["messages"]> {
  const body = fixture.server.chatRequests[index];
  if (body?.messages === undefined) throw new Error(`no chat request ${index}`);
  return body.messages;
}

const contentText = (content: unknown): string =>
  typeof content === "string" ? content : Array.isArray(content) ? content.map((block: { text?: string }) => block.text ?? "").join("") : "";

describe("a chat turn through the real OpenAI client", () => {
  it("runs a multi-step tool loop: two tool calls, then a streamed answer", async () => {
    fixture.server.script(
      reply.toolCalls({ id: "call_1", name: "count_customers", arguments: { country: "France" } }),
      reply.toolCalls({ id: "call_2", name: "count_customers", arguments: {} }),
      reply.text(["Two of your ", "three customers ", "live in France."]),
    );
    const events = await collect(fixture.make(), { message: "How many customers live in France, of how many?" });

    expect(events.map((event) => event.type)).toEqual([
      "tool-call",
      "tool-result",
      "tool-call",
      "tool-result",
      "text-delta",
      "text-delta",
      "text-delta",
      "done",
    ]);
    expect(events[0]).toEqual({ type: "tool-call", id: "call_1", name: "count_customers", args: { country: "France" } });
    expect(events[1]).toMatchObject({ type: "tool-result", id: "call_1", name: "count_customers", summary: "2 customers", output: { customers: 2 } });
    expect(events[3]).toMatchObject({ type: "tool-result", id: "call_2", summary: "3 customers" });
    const done = doneOf(events);
    expect(done.answer).toBe("Two of your three customers live in France.");
    expect(done.answer).toBe(textOf(events));
    expect(done.stepLimitReached).toBe(false);
    expect(done.toolCalls).toEqual([
      { id: "call_1", name: "count_customers", args: { country: "France" }, ok: true, summary: "2 customers", timingMs: expect.any(Number) },
      { id: "call_2", name: "count_customers", args: {}, ok: true, summary: "3 customers", timingMs: expect.any(Number) },
    ]);
    expect(done.artifacts).toEqual([
      { toolCallId: "call_1", tool: "count_customers", output: { summary: "2 customers", customers: 2 } },
      { toolCallId: "call_2", tool: "count_customers", output: { summary: "3 customers", customers: 3 } },
    ]);

    // What the model was sent: the system prompt, the tools with their schemas, and the tool views.
    const requests = fixture.server.chatRequests;
    expect(requests).toHaveLength(3);
    expect(requests.every((request) => request.stream === true)).toBe(true);
    const system = sent(0)[0];
    expect(system?.role).toBe("system");
    expect(contentText(system?.content)).toContain("You are Bullseye");
    expect(contentText(system?.content)).toContain("`count_customers`: Counts customers, optionally in one country.");
    expect(contentText(system?.content)).toContain("2026-11-01 (Sunday)");
    const countTool = requests[0]?.tools?.find((tool) => tool.function.name === "count_customers");
    expect(countTool?.function.parameters).toMatchObject({
      type: "object",
      properties: { country: { type: "string" }, limit: { type: "integer", default: 10 } },
    });
    // `limit` has a default, so the model may leave it out.
    expect((countTool?.function.parameters as { required?: string[] }).required ?? []).not.toContain("limit");
    const toolMessage = sent(1).at(-1);
    expect(toolMessage).toMatchObject({ role: "tool", tool_call_id: "call_1" });
    expect(parseModelView(contentText(toolMessage?.content))).toEqual({
      tool: "count_customers",
      ok: true,
      summary: "2 customers",
      data: { customers: 2 },
    });
    expect(sent(2).map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "tool"]);
  });

  it("streams text chunks as text-deltas, joining text written before a tool call as its own paragraph", async () => {
    fixture.server.script(
      { type: "tool-calls", text: "Let me count.", calls: [{ id: "call_1", name: "count_customers", arguments: {} }] },
      reply.text(["You have ", "3 ", "customers."]),
    );
    const events = await collect(fixture.make(), { message: "How many customers?" });
    const deltas = events.filter((event) => event.type === "text-delta").map((event) => event.text);
    expect(deltas).toEqual(["Let me count.", "\n\n", "You have ", "3 ", "customers."]);
    expect(events.findIndex((event) => event.type === "tool-call")).toBeGreaterThan(0);
    expect(doneOf(events).answer).toBe("Let me count.\n\nYou have 3 customers.");
  });

  it("returns tool failures to the model as fixable errors: world rules, bad input and unknown tools", async () => {
    fixture.server.script(
      reply.toolCalls(
        { id: "call_1", name: "count_customers", arguments: { country: "Narnia" } },
        { id: "call_2", name: "count_customers", arguments: { limit: 999 } },
        { id: "call_3", name: "__proto__", arguments: {} },
      ),
      reply.text("Nobody lives in Narnia."),
    );
    const events = await collect(fixture.make(), { message: "Customers in Narnia?" });
    // Tools run in parallel: their results stream as they finish, `done` lists them in call order.
    const errors = events.filter((event): event is Extract<AgentEvent, { type: "tool-error" }> => event.type === "tool-error");
    expect(errors.map((event) => [event.id, event.error.code, event.error.category]).sort()).toEqual([
      ["call_1", "unknown_country", "not-found"],
      ["call_2", "invalid_input", "user"],
      ["call_3", "unknown_tool", "not-found"],
    ]);
    const views = sent(1)
      .filter((message) => message.role === "tool")
      .sort((a, b) => String(a.tool_call_id).localeCompare(String(b.tool_call_id)))
      .map((message) => parseModelView(contentText(message.content)));
    expect(views).toEqual([
      { tool: "count_customers", ok: false, error: { code: "unknown_country", message: 'No customers in "Narnia".' } },
      { tool: "count_customers", ok: false, error: { code: "invalid_input", message: expect.stringMatching(/Invalid input for count_customers: limit: .*50/) } },
      { tool: "__proto__", ok: false, error: { code: "unknown_tool", message: expect.stringContaining("Available tools: count_customers, find_customer") } },
    ]);
    const done = doneOf(events);
    expect(done.toolCalls.map((call) => [call.id, call.ok])).toEqual([
      ["call_1", false],
      ["call_2", false],
      ["call_3", false],
    ]);
    const stored = await fixture.store.query<{ seq: number; tool_calls: string }>("SELECT seq, tool_calls FROM messages WHERE role = 'tool' ORDER BY seq");
    expect(stored.map((row) => (JSON.parse(row.tool_calls) as Array<{ id: string }>)[0]?.id)).toEqual(["call_1", "call_2", "call_3"]);
    expect(done.artifacts).toEqual([]);
    expect(done.answer).toBe("Nobody lives in Narnia.");
  });

  it("answers malformed tool arguments with an error tool message, and the model retries with good ones", async () => {
    fixture.server.script(
      reply.toolCalls({ id: "call_bad", name: "count_customers", arguments: "{country: France" }),
      reply.toolCalls({ id: "call_good", name: "count_customers", arguments: { country: "France" } }),
      reply.text("2 customers live in France."),
    );
    const events = await collect(fixture.make(), { message: "How many customers in France?" });

    expect(fixture.server.chatRequests).toHaveLength(3);
    const second = sent(1);
    expect(second.at(-2)).toMatchObject({ role: "assistant", tool_calls: [{ id: "call_bad", function: { name: "count_customers" } }] });
    const errorView = parseModelView(contentText(second.at(-1)?.content));
    expect(second.at(-1)).toMatchObject({ role: "tool", tool_call_id: "call_bad" });
    expect(errorView).toMatchObject({ tool: "count_customers", ok: false, error: { code: "malformed_tool_arguments" } });
    expect(errorView?.ok === false && errorView.error.message).toMatch(/not valid JSON .*\{country: France\. Call count_customers again/);

    expect(events.slice(0, 4).map((event) => [event.type, "id" in event ? event.id : ""])).toEqual([
      ["tool-call", "call_bad"],
      ["tool-error", "call_bad"],
      ["tool-call", "call_good"],
      ["tool-result", "call_good"],
    ]);
    expect(events[0]).toMatchObject({ args: "{country: France" });
    const done = doneOf(events);
    expect(done.toolCalls.map((call) => [call.id, call.ok])).toEqual([
      ["call_bad", false],
      ["call_good", true],
    ]);
    expect(done.answer).toBe("2 customers live in France.");
  });

  it("treats truncated streamed arguments as malformed instead of running the tool with half of them", async () => {
    fixture.server.script(
      reply.toolCalls({ id: "call_cut", name: "count_customers", arguments: '{"country": "Fra' }),
      reply.text("Let me try again later."),
    );
    const events = await collect(fixture.make(), { message: "How many customers in France?" });
    expect(events[1]).toMatchObject({ type: "tool-error", id: "call_cut", error: { code: "malformed_tool_arguments" } });
    expect(events[0]).toMatchObject({ type: "tool-call", args: '{"country": "Fra' });
    expect(parseModelView(contentText(sent(1).at(-1)?.content))).toMatchObject({ ok: false, error: { code: "malformed_tool_arguments" } });
  });

  it("stops at the step cap, says so, and keeps what was done", async () => {
    fixture.server.script(
      reply.toolCalls({ id: "call_1", name: "count_customers", arguments: { country: "France" } }),
      reply.toolCalls({ id: "call_2", name: "count_customers", arguments: { country: "Germany" } }),
      reply.text("never sent"),
    );
    const agent = fixture.make({ maxSteps: 2 });
    const events = await collect(agent, { message: "Count customers everywhere" });
    const done = doneOf(events);

    expect(fixture.server.chatRequests).toHaveLength(2);
    expect(fixture.server.pending).toBe(1);
    expect(done.stepLimitReached).toBe(true);
    expect(done.answer).toMatch(/^I stopped after 2 steps/);
    expect(done.answer).toContain("- count_customers: 2 customers\n- count_customers: 1 customers");
    expect(done.answer).toBe(textOf(events));
    expect(done.toolCalls).toHaveLength(2);

    const conversation = await agent.getConversation(done.conversationId);
    expect(conversation.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
    expect(conversation.messages.at(-1)?.content).toBe(done.answer);
  });

  it("retries a 500 and then succeeds", async () => {
    fixture.server.script(reply.error(500, "overloaded"), reply.error(503), reply.text("Hello."));
    const events = await collect(fixture.make({ maxRetries: 2 }), { message: "Hi" });
    expect(doneOf(events).answer).toBe("Hello.");
    expect(fixture.server.chatRequests).toHaveLength(3);
  });

  it("ends a turn with the model's UpstreamError when it stays down, keeping the user message", async () => {
    fixture.server.script(reply.error(500), reply.error(500));
    const agent = fixture.make({ maxRetries: 1 });
    const error = await failureOf(collect(agent, { message: "Hi there" }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "model_unavailable", category: "upstream" });
    const [row] = await fixture.store.query<{ conversation_id: string }>("SELECT conversation_id FROM conversations");
    const conversation = await agent.getConversation(row?.conversation_id ?? "");
    expect(conversation.messages.map((message) => [message.role, message.content])).toEqual([["user", "Hi there"]]);
  });

  it("ends a hanging model call at the timeout with UpstreamError, keeping the turn so far", async () => {
    fixture.server.script(reply.toolCalls({ id: "call_1", name: "count_customers", arguments: {} }), reply.hang());
    const agent = fixture.make({ timeoutMs: 300 });
    const started = performance.now();
    const events: AgentEvent[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of agent.chat({ message: "How many customers?", actor: "test" })) events.push(event);
      })(),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: "model_timeout" });
    expect((error as AppError).message).toMatch(/did not answer within 300 ms/);
    expect(elapsed).toBeLessThan(2_500);
    expect(events.map((event) => event.type)).toEqual(["tool-call", "tool-result"]);

    const [row] = await fixture.store.query<{ conversation_id: string }>("SELECT conversation_id FROM conversations");
    const conversation = await agent.getConversation(row?.conversation_id ?? "");
    expect(conversation.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(conversation.messages[0]?.content).toBe("How many customers?");
  });

  it("stops when the caller aborts, with chat_cancelled, keeping the user message", async () => {
    fixture.server.script(reply.hang());
    const agent = fixture.make({ timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const error = await failureOf(collect(agent, { message: "Hi" }, controller.signal));
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(error).toMatchObject({ code: "chat_cancelled" });
    const [row] = await fixture.store.query<{ messages: number }>("SELECT count(*) AS messages FROM messages");
    expect(row?.messages).toBe(1);
  });
});

describe("privacy", () => {
  const message = `Write to ${ANN.email} or call ${ANN.phone} about customer 12347, then look them up.`;
  const script = () =>
    fixture.server.script(reply.toolCalls({ id: "call_1", name: "find_customer", arguments: { customerId: "12347" } }), reply.text("Done."));

  it("sends no email, phone or customer name to an external model, from the user or from a tool", async () => {
    script();
    const agent = fixture.make({ external: true, redactPii: true });
    const done = doneOf(await collect(agent, { message }));
    const everything = JSON.stringify(fixture.server.requests.map((request) => request.body));
    expect(everything).not.toContain(ANN.email);
    expect(everything).not.toContain("7700 900123");
    expect(everything).not.toContain(ANN.name);
    expect(everything).toContain("[email]");
    expect(everything).toContain("[phone]");
    expect(everything).toContain("12347");
    // The tool message carries the customer by id, and the redacted summary.
    const view = parseModelView(contentText(sent(1).at(-1)?.content));
    expect(view).toEqual({
      tool: "find_customer",
      ok: true,
      summary: "Customer 12347 lives in France; reach them at [email] or [phone].",
      data: { customer: { customerId: "12347", country: "France" } },
    });

    // The company's own store and the person asking still see everything.
    const conversation = await agent.getConversation(done.conversationId);
    expect(conversation.messages[0]?.content).toBe(message);
    expect(done.artifacts[0]?.output).toMatchObject({ customer: { email: ANN.email, name: ANN.name } });
  });

  it("redacts earlier turns too when a conversation continues", async () => {
    script();
    const agent = fixture.make();
    const first = doneOf(await collect(agent, { message }));
    fixture.server.script(reply.text("Shorter."));
    await collect(agent, { conversationId: first.conversationId, message: "now make it shorter" });
    const second = JSON.stringify(fixture.server.chatRequests[2]);
    expect(second).toContain("now make it shorter");
    expect(second).toContain("about customer 12347");
    expect(second).not.toContain(ANN.email);
    expect(second).not.toContain("7700 900123");
  });

  it("sends contacts in the user's words unchanged when redaction is off, or the model is local", async () => {
    script();
    await collect(fixture.make({ external: false, redactPii: true }), { message });
    const sentText = JSON.stringify(fixture.server.chatRequests);
    expect(sentText).toContain(ANN.email);
    // Names never reach a model, local or not: the model view drops them.
    expect(sentText).not.toContain(ANN.name);
  });
});

describe("conversations", () => {
  it("continues a conversation by id: the model sees the earlier turn, with its tool calls and results", async () => {
    fixture.server.script(
      reply.toolCalls({ id: "call_1", name: "count_customers", arguments: { country: "France" } }),
      reply.text("2 customers live in France."),
    );
    const agent = fixture.make();
    const first = doneOf(await collect(agent, { message: "How many customers in France?" }));
    fixture.server.script(reply.text("1 customer lives in Germany."));
    const second = doneOf(await collect(agent, { conversationId: first.conversationId, message: "use Germany instead" }));
    expect(second.conversationId).toBe(first.conversationId);

    const messages = sent(2);
    expect(messages.map((item) => item.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);
    expect(messages[1]?.content).toBe("How many customers in France?");
    expect(messages[2]).toMatchObject({ tool_calls: [{ id: "call_1", function: { name: "count_customers", arguments: '{"country":"France"}' } }] });
    expect(parseModelView(contentText(messages[3]?.content))).toMatchObject({ ok: true, summary: "2 customers" });
    expect(messages[4]?.content).toBe("2 customers live in France.");
    expect(messages[5]?.content).toBe("use Germany instead");

    const view = await agent.getConversation(first.conversationId);
    expect(view.title).toBe("How many customers in France?");
    expect(view.messages.map((message) => [message.seq, message.role])).toEqual([
      [1, "user"],
      [2, "assistant"],
      [3, "tool"],
      [4, "assistant"],
      [5, "user"],
      [6, "assistant"],
    ]);
    expect(view.messages[1]?.toolCalls).toEqual([
      { id: "call_1", name: "count_customers", args: { country: "France" }, ok: true, summary: "2 customers", timingMs: expect.any(Number) },
    ]);
    expect(view.messages[2]?.toolCalls?.[0]).toMatchObject({ id: "call_1", ok: true, output: { summary: "2 customers", customers: 2 } });
    expect(parseModelView(view.messages[2]?.content ?? "")).toMatchObject({ tool: "count_customers", ok: true });
    expect(view.messages[5]?.content).toBe("1 customer lives in Germany.");
    const audit = await fixture.store.query<{ action: string; actor: string; subject: string }>(
      "SELECT action, actor, subject FROM audit_log ORDER BY occurred_at, action",
    );
    expect(audit.map((row) => row.action).sort()).toEqual(["conversation.continue", "conversation.create"]);
    expect(audit.every((row) => row.actor === "test" && row.subject === first.conversationId)).toBe(true);
  });

  it("sends only the most recent whole turns of a long conversation", async () => {
    const agent = fixture.make({ historyLimit: 4 });
    fixture.server.script(reply.toolCalls({ id: "call_1", name: "count_customers", arguments: {} }), reply.text("Three."));
    const { conversationId } = doneOf(await collect(agent, { message: "first question" }));
    fixture.server.script(reply.text("Second answer."));
    await collect(agent, { conversationId, message: "second question" });
    fixture.server.script(reply.text("Third answer."));
    await collect(agent, { conversationId, message: "third question" });
    // Stored: user, assistant(call), tool, assistant, user, assistant = 6 before the third question.
    expect(sent(3).map((message) => [message.role, contentText(message.content)])).toEqual([
      ["system", expect.any(String)],
      ["user", "second question"],
      ["assistant", "Second answer."],
      ["user", "third question"],
    ]);
  });

  it("refuses an unknown conversation id with NotFoundError, without calling the model", async () => {
    const agent = fixture.make();
    const error = await failureOf(collect(agent, { conversationId: "conv_missing", message: "Hi" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: "conversation_not_found" });
    expect((error as AppError).message).toMatch(/leave it out to start a new conversation/);
    await expect(agent.getConversation("conv_missing")).rejects.toBeInstanceOf(NotFoundError);
    expect(fixture.server.requests).toHaveLength(0);
  });

  it("refuses an empty message and a second turn on a conversation that is still answering", async () => {
    const agent = fixture.make({ timeoutMs: 5_000 });
    await expect(collect(agent, { message: "   " })).rejects.toBeInstanceOf(ValidationError);

    fixture.server.script(reply.text("First."));
    const first = doneOf(await collect(agent, { message: "Hi" }));
    fixture.server.script(reply.hang());
    const controller = new AbortController();
    const running = failureOf(collect(agent, { conversationId: first.conversationId, message: "again" }, controller.signal));
    // Wait until the second turn's model call is hanging at the server.
    while (fixture.server.chatRequests.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const busy = await failureOf(collect(agent, { conversationId: first.conversationId, message: "and again" }));
    expect(busy).toMatchObject({ code: "conversation_busy", category: "conflict" });
    controller.abort();
    expect(await running).toMatchObject({ code: "chat_cancelled" });
    // Free again once the first turn ended.
    fixture.server.script(reply.text("Third."));
    expect(doneOf(await collect(agent, { conversationId: first.conversationId, message: "third" })).answer).toBe("Third.");
  });
});

describe("a model that does not stream (like the offline planner)", () => {
  it("gives its whole answer as one text-delta, once, after its tool calls", async () => {
    const model = new ScriptedChatModel([
      new AIMessage({ content: "", tool_calls: [{ id: "p1", name: "count_customers", args: { country: "Germany" }, type: "tool_call" }] }),
      new AIMessage("One customer lives in Germany."),
    ]);
    const events = await collect(fixture.make({ model, modelId: "builtin", external: false }), { message: "Customers in Germany?" });
    expect(events.map((event) => event.type)).toEqual(["tool-call", "tool-result", "text-delta", "done"]);
    expect(doneOf(events).answer).toBe("One customer lives in Germany.");
    expect(model.boundTools).toEqual(["count_customers", "find_customer"]);
    // The second call sees the tool's model view.
    expect(parseModelView(String(model.calls[1]?.at(-1)?.content))).toMatchObject({ tool: "count_customers", ok: true, summary: "1 customers" });
  });
});

describe("createChatAgent", () => {
  it("refuses a step cap out of range", () => {
    const make = () =>
      createChatAgent({
        services: fixture.services,
        tools: new ToolRegistry([]),
        model: fixture.model(),
        modelId: "x",
        external: false,
        redactPii: true,
        maxSteps: 0,
        logger: silentLogger,
      });
    expect(make).toThrow(/maxSteps: Too small/);
  });

  it("logs each turn without the message text", async () => {
    fixture.server.script(reply.text("Hello."));
    const logger = recordingLogger();
    await collect(fixture.make({ logger }), { message: `secret plan for ${ANN.email}` });
    expect(logger.entries.map((entry) => entry.message)).toContain("chat turn finished");
    expect(JSON.stringify(logger.entries)).not.toContain(ANN.email);
  });

  it("uses a given system prompt as it is", async () => {
    fixture.server.script(reply.text("ok"));
    await collect(fixture.make({ systemPrompt: "You are a test." }), { message: "Hi" });
    expect(sent(0)[0]).toMatchObject({ role: "system", content: "You are a test." });
  });
});
