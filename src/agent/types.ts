/**
 * The agent's contract with the surfaces (HTTP, CLI, Slack): a chat turn is a stream of
 * events ending in `done`; a conversation is a list of persisted messages.
 * HTTP turns these events into JSON or Server-Sent Events; the CLI prints them.
 */
import type { ErrorBody } from "../core/errors.ts";

/** An error as events and tool-call records carry it: code, category, message (never a stack). */
export type ErrorInfo = ErrorBody["error"];

/** One tool call made during a turn, as every response lists them. */
export interface ToolCallRecord {
  /** The model's id for the call. */
  id: string;
  name: string;
  args: unknown;
  ok: boolean;
  /** The tool's summary, or the error message when `ok` is false. */
  summary: string;
  /** Set when `ok` is false. */
  error?: ErrorInfo;
  timingMs?: number;
  /**
   * Only on tool messages of a conversation view: the call's full output (the artifact), so
   * a page can show its tables and charts again. Never set in `done.toolCalls`.
   */
  output?: unknown;
}

/** A full tool output shown to people (tables, series): never sent to the model whole. */
export interface Artifact {
  /** The tool call that produced it. */
  toolCallId: string;
  tool: string;
  output: unknown;
}

export type AgentEvent =
  | { type: "text-delta"; text: string }
  | { type: "tool-call"; id: string; name: string; args: unknown }
  | { type: "tool-result"; id: string; name: string; summary: string; output: unknown; timingMs?: number }
  | { type: "tool-error"; id: string; name: string; error: ErrorInfo }
  | {
      type: "done";
      conversationId: string;
      answer: string;
      toolCalls: ToolCallRecord[];
      artifacts: Artifact[];
      /** True when the turn stopped at the step cap (the answer says so). */
      stepLimitReached: boolean;
    };

/** A chat turn's request. */
export interface ChatRequest {
  /** Continue this conversation; a new one is created when absent. */
  conversationId?: string | undefined;
  message: string;
  /** Who asked (API key id, Slack user, `cli`), recorded with the conversation. */
  actor: string;
}

/** One persisted message. */
export interface ConversationMessage {
  seq: number;
  role: "user" | "assistant" | "tool";
  content: string;
  /** Assistant messages: the calls it made; tool messages: the call they answer and the full output. */
  toolCalls?: ToolCallRecord[] | undefined;
  createdAt: string;
}

/** A conversation as `GET /api/conversations/:id` returns it. */
export interface ConversationView {
  conversationId: string;
  title: string | null;
  createdAt: string;
  updatedAt: string;
  messages: ConversationMessage[];
}

/** What surfaces use: run a turn, read a conversation. */
export interface ChatAgent {
  /** Runs one turn; the last event is always `done` (errors before it are thrown as AppErrors). */
  chat(request: ChatRequest, options?: { signal?: AbortSignal }): AsyncIterable<AgentEvent>;
  /** The conversation with every message; `NotFoundError` when there is none with that id. */
  getConversation(conversationId: string): Promise<ConversationView>;
  /** Which chat model answers (`builtin` or `openai:<model>`), for `/health` and logs. */
  readonly modelId: string;
}
