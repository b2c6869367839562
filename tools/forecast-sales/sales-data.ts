/**
 * Reads what the forecast needs from the store: daily sales of one metric over a
 * scope (everything, a product, a segment's customers, or both), and the days the
 * shop traded at all. Sales come from the `sale_lines` view, so "what counts as a
 * sale" is defined once, in the schema; a segment keeps the lines of its members,
 * which is `customer_sale_lines` for them.
 */
import type { SqlValue, StoreReader } from "../../src/core/ports.ts";

/** What is being forecast. */
export type SalesMetric = "revenue" | "units" | "orders";

/** Which sales count. */
export interface SalesScope {
  productId?: string;
  segment?: { segmentationId: string; segmentNumber: number };
}

const METRIC_SQL: Record<SalesMetric, string> = {
  revenue: "sum(s.amount)",
  units: "sum(s.quantity)",
  orders: "count(DISTINCT s.order_id)",
};

/** One day on which the shop sold anything. */
export interface SalesDay {
  /** Day number: days since 1970-01-01 (see calendar.ts). */
  day: number;
  /** The metric over the scope's sales that day (0 when the shop traded but not in scope). */
  value: number;
}

/**
 * Every day on which the shop sold anything, ascending, with the metric over the
 * scope's sales. One scan of the sale lines answers everything the forecast needs
 * (latest sale, first sale in scope, the series, the trading days), which matters
 * on half a million lines.
 */
export async function dailySales(store: StoreReader, metric: SalesMetric, scope: SalesScope): Promise<SalesDay[]> {
  const params: SqlValue[] = [];
  const bind = (value: SqlValue): string => {
    params.push(value);
    return `$${params.length}`;
  };
  let join = "";
  const conditions: string[] = [];
  if (scope.segment !== undefined) {
    // (segmentation_id, customer_id) is the key of segment_assignments, so the join never
    // duplicates a line; guests have no customer and so never belong to a segment.
    join =
      ` LEFT JOIN segment_assignments a ON a.customer_id = s.customer_id` +
      ` AND a.segmentation_id = ${bind(scope.segment.segmentationId)} AND a.segment_id = ${bind(scope.segment.segmentNumber)}`;
    conditions.push("a.customer_id IS NOT NULL");
  }
  if (scope.productId !== undefined) conditions.push(`s.product_id = ${bind(scope.productId)}`);
  const filter = conditions.length === 0 ? "" : ` FILTER (WHERE ${conditions.join(" AND ")})`;
  // Day numbers straight from SQL: formatting a date string per line costs more than the join.
  const rows = await store.query<{ day: number; value: number | null }>(
    `SELECT CAST(s.ordered_at AS DATE) - DATE '1970-01-01' AS day, ${METRIC_SQL[metric]}${filter} AS value
     FROM sale_lines s${join} GROUP BY 1 ORDER BY 1`,
    params,
  );
  return rows.map((row) => ({ day: Number(row.day), value: Number(row.value ?? 0) }));
}

/** A product as the forecast needs it. */
export interface ProductRecord {
  productId: string;
  name: string;
  /** False for non-merchandise codes (postage, fees), which never count as sales. */
  isProduct: boolean;
}

/** A product by id (exact, else case-insensitive), or null. */
export async function findProduct(store: StoreReader, productId: string): Promise<ProductRecord | null> {
  const [row] = await store.query<{ product_id: string; name: string; is_product: boolean }>(
    `SELECT product_id, name, is_product FROM products WHERE product_id = $1 OR upper(product_id) = upper($1)
     ORDER BY product_id = $1 DESC, product_id LIMIT 1`,
    [productId],
  );
  return row === undefined ? null : { productId: row.product_id, name: row.name, isProduct: row.is_product };
}

/** A few real product ids, best sellers first, to show what ids look like. */
export async function exampleProductIds(store: StoreReader, limit = 3): Promise<string[]> {
  const rows = await store.query<{ product_id: string }>(
    `SELECT p.product_id FROM products p LEFT JOIN sale_lines s ON s.product_id = p.product_id
     WHERE p.is_product GROUP BY p.product_id ORDER BY count(s.order_id) DESC, p.product_id LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.product_id);
}
