/**
 * Carrying out a plan across model calls (pure): the agent calls the model once per
 * step, so on every call the planner replays the turn so far — which planned steps have
 * run, which failed, which were retried — and decides the next tool call or that it is
 * time to answer.
 *
 * - Needs (`plan.ts`) are filled from earlier results: the segment whose name matches
 *   (or whose profile is closest), the top search result, the first products of a list.
 * - Arguments are checked with the tool's own input schema before they are emitted;
 *   fields the schema rejects are dropped when the call still makes sense without them.
 * - A failed call is retried once when dropping a filter the error names (or, for
 *   "not enough data", every optional filter) gives a different call; otherwise the
 *   answer explains the error. Steps that depend on a failed step are skipped.
 */
import type { ModelView } from "../../core/model-view.ts";
import type { AnyTool } from "../../core/tool.ts";
import type { ExecutedCall, KnownProduct, KnownSegment, KnownSegmentation } from "./conversation.ts";
import { productsOf, segmentationOf } from "./conversation.ts";
import { SEGMENT_PROFILES, type SegmentName } from "./extract.ts";
import { type Need, type PlanStep, SEGMENT } from "./plan.ts";

/** How the segment a step asked for by name was found. */
export interface SegmentMatch {
  asked: SegmentName;
  segment: KnownSegment;
  /** True when a segment carries the name; false when the closest profile was taken. */
  exact: boolean;
}

/** What happened to one planned step. */
export interface StepOutcome {
  step: PlanStep;
  status: "done" | "failed" | "skipped";
  /** The call that produced the final result (the retry, when there was one). */
  call?: ExecutedCall;
  /** The first attempt, when the step was retried. */
  firstAttempt?: ExecutedCall;
  /** What the retry dropped, e.g. ["country"]. */
  dropped?: string[];
  /** Why a step was skipped, in words for the answer. */
  reason?: string;
  segmentMatch?: SegmentMatch;
}

/** A tool call to emit. */
export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

/** Where the turn stands: the outcomes so far and the next call, if any. */
export interface Progress {
  outcomes: StepOutcome[];
  next: PlannedCall | undefined;
  /** True when the calls made so far do not follow the plan (e.g. the plan changed); the answer then reports them as they are. */
  diverged: boolean;
}

/** Optional filters a retry may drop, per tool: the call still answers the question without them. */
const DROPPABLE: Readonly<Record<string, readonly string[]>> = {
  segment_customers: ["country", "from", "to", "asOf", "features", "k"],
  search_catalog: ["category", "minPrice", "maxPrice", "inStockOnly"],
  analyze_sentiment: ["aspect", "from", "to", "productLimit", "minReviewsPerProduct"],
  forecast_sales: ["asOf", "granularity"],
  recommend_products: ["asOf", "excludePurchased"],
  draft_campaign_copy: ["brandVoice", "platform", "tone", "language"],
};

const NO_DATA = /\bnot enough data\b|\bno (?:reviews?|sales|orders|customers?|data)\b|\bnothing (?:to|was)\b/i;

/**
 * The arguments of a retry after `error`, or undefined when no filter can sensibly go:
 * the filters the message names, or every optional filter when the error says there was
 * not enough data.
 */
export function fixArgs(tool: string, args: Record<string, unknown>, error: { code: string; message: string }): { args: Record<string, unknown>; dropped: string[] } | undefined {
  const present = (DROPPABLE[tool] ?? []).filter((key) => args[key] !== undefined);
  if (present.length === 0) return undefined;
  const message = error.message.toLowerCase();
  const mentions = (key: string) => {
    const value = args[key];
    if ((typeof value === "string" || typeof value === "number") && String(value).length >= 3 && message.includes(String(value).toLowerCase())) return true;
    if (key === "k") return /\bk\b/.test(message);
    const words = key.replace(/([A-Z])/g, " $1").toLowerCase();
    return key.length > 4 && (message.includes(key.toLowerCase()) || message.includes(words));
  };
  let dropped = present.filter(mentions);
  if (dropped.length === 0 && (error.code === "not_enough_data" || NO_DATA.test(error.message))) dropped = present.filter((key) => key !== "k");
  if (dropped.length === 0) return undefined;
  const fixed = { ...args };
  for (const key of dropped) delete fixed[key];
  return { args: fixed, dropped };
}

/** The segment of `segmentation` that best fits a group name: the one with the name, else the closest profile. */
export function matchSegment(segmentation: KnownSegmentation, name: SegmentName): SegmentMatch | undefined {
  const exact = segmentation.segments.find((segment) => segment.name.toLowerCase() === name.toLowerCase());
  if (exact !== undefined) return { asked: name, segment: exact, exact: true };
  const profile = SEGMENT_PROFILES[name];
  let best: { segment: KnownSegment; distance: number } | undefined;
  for (const segment of segmentation.segments) {
    let sum = 0;
    let weights = 0;
    for (const [score, [target, weight]] of Object.entries(profile) as Array<[keyof KnownSegment["scores"], [number, number]]>) {
      const value = segment.scores[score];
      if (value === undefined) continue;
      sum += weight * (value - target) ** 2;
      weights += weight;
    }
    if (weights === 0) continue;
    const distance = sum / weights;
    if (best === undefined || distance < best.distance) best = { segment, distance };
  }
  return best === undefined ? undefined : { asked: name, segment: best.segment, exact: false };
}

interface FillContext {
  outcomes: readonly StepOutcome[];
  historySegmentation: KnownSegmentation | undefined;
  historyProducts: readonly KnownProduct[];
}

function latestSegmentationOf(context: FillContext): KnownSegmentation | undefined {
  for (let index = context.outcomes.length - 1; index >= 0; index--) {
    const outcome = context.outcomes[index]!;
    if (outcome.status === "done" && outcome.step.tool === SEGMENT) {
      const segmentation = segmentationOf(outcome.call?.view);
      if (segmentation !== undefined) return segmentation;
    }
  }
  return context.historySegmentation;
}

function productsOfStep(context: FillContext, index: number): KnownProduct[] {
  const outcome = context.outcomes[index];
  return outcome?.status === "done" ? productsOf(outcome.call?.view) : [];
}

/** Fills a step's needs; returns the arguments, or why the step cannot run. */
function fill(step: PlanStep, context: FillContext): { args: Record<string, unknown>; segmentMatch?: SegmentMatch } | { reason: string } {
  const args: Record<string, unknown> = structuredClone(step.args);
  let segmentMatch: SegmentMatch | undefined;
  for (const need of step.needs) {
    const result = fillNeed(need, args, context);
    if (typeof result === "string") return { reason: result };
    if (result !== undefined) segmentMatch = result;
  }
  return segmentMatch === undefined ? { args } : { args, segmentMatch };
}

function fillNeed(need: Need, args: Record<string, unknown>, context: FillContext): string | SegmentMatch | undefined {
  switch (need.kind) {
    case "segment": {
      const segmentation = latestSegmentationOf(context);
      if (need.number !== undefined) {
        if (need.number.includes(":") || segmentation === undefined) {
          args[need.into] = need.number;
          return undefined;
        }
        const segment = segmentation.segments.find((candidate) => String(candidate.number) === need.number);
        args[need.into] = segment?.segmentId ?? `${segmentation.segmentationId}:${need.number}`;
        return undefined;
      }
      if (need.name === undefined) return undefined;
      if (segmentation === undefined) return `there is no segmentation to find the ${need.name.toLowerCase()} customers in`;
      const match = matchSegment(segmentation, need.name);
      if (match === undefined) return `segmentation ${segmentation.segmentationId} has no segments to choose from`;
      args[need.into] = match.segment.segmentId;
      return match;
    }
    case "product": {
      const [top] = productsOfStep(context, need.step);
      if (top === undefined) return "the catalogue search found no matching product";
      args[need.into] = top.productId;
      return undefined;
    }
    case "products": {
      const list = need.source === "conversation" ? [...context.historyProducts] : productsOfStep(context, need.source);
      const first = need.prepend === undefined ? [] : productsOfStep(context, need.prepend).slice(0, 1);
      const ids = [...new Set([...first, ...list].map((product) => product.productId))].slice(0, need.count);
      if (ids.length > 0) args[need.into] = ids.slice(0, 10);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Checks `args` with the tool's schema; drops fields it rejects when the rest still passes. */
function validate(tool: AnyTool | undefined, args: Record<string, unknown>): { args: Record<string, unknown> } | { reason: string } {
  if (tool === undefined) return { args };
  const parsed = tool.inputSchema.safeParse(args);
  if (parsed.success) return { args };
  const rejected = new Set<string>();
  for (const issue of parsed.error.issues) {
    const [key] = issue.path;
    if (typeof key === "string") rejected.add(key);
  }
  const kept = Object.fromEntries(Object.entries(args).filter(([key]) => !rejected.has(key)));
  if (rejected.size > 0 && tool.inputSchema.safeParse(kept).success) return { args: kept };
  const first = parsed.error.issues[0];
  return { reason: `the ${tool.name} input was not valid (${first ? `${first.path.join(".") || "input"}: ${first.message}` : "unknown problem"})` };
}

function dependsOn(step: PlanStep): number[] {
  return step.needs.flatMap((need) =>
    need.kind === "product" ? [need.step] : need.kind === "products" && typeof need.source === "number" ? [need.source, ...(need.prepend === undefined ? [] : [need.prepend])] : [],
  );
}

function errorOf(view: ModelView | undefined): { code: string; message: string } | undefined {
  if (view === undefined) return { code: "no_result", message: "The tool call got no result." };
  return view.ok ? undefined : view.error;
}

/**
 * Replays `steps` against the calls already made this turn and returns the outcomes so
 * far and the next call. `tools` gives the input schemas.
 */
export function advance(
  steps: readonly PlanStep[],
  executed: readonly ExecutedCall[],
  tools: ReadonlyMap<string, AnyTool>,
  history: { segmentation: KnownSegmentation | undefined; products: readonly KnownProduct[] },
): Progress {
  const outcomes: StepOutcome[] = [];
  const context: FillContext = { outcomes, historySegmentation: history.segmentation, historyProducts: history.products };
  let callIndex = 0;
  for (const step of steps) {
    const blocker = dependsOn(step).find((index) => outcomes[index]?.status !== "done");
    const segmentBlocked = step.needs.some((need) => need.kind === "segment" && need.name !== undefined) &&
      outcomes.some((outcome) => outcome.step.tool === SEGMENT && outcome.status !== "done") &&
      history.segmentation === undefined;
    if (blocker !== undefined || segmentBlocked) {
      outcomes.push({ step, status: "skipped", reason: "an earlier step it needs did not succeed" });
      continue;
    }
    const filled = fill(step, context);
    if ("reason" in filled) {
      outcomes.push({ step, status: "skipped", reason: filled.reason });
      continue;
    }
    const checked = validate(tools.get(step.tool), filled.args);
    if ("reason" in checked) {
      outcomes.push({ step, status: "skipped", reason: checked.reason });
      continue;
    }
    const segmentMatch = filled.segmentMatch;
    const first = executed[callIndex];
    if (first === undefined) return { outcomes, next: { name: step.tool, args: checked.args }, diverged: false };
    if (first.name !== step.tool) return { outcomes, next: undefined, diverged: true };
    callIndex++;
    const firstError = errorOf(first.view);
    if (firstError === undefined) {
      outcomes.push({ step, status: "done", call: first, ...(segmentMatch ? { segmentMatch } : {}) });
      continue;
    }
    const fixed = fixArgs(step.tool, first.args, firstError);
    if (fixed === undefined) {
      outcomes.push({ step, status: "failed", call: first });
      continue;
    }
    const second = executed[callIndex];
    if (second === undefined) return { outcomes, next: { name: step.tool, args: fixed.args }, diverged: false };
    if (second.name !== step.tool) return { outcomes, next: undefined, diverged: true };
    callIndex++;
    outcomes.push({
      step,
      status: errorOf(second.view) === undefined ? "done" : "failed",
      call: second,
      firstAttempt: first,
      dropped: fixed.dropped,
      ...(segmentMatch ? { segmentMatch } : {}),
    });
  }
  return { outcomes, next: undefined, diverged: callIndex < executed.length };
}
