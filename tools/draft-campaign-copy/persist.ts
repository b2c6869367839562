/**
 * Storing a draft: one row in `drafts` (migration 2) with the request as resolved and the
 * tool's output, so later turns ("make variant 2 shorter") and people can find it by id.
 */
import type { Store } from "../../src/core/ports.ts";

/** What is stored for one draft. */
export interface StoredDraft {
  draftId: string;
  createdAt: Date;
  channel: string;
  /** The input as validated (defaults filled in). */
  request: unknown;
  /** The tool output. */
  result: unknown;
}

/** The TIMESTAMP literal of `date` in UTC wall-clock time, as the store keeps times. */
function timestampText(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** Writes the draft. */
export async function saveDraft(store: Store, draft: StoredDraft): Promise<void> {
  await store.run(
    "INSERT INTO drafts (draft_id, created_at, channel, request, result) VALUES ($1, CAST($2 AS TIMESTAMP), $3, $4, $5)",
    [draft.draftId, timestampText(draft.createdAt), draft.channel, JSON.stringify(draft.request), JSON.stringify(draft.result)],
  );
}

/** Reads a stored draft's output by id, or undefined when there is none. */
export async function loadDraft(store: Store, draftId: string): Promise<{ channel: string; request: unknown; result: unknown } | undefined> {
  const [row] = await store.query<{ channel: string; request: unknown; result: unknown }>(
    "SELECT channel, request, result FROM drafts WHERE draft_id = $1",
    [draftId],
  );
  if (row === undefined) return undefined;
  const parse = (value: unknown) => (typeof value === "string" ? (JSON.parse(value) as unknown) : value);
  return { channel: row.channel, request: parse(row.request), result: parse(row.result) };
}
