/**
 * Writes demo rows into the store with DuckDB appenders, on a connection whose
 * transaction the caller controls, so the whole load commits or none of it does.
 */
import { dateValue, timestampValue, type DuckDBAppender, type DuckDBConnection } from "@duckdb/node-api";
import { AppError } from "../../core/errors.ts";
import { MS_PER_DAY } from "./calendar.ts";
import type { DemoData } from "./rows.ts";

/** The business tables, in load order, as `DataCounts` names them. */
const BUSINESS_TABLES = [
  ["customers", "customers"],
  ["products", "products"],
  ["orders", "orders"],
  ["order_items", "orderItems"],
  ["reviews", "reviews"],
] as const;

/** The columns each table must have, in order; the appenders write positionally. */
const EXPECTED_COLUMNS: Readonly<Record<(typeof BUSINESS_TABLES)[number][0], readonly string[]>> = {
  customers: ["customer_id", "name", "email", "phone", "country", "city", "signup_date", "email_opt_in", "sms_opt_in"],
  products: ["product_id", "name", "description", "category", "price", "in_stock", "is_product"],
  orders: ["order_id", "customer_id", "ordered_at", "status", "channel", "country"],
  order_items: ["order_id", "line_no", "product_id", "quantity", "unit_price"],
  reviews: ["review_id", "product_id", "customer_id", "rating", "title", "body", "created_at"],
};

async function rowsOf<T>(connection: DuckDBConnection, sql: string, params?: string[]): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as T[];
}

/**
 * Throws `store_not_empty` (conflict) when any business table has rows, naming
 * the counts. Run it inside the load's transaction so the check and the load agree.
 */
export async function assertBusinessTablesEmpty(connection: DuckDBConnection, location: string): Promise<void> {
  const counts: Record<string, number> = {};
  for (const [table, name] of BUSINESS_TABLES) {
    const [row] = await rowsOf<{ rows: bigint }>(connection, `SELECT count(*) AS rows FROM ${table}`);
    counts[name] = Number(row?.rows ?? 0);
  }
  const filled = Object.entries(counts).filter(([, rows]) => rows > 0);
  if (filled.length > 0) {
    throw new AppError(
      "store_not_empty",
      "conflict",
      `The store ${location} already holds data (${filled.map(([name, rows]) => `${rows} ${name}`).join(", ")}), ` +
        `and the demo loads only into an empty store so it never mixes with real records. ` +
        `Point BULLSEYE_DB at a new file for the demo, or keep using the data you have.`,
      { details: { location, counts } },
    );
  }
}

/** Throws `demo_schema_mismatch` unless the tables still have the columns the appenders write, in order. */
export async function assertDemoColumns(connection: DuckDBConnection): Promise<void> {
  for (const [table] of BUSINESS_TABLES) {
    const columns = (
      await rowsOf<{ column_name: string }>(
        connection,
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position",
        [table],
      )
    ).map((row) => row.column_name);
    const expected = EXPECTED_COLUMNS[table];
    if (columns.join(",") !== expected.join(",")) {
      throw new AppError(
        "demo_schema_mismatch",
        "internal",
        `The demo loader writes ${table}(${expected.join(", ")}) but the table has (${columns.join(", ")}). ` +
          `The schema changed without the demo loader; update src/data/demo/load.ts.`,
        { details: { table, expected, actual: columns } },
      );
    }
  }
}

const micros = (date: Date) => timestampValue(BigInt(date.getTime()) * 1000n);
const days = (date: Date) => dateValue(Math.floor(date.getTime() / MS_PER_DAY));

function appendNullableVarchar(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

async function append<T>(connection: DuckDBConnection, table: string, rows: readonly T[], write: (appender: DuckDBAppender, row: T) => void) {
  const appender = await connection.createAppender(table);
  try {
    for (const row of rows) {
      write(appender, row);
      appender.endRow();
    }
    appender.flushSync();
  } catch (error) {
    // Closing flushes again and fails with "transaction is aborted", which would hide the real cause.
    try {
      appender.closeSync();
    } catch {
      // The transaction is rolled back by the caller; the first error is the one worth reporting.
    }
    throw error;
  }
  appender.closeSync();
}

/** Appends every demo row on `connection` (inside the caller's transaction); check columns first with `assertDemoColumns`. */
export async function appendDemoRows(connection: DuckDBConnection, data: DemoData): Promise<void> {
  await append(connection, "customers", data.customers, (appender, row) => {
    appender.appendVarchar(row.customer_id);
    appender.appendVarchar(row.name);
    appender.appendVarchar(row.email);
    appendNullableVarchar(appender, row.phone);
    appender.appendVarchar(row.country);
    appender.appendVarchar(row.city);
    appender.appendDate(days(row.signup_date));
    appender.appendBoolean(row.email_opt_in);
    appender.appendBoolean(row.sms_opt_in);
  });
  await append(connection, "products", data.products, (appender, row) => {
    appender.appendVarchar(row.product_id);
    appender.appendVarchar(row.name);
    appender.appendVarchar(row.description);
    appendNullableVarchar(appender, row.category);
    appender.appendDouble(row.price);
    appender.appendBoolean(row.in_stock);
    appender.appendBoolean(row.is_product);
  });
  await append(connection, "orders", data.orders, (appender, row) => {
    appender.appendVarchar(row.order_id);
    appendNullableVarchar(appender, row.customer_id);
    appender.appendTimestamp(micros(row.ordered_at));
    appender.appendVarchar(row.status);
    appender.appendVarchar(row.channel);
    appender.appendVarchar(row.country);
  });
  await append(connection, "order_items", data.orderItems, (appender, row) => {
    appender.appendVarchar(row.order_id);
    appender.appendInteger(row.line_no);
    appender.appendVarchar(row.product_id);
    appender.appendInteger(row.quantity);
    appender.appendDouble(row.unit_price);
  });
  await append(connection, "reviews", data.reviews, (appender, row) => {
    appender.appendVarchar(row.review_id);
    appender.appendVarchar(row.product_id);
    appendNullableVarchar(appender, row.customer_id);
    appender.appendInteger(row.rating);
    appendNullableVarchar(appender, row.title);
    appender.appendVarchar(row.body);
    appender.appendTimestamp(micros(row.created_at));
  });
}
