/**
 * Merging staged rows into a business table by primary key, and counting what changed.
 *
 * Staged rows are compared with the stored ones first; only rows whose key is new or
 * that differ in a written column are then upserted (`INSERT … ON CONFLICT DO UPDATE`),
 * so identical rows are not touched at all. That is what makes re-importing a file a no-op that reports
 * `inserted 0, updated 0, unchanged N`.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { selectOne, sqlName, sqlNames } from "./sql.ts";
import type { BusinessTable, TableChanges } from "./types.ts";

/** What to merge where. */
export interface MergeSpec {
  target: BusinessTable;
  /** A temp table or view with one row per key and (at least) `columns`. */
  source: string;
  key: readonly string[];
  /**
   * Columns to write, key included. Columns left out keep their stored values on
   * update and get the table default on insert.
   */
  columns: readonly string[];
  /** How many rows `source` has, when known: saves counting a view a second time. */
  sourceRows?: number;
}

const changed = "import_changed";

/** Upserts `spec.source` into `spec.target` and returns the inserted/updated/unchanged counts. */
export async function mergeRows(connection: DuckDBConnection, spec: MergeSpec): Promise<TableChanges> {
  const target = sqlName(spec.target);
  const source = sqlName(spec.source);
  const { stored } = await selectOne<{ stored: number }>(connection, `SELECT count(*) AS stored FROM ${target}`);
  if (stored === 0) {
    // Nothing to compare with (a first import): every row is new.
    const inserted = await connection.runAndReadAll(
      `INSERT INTO ${target} (${sqlNames(spec.columns)}) SELECT ${sqlNames(spec.columns)} FROM ${source}`,
    );
    // DuckDB answers an INSERT with one row holding the number of rows inserted.
    return { inserted: Number(inserted.getRows()[0]?.[0] ?? 0), updated: 0, unchanged: 0 };
  }
  const keySet = new Set(spec.key);
  const values = spec.columns.filter((column) => !keySet.has(column));
  const joinOn = spec.key.map((column) => `s.${sqlName(column)} = t.${sqlName(column)}`).join(" AND ");
  const firstKey = `t.${sqlName(spec.key[0] ?? "")}`;
  const differs = values.map((column) => `s.${sqlName(column)} IS DISTINCT FROM t.${sqlName(column)}`);

  await connection.run(`
    CREATE OR REPLACE TEMP TABLE ${changed} AS
    SELECT ${sqlNames(spec.columns, "s")}, ${firstKey} IS NULL AS is_new
    FROM ${source} s LEFT JOIN ${target} t ON ${joinOn}
    WHERE ${[`${firstKey} IS NULL`, ...differs].join(" OR ")}`);

  const total =
    spec.sourceRows ?? (await selectOne<{ total: number }>(connection, `SELECT count(*) AS total FROM ${source}`)).total;
  const counts = await selectOne<{ inserted: number; updated: number }>(
    connection,
    `SELECT count(*) FILTER (WHERE is_new) AS inserted, count(*) FILTER (WHERE NOT is_new) AS updated FROM ${changed}`,
  );

  if (counts.inserted + counts.updated > 0) {
    const onConflict =
      values.length === 0
        ? "DO NOTHING"
        : `DO UPDATE SET ${values.map((column) => `${sqlName(column)} = excluded.${sqlName(column)}`).join(", ")}`;
    await connection.run(
      `INSERT INTO ${target} (${sqlNames(spec.columns)}) SELECT ${sqlNames(spec.columns)} FROM ${changed}
       ON CONFLICT (${sqlNames(spec.key)}) ${onConflict}`,
    );
  }
  await connection.run(`DROP TABLE ${changed}`);
  return { inserted: counts.inserted, updated: counts.updated, unchanged: total - counts.inserted - counts.updated };
}
