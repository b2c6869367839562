/**
 * Conversation memory: the `conversations` and `messages` tables.
 *
 * Every message of a turn is written as the turn goes: the user's message before the model
 * is called, then each assistant message together with the tool messages that answer its
 * calls. A tool message keeps the model view as its content and, in `tool_calls`, the call
 * record with the full output, so a conversation view can show tables and charts again.
 * Rows are read back through zod: the JSON column is a boundary like any other.
 */
import { z } from "zod";
import { ERROR_CATEGORIES, type ErrorCategory, NotFoundError } from "../core/errors.ts";
import type { Store, StoreWriter } from "../core/ports.ts";
import type { ConversationMessage, ConversationView, ToolCallRecord } from "./types.ts";

/** Longest conversation title, in characters. */
export const MAX_TITLE_LENGTH = 80;

/** A message to append; `seq` and `createdAt` are assigned by the store. */
export interface NewMessage {
  role: ConversationMessage["role"];
  content: string;
  toolCalls?: ToolCallRecord[] | undefined;
}

const errorInfoSchema = z.object({
  code: z.string(),
  category: z.enum(ERROR_CATEGORIES as [ErrorCategory, ...ErrorCategory[]]),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  requestId: z.string().optional(),
});

const storedToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  args: z.unknown(),
  ok: z.boolean(),
  summary: z.string(),
  error: errorInfoSchema.optional(),
  timingMs: z.number().optional(),
  output: z.unknown().optional(),
});
const storedToolCallsSchema = z.array(storedToolCallSchema);

const messageRowSchema = z.object({
  seq: z.number().int(),
  role: z.enum(["user", "assistant", "tool"]),
  content: z.string(),
  tool_calls: z.unknown(),
  created_at: z.date(),
});

const conversationRowSchema = z.object({
  conversation_id: z.string(),
  title: z.string().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

/** A conversation title from its first message: whitespace collapsed, cut at a word boundary. */
export function conversationTitle(message: string, maxLength = MAX_TITLE_LENGTH): string {
  const text = message.replace(/\s+/g, " ").trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space >= maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, "")}…`;
}

function parseToolCalls(value: unknown, where: string): ToolCallRecord[] | undefined {
  if (value === null || value === undefined) return undefined;
  const json: unknown = typeof value === "string" ? JSON.parse(value) : value;
  const parsed = storedToolCallsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Stored tool calls of ${where} do not match their schema: ${parsed.error.message}`);
  return parsed.data;
}

function toMessage(row: unknown, conversationId: string): ConversationMessage {
  const parsed = messageRowSchema.parse(row);
  return {
    seq: parsed.seq,
    role: parsed.role,
    content: parsed.content,
    toolCalls: parseToolCalls(parsed.tool_calls, `message ${parsed.seq} of conversation ${conversationId}`),
    createdAt: parsed.created_at.toISOString(),
  };
}

/** Reads and writes conversations in the store. One instance per app. */
export class ConversationStore {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly newId: (prefix: string) => string,
  ) {}

  /** Creates a conversation whose first message is `first`; records who started it in the audit log. */
  async create(first: NewMessage & { role: "user" }, actor: string): Promise<{ conversationId: string; lastSeq: number }> {
    const conversationId = this.newId("conv");
    const now = this.clock();
    await this.store.transaction(async (writer) => {
      await writer.run("INSERT INTO conversations (conversation_id, created_at, updated_at, title) VALUES ($1, $2, $3, $4)", [
        conversationId,
        now,
        now,
        conversationTitle(first.content),
      ]);
      await this.#insert(writer, conversationId, 1, first, now);
      await audit(writer, now, actor, "conversation.create", conversationId);
    });
    return { conversationId, lastSeq: 1 };
  }

  /**
   * Appends the user's message to an existing conversation and returns the seq it got.
   * Throws `NotFoundError` (`conversation_not_found`) when there is no such conversation.
   */
  async continueWith(conversationId: string, message: NewMessage & { role: "user" }, actor: string): Promise<{ lastSeq: number }> {
    const now = this.clock();
    return this.store.transaction(async (writer) => {
      const [row] = await writer.query<{ last_seq: number | null }>(
        "SELECT (SELECT max(seq) FROM messages WHERE conversation_id = $1) AS last_seq FROM conversations WHERE conversation_id = $1",
        [conversationId],
      );
      if (row === undefined) throw conversationNotFound(conversationId);
      const seq = (row.last_seq ?? 0) + 1;
      await this.#insert(writer, conversationId, seq, message, now);
      await writer.run("UPDATE conversations SET updated_at = $2 WHERE conversation_id = $1", [conversationId, now]);
      await audit(writer, now, actor, "conversation.continue", conversationId);
      return { lastSeq: seq };
    });
  }

  /** Appends messages with consecutive seqs after `afterSeq`, in one transaction; returns the last seq. */
  async append(conversationId: string, afterSeq: number, messages: readonly NewMessage[]): Promise<number> {
    if (messages.length === 0) return afterSeq;
    const now = this.clock();
    await this.store.transaction(async (writer) => {
      for (const [index, message] of messages.entries()) await this.#insert(writer, conversationId, afterSeq + index + 1, message, now);
      await writer.run("UPDATE conversations SET updated_at = $2 WHERE conversation_id = $1", [conversationId, now]);
    });
    return afterSeq + messages.length;
  }

  /**
   * Messages oldest first: all of them, or those up to `untilSeq`, or only the `last` few of
   * those (what a continued conversation sends to the model).
   */
  async messages(conversationId: string, options: { untilSeq?: number; last?: number } = {}): Promise<ConversationMessage[]> {
    const rows = await this.store.query(
      `SELECT * FROM (
         SELECT seq, role, content, tool_calls, created_at FROM messages
          WHERE conversation_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT $3
       ) ORDER BY seq`,
      [conversationId, options.untilSeq ?? 2_147_483_647, options.last ?? 2_147_483_647],
    );
    return rows.map((row) => toMessage(row, conversationId));
  }

  /** The conversation with every message; `NotFoundError` when there is none with that id. */
  async view(conversationId: string): Promise<ConversationView> {
    const [row] = await this.store.query("SELECT conversation_id, title, created_at, updated_at FROM conversations WHERE conversation_id = $1", [
      conversationId,
    ]);
    if (row === undefined) throw conversationNotFound(conversationId);
    const conversation = conversationRowSchema.parse(row);
    return {
      conversationId: conversation.conversation_id,
      title: conversation.title,
      createdAt: conversation.created_at.toISOString(),
      updatedAt: conversation.updated_at.toISOString(),
      messages: await this.messages(conversationId),
    };
  }

  async #insert(writer: StoreWriter, conversationId: string, seq: number, message: NewMessage, now: Date): Promise<void> {
    await writer.run(
      "INSERT INTO messages (message_id, conversation_id, seq, role, content, tool_calls, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [
        this.newId("msg"),
        conversationId,
        seq,
        message.role,
        message.content,
        message.toolCalls === undefined || message.toolCalls.length === 0 ? null : JSON.stringify(message.toolCalls),
        now,
      ],
    );
  }
}

/** The error for an unknown conversation id, saying how to start a new one. */
export function conversationNotFound(conversationId: string): NotFoundError {
  return new NotFoundError(
    "conversation_not_found",
    `There is no conversation "${conversationId}". Use the conversationId returned by an earlier answer, or leave it out to start a new conversation.`,
    { details: { conversationId } },
  );
}

async function audit(writer: StoreWriter, at: Date, actor: string, action: string, subject: string): Promise<void> {
  await writer.run("INSERT INTO audit_log (occurred_at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)", [
    at,
    actor,
    action,
    subject,
    null,
  ]);
}
