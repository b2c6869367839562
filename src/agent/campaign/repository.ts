/**
 * The `campaigns` table: one row per campaign job (status, progress, the request, and the
 * result or the error as JSON). The start of a job is also written to `audit_log`.
 *
 * Status moves queued → running → succeeded | failed and never back; every update after
 * the insert is guarded by the expected current status, so a late write from a job that
 * was already marked failed (at shutdown or by recovery) cannot turn it into a success.
 */
import type { ErrorBody } from "../../core/errors.ts";
import type { Store } from "../../core/ports.ts";
import { type CampaignRequest, type CampaignResult, type CampaignStatus, CAMPAIGN_STATUSES, type Channel } from "./schema.ts";

/** The error column: the client-safe error body plus the step that failed. */
export interface StoredError {
  error: ErrorBody["error"];
  step: string;
}

/** One row, decoded. `request`, `result` and `error` are raw JSON values; the service validates them. */
export interface CampaignRow {
  campaignId: string;
  createdAt: Date;
  updatedAt: Date;
  status: CampaignStatus;
  progress: number;
  request: unknown;
  result: unknown;
  error: unknown;
}

/** A row of the recent-jobs list: small fields only. */
export interface CampaignListRow {
  campaignId: string;
  createdAt: Date;
  updatedAt: Date;
  status: CampaignStatus;
  progress: number;
  brief: string;
  channels: Channel[];
  totals: unknown;
  error: unknown;
}

function parseJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? JSON.parse(value) : value;
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function toStatus(value: unknown): CampaignStatus {
  const status = String(value);
  // An unknown status can only come from a newer release or a hand edit; show it as failed
  // rather than pretend it is running.
  return (CAMPAIGN_STATUSES as readonly string[]).includes(status) ? (status as CampaignStatus) : "failed";
}

/** SQL access to `campaigns` (and the audit entry of a start). */
export class CampaignRepository {
  constructor(private readonly store: Store) {}

  /** Inserts a queued job and its audit entry in one transaction. */
  async insert(job: { campaignId: string; createdAt: Date; request: CampaignRequest; actor: string }): Promise<void> {
    await this.store.transaction(async (writer) => {
      await writer.run(
        "INSERT INTO campaigns (campaign_id, created_at, updated_at, status, progress, request) VALUES ($1, $2, $2, 'queued', 0, $3)",
        [job.campaignId, job.createdAt, JSON.stringify(job.request)],
      );
      await writer.run("INSERT INTO audit_log (occurred_at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)", [
        job.createdAt,
        job.actor,
        "campaign.start",
        job.campaignId,
        JSON.stringify({ channels: job.request.channels, brief: job.request.brief.slice(0, 200) }),
      ]);
    });
  }

  /** queued → running; false when the row was not queued any more. */
  async markRunning(campaignId: string, at: Date): Promise<boolean> {
    const rows = await this.store.query(
      "UPDATE campaigns SET status = 'running', updated_at = $2 WHERE campaign_id = $1 AND status = 'queued' RETURNING campaign_id",
      [campaignId, at],
    );
    return rows.length === 1;
  }

  /** Records progress (0–1) of a running job. */
  async setProgress(campaignId: string, progress: number, at: Date): Promise<void> {
    await this.store.run("UPDATE campaigns SET progress = $2, updated_at = $3 WHERE campaign_id = $1 AND status = 'running'", [
      campaignId,
      progress,
      at,
    ]);
  }

  /** running → succeeded with the whole result, in one statement; false when the row was not running any more. */
  async succeed(campaignId: string, result: CampaignResult, at: Date): Promise<boolean> {
    const rows = await this.store.query(
      "UPDATE campaigns SET status = 'succeeded', progress = 1, result = $2, error = NULL, updated_at = $3 " +
        "WHERE campaign_id = $1 AND status = 'running' RETURNING campaign_id",
      [campaignId, JSON.stringify(result), at],
    );
    return rows.length === 1;
  }

  /** queued/running → failed with the error; false when the row had finished already. */
  async fail(campaignId: string, error: StoredError, at: Date): Promise<boolean> {
    const rows = await this.store.query(
      "UPDATE campaigns SET status = 'failed', result = NULL, error = $2, updated_at = $3 " +
        "WHERE campaign_id = $1 AND status IN ('queued', 'running') RETURNING campaign_id",
      [campaignId, JSON.stringify(error), at],
    );
    return rows.length === 1;
  }

  /**
   * Marks every queued or running job not in `keep` as failed with `error`; returns their ids.
   * Used at startup, when any such row was left by a process that stopped.
   */
  async failUnfinished(keep: readonly string[], error: StoredError, at: Date): Promise<string[]> {
    const rows = await this.store.query<{ campaign_id: string }>(
      "UPDATE campaigns SET status = 'failed', result = NULL, error = $1, updated_at = $2 " +
        "WHERE status IN ('queued', 'running') AND NOT list_contains(CAST($3 AS JSON)::VARCHAR[], campaign_id) RETURNING campaign_id",
      [JSON.stringify(error), at, JSON.stringify(keep)],
    );
    return rows.map((row) => row.campaign_id).sort();
  }

  /** The row of `campaignId`, if any. */
  async find(campaignId: string): Promise<CampaignRow | undefined> {
    const [row] = await this.store.query(
      "SELECT campaign_id, created_at, updated_at, status, progress, request, result, error FROM campaigns WHERE campaign_id = $1",
      [campaignId],
    );
    if (row === undefined) return undefined;
    return {
      campaignId: String(row.campaign_id),
      createdAt: toDate(row.created_at),
      updatedAt: toDate(row.updated_at),
      status: toStatus(row.status),
      progress: Number(row.progress),
      request: parseJson(row.request),
      result: parseJson(row.result),
      error: parseJson(row.error),
    };
  }

  /** The most recent `limit` jobs, newest first, without their results. */
  async list(limit: number): Promise<CampaignListRow[]> {
    const rows = await this.store.query(
      `SELECT campaign_id, created_at, updated_at, status, progress,
              request->>'$.brief' AS brief, request->'$.channels' AS channels, result->'$.totals' AS totals, error
       FROM campaigns ORDER BY created_at DESC, campaign_id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      campaignId: String(row.campaign_id),
      createdAt: toDate(row.created_at),
      updatedAt: toDate(row.updated_at),
      status: toStatus(row.status),
      progress: Number(row.progress),
      brief: String(row.brief ?? ""),
      channels: (parseJson(row.channels) as Channel[] | null) ?? [],
      totals: parseJson(row.totals),
      error: parseJson(row.error),
    }));
  }
}
