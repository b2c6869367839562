import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { parseModelView } from "../../src/core/model-view.ts";
import { boundHistory, toLangChainMessages } from "../../src/agent/history.ts";
import type { ConversationMessage, ToolCallRecord } from "../../src/agent/types.ts";

let seq = 0;
const at = "2026-11-01T12:00:00.000Z";
const user = (content: string): ConversationMessage => ({ seq: ++seq, role: "user", content, createdAt: at });
const record = (id: string, args: unknown = {}): ToolCallRecord => ({ id, name: "count_customers", args, ok: true, summary: "3 customers" });
const assistant = (content: string, ...calls: ToolCallRecord[]): ConversationMessage => ({
  seq: ++seq,
  role: "assistant",
  content,
  toolCalls: calls.length === 0 ? undefined : calls,
  createdAt: at,
});
const tool = (call: ToolCallRecord): ConversationMessage => ({
  seq: ++seq,
  role: "tool",
  content: JSON.stringify({ tool: call.name, ok: true, summary: call.summary, data: {} }),
  toolCalls: [{ ...call, output: { summary: call.summary } }],
  createdAt: at,
});

/** One question answered with one tool call: four messages. */
const turn = (n: number) => [user(`question ${n}`), assistant("", record(`call_${n}`)), tool(record(`call_${n}`)), assistant(`answer ${n}`)];

describe("boundHistory", () => {
  it("keeps everything under the limit", () => {
    const messages = [...turn(1), ...turn(2)];
    expect(boundHistory(messages, 40)).toEqual(messages);
  });

  it("keeps the most recent whole turns, starting at a user message", () => {
    const messages = Array.from({ length: 15 }, (_, index) => turn(index + 1)).flat(); // 60 messages
    const kept = boundHistory(messages, 10);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept[0]).toMatchObject({ role: "user", content: "question 14" });
    expect(kept.at(-1)).toMatchObject({ content: "answer 15" });
  });

  it("starts at an assistant message when one turn alone is longer than the limit, never at a tool result", () => {
    const calls = Array.from({ length: 12 }, (_, index) => record(`call_${index}`));
    const messages = [user("do everything"), ...calls.flatMap((call) => [assistant("", call), tool(call)]), assistant("done")];
    const kept = boundHistory(messages, 6);
    expect(kept[0]?.role).toBe("assistant");
    expect(kept.length).toBeLessThanOrEqual(6);
    const langChain = toLangChainMessages(kept);
    expect(ToolMessage.isInstance(langChain[0])).toBe(false);
  });
});

describe("toLangChainMessages", () => {
  it("rebuilds user, assistant-with-calls and tool messages with their model views", () => {
    const messages = toLangChainMessages(turn(1));
    expect(messages.map((message) => message.getType())).toEqual(["human", "ai", "tool", "ai"]);
    expect(HumanMessage.isInstance(messages[0]) && messages[0].content).toBe("question 1");
    const call = messages[1] as AIMessage;
    expect(call.tool_calls).toEqual([{ id: "call_1", name: "count_customers", args: {}, type: "tool_call" }]);
    const result = messages[2] as ToolMessage;
    expect(result.tool_call_id).toBe("call_1");
    expect(parseModelView(String(result.content))).toMatchObject({ tool: "count_customers", ok: true });
  });

  it("answers a call whose result was never stored, and drops a result without its call", () => {
    const unanswered = record("call_lost");
    const orphan = tool(record("call_orphan"));
    const messages = toLangChainMessages([user("hi"), assistant("", unanswered), orphan, user("are you there?")]);
    expect(messages.map((message) => message.getType())).toEqual(["human", "ai", "tool", "human"]);
    const filled = messages[2] as ToolMessage;
    expect(filled.tool_call_id).toBe("call_lost");
    expect(filled.status).toBe("error");
    expect(parseModelView(String(filled.content))).toMatchObject({ ok: false, error: { code: "tool_call_interrupted" } });
  });

  it("sends malformed arguments (stored as the raw text) back as an empty object", () => {
    const bad = { ...record("call_bad", "{country: France"), ok: false };
    const [, call] = toLangChainMessages([user("hi"), assistant("", bad), tool(bad)]);
    expect((call as AIMessage).tool_calls?.[0]?.args).toEqual({});
  });
});
