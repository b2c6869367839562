/**
 * zod schemas of what the HTTP API accepts and returns. Routes parse requests with the
 * request schemas; `/openapi.json` is generated from all of them. Response schemas that
 * mirror a TypeScript type are checked against it with `satisfies`, so the document cannot
 * drift from what the code sends.
 */
import { z } from "zod";
import type { Artifact, ConversationView, ErrorInfo, ToolCallRecord } from "../agent/types.ts";
import { ERROR_CATEGORIES, type ErrorBody } from "../core/errors.ts";
import { API_KEY_ROLES, createApiKeyInput } from "../data/api-keys.ts";
import type { ErasureCounts } from "../data/erasure.ts";
import { type ImportReport, importKinds } from "../data/import/index.ts";

// ----- shared -----

/** An error's fields, as error bodies, tool errors and tool-call records carry them. */
export const errorInfoSchema = z
  .object({
    code: z.string().describe("Stable snake_case code, e.g. invalid_input, insufficient_role, rate_limited."),
    category: z.enum(ERROR_CATEGORIES).describe("What kind of failure; decides the HTTP status."),
    message: z.string().describe("What was wrong and how to fix it, for people."),
    details: z.record(z.string(), z.unknown()).optional().describe("Structured extras: failing fields, limits, rejected rows."),
    requestId: z.string().optional().describe("The request's id (also in the X-Request-Id header); quote it in bug reports."),
  })
  .describe("What went wrong.") satisfies z.ZodType<ErrorInfo>;

/** The error body every failing request gets. */
export const errorBodySchema = z.object({ error: errorInfoSchema }).describe("An error.") satisfies z.ZodType<ErrorBody>;

// ----- health and tools -----

export const healthResponseSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string().describe("Bullseye's version."),
    model: z.string().nullable().describe("The chat model that answers: builtin or openai:<model>; null when chat is off."),
    data: z
      .object({
        customers: z.number().int(),
        products: z.number().int(),
        orders: z.number().int(),
        orderItems: z.number().int(),
        reviews: z.number().int(),
      })
      .describe("Rows in the business tables."),
  })
  .describe("The server is up.");

export const toolListResponseSchema = z
  .object({
    tools: z.array(
      z.object({
        name: z.string().describe("snake_case tool name; POST /api/tools/{name} calls it."),
        description: z.string().describe("What the tool answers, written for the model."),
        inputSchema: z.record(z.string(), z.unknown()).describe("JSON Schema of the input."),
        outputSchema: z.record(z.string(), z.unknown()).describe("JSON Schema of the output."),
        examples: z.array(z.object({ request: z.string(), input: z.unknown() })).describe("Example requests and their input."),
      }),
    ),
  })
  .describe("Every installed tool.");

/** Body of `POST /api/tools/:name`. */
export const toolCallBodySchema = z
  .object({ input: z.unknown().describe("The tool's input object; see GET /api/tools for its schema.") })
  .strict();

export const toolCallResponseSchema = z
  .object({
    output: z
      .looseObject({
        summary: z.string().describe("A few sentences with the key numbers."),
        timingMs: z.number().describe("How long the tool ran, in milliseconds."),
      })
      .describe("The tool's full output."),
  })
  .describe("The tool's output.");

// ----- chat -----

export const MAX_CHAT_MESSAGE_LENGTH = 4_000;

/** Body of `POST /api/chat`. */
export const chatRequestSchema = z
  .object({
    conversationId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/, "must be a conversation id as returned by an earlier answer, e.g. conv_3f9a0c1d2e4b")
      .optional()
      .describe("Continue this conversation (from an earlier answer); leave out to start a new one."),
    message: z
      .string()
      .trim()
      .min(1, "must not be empty: ask a question")
      .max(MAX_CHAT_MESSAGE_LENGTH, `must be at most ${MAX_CHAT_MESSAGE_LENGTH} characters; split long requests`)
      .describe(`What to ask, 1–${MAX_CHAT_MESSAGE_LENGTH} characters.`),
  })
  .strict();

export type ChatRequestBody = z.output<typeof chatRequestSchema>;

export const toolCallRecordSchema = z
  .object({
    id: z.string().describe("The model's id for the call."),
    name: z.string().describe("The tool called."),
    args: z.unknown().describe("The arguments the model passed."),
    ok: z.boolean().describe("Whether the call succeeded."),
    summary: z.string().describe("The tool's summary, or the error message."),
    error: errorInfoSchema.optional().describe("Set when ok is false."),
    timingMs: z.number().optional().describe("How long the tool ran, in milliseconds."),
    output: z.unknown().optional().describe("Only in conversation views, on tool messages: the call's full output."),
  })
  .describe("One tool call made during the turn.") satisfies z.ZodType<ToolCallRecord>;

export const artifactSchema = z
  .object({
    toolCallId: z.string().describe("The tool call that produced it."),
    tool: z.string().describe("The tool's name."),
    output: z.unknown().describe("The tool's full output (tables, series); see GET /api/tools for each tool's output schema."),
  })
  .describe("A full tool output for people.") satisfies z.ZodType<Artifact>;

export const chatResponseSchema = z
  .object({
    conversationId: z.string().describe("Send it back as conversationId to continue the conversation."),
    answer: z.string().describe("The assistant's answer."),
    toolCalls: z.array(toolCallRecordSchema).describe("Every tool call made, in order."),
    artifacts: z.array(artifactSchema).describe("Full outputs of the successful tool calls."),
    stepLimitReached: z.boolean().describe("True when the turn stopped at the step cap (the answer says so)."),
  })
  .describe("A chat turn's answer.");

/** Events of a streamed chat turn, as Server-Sent Events: the event name is `type`, the data the JSON object. */
export const chatEventSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("text-delta"), text: z.string().describe("The next piece of the answer.") }),
    z.object({ type: z.literal("tool-call"), id: z.string(), name: z.string(), args: z.unknown() }),
    z.object({
      type: z.literal("tool-result"),
      id: z.string(),
      name: z.string(),
      summary: z.string(),
      output: z.unknown().describe("The full output."),
      timingMs: z.number().optional(),
    }),
    z.object({ type: z.literal("tool-error"), id: z.string(), name: z.string(), error: errorInfoSchema }),
    chatResponseSchema.extend({ type: z.literal("done") }),
    errorBodySchema.extend({ type: z.literal("error") }).describe("The turn failed; the stream ends after it."),
  ])
  .describe("One Server-Sent Event of a chat turn.");

export const conversationViewSchema = z
  .object({
    conversationId: z.string(),
    title: z.string().nullable().describe("A short title from the first message."),
    createdAt: z.string().describe("ISO time."),
    updatedAt: z.string().describe("ISO time."),
    messages: z.array(
      z.object({
        seq: z.number().int().describe("Position in the conversation, from 1."),
        role: z.enum(["user", "assistant", "tool"]),
        content: z.string(),
        toolCalls: z.array(toolCallRecordSchema).optional(),
        createdAt: z.string().describe("ISO time."),
      }),
    ),
  })
  .describe("A conversation with every message.") satisfies z.ZodType<ConversationView>;

// ----- import -----

export const importQuerySchema = z
  .object({
    skipBadRows: z
      .enum(["true", "false"], { error: "must be true or false" })
      .optional()
      .describe("true: import the good rows and list the bad ones; default false: any bad row rejects the whole file."),
  })
  .strict();

const tableChangesSchema = z.object({
  inserted: z.number().int().describe("Rows whose key was new."),
  updated: z.number().int().describe("Rows whose key existed with different values."),
  unchanged: z.number().int().describe("Rows identical to what was stored."),
});

export const importReportSchema = z
  .object({
    kind: z.enum(importKinds as [ImportReport["kind"], ...ImportReport["kind"][]]).describe("What the file held."),
    file: z.string().describe("The uploaded file's name."),
    format: z.enum(["csv", "json"]),
    status: z.enum(["imported", "rejected"]).describe("rejected: some rows were bad and nothing was changed."),
    rowsRead: z.number().int(),
    rowsAccepted: z.number().int(),
    rowsRejected: z.number().int(),
    rejected: z
      .array(
        z.object({
          line: z.number().int().describe("Line in the file where the record starts; the CSV header is line 1."),
          column: z.string().optional(),
          reason: z.string().describe("What was wrong and what to do about it."),
          value: z.string().optional(),
        }),
      )
      .describe("The rejected rows, at most 1,000."),
    rejectedTruncated: z.boolean(),
    skippedBadRows: z.boolean(),
    changes: z
      .object({
        customers: tableChangesSchema.optional(),
        products: tableChangesSchema.optional(),
        orders: tableChangesSchema.optional(),
        order_items: tableChangesSchema.optional(),
        reviews: tableChangesSchema.optional(),
      })
      .describe("Per table: rows inserted, updated, unchanged."),
    notes: z.array(z.string()),
    durationMs: z.number(),
  })
  .describe("What an import did.") satisfies z.ZodType<ImportReport>;

// ----- erasure -----

export const erasureResponseSchema = z
  .object({
    erased: z.object({
      customers: z.number().int(),
      orders: z.number().int(),
      orderItems: z.number().int(),
      reviews: z.number().int(),
      segmentAssignments: z.number().int(),
      scrubbed: z.record(z.string(), z.number().int()).describe('Per table, stored results in which the id became "[erased]".'),
    }) satisfies z.ZodType<ErasureCounts>,
  })
  .describe("What was deleted and scrubbed.");

// ----- keys -----

export const createKeyBodySchema = createApiKeyInput.strict();

const keyRecordSchema = z.object({
  keyId: z.string().describe("Public id, e.g. key_4fT9qLm2Xa7B."),
  role: z.enum(API_KEY_ROLES),
  label: z.string().nullable(),
  createdAt: z.string().describe("ISO time."),
  revokedAt: z.string().nullable().describe("ISO time of revocation; null while active."),
});

export const keyListResponseSchema = z.object({ keys: z.array(keyRecordSchema) }).describe("Every key, active and revoked; never the keys themselves.");

export const createdKeyResponseSchema = z
  .object({
    keyId: z.string(),
    key: z.string().describe("The key itself. It is shown this once and cannot be recovered: store it now."),
    role: z.enum(API_KEY_ROLES),
    label: z.string().nullable(),
    createdAt: z.string(),
  })
  .describe("The new key.");

export const revokedKeyResponseSchema = z
  .object({
    key: keyRecordSchema,
    alreadyRevoked: z.boolean().describe("True when the key had been revoked before; nothing changed."),
  })
  .describe("The revoked key.");
