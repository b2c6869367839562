/**
 * The chat agent: LangChain's `createAgent` over the tool registry, one turn at a time.
 *
 * A turn streams (`agent.stream` with the `messages` and `updates` modes) and becomes
 * `AgentEvent`s: `text-delta` for the assistant's words as they arrive, `tool-call` when the
 * model asks for a tool, `tool-result` / `tool-error` when it finishes, and `done` last.
 * The answer is exactly the concatenation of the turn's text deltas (text the model writes
 * before calling tools included, separated by a blank line).
 *
 * Everything is stored as it happens: the user's message before the model is called, each
 * assistant message with the tool messages that answer it, and the final answer, before
 * `done` is yielded. When the model fails (down after retries, timed out) the turn throws
 * that `UpstreamError`, and what was done so far stays stored.
 */
import { AIMessage, AIMessageChunk, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { createAgent } from "langchain";
import { z } from "zod";
import { AppError, ValidationError, describeIssues, fieldIssuesFrom, toAppError } from "../core/errors.ts";
import type { Logger } from "../core/ports.ts";
import type { ToolContext, ToolRegistry, ToolServices } from "../core/tool.ts";
import { ConversationStore, type NewMessage } from "./conversations.ts";
import { DEFAULT_HISTORY_LIMIT, boundHistory, toLangChainMessages } from "./history.ts";
import { renderSystemPrompt } from "./system-prompt.ts";
import { type ToolArtifact, toLangChainTool } from "./tool-calls.ts";
import { type TurnState, createTurnMiddleware } from "./turn-middleware.ts";
import type { AgentEvent, Artifact, ChatAgent, ChatRequest, ToolCallRecord } from "./types.ts";

/** What `createChatAgent` needs; `src/main.ts` builds the real ones, tests pass a fake model server. */
export interface ChatAgentDependencies {
  /** The store, clock, ids, embedder and memo every tool call gets. */
  services: ToolServices;
  tools: ToolRegistry;
  /** Any LangChain chat model that supports `bindTools` (the OpenAI-compatible one, the builtin planner). */
  model: BaseChatModel;
  /** Which model answers (`builtin`, `openai:<model>`), for `/health` and logs. */
  modelId: string;
  /** Whether text sent to the model leaves this machine. */
  external: boolean;
  /** Redact customer emails and phone numbers from everything sent to an external model (BULLSEYE_REDACT_PII). */
  redactPii: boolean;
  /** Model calls per turn before the agent stops and says so (BULLSEYE_MAX_STEPS). */
  maxSteps: number;
  logger: Logger;
  /** The system prompt as sent; by default `prompts/system.md` rendered for each turn. */
  systemPrompt?: string | undefined;
  /** Most earlier messages sent with a new one; default 40. */
  historyLimit?: number | undefined;
}

/** Longest chat message accepted, in characters. */
export const MAX_MESSAGE_LENGTH = 8_000;

const chatRequestSchema = z.object({
  conversationId: z.string().trim().min(1).max(100).optional(),
  message: z
    .string()
    .trim()
    .min(1, "must not be empty: ask a question")
    .max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters; split long requests`),
  actor: z.string().trim().min(1).max(200),
});

const dependencySchema = z.object({
  maxSteps: z.number().int().min(1).max(50),
  historyLimit: z.number().int().min(2).max(1_000).optional(),
});

/** The name `createAgent` gives the node that calls the model. */
const MODEL_NODE = "model_request";
/** Longest tool summary quoted in the step-limit note. */
const MAX_NOTE_SUMMARY = 200;

/** Creates the chat agent. Throws `ValidationError` when `maxSteps` or `historyLimit` is out of range. */
export function createChatAgent(deps: ChatAgentDependencies): ChatAgent {
  const checked = dependencySchema.safeParse({ maxSteps: deps.maxSteps, historyLimit: deps.historyLimit });
  if (!checked.success) {
    const issues = fieldIssuesFrom(checked.error.issues);
    throw new ValidationError(`Invalid chat agent settings: ${describeIssues(issues)}.`, issues);
  }
  const conversations = new ConversationStore(deps.services.store, deps.services.clock, deps.services.newId);
  const busy = new Set<string>();
  return {
    modelId: deps.modelId,
    chat: (request, options = {}) => runTurn(deps, conversations, busy, request, options.signal),
    getConversation: (conversationId) => conversations.view(conversationId),
  };
}

function parseRequest(request: ChatRequest): z.output<typeof chatRequestSchema> {
  const parsed = chatRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues);
    throw new ValidationError(`Invalid chat request: ${describeIssues(issues)}.`, issues);
  }
  return parsed.data;
}

/** One turn, as an async generator of events. */
async function* runTurn(
  deps: ChatAgentDependencies,
  conversations: ConversationStore,
  busy: Set<string>,
  request: ChatRequest,
  callerSignal: AbortSignal | undefined,
): AsyncGenerator<AgentEvent> {
  const { message, conversationId: requestedId, actor } = parseRequest(request);
  if (callerSignal?.aborted) throw cancelled();
  if (requestedId !== undefined && busy.has(requestedId)) {
    throw new AppError(
      "conversation_busy",
      "conflict",
      `Conversation "${requestedId}" is still answering an earlier message; wait for that answer, then send this one.`,
      { details: { conversationId: requestedId } },
    );
  }
  if (requestedId !== undefined) busy.add(requestedId);
  let conversationId = requestedId;
  // Stops the model and tools when the caller aborts, and when the consumer stops listening.
  const controller = new AbortController();
  const forwardAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", forwardAbort, { once: true });
  let recorder: TurnRecorder | undefined;
  let finished = false;
  const started = performance.now();
  try {
    const user: NewMessage & { role: "user" } = { role: "user", content: message };
    let history: BaseMessage[] = [];
    let lastSeq: number;
    if (requestedId === undefined) {
      ({ conversationId, lastSeq } = await conversations.create(user, actor));
      busy.add(conversationId);
    } else {
      ({ lastSeq } = await conversations.continueWith(requestedId, user, actor));
      const limit = deps.historyLimit ?? DEFAULT_HISTORY_LIMIT;
      // One more than the limit, so `boundHistory` can tell a whole conversation from a cut one.
      const earlier = await conversations.messages(requestedId, { untilSeq: lastSeq - 1, last: limit + 1 });
      history = toLangChainMessages(boundHistory(earlier, limit));
    }
    const id = conversationId as string;
    recorder = new TurnRecorder(conversations, id, lastSeq);
    const turn = recorder;

    const state: TurnState = { modelCalls: 0, stepLimitReached: false, malformed: new Map() };
    let callNumber = 0;
    const context: ToolContext = { ...deps.services, logger: deps.logger, signal: controller.signal };
    const tools = deps.tools.list().map((tool) => toLangChainTool(tool, () => context));
    const systemPrompt =
      deps.systemPrompt ??
      renderSystemPrompt({
        shopName: deps.services.marketing?.shopName ?? "the shop",
        now: deps.services.clock(),
        tools: deps.tools.list(),
      });
    const agent = createAgent({
      model: deps.model,
      tools,
      systemPrompt: new SystemMessage(systemPrompt),
      middleware: [
        createTurnMiddleware({
          state,
          tools: deps.tools,
          context,
          maxSteps: deps.maxSteps,
          redact: deps.external && deps.redactPii,
          stepLimitNote: (messages) => stepLimitNote(deps.maxSteps, toolOutcomes(messages)),
          newCallId: () => `call_${id}_${++callNumber}`,
        }),
      ],
    });

    try {
      const stream = await agent.stream(
        { messages: [...history, new HumanMessage(message)] },
        // Each step is a model node and a tools node; the middleware stops first, this is a backstop.
        { streamMode: ["messages", "updates"], recursionLimit: deps.maxSteps * 2 + 5, signal: controller.signal },
      );
      for await (const item of stream as AsyncIterable<unknown>) {
        yield* turn.consume(item, state);
        await turn.persistStep();
      }
    } catch (error) {
      if (!isRecursionLimit(error)) throw error;
      // The middleware's cap should stop first; if the graph's own limit fires, end the same way.
      state.stepLimitReached = true;
      yield* turn.assistantMessage(new AIMessage(stepLimitNote(deps.maxSteps, turn.toolCalls)), state);
    }
    await turn.persistStep();
    finished = true;
    deps.logger.info(
      {
        conversationId: id,
        model: deps.modelId,
        modelCalls: state.modelCalls,
        toolCalls: turn.toolCalls.length,
        stepLimitReached: state.stepLimitReached,
        ms: Math.round(performance.now() - started),
      },
      "chat turn finished",
    );
    yield {
      type: "done",
      conversationId: id,
      answer: turn.answer,
      toolCalls: turn.inCallOrder(turn.toolCalls, (record) => record.id),
      artifacts: turn.inCallOrder(turn.artifacts, (artifact) => artifact.toolCallId),
      stepLimitReached: state.stepLimitReached,
    };
  } catch (error) {
    const failure = callerSignal?.aborted ? cancelled() : turnError(error);
    if (failure.category === "internal") deps.logger.error({ err: error, conversationId }, "chat turn failed");
    else deps.logger.warn({ code: failure.code, conversationId }, "chat turn failed");
    throw failure;
  } finally {
    if (!finished) {
      controller.abort(new Error("the chat turn ended early"));
      // Keep what was done: an assistant message whose tools never answered is stored with its calls marked unfinished.
      await recorder?.persistInterrupted().catch((error: unknown) => deps.logger.error({ err: error, conversationId }, "could not store an interrupted turn"));
    }
    callerSignal?.removeEventListener("abort", forwardAbort);
    if (conversationId !== undefined) busy.delete(conversationId);
  }
}

/** Collects a turn's events and persists its messages step by step. */
class TurnRecorder {
  answer = "";
  readonly toolCalls: ToolCallRecord[] = [];
  readonly artifacts: Artifact[] = [];
  /** Text streamed for the model message in progress. */
  #streamed = "";
  /** The assistant message whose tool calls are running: stored with their results. */
  #pending: { content: string; calls: Array<{ id: string; name: string; args: unknown }> } | undefined;
  /** Tool messages received for the pending assistant message. */
  #results: Array<{ content: string; record: ToolCallRecord; output: unknown }> = [];
  /** A final assistant message (no tool calls) waiting to be stored. */
  #final: string | undefined;
  /** Tool call ids in the order the model made them; results arrive in the order tools finish. */
  readonly #callOrder: string[] = [];

  constructor(
    private readonly conversations: ConversationStore,
    private readonly conversationId: string,
    private seq: number,
  ) {}

  /** Events for one item of `agent.stream` with modes `messages` and `updates`. */
  *consume(item: unknown, state: TurnState): Generator<AgentEvent> {
    if (!Array.isArray(item) || item.length !== 2) return;
    const [mode, payload] = item as [unknown, unknown];
    if (mode === "messages" && Array.isArray(payload)) {
      const [chunk, metadata] = payload as [unknown, { langgraph_node?: unknown } | undefined];
      // Only tokens streamed by the model; whole messages arrive through `updates` below.
      if (metadata?.langgraph_node === MODEL_NODE && AIMessageChunk.isInstance(chunk)) {
        const text = textOf(chunk);
        if (text !== "") yield* this.#text(text);
      }
      return;
    }
    if (mode !== "updates" || payload === null || typeof payload !== "object") return;
    for (const [node, update] of Object.entries(payload)) {
      for (const message of messagesOf(update)) {
        if (node === MODEL_NODE && AIMessage.isInstance(message)) yield* this.assistantMessage(message, state);
        else if (ToolMessage.isInstance(message)) yield* this.#toolMessage(message);
      }
    }
  }

  /** Events for a finished assistant message: text not streamed yet, then its tool calls. */
  *assistantMessage(message: AIMessage, state: TurnState): Generator<AgentEvent> {
    const full = textOf(message);
    if (full.startsWith(this.#streamed)) {
      const rest = full.slice(this.#streamed.length);
      if (rest !== "") yield* this.#text(rest);
    }
    this.#streamed = "";
    const calls = (message.tool_calls ?? []).map((call) => {
      const malformed = call.id === undefined ? undefined : state.malformed.get(call.id);
      return { id: call.id ?? "", name: call.name, args: malformed === undefined ? call.args : malformed.rawArgs };
    });
    for (const call of calls) {
      this.#callOrder.push(call.id);
      yield { type: "tool-call", ...call };
    }
    if (calls.length === 0) this.#final = full;
    else this.#pending = { content: full, calls };
  }

  *#text(text: string): Generator<AgentEvent> {
    // A new model message after earlier text starts a new paragraph, so the answer reads well.
    if (this.#streamed === "" && this.answer !== "" && !this.answer.endsWith("\n\n")) {
      const separator = this.answer.endsWith("\n") ? "\n" : "\n\n";
      this.answer += separator;
      yield { type: "text-delta", text: separator };
    }
    this.#streamed += text;
    this.answer += text;
    yield { type: "text-delta", text };
  }

  *#toolMessage(message: ToolMessage): Generator<AgentEvent> {
    const call = this.#pending?.calls.find((pending) => pending.id === message.tool_call_id);
    const name = call?.name ?? message.name ?? "";
    const artifact = toolArtifactOf(message.artifact, textOf(message));
    const base = { id: message.tool_call_id, name, args: call?.args ?? {} };
    if (artifact.ok) {
      const record: ToolCallRecord = { ...base, ok: true, summary: artifact.summary, timingMs: artifact.timingMs };
      this.toolCalls.push(record);
      this.artifacts.push({ toolCallId: base.id, tool: name, output: artifact.output });
      this.#results.push({ content: textOf(message), record, output: artifact.output });
      yield { type: "tool-result", id: base.id, name, summary: artifact.summary, output: artifact.output, timingMs: artifact.timingMs };
    } else {
      const record: ToolCallRecord = { ...base, ok: false, summary: artifact.error.message, error: artifact.error };
      this.toolCalls.push(record);
      this.#results.push({ content: textOf(message), record, output: undefined });
      yield { type: "tool-error", id: base.id, name, error: artifact.error };
    }
  }

  /** `items` sorted by the order in which the model made the calls they belong to. */
  inCallOrder<T>(items: readonly T[], idOf: (item: T) => string): T[] {
    const position = (item: T) => {
      const index = this.#callOrder.indexOf(idOf(item));
      return index === -1 ? Number.MAX_SAFE_INTEGER : index;
    };
    return [...items].sort((a, b) => position(a) - position(b));
  }

  /** Stores what is complete: an assistant message with all its tool results, or the final answer. */
  async persistStep(): Promise<void> {
    const pending = this.#pending;
    if (pending !== undefined && this.#results.length >= pending.calls.length) await this.#storePending();
    if (this.#final !== undefined) {
      const content = this.#final;
      this.#final = undefined;
      this.seq = await this.conversations.append(this.conversationId, this.seq, [{ role: "assistant", content }]);
    }
  }

  /** Stores an assistant message whose tools did not all answer, its missing calls marked unfinished. */
  async persistInterrupted(): Promise<void> {
    if (this.#pending !== undefined) await this.#storePending();
    await this.persistStep();
  }

  async #storePending(): Promise<void> {
    const pending = this.#pending;
    if (pending === undefined) return;
    const results = this.inCallOrder(this.#results, (result) => result.record.id);
    this.#pending = undefined;
    this.#results = [];
    const records = pending.calls.map(
      (call): ToolCallRecord =>
        results.find((result) => result.record.id === call.id)?.record ?? {
          ...call,
          ok: false,
          summary: "The turn ended before this call finished.",
          error: { code: "tool_call_interrupted", category: "internal", message: "The turn ended before this call finished." },
        },
    );
    const rows: NewMessage[] = [
      { role: "assistant", content: pending.content, toolCalls: records },
      ...results.map((result) => ({
        role: "tool" as const,
        content: result.content,
        toolCalls: [result.output === undefined ? result.record : { ...result.record, output: result.output }],
      })),
    ];
    this.seq = await this.conversations.append(this.conversationId, this.seq, rows);
  }
}

/** The messages inside a node's update (a state update, or a list of them when the node returned commands). */
function messagesOf(update: unknown): BaseMessage[] {
  if (Array.isArray(update)) return update.flatMap(messagesOf);
  if (update === null || typeof update !== "object") return [];
  const messages = (update as { messages?: unknown }).messages;
  return Array.isArray(messages) ? (messages as BaseMessage[]) : [];
}

/** The text of a message, whether its content is a string or content blocks. */
function textOf(message: BaseMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((block) => (typeof block === "string" ? block : block.type === "text" && typeof block.text === "string" ? block.text : ""))
    .join("");
}

const artifactSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), summary: z.string(), output: z.record(z.string(), z.unknown()), timingMs: z.number() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), category: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  }),
]);

/** The artifact the turn middleware attached; a tool message without one is reported as an internal error. */
function toolArtifactOf(artifact: unknown, content: string): ToolArtifact {
  const parsed = artifactSchema.safeParse(artifact);
  if (parsed.success) return parsed.data as ToolArtifact;
  return {
    ok: false,
    error: { code: "tool_result_missing", category: "internal", message: `The tool answered without a result: ${content.slice(0, 200)}` },
  };
}

/** The tool calls of the current turn (after the last user message), from the graph's messages. */
function toolOutcomes(messages: readonly BaseMessage[]): Array<Pick<ToolCallRecord, "name" | "ok" | "summary">> {
  const start = messages.findLastIndex((message) => HumanMessage.isInstance(message));
  return messages
    .slice(start + 1)
    .filter((message): message is ToolMessage => ToolMessage.isInstance(message))
    .map((message) => {
      const artifact = toolArtifactOf(message.artifact, textOf(message));
      return { name: message.name ?? "", ok: artifact.ok, summary: artifact.ok ? artifact.summary : artifact.error.message };
    });
}

function stepLimitNote(maxSteps: number, calls: ReadonlyArray<Pick<ToolCallRecord, "name" | "ok" | "summary">>): string {
  const shorten = (text: string) => (text.length > MAX_NOTE_SUMMARY ? `${text.slice(0, MAX_NOTE_SUMMARY - 1)}…` : text);
  const done =
    calls.length === 0
      ? "I had not run any tool yet."
      : `What I did so far:\n${calls.map((call) => `- ${call.name}: ${call.ok ? shorten(call.summary) : `failed (${shorten(call.summary)})`}`).join("\n")}`;
  return (
    `I stopped after ${maxSteps} steps, the most I take for one message, before I could finish. ${done}\n` +
    `Reply "continue" and I will carry on from here, or ask a narrower question.`
  );
}

function isRecursionLimit(error: unknown): boolean {
  return error instanceof Error && error.name === "GraphRecursionError";
}

function cancelled(): AppError {
  return new AppError("chat_cancelled", "user", "The chat turn was cancelled before it finished; what was done so far is saved in the conversation.");
}

/** The AppError behind a failed turn: LangChain wraps middleware failures, so the cause chain is searched. */
function turnError(error: unknown): AppError {
  let link: unknown = error;
  for (let depth = 0; depth < 8 && link !== null && link !== undefined; depth++) {
    if (link instanceof AppError) return link;
    link = (link as { cause?: unknown }).cause;
  }
  return toAppError(error);
}
