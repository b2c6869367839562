/**
 * Reading what segmentation needs from the store. Everything goes through the
 * `customer_sale_lines` view, so "what counts as a sale" is defined once
 * (src/data/migrations.ts): completed orders only (no cancellations or adjustments),
 * positive quantity and price (no write-offs or free lines), merchandise only (no
 * postage, fees or manual lines), and a known customer (no guest orders).
 */
import { NotFoundError } from "../../src/core/errors.ts";
import type { SqlValue, StoreReader } from "../../src/core/ports.ts";
import type { CustomerFeatures } from "./features.ts";

/** Which sale lines count. Dates are `YYYY-MM-DD`. */
export interface SaleLineScope {
  /** Only orders placed before this date count; recency and tenure are measured to it. */
  asOf: string;
  /** First order date included. */
  from?: string | undefined;
  /** Last order date included. */
  to?: string | undefined;
  /** Exact country spelling as stored (see `resolveCountry`). */
  country?: string | undefined;
}

/**
 * The stored spelling of `country` (matched case-insensitively against the countries
 * of customers' sale lines), or a not-found error listing the countries that have sales.
 */
export async function resolveCountry(reader: StoreReader, country: string): Promise<string> {
  const rows = await reader.query<{ country: string; customers: number }>(
    `SELECT country, count(DISTINCT customer_id) AS customers FROM customer_sale_lines
     WHERE country IS NOT NULL GROUP BY country ORDER BY customers DESC, country`,
  );
  const wanted = country.trim().toLowerCase();
  const match = rows.find((row) => row.country.toLowerCase() === wanted);
  if (match !== undefined) return match.country;
  const shown = rows.slice(0, 10).map((row) => row.country);
  throw new NotFoundError(
    "unknown_country",
    rows.length === 0
      ? `No customer orders have a country, so there is nothing to filter on "${country}". Leave country out.`
      : `No customer orders ship to "${country}". Countries with customer orders include: ${shown.join(", ")}` +
        `${rows.length > shown.length ? ` (and ${rows.length - shown.length} more)` : ""}. Use one of those spellings or leave country out.`,
    { details: { country, known: rows.map((row) => row.country) } },
  );
}

// A type alias (not an interface) so it satisfies the store's `Row` index signature.
type FeatureRow = {
  customer_id: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  tenure_days: number;
  distinct_products: number;
};

/**
 * One row of raw features per customer with at least one sale line in `scope`,
 * ordered by customer id (so results never depend on scan order).
 */
export async function loadCustomerFeatures(reader: StoreReader, scope: SaleLineScope): Promise<CustomerFeatures[]> {
  const params: SqlValue[] = [scope.asOf];
  const conditions = ["ordered_at < CAST($1 AS DATE)"];
  if (scope.from !== undefined) {
    params.push(scope.from);
    conditions.push(`ordered_at >= CAST($${params.length} AS DATE)`);
  }
  if (scope.to !== undefined) {
    params.push(scope.to);
    // `to` is a whole day: everything before the next midnight.
    conditions.push(`ordered_at < CAST($${params.length} AS DATE) + 1`);
  }
  if (scope.country !== undefined) {
    params.push(scope.country);
    conditions.push(`country = $${params.length}`);
  }
  // Recency and tenure count calendar days between order dates and the as-of date,
  // which is what reproduces the reference RFM on the Online Retail data.
  const rows = await reader.query<FeatureRow>(
    `SELECT customer_id,
            date_diff('day', CAST(max(ordered_at) AS DATE), CAST($1 AS DATE)) AS recency_days,
            count(DISTINCT order_id) AS frequency,
            sum(amount) AS monetary,
            date_diff('day', CAST(min(ordered_at) AS DATE), CAST($1 AS DATE)) AS tenure_days,
            count(DISTINCT product_id) AS distinct_products
     FROM customer_sale_lines
     WHERE ${conditions.join(" AND ")}
     GROUP BY customer_id
     ORDER BY customer_id`,
    params,
  );
  return rows.map((row) => ({
    customerId: String(row.customer_id),
    recencyDays: Number(row.recency_days),
    frequency: Number(row.frequency),
    monetary: Number(row.monetary),
    tenureDays: Number(row.tenure_days),
    distinctProducts: Number(row.distinct_products),
  }));
}
