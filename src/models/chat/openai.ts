/**
 * The `openai` chat model: LangChain's OpenAI chat model against the OpenAI API or any
 * OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp server).
 *
 * Built on `ChatOpenAICompletions`, the chat-completions half of `ChatOpenAI`, because
 * `ChatOpenAI` silently switches to `/v1/responses` for model names containing `codex`
 * or `gpt-5.x-pro` (whatever `useResponsesApi` says: see `_modelPrefersResponsesAPI` in
 * @langchain/openai 1.5.8), and compatible servers only have `/v1/chat/completions`.
 *
 * What this adds to the LangChain class:
 * - nothing is downloaded at run time: token counting (which LangChain does with
 *   tiktoken files fetched from the network when `streaming: true` meets `invoke()`)
 *   is a local estimate;
 * - retries and timeouts come from `createModelFetch` (LangChain's and the SDK's own
 *   retries are off, so there is exactly one policy);
 * - every failure is thrown as an `UpstreamError` that says what to fix;
 * - settings come only from the caller: nothing is read from `process.env`.
 */
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { ChatModelStreamEvent } from "@langchain/core/language_models/event";
import type { BaseMessage, MessageContent } from "@langchain/core/messages";
import type { ChatGenerationChunk, ChatResult } from "@langchain/core/outputs";
import { ChatOpenAICompletions } from "@langchain/openai";
import { z } from "zod";
import { type UpstreamError, ValidationError, describeIssues, fieldIssuesFrom } from "../../core/errors.ts";
import { createModelFetch } from "./model-fetch.ts";
import { type ChatEndpoint, toUpstreamError } from "./upstream-error.ts";

/** Settings of the OpenAI-compatible chat model, usually from config (see the README's table). */
export interface OpenAiChatSettings {
  /** Base URL ending in `/v1`, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1` (OPENAI_BASE_URL). */
  baseUrl: string;
  /** Sent as a Bearer token when set; local servers often need none (OPENAI_API_KEY). */
  apiKey: string | undefined;
  /** The model name the server knows, e.g. `gpt-4o-mini` or `qwen2.5:7b` (BULLSEYE_MODEL). */
  model: string;
  /** Per-attempt deadline for the first byte and for each gap while streaming (BULLSEYE_MODEL_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries after the first attempt on 429, 5xx and refused connections (BULLSEYE_MODEL_MAX_RETRIES). */
  maxRetries: number;
  /** Sampling temperature; the server's default when absent. */
  temperature?: number | undefined;
}

/** Knobs for tests and tuning; production code passes none. */
export interface OpenAiChatTuning {
  /** Wait before the first retry, doubling after; default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest single wait between attempts; default 20 s. */
  maxRetryDelayMs?: number;
}

const settingsSchema = z.object({
  baseUrl: z.url({ error: "must be a URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1" }),
  apiKey: z.string().optional(),
  model: z.string().trim().min(1, "must name a chat model, e.g. gpt-4o-mini or llama3.1"),
  timeoutMs: z.number().int().min(1).max(600_000),
  maxRetries: z.number().int().min(0).max(10),
  temperature: z.number().min(0).max(2).optional(),
});

/** Names of the settings as people configure them, for validation messages. */
const SETTING_VARIABLES: Readonly<Record<string, string>> = {
  baseUrl: "OPENAI_BASE_URL",
  apiKey: "OPENAI_API_KEY",
  model: "BULLSEYE_MODEL",
  timeoutMs: "BULLSEYE_MODEL_TIMEOUT_MS",
  maxRetries: "BULLSEYE_MODEL_MAX_RETRIES",
  temperature: "temperature",
};

/** The OpenAI SDK refuses to start without a key; this one is never sent (the Authorization header is dropped). */
const NO_KEY_PLACEHOLDER = "no-key-configured";

/** Rough tokens of a text without a tokenizer: about four characters per token for English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * An OpenAI-compatible chat model (a LangChain `BaseChatModel`: `invoke`, `stream`, `bindTools`,
 * usable by `createAgent`) that downloads nothing, retries by one policy and throws `UpstreamError`s.
 */
export class OpenAiCompatibleChatModel extends ChatOpenAICompletions {
  /** Where calls go and how they are bounded; no key. */
  readonly endpoint: Omit<ChatEndpoint, "apiKey">;
  readonly #apiKey: string | undefined;

  constructor(settings: OpenAiChatSettings, tuning: OpenAiChatTuning = {}) {
    const parsed = settingsSchema.safeParse(settings);
    if (!parsed.success) {
      const issues = fieldIssuesFrom(parsed.error.issues).map((issue) => ({
        ...issue,
        path: SETTING_VARIABLES[issue.path] ?? issue.path,
      }));
      throw new ValidationError(`Invalid chat model settings: ${describeIssues(issues)}.`, issues);
    }
    const { baseUrl, apiKey, model, timeoutMs, maxRetries, temperature } = parsed.data;
    const hasKey = apiKey !== undefined && apiKey !== "";
    const maxRetryDelayMs = tuning.maxRetryDelayMs ?? 20_000;
    super({
      model,
      apiKey: hasKey ? apiKey : NO_KEY_PLACEHOLDER,
      ...(temperature === undefined ? {} : { temperature }),
      // Our fetch retries; LangChain's AsyncCaller would otherwise add up to 6 more rounds on top.
      maxRetries: 0,
      // The SDK's clock spans our whole fetch (every attempt and wait), so it is only a backstop.
      timeout: (maxRetries + 1) * timeoutMs + maxRetries * maxRetryDelayMs + 1_000,
      // `streaming` stays unset: `streaming: false` would set `disableStreaming` and turn every stream()
      // into one invoke(); `streaming: true` would make invoke() count tokens with downloaded tiktoken files.
      configuration: {
        baseURL: baseUrl.replace(/\/+$/, ""),
        fetch: createModelFetch({
          timeoutMs,
          maxRetries,
          omitAuthorization: !hasKey,
          ...(tuning.retryBaseDelayMs === undefined ? {} : { retryBaseDelayMs: tuning.retryBaseDelayMs }),
          maxRetryDelayMs,
        }),
        // Explicit nulls keep the SDK from reading OPENAI_ORG_ID, OPENAI_PROJECT_ID and OPENAI_ADMIN_KEY:
        // only src/core/config.ts reads the environment.
        organization: null,
        project: null,
        adminAPIKey: null,
      },
    });
    this.endpoint = { baseUrl, model, timeoutMs, maxRetries };
    this.#apiKey = hasKey ? apiKey : undefined;
  }

  /** A local estimate: LangChain's default fetches tiktoken files from the network. */
  override async getNumTokens(content: MessageContent): Promise<number> {
    if (typeof content === "string") return estimateTokens(content);
    const text = content
      .map((block) => (typeof block === "string" ? block : block.type === "text" && "text" in block ? String(block.text) : ""))
      .join("");
    return estimateTokens(text);
  }

  /** Maps a failure of this model to an `UpstreamError`; the caller's own cancellation passes through. */
  toUpstreamError(error: unknown): UpstreamError {
    return toUpstreamError(error, { ...this.endpoint, apiKey: this.#apiKey });
  }

  override async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    try {
      return await super._generate(messages, options, runManager);
    } catch (error) {
      throw this.#failure(error, options.signal);
    }
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    try {
      yield* super._streamResponseChunks(messages, options, runManager);
    } catch (error) {
      throw this.#failure(error, options.signal);
    }
  }

  override async *_streamChatModelEvents(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatModelStreamEvent> {
    try {
      yield* super._streamChatModelEvents(messages, options, runManager);
    } catch (error) {
      throw this.#failure(error, options.signal);
    }
  }

  #failure(error: unknown, signal: AbortSignal | undefined): unknown {
    // A cancelled call is the caller's decision, not an upstream failure: let it through as LangChain threw it.
    if (signal?.aborted) return error;
    return this.toUpstreamError(error);
  }
}

/**
 * Creates the OpenAI-compatible chat model from settings (usually `config.openai` plus
 * `BULLSEYE_MODEL`). Throws `ValidationError` naming the variable when a setting is invalid.
 */
export function createOpenAiChatModel(settings: OpenAiChatSettings, tuning: OpenAiChatTuning = {}): OpenAiCompatibleChatModel {
  return new OpenAiCompatibleChatModel(settings, tuning);
}
