/**
 * Campaign jobs: `start` validates a request, stores it as a queued job and returns at
 * once; the workflow then runs in this process, one job at a time by default (segmenting
 * and model fitting are CPU-bound and DuckDB has one writer, so parallel jobs would only
 * slow each other down). Progress and the outcome are written to the `campaigns` row, so
 * `get` answers from the store and a restart never loses a finished campaign.
 *
 * A job left queued or running by a process that stopped (crash, kill, power cut) cannot
 * be finished by anyone: `recoverInterrupted`, called at startup, marks it failed with
 * code `interrupted` and a message to start it again. A campaign is never shown as
 * succeeded with parts missing: the result is checked whole before the single UPDATE
 * that stores it with status `succeeded`.
 */
import { AppError, NotFoundError, ValidationError, describeIssues, fieldIssuesFrom, toAppError } from "../../core/errors.ts";
import { type MarketingSettings, defaultMarketingSettings } from "../../core/marketing.ts";
import type { Logger } from "../../core/ports.ts";
import type { ToolContext, ToolRegistry, ToolServices } from "../../core/tool.ts";
import { campaignCsv } from "./csv.ts";
import { CampaignRepository, type CampaignRow, type StoredError } from "./repository.ts";
import { checkCampaignRequest } from "./request-checks.ts";
import {
  type CampaignJob,
  type CampaignRequest,
  type CampaignResult,
  type CampaignSummary,
  campaignRequestSchema,
  campaignResultSchema,
} from "./schema.ts";
import { CAMPAIGN_TOOLS, interruptedError, runCampaignWorkflow } from "./workflow.ts";

/** What the campaign service needs; `src/main.ts` passes the app's own. */
export interface CampaignServiceOptions {
  /** The store and what tools need; the same object the HTTP tool routes use. */
  services: ToolServices;
  /** Must hold segment_customers, recommend_products and draft_campaign_copy. */
  tools: ToolRegistry;
  logger: Logger;
  /** Approved offers, brand voices and limits; default `services.marketing`, then the built-in defaults. */
  marketing?: MarketingSettings;
  /** Jobs run at the same time; default 1. */
  concurrency?: number;
  /** Jobs that may wait in the queue; more are refused with `campaign_queue_full`. Default 20. */
  maxQueued?: number;
}

/** What `start` answers: the new job's id; it is queued until the workflow picks it up. */
export interface StartedCampaign {
  campaignId: string;
  status: "queued";
}

/** Campaign jobs: start, read, export, recover after a crash, wait, stop. */
export interface CampaignService {
  /**
   * Validates `request` (zod, then the marketing settings), stores a queued job recorded
   * as started by `actor`, and runs it in the background. Throws `ValidationError` and
   * other user errors for bad requests, `campaign_queue_full` when too many are waiting.
   */
  start(request: unknown, actor: string): Promise<StartedCampaign>;
  /** The job with its status, progress, step and result or error; `NotFoundError` (`unknown_campaign`) for an unknown id. */
  get(campaignId: string): Promise<CampaignJob>;
  /** The most recent jobs (default 20, at most 100), newest first, without results. */
  list(options?: { limit?: number }): Promise<CampaignSummary[]>;
  /**
   * The finished campaign as CSV (see csv.ts). Conflict errors `campaign_not_finished`
   * while it is queued or running and `campaign_failed` when it failed.
   */
  toCsv(campaignId: string): Promise<string>;
  /**
   * Marks jobs that a stopped process left queued or running as failed (code `interrupted`);
   * returns their ids. Call once at startup, before serving.
   */
  recoverInterrupted(): Promise<string[]>;
  /** Resolves when no job is queued or running in this process. */
  whenIdle(): Promise<void>;
  /**
   * Stops taking jobs, marks queued ones failed (`interrupted`), asks the running ones to
   * stop (their tools get an aborted signal) and waits for them. Call before closing the store.
   */
  close(): Promise<void>;
}

/** Default number of jobs in `list`. */
export const DEFAULT_LIST_LIMIT = 20;
/** Most jobs `list` returns. */
export const MAX_LIST_LIMIT = 100;

interface LiveJob {
  request: CampaignRequest;
  step: string;
  /** The progress stored with `step`; set together with it, so readers see a matching pair. */
  progress?: number;
  controller: AbortController;
}

function notFound(campaignId: string): NotFoundError {
  return new NotFoundError(
    "unknown_campaign",
    `There is no campaign "${campaignId}". Campaign ids look like cmp_3f9a0c1d2e4b; GET /api/campaigns lists the recent ones.`,
    { details: { campaignId } },
  );
}

/** A stored success whose result does not parse whole: shown as failed, never as finished. */
function unreadableError(): AppError {
  return new AppError(
    "campaign_unreadable",
    "internal",
    "This campaign's stored result is incomplete or unreadable, so it cannot be shown as finished. Start it again.",
  );
}

function isStoredError(value: unknown): value is StoredError {
  if (typeof value !== "object" || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "string";
}

/** Builds the campaign service; see `CampaignService`. */
export function createCampaignService(options: CampaignServiceOptions): CampaignService {
  const { services, tools, logger } = options;
  const marketing = options.marketing ?? services.marketing ?? defaultMarketingSettings;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxQueued = Math.max(0, options.maxQueued ?? 20);
  const repository = new CampaignRepository(services.store);
  const queue: string[] = [];
  const live = new Map<string, LiveJob>();
  let running = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const isIdle = () => queue.length === 0 && running === 0;
  function settleIdle(): void {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  function missingTools(): string[] {
    const available = new Set(tools.list().map((tool) => tool.name));
    return CAMPAIGN_TOOLS.filter((name) => !available.has(name));
  }

  async function recordFailure(campaignId: string, error: AppError, step: string): Promise<void> {
    try {
      await repository.fail(campaignId, { error: error.toJSON().error, step }, services.clock());
    } catch (writeError) {
      // The store itself failed (or closed); the row stays queued/running and the next
      // start's recoverInterrupted marks it failed.
      logger.error({ err: writeError, campaignId }, "could not record a campaign failure");
    }
  }

  async function execute(campaignId: string, job: LiveJob): Promise<void> {
    let step = job.step;
    try {
      if (!(await repository.markRunning(campaignId, services.clock()))) {
        logger.warn({ campaignId }, "campaign was no longer queued when its turn came; skipped");
        return;
      }
      job.step = step = "starting";
      const context: ToolContext = { ...services, marketing, logger, signal: job.controller.signal };
      const started = performance.now();
      const result = await runCampaignWorkflow(job.request, {
        tools,
        context,
        onProgress: async (progress) => {
          step = progress.step;
          const fraction = Math.round((progress.done / progress.total) * 10_000) / 10_000;
          const stored = Math.min(fraction, 0.9999);
          await repository.setProgress(campaignId, stored, services.clock());
          // Label and progress change together after the write: a reader that read the row before it still
          // gets this pair from memory, never a step with the previous step's progress.
          job.step = step;
          job.progress = stored;
        },
      });
      if (job.controller.signal.aborted) throw interruptedError("because the server shut down");
      if (!(await repository.succeed(campaignId, result, services.clock()))) {
        logger.warn({ campaignId }, "campaign finished after it had been marked failed; the result was not stored");
        return;
      }
      logger.info(
        { campaignId, segments: result.totals.segments, variants: result.totals.variants, ready: result.totals.ready, ms: Math.round(performance.now() - started) },
        "campaign finished",
      );
    } catch (error) {
      const appError = job.controller.signal.aborted ? interruptedError("because the server shut down") : toAppError(error);
      if (appError.code === "interrupted") {
        logger.warn({ campaignId, step }, "campaign interrupted by shutdown");
      } else if (appError.category === "internal" || appError.category === "upstream") {
        logger.error({ err: error, campaignId, code: appError.code, step }, "campaign failed");
      } else {
        logger.info({ campaignId, code: appError.code, step }, "campaign failed on a request problem");
      }
      await recordFailure(campaignId, appError, step);
    }
  }

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const campaignId = queue.shift()!;
      const job = live.get(campaignId);
      if (job === undefined) continue;
      running += 1;
      void execute(campaignId, job).finally(() => {
        running -= 1;
        live.delete(campaignId);
        pump();
        settleIdle();
      });
    }
  }

  function toJob(row: CampaignRow): CampaignJob {
    const request = campaignRequestSchema.safeParse(row.request);
    // Rows are written validated; a row that no longer parses comes from another release,
    // and showing what is there beats hiding the job.
    const storedRequest = (request.success ? request.data : row.request) as CampaignRequest;
    const base = {
      campaignId: row.campaignId,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      request: storedRequest,
    };
    if (row.status === "succeeded") {
      const result = campaignResultSchema.safeParse(row.result);
      if (result.success) {
        return { ...base, status: "succeeded", progress: 1, step: "done", result: result.data, error: null };
      }
      // Never present a result with missing or broken parts as a finished campaign.
      return { ...base, status: "failed", progress: row.progress, step: "reading the stored result", result: null, error: unreadableError().toJSON().error };
    }
    if (row.status === "failed") {
      const stored = isStoredError(row.error)
        ? row.error
        : { error: toAppError(new Error("unknown failure")).toJSON().error, step: "unknown" };
      return { ...base, status: "failed", progress: row.progress, step: stored.step, result: null, error: stored.error };
    }
    const job = live.get(row.campaignId);
    const step = job?.step ?? row.status;
    const progress = job?.progress ?? row.progress;
    return { ...base, status: row.status, progress, step, result: null, error: null };
  }

  async function get(campaignId: string): Promise<CampaignJob> {
    const row = await repository.find(campaignId);
    if (row === undefined) throw notFound(campaignId);
    return toJob(row);
  }

  function whenIdle(): Promise<void> {
    if (isIdle()) return Promise.resolve();
    return new Promise<void>((resolve) => idleWaiters.push(resolve));
  }

  return {
    async start(rawRequest, actor) {
      if (closed) {
        throw new AppError("shutting_down", "conflict", "The server is shutting down and takes no new campaigns. Start it again once the server is back.");
      }
      const parsed = campaignRequestSchema.safeParse(rawRequest ?? {});
      if (!parsed.success) {
        const issues = fieldIssuesFrom(parsed.error.issues);
        throw new ValidationError(`Invalid campaign request: ${describeIssues(issues)}.`, issues);
      }
      const request = parsed.data;
      checkCampaignRequest(request, marketing);
      const missing = missingTools();
      if (missing.length > 0) {
        throw new AppError(
          "campaigns_unavailable",
          "internal",
          `Campaigns need the ${missing.join(", ")} tool${missing.length === 1 ? "" : "s"}, which this installation does not have registered.`,
          { details: { missing } },
        );
      }
      if (queue.length >= maxQueued) {
        throw new AppError(
          "campaign_queue_full",
          "rate-limited",
          `${queue.length} campaigns are already waiting to run. Try again when one has finished (GET /api/campaigns shows them).`,
          { details: { queued: queue.length, maxQueued } },
        );
      }
      const campaignId = services.newId("cmp");
      await repository.insert({ campaignId, createdAt: services.clock(), request, actor });
      live.set(campaignId, { request, step: "queued", controller: new AbortController() });
      queue.push(campaignId);
      logger.info({ campaignId, actor, channels: request.channels }, "campaign queued");
      // Start on the next tick so the caller's answer (202) is not held up by the first step.
      setImmediate(pump);
      return { campaignId, status: "queued" };
    },

    get,

    async list(listOptions = {}) {
      const limit = Math.min(MAX_LIST_LIMIT, Math.max(1, Math.trunc(listOptions.limit ?? DEFAULT_LIST_LIMIT)));
      const rows = await repository.list(limit);
      return rows.map((row): CampaignSummary => {
        const totals = row.status === "succeeded" ? campaignResultSchema.shape.totals.safeParse(row.totals) : undefined;
        // As in `get`: a stored success without readable totals is not shown as finished.
        const unreadable = totals?.success === false;
        const error = isStoredError(row.error) ? row.error : unreadable ? { error: unreadableError().toJSON().error, step: "reading the stored result" } : undefined;
        const status = unreadable ? "failed" : row.status;
        return {
          campaignId: row.campaignId,
          status,
          progress: (status === "queued" || status === "running" ? live.get(row.campaignId)?.progress : undefined) ?? row.progress,
          step:
            status === "succeeded"
              ? "done"
              : status === "failed"
                ? (error?.step ?? "unknown")
                : (live.get(row.campaignId)?.step ?? row.status),
          createdAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
          brief: row.brief.length > 200 ? `${row.brief.slice(0, 199)}…` : row.brief,
          channels: row.channels,
          totals: totals?.success === true ? totals.data : null,
          errorCode: error?.error.code ?? (status === "failed" ? "unknown" : null),
        };
      });
    },

    async toCsv(campaignId) {
      const job = await get(campaignId);
      if (job.status === "failed") {
        throw new AppError(
          "campaign_failed",
          "conflict",
          `Campaign ${campaignId} failed (${job.error?.code ?? "unknown"}: ${job.error?.message ?? "no message"}), so there is nothing to export. Start it again.`,
          { details: { campaignId, status: job.status } },
        );
      }
      if (job.status !== "succeeded" || job.result === null) {
        throw new AppError(
          "campaign_not_finished",
          "conflict",
          `Campaign ${campaignId} is ${job.status} (${Math.round(job.progress * 100)}% done); export it once GET /api/campaigns/${campaignId} says succeeded.`,
          { details: { campaignId, status: job.status, progress: job.progress } },
        );
      }
      return campaignCsv(job.result satisfies CampaignResult);
    },

    async recoverInterrupted() {
      const error = interruptedError("because the server stopped (a crash or restart)");
      const ids = await repository.failUnfinished([...live.keys()], { error: error.toJSON().error, step: "interrupted" }, services.clock());
      if (ids.length > 0) logger.warn({ campaignIds: ids }, "marked campaigns interrupted by a stop as failed");
      return ids;
    },

    whenIdle,

    async close() {
      closed = true;
      const waiting = queue.splice(0, queue.length);
      const stopped = interruptedError("because the server shut down");
      for (const campaignId of waiting) {
        live.get(campaignId)?.controller.abort();
        live.delete(campaignId);
        await recordFailure(campaignId, stopped, "queued");
      }
      for (const job of live.values()) job.controller.abort();
      settleIdle();
      await whenIdle();
    },
  };
}
