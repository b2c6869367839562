/**
 * A chat model that does not stream (only `_generate`), like the offline planner: it answers
 * each call with the next scripted AIMessage and records the messages it was given.
 */
import { BaseChatModel, type BindToolsInput } from "@langchain/core/language_models/chat_models";
import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";

export class ScriptedChatModel extends BaseChatModel {
  readonly calls: BaseMessage[][] = [];
  boundTools: string[] = [];

  constructor(private readonly replies: AIMessage[]) {
    super({});
  }

  _llmType(): string {
    return "scripted";
  }

  override bindTools(tools: BindToolsInput[]): this {
    this.boundTools = tools.map((tool) => ("name" in tool && typeof tool.name === "string" ? tool.name : "?"));
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.calls.push(messages);
    const next = this.replies.shift();
    if (next === undefined) throw new Error("scripted model: no reply left");
    return { generations: [{ message: next, text: typeof next.content === "string" ? next.content : "" }] };
  }
}
