/**
 * Model selection: which chat model answers, and whether copy is written by a model or by
 * the draft tool's templates. `BULLSEYE_MODEL=builtin` (the default) is the offline planner;
 * any other value names a model served at `OPENAI_BASE_URL` (OpenAI, Ollama, vLLM, LM Studio,
 * llama.cpp server).
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { type Config, isLoopbackHost } from "../core/config.ts";
import type { TextGenerator } from "../core/ports.ts";
import type { AnyTool } from "../core/tool.ts";
import { BuiltinChatModel } from "./builtin/index.ts";
import { createOpenAiChatModel } from "./chat/openai.ts";
import { chatModelTextGenerator } from "./chat/text-generator.ts";

/** The configured chat model and what surfaces need to know about it. */
export interface ChatModelSetup {
  model: BaseChatModel;
  /** `builtin` or `openai:<model>`, for `/health`, logs and drafts. */
  modelId: string;
  /** True when text sent to the model leaves this machine (then contact details are redacted). */
  external: boolean;
  /** Writes campaign copy with the model; undefined for `builtin`, where the draft tool uses its templates. */
  writer: TextGenerator | undefined;
}

/** Whether an endpoint is on another machine (a model on 127.0.0.1 or localhost is not external). */
export function isExternalEndpoint(baseUrl: string): boolean {
  return !isLoopbackHost(new URL(baseUrl).hostname);
}

/** Builds the chat model `config.model` names, over `tools`. */
export function createChatModel(
  config: Pick<Config, "model" | "openai" | "marketing">,
  tools: readonly AnyTool[],
  options: {
    /**
     * "Today" for the builtin planner's relative dates ("last 90 days"): the day after the store's last
     * order, so an imported history is read as of its own end. The system date when absent or failing.
     */
    today?: () => Promise<string>;
  } = {},
): ChatModelSetup {
  if (config.model === "builtin") {
    return {
      model: new BuiltinChatModel({
        tools,
        currencySymbol: config.marketing.currencySymbol,
        ...(options.today === undefined ? {} : { today: options.today }),
      }),
      modelId: "builtin",
      external: false,
      writer: undefined,
    };
  }
  const model = createOpenAiChatModel({
    baseUrl: config.openai.baseUrl,
    apiKey: config.openai.apiKey,
    model: config.model,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
  });
  const modelId = `openai:${config.model}`;
  const external = isExternalEndpoint(config.openai.baseUrl);
  return { model, modelId, external, writer: chatModelTextGenerator(model, { id: modelId, external }) };
}
