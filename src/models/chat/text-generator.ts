/**
 * Adapts a LangChain chat model to the `TextGenerator` port, so tools that write free text
 * (campaign copy) can use whatever chat model is configured without knowing LangChain.
 *
 * A call is one system message and one user message; the reply's text parts are joined.
 * Failures come back as `UpstreamError`s: through the model's own `toUpstreamError` when it
 * has one (as `OpenAiCompatibleChatModel` does, so messages name the variable to fix),
 * otherwise as a generic `model_failed`. A call the caller cancelled is not an upstream
 * failure: its abort error passes through unchanged.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, type MessageContent, SystemMessage } from "@langchain/core/messages";
import { AppError, UpstreamError } from "../../core/errors.ts";
import type { TextGenerator, TextRequest } from "../../core/ports.ts";

/** How the generator describes itself (recorded with drafts) and whether it leaves this machine. */
export interface TextGeneratorOptions {
  /** Stable description of the model, e.g. `openai:gpt-4o-mini`. */
  id: string;
  /** True when text sent to the model leaves this machine (contact details are then redacted). */
  external: boolean;
}

/** A chat model that can explain its own failures (e.g. `OpenAiCompatibleChatModel`). */
interface ExplainsFailures {
  toUpstreamError(error: unknown): UpstreamError;
}

function explainsFailures(model: unknown): model is ExplainsFailures {
  return typeof (model as Partial<ExplainsFailures> | null)?.toUpstreamError === "function";
}

/** The text of a reply: a string, or the text parts of a content array joined. */
export function textOfContent(content: MessageContent): string {
  if (typeof content === "string") return content;
  return content
    .map((part) => {
      if (typeof part === "string") return part;
      return part.type === "text" && "text" in part && typeof part.text === "string" ? part.text : "";
    })
    .join("");
}

function upstreamFailure(model: BaseChatModel, options: TextGeneratorOptions, error: unknown): AppError {
  if (explainsFailures(model)) return model.toUpstreamError(error);
  if (error instanceof AppError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new UpstreamError(
    "model_failed",
    `The chat model ${options.id} failed: ${reason.slice(0, 300)}. Check the model server's logs; unset BULLSEYE_MODEL to draft with the builtin templates.`,
    { details: { model: options.id }, cause: error },
  );
}

/**
 * A `TextGenerator` that asks `model` with a system and a user message. An empty reply is
 * an `UpstreamError` (`model_empty_reply`), since callers cannot use it.
 */
export function chatModelTextGenerator(model: BaseChatModel, options: TextGeneratorOptions): TextGenerator {
  return {
    id: options.id,
    external: options.external,
    async generate(request: TextRequest): Promise<string> {
      let content: MessageContent;
      try {
        const reply = await model.invoke(
          [new SystemMessage(request.system), new HumanMessage(request.prompt)],
          request.signal === undefined ? {} : { signal: request.signal },
        );
        content = reply.content;
      } catch (error) {
        if (request.signal?.aborted) throw error;
        throw upstreamFailure(model, options, error);
      }
      const text = textOfContent(content);
      if (text.trim() === "") {
        throw new UpstreamError(
          "model_empty_reply",
          `The chat model ${options.id} returned an empty reply. Try again; if it keeps happening, check that the model supports chat completions, or unset BULLSEYE_MODEL to use the builtin templates.`,
          { details: { model: options.id } },
        );
      }
      return text;
    },
  };
}
