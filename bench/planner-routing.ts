/**
 * Bench of the builtin planner's routing: does a marketer's request get exactly the right
 * set of tools?
 *
 * Data: `bench/data/planner-requests.json`, 96 requests written for this bench (single-tool,
 * compound, clarification, greeting/off-topic and follow-up turns), each labelled with the
 * exact set of tools the turn should call (empty for clarifying questions and small talk).
 * The labels were written before the planner was tuned; every 4th request (`split:
 * "heldout"`) was kept out of tuning, and its accuracy is reported on its own.
 *
 * Protocol: each request is a new conversation on the demo store (seed 42, 2026-11-01 as
 * "today"). Its `history` turns run first; then the request's turn runs for real — the
 * `BuiltinChatModel` is called, its tool calls are executed with `runTool` and their model
 * views fed back, until it answers (at most 8 model calls, the agent's default step cap).
 * The set of tools the turn called is compared with the label (exact-set match). Per-tool
 * precision and recall count a tool once per request. The plan the planner announced before
 * the turn (`plannedTools`) is compared with what the turn executed, as a check that the
 * published plan is what runs.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { z } from "zod";
import { toAppError } from "../src/core/errors.ts";
import { modelViewOfError, modelViewOfResult } from "../src/core/model-view.ts";
import { type AnyTool, type ToolContext, runTool } from "../src/core/tool.ts";
import { DuckDbStore } from "../src/data/store.ts";
import { BuiltinChatModel } from "../src/models/builtin/index.ts";
import { LocalEmbedder } from "../src/models/embeddings/local-embedder.ts";
import { draftCampaignCopy } from "../tools/draft-campaign-copy/index.ts";
import { allTools } from "../tools/index.ts";
import { type BenchModule, type BenchRow, benchToolContext, repoRoot, round } from "./lib.ts";

const AREA = "planner";
const TARGET_ACCURACY = 0.9;
/** The demo's last order day is 2026-10-31; the tools' default as-of day is the day after. */
const TODAY = "2026-11-01";
const MAX_MODEL_CALLS = 8;

const requestSchema = z.object({
  id: z.string(),
  request: z.string().min(1),
  tools: z.array(z.string()),
  kind: z.enum(["single", "compound", "clarify", "offtopic", "followup"]),
  split: z.enum(["dev", "heldout"]),
  history: z.array(z.string()).optional(),
});
const fileSchema = z.object({ requests: z.array(requestSchema).min(80) });
export type LabelledRequest = z.infer<typeof requestSchema>;

/** The labelled requests. */
export async function loadPlannerRequests(): Promise<LabelledRequest[]> {
  const text = await readFile(path.join(repoRoot, "bench", "data", "planner-requests.json"), "utf8");
  return fileSchema.parse(JSON.parse(text)).requests;
}

/** One turn run for real: the messages after it, the tools it called and its answer. */
export interface TurnRun {
  messages: BaseMessage[];
  called: string[];
  answer: string;
  modelCalls: number;
}

/** Runs one turn of `model` over `tools`: model call, tool calls, tool messages, until an answer. */
export async function runTurn(
  model: BuiltinChatModel,
  history: readonly BaseMessage[],
  request: string,
  tools: ReadonlyMap<string, AnyTool>,
  context: ToolContext,
): Promise<TurnRun> {
  const messages: BaseMessage[] = [...history, new HumanMessage(request)];
  const called: string[] = [];
  for (let step = 1; step <= MAX_MODEL_CALLS; step++) {
    const reply = await model.invoke(messages);
    messages.push(reply);
    if ((reply.tool_calls ?? []).length === 0) return { messages, called, answer: reply.text, modelCalls: step };
    for (const call of reply.tool_calls ?? []) {
      called.push(call.name);
      const tool = tools.get(call.name);
      let content: string;
      try {
        if (tool === undefined) throw new Error(`unknown tool ${call.name}`);
        const { timingMs: _timing, ...output } = (await runTool(tool, call.args, context)) as { summary: string; timingMs: number } & Record<string, unknown>;
        content = modelViewOfResult(call.name, output);
      } catch (error) {
        const appError = toAppError(error);
        content = modelViewOfError(call.name, { code: appError.code, message: appError.message });
      }
      messages.push(new ToolMessage({ content, tool_call_id: call.id ?? "", name: call.name }));
    }
  }
  return { messages, called, answer: "", modelCalls: MAX_MODEL_CALLS };
}

/** The result of one labelled request. */
export interface RequestResult {
  item: LabelledRequest;
  planned: string[];
  called: string[];
  correct: boolean;
  milliseconds: number;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/** Runs every labelled request on `store` (a loaded demo store) and returns one result per request. */
export async function runPlannerRouting(
  store: DuckDbStore,
  requests: readonly LabelledRequest[],
  log: (message: string) => void = () => {},
): Promise<RequestResult[]> {
  const registry = allTools.some((tool) => tool.name === draftCampaignCopy.name) ? allTools : [...allTools, draftCampaignCopy];
  const tools = new Map(registry.map((tool) => [tool.name, tool]));
  const model = new BuiltinChatModel({ tools: registry, today: () => TODAY });
  const context = benchToolContext(store, { embedder: new LocalEmbedder() });
  const results: RequestResult[] = [];
  for (const item of requests) {
    const started = performance.now();
    let history: BaseMessage[] = [];
    for (const earlier of item.history ?? []) history = (await runTurn(model, history, earlier, tools, context)).messages;
    const planned = await model.plannedTools([...history, new HumanMessage(item.request)]);
    const run = await runTurn(model, history, item.request, tools, context);
    const called = [...new Set(run.called)];
    const correct = sameSet(called, item.tools);
    results.push({ item, planned, called, correct, milliseconds: performance.now() - started });
    if (!correct) log(`planner: ${item.id} (${item.split}) "${item.request}" expected [${item.tools.join(", ")}], called [${called.join(", ")}]`);
  }
  return results;
}

/** Exact-set accuracy and per-tool precision/recall as bench rows. */
export function routingRows(results: readonly RequestResult[]): BenchRow[] {
  const accuracy = (subset: readonly RequestResult[]) => (subset.length === 0 ? 0 : subset.filter((result) => result.correct).length / subset.length);
  const dev = results.filter((result) => result.item.split === "dev");
  const heldout = results.filter((result) => result.item.split === "heldout");
  const rows: BenchRow[] = [
    {
      tool: AREA,
      metric: `exact tool-set accuracy, all ${results.length} requests`,
      ours: round(accuracy(results)),
      target: `≥ ${TARGET_ACCURACY}`,
      pass: accuracy(results) >= TARGET_ACCURACY,
    },
    { tool: AREA, metric: `exact tool-set accuracy, ${dev.length} tuning requests`, ours: round(accuracy(dev)) },
    {
      tool: AREA,
      metric: `exact tool-set accuracy, ${heldout.length} held-out requests`,
      ours: round(accuracy(heldout)),
      target: `≥ ${TARGET_ACCURACY}`,
      pass: accuracy(heldout) >= TARGET_ACCURACY,
      note: "requests not looked at while tuning the planner",
    },
  ];
  for (const kind of ["single", "compound", "clarify", "offtopic", "followup"] as const) {
    const subset = results.filter((result) => result.item.kind === kind);
    if (subset.length > 0) rows.push({ tool: AREA, metric: `exact tool-set accuracy, ${kind} (${subset.length})`, ours: round(accuracy(subset)) });
  }
  const toolNames = [...new Set(results.flatMap((result) => [...result.item.tools, ...result.called]))].sort();
  for (const name of toolNames) {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const result of results) {
      const wanted = result.item.tools.includes(name);
      const got = result.called.includes(name);
      if (wanted && got) truePositives++;
      else if (got) falsePositives++;
      else if (wanted) falseNegatives++;
    }
    const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
    const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
    rows.push({ tool: AREA, metric: `${name} precision`, ours: round(precision) }, { tool: AREA, metric: `${name} recall`, ours: round(recall) });
  }
  const agreeing = results.filter((result) => sameSet(result.planned, result.called)).length;
  rows.push({
    tool: AREA,
    metric: "turns whose executed tools equal the announced plan",
    ours: agreeing,
    reference: results.length,
    referenceName: "requests",
  });
  const times = results.map((result) => result.milliseconds).sort((a, b) => a - b);
  rows.push({ tool: AREA, metric: "median turn time with real tools (history turns included)", ours: round(times[Math.floor(times.length / 2)] ?? 0, 1), unit: "ms" });
  return rows;
}

export const bench: BenchModule = async (context) => {
  const requests = await loadPlannerRequests();
  const store = await DuckDbStore.open({ location: ":memory:" });
  try {
    context.log("planner: loading the demo store (seed 42)…");
    const { loadDemo } = await import("../src/data/demo/index.ts");
    await loadDemo(store, { seed: 42 });
    context.log(`planner: running ${requests.length} labelled requests through the builtin model and the real tools…`);
    return routingRows(await runPlannerRouting(store, requests, context.log));
  } finally {
    await store.close();
  }
};
