/**
 * Helpers for the builtin planner's tests: the real tool list, conversations built from
 * messages, a minimal LangChain tool adapter (the app's own lives in src/agent), a turn
 * runner, and the "no invented numbers" check.
 */
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool as langChainTool } from "langchain";
import { toAppError } from "../../../src/core/errors.ts";
import { modelViewOfError, modelViewOfResult } from "../../../src/core/model-view.ts";
import { type AnyTool, type ToolContext, runTool } from "../../../src/core/tool.ts";
import type { BuiltinChatModel } from "../../../src/models/builtin/index.ts";
import { draftCampaignCopy } from "../../../tools/draft-campaign-copy/index.ts";
import { allTools } from "../../../tools/index.ts";

/** Every Bullseye tool (the draft tool added when the registry does not list it yet). */
export const TOOLS: readonly AnyTool[] = allTools.some((tool) => tool.name === draftCampaignCopy.name) ? allTools : [...allTools, draftCampaignCopy];

/** Today for the planner in tests: the demo's as-of day. */
export const TODAY = "2026-11-01";

/** A message list from plain turns: strings are human messages; objects are tool calls with their results. */
export type Step =
  | string
  | { calls: Array<{ id: string; name: string; args: Record<string, unknown>; result: string }> }
  | { answer: string };

export function messages(...steps: Step[]): BaseMessage[] {
  const out: BaseMessage[] = [];
  for (const step of steps) {
    if (typeof step === "string") out.push(new HumanMessage(step));
    else if ("answer" in step) out.push(new AIMessage(step.answer));
    else {
      out.push(new AIMessage({ content: "", tool_calls: step.calls.map((call) => ({ id: call.id, name: call.name, args: call.args, type: "tool_call" as const })) }));
      for (const call of step.calls) out.push(new ToolMessage({ content: call.result, tool_call_id: call.id, name: call.name }));
    }
  }
  return out;
}

/** Runs a tool and returns the model view, as the agent sends it to the model. */
export async function modelView(tool: AnyTool, args: unknown, context: ToolContext): Promise<string> {
  try {
    const { timingMs: _timing, ...output } = (await runTool(tool, args, context)) as { summary: string; timingMs: number } & Record<string, unknown>;
    return modelViewOfResult(tool.name, output);
  } catch (error) {
    const appError = toAppError(error);
    return modelViewOfError(tool.name, { code: appError.code, message: appError.message });
  }
}

/** LangChain tools over `tools` that answer with model views (a minimal stand-in for the agent's adapter). */
export function langChainTools(tools: readonly AnyTool[], context: ToolContext) {
  return tools.map((tool) =>
    langChainTool(async (args: unknown) => modelView(tool, args, context), {
      name: tool.name,
      description: tool.description,
      schema: tool.inputSchema,
    }),
  );
}

/** One turn run by hand: model call, tool calls, tool messages, until the model answers. */
export async function runTurn(model: BuiltinChatModel, history: readonly BaseMessage[], request: string, context: ToolContext) {
  const byName = new Map(TOOLS.map((tool) => [tool.name, tool]));
  const all: BaseMessage[] = [...history, new HumanMessage(request)];
  const called: Array<{ name: string; args: Record<string, unknown> }> = [];
  const views: string[] = [];
  for (let step = 0; step < 10; step++) {
    const reply = await model.invoke(all);
    all.push(reply);
    const calls = reply.tool_calls ?? [];
    if (calls.length === 0) return { messages: all, called, views, answer: reply.text };
    for (const call of calls) {
      called.push({ name: call.name, args: call.args });
      const view = await modelView(byName.get(call.name)!, call.args, context);
      views.push(view);
      all.push(new ToolMessage({ content: view, tool_call_id: call.id ?? "", name: call.name }));
    }
  }
  throw new Error(`the turn "${request}" did not end within 10 model calls`);
}

/** The numbers of a text: "1,234.5" → 1234.5; "-0.58" → -0.58; with the decimals as written. */
function numbersOf(text: string): Array<{ value: number; decimals: number; raw: string }> {
  return [...text.matchAll(/-?\d[\d,]*(?:\.\d+)?/g)].map((match) => {
    const raw = match[0].replace(/,/g, "");
    const decimals = raw.includes(".") ? raw.split(".")[1]!.length : 0;
    return { value: Number(raw), decimals, raw: match[0] };
  });
}

/**
 * Numbers in `answer` that no source states: a number counts as quoted when a source
 * number rounds to it at the answer's precision, or is a share (0–1) whose percentage
 * rounds to it.
 */
export function inventedNumbers(answer: string, sources: readonly string[]): string[] {
  const known = sources.flatMap((source) => [...source.matchAll(/-?\d+(?:\.\d+)?(?:e-?\d+)?/g)].map((match) => Number(match[0])));
  const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;
  return numbersOf(answer)
    .filter(({ value, decimals }) => {
      const matches = (x: number) =>
        Math.abs(round(x, decimals) - value) < 1e-9 || Math.abs(round(Math.abs(x), decimals) - Math.abs(value)) < 1e-9 || Math.abs(round(x * 100, decimals) - value) < 1e-9;
      return !known.some(matches);
    })
    .map(({ raw }) => raw);
}
