/**
 * Earlier turns as the model sees them when a conversation continues: persisted messages
 * become LangChain messages (user, assistant with its tool calls, tool messages with their
 * model views), bounded to the most recent ones without ever separating a tool call from
 * its result.
 */
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { modelViewOfError } from "../core/model-view.ts";
import type { ConversationMessage } from "./types.ts";

/** Most earlier messages sent to the model with a new one. */
export const DEFAULT_HISTORY_LIMIT = 40;

/**
 * The most recent messages, at most `limit` when possible. The kept part starts at a user
 * message; when one turn alone is longer than `limit`, it starts at an assistant message, so
 * tool results always follow the call that asked for them.
 */
export function boundHistory(messages: readonly ConversationMessage[], limit = DEFAULT_HISTORY_LIMIT): ConversationMessage[] {
  if (messages.length <= limit) return [...messages];
  const earliest = messages.length - limit;
  const startAt = (role: ConversationMessage["role"]) => messages.findIndex((message, index) => index >= earliest && message.role === role);
  let start = startAt("user");
  if (start === -1) start = startAt("assistant");
  return start === -1 ? [] : messages.slice(start);
}

/**
 * LangChain messages for `messages`. A tool call whose result was never stored (the turn
 * failed or was cancelled while it ran) gets a tool message saying so, and a stored tool
 * result whose call is not in the kept history is dropped: the model API rejects both kinds
 * of orphan.
 */
export function toLangChainMessages(messages: readonly ConversationMessage[]): BaseMessage[] {
  const result: BaseMessage[] = [];
  let open: Map<string, string> = new Map();
  const closeOpenCalls = () => {
    for (const [id, name] of open) {
      const content = modelViewOfError(name, { code: "tool_call_interrupted", message: "This call did not finish: the turn ended before it returned." });
      result.push(new ToolMessage({ content, tool_call_id: id, name, status: "error" }));
    }
    open = new Map();
  };
  for (const message of messages) {
    if (message.role === "tool") {
      const record = message.toolCalls?.[0];
      if (record === undefined || !open.has(record.id)) continue;
      open.delete(record.id);
      result.push(new ToolMessage({ content: message.content, tool_call_id: record.id, name: record.name, status: record.ok ? "success" : "error" }));
      continue;
    }
    closeOpenCalls();
    if (message.role === "user") {
      result.push(new HumanMessage(message.content));
      continue;
    }
    const calls = message.toolCalls ?? [];
    result.push(
      new AIMessage({
        content: message.content,
        tool_calls: calls.map((call) => ({ id: call.id, name: call.name, args: argsObject(call.args), type: "tool_call" as const })),
      }),
    );
    for (const call of calls) open.set(call.id, call.name);
  }
  closeOpenCalls();
  return result;
}

/** Tool-call arguments as an object; malformed arguments were stored as the raw text and go back as `{}`. */
function argsObject(args: unknown): Record<string, unknown> {
  return typeof args === "object" && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
}
