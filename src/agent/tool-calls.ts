/**
 * Registry tools as the agent runs them.
 *
 * `executeToolCall` is the one place a model's tool call becomes a `runTool` call: it returns
 * the model view (`modelViewOfResult`, or `modelViewOfError` for a failure the model can fix)
 * as the tool message's content and the full output as its artifact, which the agent turns
 * into `tool-result` / `tool-error` events, artifacts and persisted tool messages.
 *
 * `toLangChainTool` describes a registry tool to LangChain (`bindTools`) with the JSON schema
 * people see at `GET /api/tools` (the input side: fields with defaults are optional). Inside
 * the agent, calls are executed by the turn middleware through `executeToolCall` directly, so
 * input is validated once, by `runTool`, and a bad argument comes back in our words.
 */
import { ToolMessage } from "@langchain/core/messages";
import { tool as langChainTool } from "langchain";
import { z } from "zod";
import { AppError, toAppError } from "../core/errors.ts";
import { modelViewOfError, modelViewOfResult } from "../core/model-view.ts";
import { type AnyTool, type ToolContext, runTool } from "../core/tool.ts";
import type { ErrorInfo } from "./types.ts";

/** What a finished tool call leaves for people: the full output, or the error. Kept as the ToolMessage's artifact. */
export type ToolArtifact =
  | { ok: true; summary: string; output: Record<string, unknown>; timingMs: number }
  | { ok: false; error: ErrorInfo };

/** A tool call's result: the text the model sees and the artifact people see. */
export interface ToolCallResult {
  content: string;
  artifact: ToolArtifact;
}

/** The result of a failed call: the model gets code and message, people get the error object. */
export function failedToolCall(toolName: string, error: AppError): ToolCallResult {
  return {
    content: modelViewOfError(toolName, { code: error.code, message: error.message }),
    artifact: { ok: false, error: error.toJSON().error },
  };
}

/**
 * Runs `tool` with the model's `args`. A world-rule failure (an `AppError`) comes back as a
 * failed result the model can act on; anything else is logged with its stack and comes back
 * as a generic internal error. Only the caller's own cancellation is thrown.
 */
export async function executeToolCall(tool: AnyTool, args: unknown, context: ToolContext): Promise<ToolCallResult> {
  try {
    const { timingMs, ...output } = (await runTool(tool, args, context)) as { summary: string; timingMs: number } & Record<string, unknown>;
    return {
      content: modelViewOfResult(tool.name, output),
      artifact: { ok: true, summary: output.summary, output, timingMs },
    };
  } catch (error) {
    if (context.signal?.aborted) throw error;
    if (!(error instanceof AppError)) context.logger.error({ err: error, tool: tool.name }, "tool failed unexpectedly");
    else if (error.category === "internal") context.logger.error({ err: error, tool: tool.name }, "tool reported an internal error");
    return failedToolCall(tool.name, toAppError(error));
  }
}

/** A tool message carrying `result`: the model view as content, the artifact beside it. */
export function toolMessageOf(result: ToolCallResult, call: { id: string; name: string }): ToolMessage {
  return new ToolMessage({
    content: result.content,
    tool_call_id: call.id,
    name: call.name,
    status: result.artifact.ok ? "success" : "error",
    artifact: result.artifact,
  });
}

/** The JSON schema of a tool's input as the model should fill it (defaults make fields optional). */
export function inputJsonSchema(tool: AnyTool): Record<string, unknown> {
  return z.toJSONSchema(tool.inputSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/**
 * A LangChain tool for `tool`: name, description and input JSON schema for `bindTools`, and a
 * function that runs it with `contextFor(signal)`, answering with the model view and the
 * artifact (`responseFormat: "content_and_artifact"`).
 */
export function toLangChainTool(tool: AnyTool, contextFor: (signal: AbortSignal | undefined) => ToolContext) {
  return langChainTool(
    async (args: unknown, config: { signal?: AbortSignal }): Promise<[string, ToolArtifact]> => {
      const result = await executeToolCall(tool, args, contextFor(config.signal));
      return [result.content, result.artifact];
    },
    {
      name: tool.name,
      description: tool.description,
      schema: inputJsonSchema(tool),
      responseFormat: "content_and_artifact",
    },
  );
}
