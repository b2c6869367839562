/**
 * The `builtin` chat model: the offline planner as a LangChain chat model, so the same
 * agent loop (`createAgent` from "langchain") runs on it as on an OpenAI-compatible model.
 *
 * On each call it reads the conversation, and either emits the next tool call of its plan
 * (an AIMessage with `tool_calls`, ids unique within the conversation) or writes the final
 * answer from the tool results. Streaming yields the answer in small word groups, and tool
 * calls as one chunk of `tool_call_chunks`, so streaming UIs get text deltas and the
 * aggregated message still carries the calls.
 *
 * `bindTools` returns a model restricted to the bound tools that it knows (by name); tools
 * it was not constructed with are ignored, because it can only fill arguments it has
 * schemas and examples for.
 */
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { AnyTool } from "../../core/tool.ts";
import { type TurnPlan, toolsOfPlan } from "./plan.ts";
import { Planner, type PlannerAction, type PlannerOptions } from "./planner.ts";

/** Constructor fields: the planner's options plus LangChain's chat-model parameters (callbacks, tags, …). */
export interface BuiltinChatModelFields extends Omit<PlannerOptions, "today">, Omit<BaseChatModelParams, "disableStreaming"> {
  /**
   * Today as YYYY-MM-DD, asked once per model call, for "last 90 days" and "since March". Pass the
   * store's as-of day (`defaultAsOf`) so a historical import is read as of its last order; when it
   * fails or is absent, the UTC date of the system clock is used.
   */
  today?: () => string | Promise<string>;
}

const systemDate = () => new Date().toISOString().slice(0, 10);

/** Words per streamed text chunk. */
const WORDS_PER_CHUNK = 4;

/** The name of a tool as LangChain hands it to `bindTools` (a tool object or an OpenAI-style definition). */
function boundName(tool: BindToolsInput): string | undefined {
  const candidate = tool as { name?: unknown; function?: { name?: unknown } };
  if (typeof candidate.name === "string") return candidate.name;
  if (typeof candidate.function?.name === "string") return candidate.function.name;
  return undefined;
}

/** Splits an answer into chunks of a few words, keeping every character (whitespace included). */
export function textChunks(text: string, wordsPerChunk = WORDS_PER_CHUNK): string[] {
  const pieces = text.match(/\s*\S+\s*/g) ?? (text === "" ? [] : [text]);
  const chunks: string[] = [];
  for (let index = 0; index < pieces.length; index += wordsPerChunk) chunks.push(pieces.slice(index, index + wordsPerChunk).join(""));
  return chunks;
}

/** The offline planner as a LangChain `BaseChatModel`. */
export class BuiltinChatModel extends BaseChatModel<BaseChatModelCallOptions, AIMessageChunk> {
  readonly #fields: BuiltinChatModelFields;
  readonly #planner: Planner;

  static override lc_name(): string {
    return "BuiltinChatModel";
  }

  constructor(fields: BuiltinChatModelFields) {
    const { tools: _tools, today: _today, currencySymbol: _currency, ...base } = fields;
    super(base);
    this.#fields = fields;
    this.#planner = new Planner({ tools: fields.tools, ...(fields.currencySymbol === undefined ? {} : { currencySymbol: fields.currencySymbol }), today: systemDate });
  }

  _llmType(): string {
    return "builtin";
  }

  /** The plan of the current turn of `messages`, with today from the `today` option. */
  async planTurn(messages: BaseMessage[]): Promise<TurnPlan> {
    return this.#planner.planTurn(messages, await this.today());
  }

  /** The tools the current turn of `messages` will call, in order (what the routing benchmark measures). */
  async plannedTools(messages: BaseMessage[]): Promise<string[]> {
    return toolsOfPlan(await this.planTurn(messages));
  }

  /** Names of the tools this model calls. */
  get toolNames(): string[] {
    return this.#planner.toolNames;
  }

  /**
   * A model that calls only the bound tools it knows. `createAgent` binds the agent's
   * tools on every model call, so the bound set is the agent's tool list.
   */
  override bindTools(tools: BindToolsInput[], _kwargs?: Partial<BaseChatModelCallOptions>): BuiltinChatModel {
    const names = new Set(tools.map(boundName).filter((name): name is string => name !== undefined));
    const known: AnyTool[] = this.#fields.tools.filter((tool) => names.has(tool.name));
    return new BuiltinChatModel({ ...this.#fields, tools: known });
  }

  /** Today for this call: the `today` option, or the system date when it is absent or fails. */
  async today(): Promise<string> {
    const today = this.#fields.today;
    if (today === undefined) return systemDate();
    try {
      const value = await today();
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : systemDate();
    } catch {
      return systemDate();
    }
  }

  async #act(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<PlannerAction> {
    options.signal?.throwIfAborted();
    const today = await this.today();
    options.signal?.throwIfAborted();
    return this.#planner.next(messages, today);
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"], _runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const action = await this.#act(messages, options);
    if (action.kind === "tool-calls") {
      const message = new AIMessage({
        content: "",
        tool_calls: action.calls.map((call) => ({ id: call.id, name: call.name, args: call.args, type: "tool_call" as const })),
      });
      return { generations: [{ text: "", message }] };
    }
    return { generations: [{ text: action.text, message: new AIMessage(action.text) }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const action = await this.#act(messages, options);
    if (action.kind === "tool-calls") {
      yield new ChatGenerationChunk({
        text: "",
        message: new AIMessageChunk({
          content: "",
          tool_call_chunks: action.calls.map((call, index) => ({
            id: call.id,
            name: call.name,
            args: JSON.stringify(call.args),
            index,
            type: "tool_call_chunk" as const,
          })),
        }),
      });
      return;
    }
    for (const piece of textChunks(action.text)) {
      options.signal?.throwIfAborted();
      yield new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece }) });
      await runManager?.handleLLMNewToken(piece);
    }
  }
}
