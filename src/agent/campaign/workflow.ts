/**
 * The campaign workflow: a typed chain of tool calls, not the chat agent.
 *
 *   segment_customers → pick target segments → recommend_products per segment
 *   → draft_campaign_copy per segment × channel (the tool checks and redrafts) → assemble
 *
 * Each step's output feeds the next step's input; every tool is called through `runTool`
 * (input and output validated) and its output parsed again with the schema this chain was
 * written against, so a tool that drifts from its contract fails loudly here. A failure
 * in any step throws; the result is only returned when every target segment has every
 * channel with every variant.
 */
import { AppError } from "../../core/errors.ts";
import { type ToolContext, type ToolRegistry, runTool } from "../../core/tool.ts";
import type { z } from "zod";
import { type DraftInputRaw, draftOutputSchema } from "../../../tools/draft-campaign-copy/schema.ts";
import { recommendProductsOutputSchema } from "../../../tools/recommend-products/schema.ts";
import { type SegmentOutput, segmentCustomersOutputSchema } from "../../../tools/segment-customers/schema.ts";
import { offerForSegment } from "./request-checks.ts";
import {
  type CampaignRequest,
  type CampaignResult,
  type CampaignSegment,
  type ChannelCopy,
  STEP_NAMES,
  type StepName,
  campaignResultSchema,
} from "./schema.ts";
import { pickTargetSegments } from "./targeting.ts";

/** Where the workflow is: `done` of `total` steps finished, and what it does next. */
export interface WorkflowProgress {
  done: number;
  total: number;
  /** A label for people, e.g. "drafting sms copy for At risk (5 of 12)". */
  step: string;
}

export interface CampaignWorkflowOptions {
  /** Must hold segment_customers, recommend_products and draft_campaign_copy. */
  tools: ToolRegistry;
  /** Passed to every tool call; its `signal` stops the chain between (and inside) steps. */
  context: ToolContext;
  /** Called before each step; awaited, so a slow store slows the chain rather than reordering writes. */
  onProgress?: (progress: WorkflowProgress) => Promise<void> | void;
}

/** The tool names the chain calls. */
export const CAMPAIGN_TOOLS = ["segment_customers", "recommend_products", "draft_campaign_copy"] as const;

/** The error a stopped chain throws: the job was interrupted and should be started again. */
export function interruptedError(reason: string): AppError {
  return new AppError("interrupted", "internal", `The campaign was interrupted ${reason} before it finished. Start it again with the same request.`);
}

/** Parses a tool's output with the schema this chain relies on; a mismatch is a bug, reported as one. */
function expectOutput<T extends z.ZodType>(schema: T, output: unknown, tool: string): z.output<T> {
  const parsed = schema.safeParse(output);
  if (!parsed.success) {
    throw new AppError(
      "campaign_tool_mismatch",
      "internal",
      `The ${tool} tool returned output the campaign workflow cannot read; the tool and the workflow disagree on its schema. This is a bug.`,
      { details: { tool, issues: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".")}: ${issue.message}`) } },
    );
  }
  return parsed.data;
}

/** Runs the campaign chain for a validated request. Throws an `AppError` on the first failing step. */
export async function runCampaignWorkflow(request: CampaignRequest, options: CampaignWorkflowOptions): Promise<CampaignResult> {
  const { tools, context } = options;
  const started = performance.now();
  const timings = new Map<StepName, { calls: number; ms: number }>(STEP_NAMES.map((name) => [name, { calls: 0, ms: 0 }]));
  let done = 0;
  let total = 3;

  async function step<T>(name: StepName, label: string, work: () => Promise<T> | T): Promise<T> {
    if (context.signal?.aborted === true) throw interruptedError("because the server stopped it");
    await options.onProgress?.({ done, total, step: label });
    const stepStarted = performance.now();
    const value = await work();
    const timing = timings.get(name)!;
    timing.calls += 1;
    timing.ms += performance.now() - stepStarted;
    done += 1;
    return value;
  }

  const segmentation = await step("segment", "segmenting customers", async () =>
    expectOutput(
      segmentCustomersOutputSchema,
      await runTool(tools.get("segment_customers"), request.segmentation.k === undefined ? {} : { k: request.segmentation.k }, context),
      "segment_customers",
    ),
  );

  const targeting = await step("target", "picking target segments", () =>
    pickTargetSegments(segmentation.segments, request.brief, request.targetSegments),
  );
  const targets = targeting.segmentNumbers.map((number) => segmentation.segments.find((segment) => segment.number === number)!);
  // Now the plan is known: segment + target + one recommendation per target + one draft per
  // target and channel + assemble.
  total = 2 + targets.length * (1 + request.channels.length) + 1;
  const of = () => `(${done + 1} of ${total})`;

  const recommendations = new Map<number, CampaignSegment["products"]>();
  for (const segment of targets) {
    const products = await step("recommend", `recommending products for ${segment.name} ${of()}`, async () => {
      const output = expectOutput(
        recommendProductsOutputSchema,
        await runTool(tools.get("recommend_products"), { segmentId: segment.segmentId, limit: request.productsPerSegment }, context),
        "recommend_products",
      );
      if (output.kind !== "segment") {
        throw new AppError("campaign_tool_mismatch", "internal", `recommend_products answered a ${output.kind} request when asked for a segment; this is a bug.`);
      }
      return output.items.map((item) => ({
        rank: item.rank,
        productId: item.productId,
        name: item.name,
        signal: item.signal,
        reason: item.reason,
        customersPicking: item.customersPicking,
        shareOfSegment: item.shareOfSegment,
      }));
    });
    recommendations.set(segment.number, products);
  }

  const drafts = new Map<number, ChannelCopy[]>();
  const offers = new Map<number, z.output<typeof draftOutputSchema>["offer"]>();
  for (const segment of targets) {
    const copies: ChannelCopy[] = [];
    const offer = offerForSegment(request.offers, segment);
    for (const channel of request.channels) {
      const copy = await step("draft", `drafting ${channel} copy for ${segment.name} ${of()}`, async () => {
        const platform = channel === "social" || channel === "ad" ? request.platforms?.[channel] : undefined;
        const input: DraftInputRaw = {
          channel,
          brief: request.brief,
          audience: segment.segmentId,
          productIds: (recommendations.get(segment.number) ?? []).map((product) => product.productId),
          variants: request.variants,
          ...(offer === undefined ? {} : { offer }),
          ...(request.brandVoice === undefined ? {} : { brandVoice: request.brandVoice }),
          ...(request.tone === undefined ? {} : { tone: request.tone }),
          ...(request.language === undefined ? {} : { language: request.language }),
          ...(platform === undefined ? {} : { platform }),
        };
        const output = expectOutput(draftOutputSchema, await runTool(tools.get("draft_campaign_copy"), input, context), "draft_campaign_copy");
        offers.set(segment.number, output.offer);
        return {
          channel: output.channel,
          ...(output.platform === undefined ? {} : { platform: output.platform }),
          draftId: output.draftId,
          writer: output.writer,
          readyCount: output.readyCount,
          variants: output.variants,
        } satisfies ChannelCopy;
      });
      copies.push(copy);
    }
    drafts.set(segment.number, copies);
  }

  // The last step is timed by hand: its own timing goes into the result it builds.
  if (context.signal?.aborted === true) throw interruptedError("because the server stopped it");
  await options.onProgress?.({ done, total, step: "checking and saving the campaign" });
  const assembleStarted = performance.now();
  {
    const segments = targets.map((segment) => assembleSegment(segment, recommendations, drafts, offers));
    const variants = segments.flatMap((segment) => segment.channels.flatMap((channel) => channel.variants));
    const ready = variants.filter((variant) => variant.status === "ready").length;
    timings.set("assemble", { calls: 1, ms: performance.now() - assembleStarted });
    const result: CampaignResult = {
      brief: request.brief,
      segmentation: {
        segmentationId: segmentation.segmentationId,
        k: segmentation.k,
        kChosenBy: segmentation.kChosenBy,
        silhouette: segmentation.quality.silhouette,
        customerCount: segmentation.customerCount,
        asOf: segmentation.asOf,
      },
      targeting: { rule: targeting.rule, intents: targeting.intents, explanation: targeting.explanation },
      segments,
      totals: {
        segments: segments.length,
        customers: segments.reduce((sum, segment) => sum + segment.size, 0),
        drafts: segments.length * request.channels.length,
        variants: variants.length,
        ready,
        failing: variants.length - ready,
      },
      steps: STEP_NAMES.map((name) => {
        const { calls, ms } = timings.get(name)!;
        return { name, calls, ms: Math.round(ms * 10) / 10 };
      }),
      durationMs: Math.round(performance.now() - started),
    };
    assertComplete(result, request, targets.length);
    return result;
  }
}

function assembleSegment(
  segment: SegmentOutput,
  recommendations: ReadonlyMap<number, CampaignSegment["products"]>,
  drafts: ReadonlyMap<number, ChannelCopy[]>,
  offers: ReadonlyMap<number, z.output<typeof draftOutputSchema>["offer"]>,
): CampaignSegment {
  const channels = drafts.get(segment.number) ?? [];
  const variants = channels.flatMap((channel) => channel.variants);
  const ready = variants.filter((variant) => variant.status === "ready").length;
  return {
    segmentId: segment.segmentId,
    number: segment.number,
    name: segment.name,
    size: segment.size,
    share: segment.share,
    profile: segment.medians,
    description: segment.description,
    suggestedAction: segment.suggestedAction,
    offer: offers.get(segment.number) ?? null,
    products: recommendations.get(segment.number) ?? [],
    channels,
    ready,
    failing: variants.length - ready,
  };
}

/**
 * Refuses a result with a missing part: every target segment, every requested channel,
 * every requested variant, and a result that matches its schema. A campaign with a gap is
 * reported as failed, never as succeeded.
 */
export function assertComplete(result: CampaignResult, request: CampaignRequest, targetCount: number): void {
  const problems: string[] = [];
  if (result.segments.length !== targetCount) problems.push(`${result.segments.length} of ${targetCount} target segments`);
  for (const segment of result.segments) {
    const channels = segment.channels.map((copy) => copy.channel);
    for (const channel of request.channels) {
      const copy = segment.channels.find((candidate) => candidate.channel === channel);
      if (copy === undefined) problems.push(`no ${channel} copy for ${segment.name}`);
      else if (copy.variants.length !== request.variants) {
        problems.push(`${copy.variants.length} of ${request.variants} ${channel} variants for ${segment.name}`);
      }
    }
    if (channels.length !== request.channels.length) problems.push(`${channels.length} channels for ${segment.name}, expected ${request.channels.length}`);
  }
  const parsed = campaignResultSchema.safeParse(result);
  if (!parsed.success) problems.push(...parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  if (problems.length > 0) {
    throw new AppError(
      "campaign_incomplete",
      "internal",
      `The campaign came out incomplete (${problems.join("; ")}), so it was not saved as finished. Start it again; if it keeps failing, report it.`,
      { details: { problems } },
    );
  }
}
