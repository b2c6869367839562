/** Tiny SQL helpers for statements built from our own table specs. */
import type { DuckDBConnection } from "@duckdb/node-api";
import { AppError } from "../../core/errors.ts";

/** A quoted identifier: `order_id` → `"order_id"`. */
export function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A quoted string literal: `it's` → `'it''s'`. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `a, b, c` with each name quoted, optionally prefixed with a table alias. */
export function sqlNames(names: readonly string[], alias?: string): string {
  return names.map((name) => (alias === undefined ? sqlName(name) : `${alias}.${sqlName(name)}`)).join(", ");
}

/** Runs a query on `connection` and returns plain rows (BIGINT counts as numbers). */
export async function selectRows<T extends Record<string, unknown>>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) if (typeof value === "bigint") row[key] = Number(value);
  }
  return rows as T[];
}

/** The first row of a query that always returns one (an aggregate). */
export async function selectOne<T extends Record<string, unknown>>(connection: DuckDBConnection, sql: string): Promise<T> {
  const [row] = await selectRows<T>(connection, sql);
  if (row === undefined) {
    throw new AppError("import_internal", "internal", `An import query returned no rows: ${sql.slice(0, 120)}`);
  }
  return row;
}
