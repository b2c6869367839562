import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/core/errors.ts";
import { ConversationStore, MAX_TITLE_LENGTH, conversationTitle } from "../../src/agent/conversations.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { memoryStore } from "../helpers/context.ts";

let store: DuckDbStore;
let conversations: ConversationStore;
let tick = 0;

beforeEach(async () => {
  store = await memoryStore();
  tick = 0;
  let counter = 0;
  // Each write happens a minute after the previous one.
  conversations = new ConversationStore(store, () => new Date(Date.UTC(2026, 10, 1, 12, tick++)), (prefix) => `${prefix}_${++counter}`);
});

afterEach(async () => {
  await store.close();
});

describe("conversationTitle", () => {
  it("keeps short messages and cuts long ones at a word boundary", () => {
    expect(conversationTitle("  Draft a   win-back SMS\n")).toBe("Draft a win-back SMS");
    const long = "Draft a win-back SMS for customers at risk of churning, featuring what they are likely to buy next season";
    const title = conversationTitle(long);
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
    expect(title.endsWith("…")).toBe(true);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
    expect(title).not.toMatch(/\s…$/);
    expect(conversationTitle("x".repeat(200))).toHaveLength(MAX_TITLE_LENGTH);
  });
});

describe("ConversationStore", () => {
  it("creates, continues and reads back a conversation with its tool calls and outputs", async () => {
    const { conversationId, lastSeq } = await conversations.create({ role: "user", content: "How many customers?" }, "key_1");
    expect(conversationId).toBe("conv_1");
    expect(lastSeq).toBe(1);
    const call = { id: "call_1", name: "count_customers", args: { country: "France" }, ok: true, summary: "2 customers", timingMs: 1.5 };
    const last = await conversations.append(conversationId, 1, [
      { role: "assistant", content: "", toolCalls: [call] },
      { role: "tool", content: '{"tool":"count_customers","ok":true}', toolCalls: [{ ...call, output: { summary: "2 customers", customers: 2 } }] },
      { role: "assistant", content: "Two." },
    ]);
    expect(last).toBe(4);
    expect(await conversations.continueWith(conversationId, { role: "user", content: "And Germany?" }, "key_2")).toEqual({ lastSeq: 5 });

    const view = await conversations.view(conversationId);
    expect(view).toMatchObject({ conversationId, title: "How many customers?", createdAt: "2026-11-01T12:00:00.000Z", updatedAt: "2026-11-01T12:02:00.000Z" });
    expect(view.messages.map((message) => [message.seq, message.role, message.content])).toEqual([
      [1, "user", "How many customers?"],
      [2, "assistant", ""],
      [3, "tool", '{"tool":"count_customers","ok":true}'],
      [4, "assistant", "Two."],
      [5, "user", "And Germany?"],
    ]);
    expect(view.messages[1]?.toolCalls).toEqual([call]);
    expect(view.messages[2]?.toolCalls).toEqual([{ ...call, output: { summary: "2 customers", customers: 2 } }]);
    expect(view.messages[0]?.toolCalls).toBeUndefined();
    expect((await conversations.messages(conversationId, { untilSeq: 3 })).map((message) => message.seq)).toEqual([1, 2, 3]);
    expect((await conversations.messages(conversationId, { untilSeq: 4, last: 2 })).map((message) => message.seq)).toEqual([3, 4]);

    const audit = await store.query<{ actor: string; action: string }>("SELECT actor, action FROM audit_log ORDER BY occurred_at");
    expect(audit).toEqual([
      { actor: "key_1", action: "conversation.create" },
      { actor: "key_2", action: "conversation.continue" },
    ]);
  });

  it("refuses unknown ids with NotFoundError and writes nothing", async () => {
    await expect(conversations.view("conv_404")).rejects.toBeInstanceOf(NotFoundError);
    await expect(conversations.continueWith("conv_404", { role: "user", content: "hi" }, "x")).rejects.toMatchObject({
      code: "conversation_not_found",
      details: { conversationId: "conv_404" },
    });
    const [row] = await store.query<{ messages: number }>("SELECT count(*) AS messages FROM messages");
    expect(row?.messages).toBe(0);
  });

  it("reports stored tool calls that no longer match their schema instead of passing them on", async () => {
    const { conversationId } = await conversations.create({ role: "user", content: "hi" }, "x");
    await store.run("INSERT INTO messages VALUES ('m_bad', $1, 2, 'assistant', '', '[{\"id\": 5}]', now())", [conversationId]);
    await expect(conversations.view(conversationId)).rejects.toThrow(/Stored tool calls of message 2 of conversation conv_1 do not match/);
  });
});
