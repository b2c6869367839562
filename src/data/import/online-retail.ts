/**
 * The UCI "Online Retail" format: one line per invoice line, with the header
 * `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`.
 * The raw lines are staged as they are, then the four business tables are built from
 * the staging table with SQL (nothing is dropped, so sales totals stay right):
 *
 * - products: `product_id` = upper-cased StockCode (the file spells 112 codes in two
 *   cases). `name` = the description seen on the most sale lines (ties → the
 *   lexicographically smallest); a code with no sale line takes its most frequent
 *   description; a code with no description at all is named after the code.
 *   `price` = median UnitPrice over its sale lines (each line once, not weighted by
 *   quantity; mean of the middle two for an even count; rounded to 4 decimals), null
 *   when it has no sale line. `is_product` = false for the non-merchandise codes POST,
 *   DOT, C2, M, BANK CHARGES, AMAZONFEE, S, D, B and CRUK (gift vouchers, DCGS… and PADS
 *   stay products). Category and description are not set.
 * - customers: `customer_id` = CustomerID as the integer's digits (`17850`); `country` =
 *   the country of their most recent invoice. Name, email and phone are not set.
 * - orders: `order_id` = InvoiceNo; `status` = `cancelled` for `C…` invoices,
 *   `adjustment` for `A…`, else `completed`; `ordered_at` = the invoice's earliest
 *   InvoiceDate; `customer_id` and `country` from the invoice's first line.
 *   `customer_id` is null on guest invoices, which are kept so sales totals stay
 *   right; per-customer analytics leave them out through `customer_sale_lines`.
 * - order_items: `line_no` = the line's position within its invoice in file order (so
 *   exact duplicate lines stay separate lines); quantity as given (negative for
 *   cancellations and write-offs); unit_price as given.
 *
 * A sale line is a line of a non-`C`, non-`A` invoice with Quantity > 0 and UnitPrice > 0,
 * the same rule as the store's `sale_lines` view.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { MergeSpec } from "./merge.ts";
import { lineColumn } from "./staging.ts";
import { sqlName, sqlString } from "./sql.ts";

/** Stock codes that are not merchandise (postage, fees, manual entries, discounts…). */
export const nonProductCodes: readonly string[] = ["POST", "DOT", "C2", "M", "BANK CHARGES", "AMAZONFEE", "S", "D", "B", "CRUK"];

const line = sqlName(lineColumn);
const status = `CASE WHEN upper(invoice_no) LIKE 'C%' THEN 'cancelled' WHEN upper(invoice_no) LIKE 'A%' THEN 'adjustment' ELSE 'completed' END`;
/** SQL condition over a staged line: is it a sale line? */
export const isSaleLine = `(upper(invoice_no) NOT LIKE 'C%' AND upper(invoice_no) NOT LIKE 'A%' AND quantity > 0 AND unit_price > 0)`;

/** The TEMP tables (and view) `buildOnlineRetailTables` creates. */
export const built = {
  products: "retail_products",
  customers: "retail_customers",
  orders: "retail_orders",
  orderItems: "retail_order_items",
} as const;

/** Builds the four tables to merge (TEMP tables, and a TEMP view for the lines) from the staged raw lines in `stage`. */
export async function buildOnlineRetailTables(connection: DuckDBConnection, stage: string): Promise<void> {
  const lines = sqlName(stage);
  await connection.run(`
    CREATE TEMP TABLE ${built.products} AS
    WITH lines AS (
      SELECT upper(stock_code) AS product_id, description, unit_price, ${isSaleLine} AS is_sale FROM ${lines}
    ),
    named AS (
      SELECT product_id, description,
             row_number() OVER (
               PARTITION BY product_id
               ORDER BY count(*) FILTER (WHERE is_sale) DESC,
                        CASE WHEN count(*) FILTER (WHERE is_sale) = 0 THEN count(*) ELSE 0 END DESC,
                        description
             ) AS rank
      FROM lines WHERE description IS NOT NULL
      GROUP BY product_id, description
    ),
    priced AS (
      SELECT product_id, round(median(unit_price) FILTER (WHERE is_sale), 4) AS price FROM lines GROUP BY product_id
    )
    SELECT p.product_id, coalesce(n.description, p.product_id) AS name, p.price,
           p.product_id NOT IN (${nonProductCodes.map(sqlString).join(", ")}) AS is_product
    FROM priced p LEFT JOIN named n ON n.product_id = p.product_id AND n.rank = 1`);

  await connection.run(`
    CREATE TEMP TABLE ${built.orders} AS
    SELECT invoice_no AS order_id,
           arg_min_null(customer_id, ${line}) AS customer_id,
           min(invoice_date) AS ordered_at,
           ${status} AS status,
           arg_min_null(country, ${line}) AS country
    FROM ${lines} GROUP BY invoice_no`);

  await connection.run(`
    CREATE TEMP TABLE ${built.customers} AS
    SELECT customer_id, country FROM (
      SELECT customer_id, country,
             row_number() OVER (PARTITION BY customer_id ORDER BY country IS NULL, ordered_at DESC, order_id DESC) AS rank
      FROM ${built.orders} WHERE customer_id IS NOT NULL
    ) WHERE rank = 1`);

  // A view, not a table: it is read once by the merge, so materialising its
  // one-row-per-line result first would only copy the largest table twice.
  await connection.run(`
    CREATE TEMP VIEW ${built.orderItems} AS
    SELECT invoice_no AS order_id,
           CAST(row_number() OVER (PARTITION BY invoice_no ORDER BY ${line}) AS INTEGER) AS line_no,
           upper(stock_code) AS product_id, quantity, unit_price
    FROM ${lines}`);
}

/**
 * The merges that follow `buildOnlineRetailTables`, in order. Only the columns the format
 * carries are written. `lines` is the number of staged lines (one order line each).
 */
export function onlineRetailMerges(lines: number): MergeSpec[] {
  return [
    { target: "products", source: built.products, key: ["product_id"], columns: ["product_id", "name", "price", "is_product"] },
    { target: "customers", source: built.customers, key: ["customer_id"], columns: ["customer_id", "country"] },
    {
      target: "orders",
      source: built.orders,
      key: ["order_id"],
      columns: ["order_id", "customer_id", "ordered_at", "status", "country"],
    },
    {
      target: "order_items",
      source: built.orderItems,
      key: ["order_id", "line_no"],
      columns: ["order_id", "line_no", "product_id", "quantity", "unit_price"],
      sourceRows: lines,
    },
  ];
}
