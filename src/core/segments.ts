/**
 * Segment references shared by the tools that accept a segment (forecasts,
 * recommendations, campaigns). A segmentation is stored by `segment_customers`
 * in `segmentations` (one row) and `segment_assignments` (one row per customer).
 *
 * A segment is referred to as `"<segmentationId>:<number>"` (e.g. `sgm_4f2a9c:2`),
 * or by its number alone (`"2"`), which means that segment of the latest segmentation.
 */
import { NotFoundError } from "./errors.ts";
import type { StoreReader } from "./ports.ts";

/** A resolved segment reference. */
export interface SegmentRef {
  segmentationId: string;
  segmentNumber: number;
  /** `"<segmentationId>:<number>"`, the canonical id. */
  segmentId: string;
  customerCount: number;
}

const SEGMENT_PATTERN = /^(?:([A-Za-z0-9_-]+):)?(\d{1,3})$/;

/** Builds the canonical id of segment `number` of `segmentationId`. */
export function segmentIdOf(segmentationId: string, segmentNumber: number): string {
  return `${segmentationId}:${segmentNumber}`;
}

/**
 * Resolves a segment reference against the store, or throws a not-found error that
 * tells the model what valid references look like.
 */
export async function resolveSegment(reader: StoreReader, reference: string): Promise<SegmentRef> {
  const match = SEGMENT_PATTERN.exec(reference.trim());
  if (match === null) {
    throw new NotFoundError(
      "unknown_segment",
      `"${reference}" is not a segment id. Segment ids look like "sgm_4f2a9c:2", or "2" for segment 2 of the latest segmentation; run segment_customers first to create segments.`,
      { details: { segmentId: reference } },
    );
  }
  const segmentNumber = Number(match[2]);
  let segmentationId = match[1];
  if (segmentationId === undefined) {
    const [latest] = await reader.query<{ segmentation_id: string }>(
      "SELECT segmentation_id FROM segmentations ORDER BY created_at DESC, segmentation_id DESC LIMIT 1",
    );
    if (latest === undefined) {
      throw new NotFoundError(
        "unknown_segment",
        `There are no segmentations yet, so segment "${reference}" does not exist. Run segment_customers first.`,
        { details: { segmentId: reference } },
      );
    }
    segmentationId = latest.segmentation_id;
  }
  const rows = await reader.query<{ segment_id: number; customers: number }>(
    "SELECT segment_id, count(*) AS customers FROM segment_assignments WHERE segmentation_id = $1 GROUP BY segment_id ORDER BY segment_id",
    [segmentationId],
  );
  if (rows.length === 0) {
    throw new NotFoundError("unknown_segmentation", `There is no segmentation "${segmentationId}". Run segment_customers to create one.`, {
      details: { segmentationId },
    });
  }
  const found = rows.find((row) => row.segment_id === segmentNumber);
  if (found === undefined) {
    throw new NotFoundError(
      "unknown_segment",
      `Segmentation ${segmentationId} has no segment ${segmentNumber}; its segments are ${rows.map((row) => row.segment_id).join(", ")}.`,
      { details: { segmentationId, segmentNumber } },
    );
  }
  return {
    segmentationId,
    segmentNumber,
    segmentId: segmentIdOf(segmentationId, segmentNumber),
    customerCount: found.customers,
  };
}
