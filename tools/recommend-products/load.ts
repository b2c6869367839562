/**
 * Reading what recommendations need from the store. Purchases come from the `sale_lines`
 * view (src/data/migrations.ts), so "what counts as a sale" is defined once: completed
 * orders, positive quantity and price, merchandise only. Guest orders (no customer) stay
 * in: they count for "bought together" and trending, not for any customer's history.
 */
import { NotFoundError } from "../../src/core/errors.ts";
import type { StoreReader } from "../../src/core/ports.ts";
import type { PurchaseLine } from "./matrix.ts";

/**
 * A cheap fingerprint of the tables sale lines and reasons are made from: it changes
 * whenever an import, an erasure, a cancellation or a product edit could change what a fit
 * would see, so fitted models are reused only while it stays the same. Hashing the base
 * tables costs ~15 ms on the demo store, four times less than hashing the joined view.
 */
export async function dataFingerprint(reader: StoreReader): Promise<string> {
  const [row] = await reader.query<{ items: string | null; orders: string | null; products: string | null }>(
    `SELECT
       (SELECT CAST(count(*) AS VARCHAR) || ':' || CAST(sum(hash(order_id, line_no, product_id, quantity, unit_price)) AS VARCHAR) FROM order_items) AS items,
       (SELECT CAST(count(*) AS VARCHAR) || ':' || CAST(sum(hash(order_id, customer_id, ordered_at, status)) AS VARCHAR) FROM orders) AS orders,
       (SELECT CAST(count(*) AS VARCHAR) || ':' || CAST(sum(hash(product_id, name, description, category, in_stock, is_product)) AS VARCHAR) FROM products) AS products`,
  );
  return [row?.items ?? "", row?.orders ?? "", row?.products ?? ""].join("|");
}

/** Every sale line placed before `asOf`. */
export async function loadPurchaseLines(reader: StoreReader, asOf: string): Promise<PurchaseLine[]> {
  const rows = await reader.query<{ customer_id: string | null; order_id: string; product_id: string; ordered_ms: number }>(
    `SELECT customer_id, order_id, product_id, epoch_ms(ordered_at) AS ordered_ms
     FROM sale_lines WHERE ordered_at < CAST($1 AS DATE)`,
    [asOf],
  );
  return rows.map((row) => ({
    customerId: row.customer_id,
    orderId: row.order_id,
    productId: row.product_id,
    orderedAt: Number(row.ordered_ms),
  }));
}

/** The merchandise catalogue: names for reasons, stock for candidates, text for embeddings. */
export interface Catalogue {
  /** Product ids, sorted. */
  ids: string[];
  names: Map<string, string>;
  /** Products that may be recommended (in stock). */
  available: Set<string>;
  /** "name. description. category" per product id, for the embedder. */
  texts: Map<string, string>;
}

export async function loadCatalogue(reader: StoreReader): Promise<Catalogue> {
  const rows = await reader.query<{
    product_id: string;
    name: string;
    description: string | null;
    category: string | null;
    in_stock: boolean;
  }>("SELECT product_id, name, description, category, in_stock FROM products WHERE is_product ORDER BY product_id");
  const catalogue: Catalogue = { ids: [], names: new Map(), available: new Set(), texts: new Map() };
  for (const row of rows) {
    catalogue.ids.push(row.product_id);
    catalogue.names.set(row.product_id, row.name);
    if (row.in_stock) catalogue.available.add(row.product_id);
    catalogue.texts.set(row.product_id, [row.name, row.description, row.category].filter((part) => part !== null && part !== "").join(". "));
  }
  return catalogue;
}

/** A few real ids of `column` in `table`, for "ids look like …" messages. */
async function exampleIds(reader: StoreReader, table: "customers" | "products", column: "customer_id" | "product_id"): Promise<string[]> {
  const rows = await reader.query<{ id: string }>(`SELECT ${column} AS id FROM ${table} ORDER BY ${column} LIMIT 3`);
  return rows.map((row) => row.id);
}

/**
 * Checks that every id is a known customer (in `customers` or on an order); throws a
 * not-found error naming the unknown ones and showing what real ids look like.
 */
export async function assertCustomersExist(reader: StoreReader, ids: readonly string[]): Promise<void> {
  // The ids travel as one bound JSON parameter: never SQL text, one query for any batch size.
  const known = await reader.query<{ id: string }>(
    `SELECT requested.id FROM (SELECT unnest(from_json($1, '["VARCHAR"]')) AS id) AS requested
     WHERE requested.id IN (SELECT customer_id FROM customers) OR requested.id IN (SELECT customer_id FROM orders)`,
    [JSON.stringify(ids)],
  );
  const found = new Set(known.map((row) => row.id));
  const rows = ids.filter((id) => !found.has(id)).map((id) => ({ id }));
  if (rows.length === 0) return;
  const unknown = rows.map((row) => row.id).sort();
  const examples = await exampleIds(reader, "customers", "customer_id");
  const shown = unknown.slice(0, 10).map((id) => `"${id}"`).join(", ");
  const more = unknown.length > 10 ? ` and ${unknown.length - 10} more` : "";
  throw new NotFoundError(
    "unknown_customer",
    `${unknown.length === 1 ? "There is no customer" : "There are no customers"} ${shown}${more}. ` +
      (examples.length > 0 ? `Customer ids look like ${examples.map((id) => `"${id}"`).join(", ")}; ` : "The store has no customers yet; ") +
      "check the id, or use productId or segmentId instead.",
    { details: { unknown: unknown.slice(0, 100), unknownCount: unknown.length } },
  );
}

/** Throws a not-found error (with example ids) unless `id` is a merchandise product in the catalogue. */
export async function assertProductExists(reader: StoreReader, id: string): Promise<void> {
  const [row] = await reader.query<{ is_product: boolean }>("SELECT is_product FROM products WHERE product_id = $1", [id]);
  if (row?.is_product === true) return;
  if (row !== undefined) {
    throw new NotFoundError(
      "unknown_product",
      `"${id}" is not merchandise (it is a postage, fee or other non-product code), so it has no recommendations. Ask about a product instead.`,
      { details: { productId: id } },
    );
  }
  const examples = await exampleIds(reader, "products", "product_id");
  throw new NotFoundError(
    "unknown_product",
    `There is no product "${id}". ` +
      (examples.length > 0
        ? `Product ids look like ${examples.map((example) => `"${example}"`).join(", ")}; use search_catalog to find a product by name.`
        : "The catalogue is empty; import products first."),
    { details: { productId: id } },
  );
}

/** Customer ids of segment `segmentNumber` of `segmentationId`, sorted. */
export async function segmentMembers(reader: StoreReader, segmentationId: string, segmentNumber: number): Promise<string[]> {
  const rows = await reader.query<{ customer_id: string }>(
    "SELECT customer_id FROM segment_assignments WHERE segmentation_id = $1 AND segment_id = $2 ORDER BY customer_id",
    [segmentationId, segmentNumber],
  );
  return rows.map((row) => row.customer_id);
}
