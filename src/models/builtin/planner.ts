/**
 * The builtin planner: plans a turn (`plan.ts`), carries the plan out across model calls
 * (`run.ts`) and writes the answer (`answers.ts`). Deterministic: the same messages and
 * the same `today` give the same next action.
 */
import type { BaseMessage } from "@langchain/core/messages";
import type { AnyTool } from "../../core/tool.ts";
import { answerFromCalls, answerFromOutcomes, smallTalkReply } from "./answers.ts";
import { type ConversationState, latestProducts, latestSegmentation, previousCalls, readConversation } from "./conversation.ts";
import { type TurnPlan, planTurn, toolsOfPlan } from "./plan.ts";
import { ToolRouter } from "./routing.ts";
import { advance } from "./run.ts";

/** Settings of the planner. */
export interface PlannerOptions {
  /** The tools it may call: it reads their names, descriptions, examples and input schemas. */
  tools: readonly AnyTool[];
  /** Today as YYYY-MM-DD, for "last 90 days" and "since March"; default: the UTC date of the system clock. */
  today?: () => string;
  /** Currency symbol in answers; default "£" (the marketing settings' default). */
  currencySymbol?: string;
}

/** What the model says next: tool calls, or the final answer. */
export type PlannerAction =
  | { kind: "tool-calls"; calls: Array<{ id: string; name: string; args: Record<string, unknown> }> }
  | { kind: "answer"; text: string };

/** FNV-1a of a text, as 8 hex digits: a short, stable tag for tool-call ids. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value.toString(16).padStart(8, "0");
}

function firstSentence(text: string): string {
  return text.split(/(?<=\.)\s/)[0] ?? text;
}

/** Plans and carries out turns over a fixed set of tools. */
export class Planner {
  readonly #tools: ReadonlyMap<string, AnyTool>;
  readonly #router: ToolRouter;
  readonly #today: () => string;
  readonly #currency: string;

  constructor(options: PlannerOptions) {
    this.#tools = new Map(options.tools.map((tool) => [tool.name, tool]));
    this.#router = new ToolRouter(
      options.tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        examples: tool.examples.map((example) => example.request),
      })),
    );
    this.#today = options.today ?? (() => new Date().toISOString().slice(0, 10));
    this.#currency = options.currencySymbol ?? "£";
  }

  /** Names of the tools this planner calls, in the order given. */
  get toolNames(): string[] {
    return [...this.#tools.keys()];
  }

  #environment(today: string | undefined) {
    return { router: this.#router, tools: new Set(this.#tools.keys()), today: today ?? this.#today() };
  }

  /** The plan of the current turn (the last human message) of `messages`; `today` overrides the option. */
  planTurn(messages: readonly BaseMessage[], today?: string): TurnPlan {
    return planTurn(readConversation(messages), this.#environment(today));
  }

  /** The tools the current turn will call, in order: the plan as the routing benchmark measures it. */
  plannedTools(messages: readonly BaseMessage[], today?: string): string[] {
    return toolsOfPlan(this.planTurn(messages, today));
  }

  /** The next action for `messages`: the next tool call of the plan, or the answer; `today` overrides the option. */
  next(messages: readonly BaseMessage[], today?: string): PlannerAction {
    const state = readConversation(messages);
    const plan = planTurn(state, this.#environment(today));
    switch (plan.kind) {
      case "reply":
        return {
          kind: "answer",
          text: smallTalkReply(plan.talk, this.toolNames, (tool) => {
            const description = this.#tools.get(tool)?.description;
            return description === undefined ? undefined : `**${tool}**: ${firstSentence(description)}`;
          }),
        };
      case "clarify":
        return { kind: "answer", text: plan.text };
      case "tools":
        return this.#continue(state, plan);
    }
  }

  #continue(state: ConversationState, plan: Extract<TurnPlan, { kind: "tools" }>): PlannerAction {
    const earlier = previousCalls(state);
    const progress = advance(plan.steps, state.current.calls, this.#tools, {
      segmentation: latestSegmentation(earlier),
      products: latestProducts(earlier),
    });
    if (progress.diverged) return { kind: "answer", text: answerFromCalls(state.current.calls) };
    if (progress.next !== undefined) {
      const id = `call_${hash(state.current.request)}_${state.previous.length + 1}_${state.current.calls.length + 1}`;
      return { kind: "tool-calls", calls: [{ id, name: progress.next.name, args: progress.next.args }] };
    }
    return { kind: "answer", text: answerFromOutcomes(plan, progress.outcomes, { currency: this.#currency, tools: this.toolNames }) };
  }
}
