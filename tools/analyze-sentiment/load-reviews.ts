/**
 * Store access of `analyze_sentiment`: the review query, the product check and the
 * "not enough data" error that tells the model what the store does have.
 */
import { AppError, NotFoundError } from "../../src/core/errors.ts";
import type { SqlValue, StoreReader } from "../../src/core/ports.ts";
import { ASPECT_NAMES } from "./aspects.ts";
import { type AnalyzeSentimentInput, MAX_REVIEWS } from "./schema.ts";

/** One review as the query returns it. */
export interface ReviewRow extends Record<string, unknown> {
  review_id: string;
  product_id: string;
  product_name: string | null;
  rating: number | null;
  title: string | null;
  body: string;
  created_at: Date;
}

/** `YYYY-MM-DD` of a date in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day after `day` (YYYY-MM-DD), same format: `to` is inclusive, the query bound exclusive. */
export function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return isoDay(date);
}

/** Throws a not-found error, with example ids, unless `productId` is in the catalogue or has reviews. */
export async function checkProduct(store: StoreReader, productId: string): Promise<void> {
  const [known] = await store.query<{ found: number }>(
    "SELECT (SELECT count(*) FROM products WHERE product_id = $1) + (SELECT count(*) FROM reviews WHERE product_id = $1) AS found",
    [productId],
  );
  if ((known?.found ?? 0) > 0) return;
  const examples = await store.query<{ product_id: string }>(
    "SELECT product_id FROM (SELECT DISTINCT product_id FROM reviews) ORDER BY product_id LIMIT 3",
  );
  const hint =
    examples.length > 0
      ? `Product ids that have reviews look like ${examples.map((row) => `"${row.product_id}"`).join(", ")}.`
      : "The store has no reviews yet.";
  throw new NotFoundError("unknown_product", `There is no product "${productId}". ${hint} Use search_catalog to find a product's id.`, {
    details: { productId },
  });
}

/** The newest reviews matching the query (at most MAX_REVIEWS + 1, so the caller can tell when it was cut). */
export async function queryReviews(input: AnalyzeSentimentInput, store: StoreReader): Promise<ReviewRow[]> {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  if (input.productId !== undefined) {
    params.push(input.productId);
    conditions.push(`r.product_id = $${params.length}`);
  }
  if (input.from !== undefined) {
    params.push(input.from);
    conditions.push(`r.created_at >= CAST($${params.length} AS TIMESTAMP)`);
  }
  if (input.to !== undefined) {
    params.push(dayAfter(input.to));
    conditions.push(`r.created_at < CAST($${params.length} AS TIMESTAMP)`);
  }
  const where = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
  return store.query<ReviewRow>(
    `SELECT r.review_id, r.product_id, p.name AS product_name, r.rating, r.title, r.body, r.created_at
     FROM reviews r LEFT JOIN products p ON p.product_id = r.product_id
     ${where}
     ORDER BY r.created_at DESC, r.review_id
     LIMIT ${MAX_REVIEWS + 1}`,
    params,
  );
}

/** The user error for a query without reviews: says what the store does have. */
export async function notEnoughData(input: AnalyzeSentimentInput, store: StoreReader): Promise<AppError> {
  const [range] = await store.query<{ reviews: number; first: Date | null; last: Date | null }>(
    "SELECT count(*) AS reviews, min(created_at) AS first, max(created_at) AS last FROM reviews",
  );
  if (range === undefined || range.reviews === 0 || range.first === null || range.last === null) {
    return new AppError(
      "no_reviews",
      "user",
      "Not enough data: the store has no reviews yet. Import reviews first (the reviews table: product_id, body, created_at, optional rating and title), or pass `texts` to score texts directly.",
    );
  }
  const scope = [
    input.productId === undefined ? "" : ` for product "${input.productId}"`,
    input.from === undefined && input.to === undefined ? "" : ` between ${input.from ?? "the start"} and ${input.to ?? "the end"}`,
    input.aspect === undefined ? "" : ` that mention ${ASPECT_NAMES[input.aspect]}`,
  ].join("");
  return new AppError(
    "not_enough_data",
    "user",
    `Not enough data: there are no reviews${scope}. The store has ${range.reviews} reviews from ${isoDay(range.first)} to ${isoDay(range.last)}; widen the dates, drop productId or aspect, or check the product id.`,
    { details: { productId: input.productId, from: input.from, to: input.to, aspect: input.aspect } },
  );
}

/** The text scored for a review: its title, as its own sentence, and its body. */
export function reviewText(row: ReviewRow): string {
  const title = row.title?.trim() ?? "";
  // A title is usually the verdict ("Broke in a week"); a full stop keeps it its own sentence.
  return title === "" ? row.body : `${title}${/[.!?]$/.test(title) ? "" : "."} ${row.body}`;
}
