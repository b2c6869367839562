/**
 * The middleware that makes one chat turn behave: it sits around every model call and
 * every tool call of `createAgent`.
 *
 * Around model calls:
 * - the step cap: after `maxSteps` model calls the next one is not made; the turn ends with
 *   the note the caller supplies (what was done, and that it stopped);
 * - privacy: when text leaves the machine and redaction is on, every message sent (the
 *   user's words, earlier turns, tool views) passes through `redactContacts`; the agent's
 *   state, and so the store, keeps the original text;
 * - malformed tool calls: arguments that are not JSON arrive in `invalid_tool_calls`, which
 *   `createAgent` would silently treat as "no tool calls" and end the turn. They are turned
 *   into ordinary calls remembered as malformed, answered below with an error the model can
 *   act on, so it can send the call again.
 *
 * Around tool calls: every call is answered here, through `executeToolCall` (see
 * `tool-calls.ts`), with a tool message whose content is the model view and whose artifact
 * is the full output; unknown tools and malformed arguments get error views naming the fix.
 */
import { AIMessage, AIMessageChunk, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import { createMiddleware } from "langchain";
import { AppError } from "../core/errors.ts";
import { redactContacts } from "../core/model-view.ts";
import type { ToolContext, ToolRegistry } from "../core/tool.ts";
import { executeToolCall, failedToolCall, toolMessageOf } from "./tool-calls.ts";

/** A tool call whose arguments could not be parsed. */
export interface MalformedCall {
  name: string;
  /** The argument text exactly as the model sent it. */
  rawArgs: string;
  /** The parser's complaint. */
  reason: string;
}

/** What the middleware tracks during one turn; the turn runner reads it. */
export interface TurnState {
  /** Model calls made so far in this turn. */
  modelCalls: number;
  /** True once a model call was refused at the cap. */
  stepLimitReached: boolean;
  /** Malformed calls of this turn by call id, answered with an error instead of running. */
  malformed: Map<string, MalformedCall>;
}

export interface TurnMiddlewareOptions {
  state: TurnState;
  tools: ToolRegistry;
  /** The tool context for this turn (services, logger, the turn's signal). */
  context: ToolContext;
  maxSteps: number;
  /** Redact emails and phone numbers from everything sent to the model. */
  redact: boolean;
  /** The turn's last message when the cap is reached, from the conversation so far (the graph runs ahead of the stream consumer). */
  stepLimitNote: (messages: readonly BaseMessage[]) => string;
  /** Makes ids for tool calls that came without one. */
  newCallId: () => string;
}

/** Longest piece of malformed argument text quoted back to the model. */
const MAX_QUOTED_ARGUMENTS = 300;

export function createTurnMiddleware(options: TurnMiddlewareOptions) {
  const { state } = options;
  return createMiddleware({
    name: "BullseyeTurn",
    wrapModelCall: async (request, handler) => {
      if (state.modelCalls >= options.maxSteps) {
        state.stepLimitReached = true;
        return new AIMessage({ content: options.stepLimitNote(request.messages), id: `step-limit-${state.modelCalls}` });
      }
      state.modelCalls += 1;
      const messages = options.redact ? request.messages.map(redactMessage) : request.messages;
      const response = await handler({ ...request, messages });
      return repairToolCalls(response, state, options.newCallId);
    },
    wrapToolCall: async (request) => {
      const call = request.toolCall;
      const id = call.id ?? options.newCallId();
      const malformed = state.malformed.get(id);
      if (malformed !== undefined) return toolMessageOf(failedToolCall(call.name, malformedArguments(malformed)), { id, name: call.name });
      let tool;
      try {
        tool = options.tools.get(call.name);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return toolMessageOf(failedToolCall(call.name, error), { id, name: call.name });
      }
      const result = await executeToolCall(tool, call.args, options.context);
      return toolMessageOf(result, { id, name: tool.name });
    },
  });
}

function malformedArguments(call: MalformedCall): AppError {
  const quoted = call.rawArgs.length > MAX_QUOTED_ARGUMENTS ? `${call.rawArgs.slice(0, MAX_QUOTED_ARGUMENTS - 1)}…` : call.rawArgs;
  return new AppError(
    "malformed_tool_arguments",
    "user",
    `The arguments of this ${call.name} call are not valid JSON (${call.reason.replace(/\s+/g, " ").trim()}): ${quoted}. ` +
      `Call ${call.name} again with one JSON object that matches its schema.`,
    { details: { tool: call.name } },
  );
}

/** Why `text` is not a JSON object, or undefined when it is one (empty text counts as `{}`). */
function jsonObjectProblem(text: string): string | undefined {
  if (text.trim() === "") return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? undefined : "not a JSON object";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Gives every tool call an id and turns malformed calls into ordinary calls (with empty
 * arguments) remembered in `state.malformed`, so the tools node runs and answers them.
 * Malformed means in `invalid_tool_calls`, or, for a streamed message, argument text that is
 * not JSON: LangChain parses streamed arguments leniently and would turn a truncated
 * `{"country": "Fra` into `{country: "Fra"}`.
 */
export function repairToolCalls(response: AIMessage, state: TurnState, newCallId: () => string): AIMessage {
  const streamedArgs = new Map<string, string>();
  if (AIMessageChunk.isInstance(response)) {
    for (const chunk of response.tool_call_chunks ?? []) {
      if (chunk.id !== undefined) streamedArgs.set(chunk.id, (streamedArgs.get(chunk.id) ?? "") + (chunk.args ?? ""));
    }
  }
  const invalid = [...(response.invalid_tool_calls ?? [])];
  const calls: ToolCall[] = [];
  for (const call of response.tool_calls ?? []) {
    const raw = call.id === undefined ? undefined : streamedArgs.get(call.id);
    const problem = raw === undefined ? undefined : jsonObjectProblem(raw);
    if (problem === undefined) calls.push(call);
    else invalid.push({ id: call.id, name: call.name, args: raw, error: problem, type: "invalid_tool_call" });
  }
  if (invalid.length === 0 && calls.every((call) => call.id !== undefined && call.id !== "")) return response;
  const repaired: ToolCall[] = calls.map((call) => ({ ...call, id: call.id === undefined || call.id === "" ? newCallId() : call.id }));
  for (const call of invalid) {
    const id = call.id === undefined || call.id === "" ? newCallId() : call.id;
    const name = call.name ?? "";
    state.malformed.set(id, { name, rawArgs: call.args ?? "", reason: call.error ?? "could not be parsed" });
    repaired.push({ id, name, args: {}, type: "tool_call" });
  }
  // The raw calls in additional_kwargs are dropped: LangChain would re-send them instead of `tool_calls`.
  const { tool_calls: _raw, ...additional } = response.additional_kwargs;
  return new AIMessage({
    content: response.content,
    id: response.id,
    name: response.name,
    tool_calls: repaired,
    invalid_tool_calls: [],
    additional_kwargs: additional,
    response_metadata: response.response_metadata,
    ...(response.usage_metadata === undefined ? {} : { usage_metadata: response.usage_metadata }),
  });
}

/** Replaces emails and phone numbers in every string inside `value`. */
function redactDeep(value: unknown): unknown {
  if (typeof value === "string") return redactContacts(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)]));
  }
  return value;
}

function redactContent<T extends BaseMessage["content"]>(content: T): T {
  return (typeof content === "string" ? redactContacts(content) : redactDeep(content)) as T;
}

/** A copy of `message` with contacts redacted from its text and tool arguments. */
export function redactMessage(message: BaseMessage): BaseMessage {
  if (HumanMessage.isInstance(message)) return new HumanMessage({ content: redactContent(message.content), id: message.id });
  if (ToolMessage.isInstance(message)) {
    return new ToolMessage({
      content: redactContent(message.content),
      tool_call_id: message.tool_call_id,
      name: message.name,
      status: message.status,
      id: message.id,
    });
  }
  if (AIMessage.isInstance(message)) {
    return new AIMessage({
      content: redactContent(message.content),
      id: message.id,
      name: message.name,
      tool_calls: (message.tool_calls ?? []).map((call) => ({ ...call, args: redactDeep(call.args) as Record<string, unknown> })),
      invalid_tool_calls: [],
    });
  }
  return message;
}
