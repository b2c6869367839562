/**
 * The facts a draft is grounded on, read from the store: the featured products with
 * their real names and prices, the audience (a stored segment's name, profile and size,
 * or the marketer's words), and what reviews say about the products (average rating,
 * count, the aspects happy customers mention most, and one or two short quotes).
 *
 * Review and catalogue text is untrusted: it reaches a model only through `quoteData`
 * (see model-drafts.ts), and the builtin templates use numbers and aspect names from it,
 * never its words.
 */
import { z } from "zod";
import { AppError, NotFoundError } from "../../src/core/errors.ts";
import type { StoreReader } from "../../src/core/ports.ts";
import { resolveSegment } from "../../src/core/segments.ts";

/** A product the copy may feature. */
export interface ProductFact {
  productId: string;
  name: string;
  price: number | null;
  category: string | null;
  /** Catalogue description (untrusted text). */
  description: string | null;
  inStock: boolean;
  /** Review rating of this product, when it has rated reviews. */
  rating: { average: number; count: number } | null;
}

/** How the featured products were chosen. */
export type ProductSource = "request" | "segment_bestsellers" | "bestsellers" | "none";

/** A stored segment the draft is aimed at. */
export interface SegmentFact {
  segmentId: string;
  segmentationId: string;
  number: number;
  name: string;
  /** One line in plain words from the segmentation (e.g. "Bought often, but not for 5 months"). */
  description: string | null;
  suggestedAction: string | null;
  customerCount: number;
  /** Median profile in real units (recencyDays, frequency, monetary, …), when stored. */
  medians: Record<string, number> | null;
}

/** Who the draft is for. */
export interface AudienceFact {
  label: string;
  segment: SegmentFact | null;
}

/** An aspect reviewers praise, with the number of positive reviews that mention it. */
export interface AspectFact {
  aspect: ReviewAspect;
  mentions: number;
}

/** A short positive review (untrusted text). */
export interface ReviewQuote {
  productId: string;
  rating: number;
  text: string;
}

/** What reviews of the featured products say. */
export interface ReviewFacts {
  count: number;
  averageRating: number | null;
  topAspects: AspectFact[];
  quotes: ReviewQuote[];
}

/** Everything a draft is grounded on. */
export interface DraftFacts {
  products: ProductFact[];
  productSource: ProductSource;
  audience: AudienceFact | null;
  reviews: ReviewFacts;
}

/** Products featured when the request names none. */
export const BESTSELLER_COUNT = 3;
/** Days of sales that decide the shop-wide bestsellers. */
export const BESTSELLER_DAYS = 90;
/** Longest review quote passed to a model, in characters. */
export const MAX_QUOTE_LENGTH = 160;

/** Aspects found in reviews by plain keywords (enough to say what people praise, not to score sentiment). */
export const REVIEW_ASPECTS = {
  quality: /\b(?:quality|well made|well-made|sturdy|solid|durable|lasts|beautifully made)\b/i,
  value: /\b(?:value|reasonably priced|good price|great price|worth (?:it|every)|bargain|affordable|cheaper than)\b/i,
  delivery: /\b(?:delivery|delivered|arrived|dispatch(?:ed)?|came (?:the )?next day|came quickly|fast shipping)\b/i,
  packaging: /\b(?:packaging|packed|wrapped|wrapping|gift box)\b/i,
  design: /\b(?:pretty|beautiful|lovely|gorgeous|stylish|colou?rs?|design|pattern|looks (?:great|lovely|gorgeous|beautiful|really))\b/i,
  gift: /\b(?:gift|present|gifted)\b/i,
} as const;
export type ReviewAspect = keyof typeof REVIEW_ASPECTS;

const SEGMENT_REFERENCE = /^(?:[A-Za-z0-9_-]+:)?\d{1,3}$/;

/** True when `audience` is a segment reference ("sgm_4f2a9c:2" or "2") rather than words. */
export function isSegmentReference(audience: string): boolean {
  return SEGMENT_REFERENCE.test(audience.trim());
}

/** The stored segmentation result, as far as drafting reads it (written by segment_customers). */
const storedSegmentationSchema = z.object({
  segments: z.array(
    z.object({
      number: z.number().int(),
      name: z.string(),
      description: z.string().optional(),
      suggestedAction: z.string().optional(),
      medians: z.record(z.string(), z.number()).optional(),
    }),
  ),
});

type ProductRow = {
  product_id: string;
  name: string;
  price: number | null;
  category: string | null;
  description: string | null;
  in_stock: boolean;
  is_product: boolean;
};

const PRODUCT_COLUMNS = "product_id, name, price, category, description, in_stock, is_product";

/**
 * The products named by `productIds` (letter case ignored), in the order given, without
 * duplicates. Unknown ids and non-product codes (postage, fees) are refused, naming them.
 */
export async function loadProducts(reader: StoreReader, productIds: readonly string[]): Promise<ProductFact[]> {
  const wanted = [...new Map(productIds.map((id) => [id.trim().toUpperCase(), id.trim()])).entries()];
  const rows = await reader.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE upper(product_id) IN (SELECT unnest(CAST($1 AS JSON)::VARCHAR[]))`,
    [JSON.stringify(wanted.map(([upper]) => upper))],
  );
  const byUpper = new Map(rows.map((row) => [row.product_id.toUpperCase(), row]));
  const missing = wanted.filter(([upper]) => !byUpper.has(upper)).map(([, id]) => id);
  if (missing.length > 0) {
    const [example] = await reader.query<{ product_id: string }>(
      "SELECT product_id FROM products WHERE is_product ORDER BY product_id LIMIT 1",
    );
    const shape = example === undefined ? "" : ` Product ids look like "${example.product_id}".`;
    throw new NotFoundError(
      "unknown_product",
      `No product ${missing.map((id) => `"${id}"`).join(", ")} in the catalogue.${shape} Use search_catalog (by need or name) or recommend_products (for a customer or segment) to find real product ids, or leave productIds out to feature bestsellers.`,
      { details: { missing } },
    );
  }
  const services = wanted.map(([upper]) => byUpper.get(upper)).filter((row): row is ProductRow => row !== undefined && !row.is_product);
  if (services.length > 0) {
    throw new AppError(
      "not_a_product",
      "user",
      `${services.map((row) => `${row.product_id} (${row.name})`).join(", ")} ${services.length === 1 ? "is a service code" : "are service codes"}, not merchandise, so copy cannot feature ${services.length === 1 ? "it" : "them"}. Remove ${services.length === 1 ? "it" : "them"} from productIds.`,
      { details: { productIds: services.map((row) => row.product_id) } },
    );
  }
  return wanted.map(([upper]) => toProductFact(byUpper.get(upper) as ProductRow));
}

function toProductFact(row: ProductRow): ProductFact {
  return {
    productId: row.product_id,
    name: row.name,
    price: row.price,
    category: row.category,
    description: row.description,
    inStock: row.in_stock,
    rating: null,
  };
}

/**
 * Up to `limit` in-stock products to feature when the request names none: the products
 * most members of the segment have bought, or else the shop's bestsellers (most buyers
 * in the last `BESTSELLER_DAYS` days of sales).
 */
export async function loadBestsellers(
  reader: StoreReader,
  segment: SegmentFact | null,
  limit = BESTSELLER_COUNT,
): Promise<{ products: ProductFact[]; source: ProductSource }> {
  // The sale-line rules of the `customer_sale_lines` view (completed orders, positive quantity and
  // price, a known customer, merchandise), written out over the base tables: going through the
  // view's three-way join made these queries 4–8 times slower on the demo store.
  const saleLine = "o.status = 'completed' AND o.customer_id IS NOT NULL AND i.quantity > 0 AND i.unit_price > 0";
  const pick = (top: string) => `${top}
    SELECT ${PRODUCT_COLUMNS.split(", ").map((column) => `p.${column}`).join(", ")}
    FROM top JOIN products p ON p.product_id = top.product_id
    WHERE p.in_stock AND p.is_product ORDER BY top.buyers DESC, p.product_id LIMIT ${limit}`;
  if (segment !== null) {
    const rows = await reader.query<ProductRow>(
      pick(`WITH top AS (
        SELECT i.product_id, count(DISTINCT o.customer_id) AS buyers
        FROM order_items i JOIN orders o ON o.order_id = i.order_id
        JOIN segment_assignments a ON a.customer_id = o.customer_id AND a.segmentation_id = $1 AND a.segment_id = $2
        WHERE ${saleLine} GROUP BY i.product_id)`),
      [segment.segmentationId, segment.number],
    );
    if (rows.length > 0) return { products: rows.map(toProductFact), source: "segment_bestsellers" };
  }
  const rows = await reader.query<ProductRow>(
    pick(`WITH since AS (SELECT max(ordered_at) - INTERVAL ${BESTSELLER_DAYS} DAY AS start FROM orders WHERE status = 'completed'),
      top AS (
        SELECT i.product_id, count(DISTINCT o.customer_id) AS buyers
        FROM order_items i JOIN orders o ON o.order_id = i.order_id
        WHERE ${saleLine} AND o.ordered_at > (SELECT start FROM since) GROUP BY i.product_id)`),
  );
  return rows.length > 0 ? { products: rows.map(toProductFact), source: "bestsellers" } : { products: [], source: "none" };
}

/** Parses a JSON column value, which DuckDB may hand back as text or as a value. */
function jsonValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * The audience: a segment reference is resolved against the stored segmentations (an
 * unknown one is a not-found error saying how to get ids); anything else is the
 * marketer's words, kept as the label.
 */
export async function loadAudience(reader: StoreReader, audience: string | undefined): Promise<AudienceFact | null> {
  if (audience === undefined) return null;
  if (!isSegmentReference(audience)) return { label: audience, segment: null };
  const reference = await resolveSegment(reader, audience);
  const [row] = await reader.query<{ result: unknown }>("SELECT result FROM segmentations WHERE segmentation_id = $1", [
    reference.segmentationId,
  ]);
  const parsed = storedSegmentationSchema.safeParse(jsonValue(row?.result));
  const stored = parsed.success ? parsed.data.segments.find((segment) => segment.number === reference.segmentNumber) : undefined;
  const name = stored?.name ?? `Segment ${reference.segmentNumber}`;
  return {
    label: `${name} (segment ${reference.segmentId}, ${reference.customerCount} customers)`,
    segment: {
      segmentId: reference.segmentId,
      segmentationId: reference.segmentationId,
      number: reference.segmentNumber,
      name,
      description: stored?.description ?? null,
      suggestedAction: stored?.suggestedAction ?? null,
      customerCount: reference.customerCount,
      medians: stored?.medians ?? null,
    },
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Cuts a quote to `MAX_QUOTE_LENGTH` characters at a word boundary. */
function shortQuote(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= MAX_QUOTE_LENGTH) return clean;
  const cut = clean.slice(0, MAX_QUOTE_LENGTH - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > 40 ? cut.slice(0, space) : cut}…`;
}

/**
 * Ratings per product (set on `products` in place), and over all of them: the count and
 * average rating, the aspects positive reviews (4–5 stars) mention most, and up to two
 * short positive quotes, newest first, preferring different products.
 */
export async function loadReviewFacts(reader: StoreReader, products: ProductFact[]): Promise<ReviewFacts> {
  const empty: ReviewFacts = { count: 0, averageRating: null, topAspects: [], quotes: [] };
  if (products.length === 0) return empty;
  const ids = JSON.stringify(products.map((product) => product.productId));
  const inProducts = "product_id IN (SELECT unnest(CAST($1 AS JSON)::VARCHAR[]))";
  const ratings = await reader.query<{ product_id: string; reviews: number; average: number }>(
    `SELECT product_id, count(*) AS reviews, avg(rating) AS average FROM reviews
     WHERE ${inProducts} AND rating IS NOT NULL GROUP BY product_id`,
    [ids],
  );
  const byId = new Map(ratings.map((row) => [row.product_id, row]));
  for (const product of products) {
    const row = byId.get(product.productId);
    product.rating = row === undefined ? null : { average: round(row.average, 1), count: row.reviews };
  }
  const count = ratings.reduce((sum, row) => sum + row.reviews, 0);
  if (count === 0) return empty;
  const averageRating = round(ratings.reduce((sum, row) => sum + row.average * row.reviews, 0) / count, 1);

  const positive = await reader.query<{ product_id: string; rating: number; body: string }>(
    `SELECT product_id, rating, body FROM reviews WHERE ${inProducts} AND rating >= 4
     ORDER BY created_at DESC, review_id DESC LIMIT 2000`,
    [ids],
  );
  const mentions = new Map<ReviewAspect, number>();
  for (const review of positive) {
    for (const [aspect, pattern] of Object.entries(REVIEW_ASPECTS) as Array<[ReviewAspect, RegExp]>) {
      if (pattern.test(review.body)) mentions.set(aspect, (mentions.get(aspect) ?? 0) + 1);
    }
  }
  const topAspects = [...mentions.entries()]
    .map(([aspect, found]) => ({ aspect, mentions: found }))
    .sort((left, right) => right.mentions - left.mentions || left.aspect.localeCompare(right.aspect))
    .slice(0, 2);

  const candidates = positive.filter((review) => review.body.trim().length >= 20);
  const quotes: ReviewQuote[] = [];
  for (const review of [...candidates].sort((left, right) => right.rating - left.rating)) {
    if (quotes.length >= 2) break;
    if (quotes.some((quote) => quote.productId === review.product_id) && products.length > 1) continue;
    quotes.push({ productId: review.product_id, rating: review.rating, text: shortQuote(review.body) });
  }
  if (quotes.length < 2) {
    for (const review of candidates) {
      if (quotes.length >= 2) break;
      const text = shortQuote(review.body);
      if (!quotes.some((quote) => quote.text === text)) quotes.push({ productId: review.product_id, rating: review.rating, text });
    }
  }
  return { count, averageRating, topAspects, quotes };
}

/** Loads every fact of a draft: audience first (the segment decides bestsellers), then products, then reviews. */
export async function loadDraftFacts(
  reader: StoreReader,
  request: { audience?: string | undefined; productIds?: readonly string[] | undefined },
): Promise<DraftFacts> {
  const audience = await loadAudience(reader, request.audience);
  let products: ProductFact[];
  let productSource: ProductSource;
  if (request.productIds !== undefined && request.productIds.length > 0) {
    products = await loadProducts(reader, request.productIds);
    productSource = "request";
  } else {
    ({ products, source: productSource } = await loadBestsellers(reader, audience?.segment ?? null));
  }
  const reviews = await loadReviewFacts(reader, products);
  return { products, productSource, audience, reviews };
}
