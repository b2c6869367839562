/**
 * Whole-file checks that need more than one row, run as SQL over the staging table:
 * keys repeated within the file, and references to rows that are not in the store.
 * Failing rows are recorded in a TEMP rejects table and then removed from staging.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { lineColumn } from "./staging.ts";
import { selectOne, selectRows, sqlName, sqlNames, sqlString } from "./sql.ts";
import type { Reference } from "./tables.ts";
import type { RejectedRow } from "./types.ts";

const rejects = "import_rejects";
const line = sqlName(lineColumn);

/** Creates the (connection-local) table the checks write their rejections to. */
export async function createRejectsTable(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE TEMP TABLE ${rejects} (line INTEGER NOT NULL, "column" VARCHAR, reason VARCHAR NOT NULL, value VARCHAR)`,
  );
}

/**
 * Rejects every later occurrence of a key already seen earlier in the file, naming the
 * line that had it first. The first occurrence is kept.
 */
export async function rejectDuplicateKeys(connection: DuckDBConnection, stage: string, key: readonly string[]): Promise<void> {
  const [firstColumn] = key;
  if (firstColumn === undefined) return;
  const described = key
    .map((column, index) =>
      index === 0
        ? `${sqlString(`${column} "`)} || ${sqlName(column)}::VARCHAR || '"'`
        : `${sqlString(` with ${column} `)} || ${sqlName(column)}::VARCHAR`,
    )
    .join(" || ");
  const keyName = key.length === 1 ? firstColumn : `(${key.join(", ")})`;
  const rule = `each ${keyName} may appear only once in a file`;
  await connection.run(`
    INSERT INTO ${rejects}
    SELECT ${line}, ${sqlString(firstColumn)}, ${described} || ' is already on line ' || first_line || ${sqlString(`; ${rule}`)},
           ${sqlName(firstColumn)}::VARCHAR
    FROM (SELECT *, min(${line}) OVER (PARTITION BY ${sqlNames(key)}) AS first_line FROM ${sqlName(stage)})
    WHERE ${line} <> first_line`);
}

/**
 * Rejects rows whose reference is not a key of the target table in the store. Rows
 * already rejected are skipped, so each row is reported once.
 */
export async function rejectMissingReferences(
  connection: DuckDBConnection,
  stage: string,
  importedTable: string,
  references: readonly Reference[],
): Promise<void> {
  for (const reference of references) {
    const column = sqlName(reference.column);
    const advice =
      reference.table === "customers"
        ? `; import the customers file before this ${importedTable} file, or leave ${reference.column} empty`
        : `; import the ${reference.table} file before this ${importedTable} file`;
    await connection.run(`
      INSERT INTO ${rejects}
      SELECT s.${line}, ${sqlString(reference.column)},
             ${sqlString(`${reference.noun} "`)} || s.${column} || ${sqlString(`" is not in the store${advice}`)},
             s.${column}
      FROM ${sqlName(stage)} s
      WHERE s.${column} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${sqlName(reference.table)} t WHERE t.${sqlName(reference.targetColumn)} = s.${column})
        AND NOT EXISTS (SELECT 1 FROM ${rejects} r WHERE r.line = s.${line})`);
  }
}

/** Deletes rejected rows from staging; returns how many rows the checks rejected. */
export async function removeRejectedRows(connection: DuckDBConnection, stage: string): Promise<number> {
  await connection.run(`DELETE FROM ${sqlName(stage)} WHERE ${line} IN (SELECT line FROM ${rejects})`);
  const { count } = await selectOne<{ count: number }>(connection, `SELECT count(*) AS count FROM ${rejects}`);
  return count;
}

/** The first `limit` rejections of the checks, by line. */
export async function listCheckRejections(connection: DuckDBConnection, limit: number): Promise<RejectedRow[]> {
  const rows = await selectRows<{ line: number; column: string | null; reason: string; value: string | null }>(
    connection,
    `SELECT line, "column", reason, value FROM ${rejects} ORDER BY line LIMIT ${Math.max(0, Math.floor(limit))}`,
  );
  return rows.map((row) => ({
    line: row.line,
    ...(row.column === null ? {} : { column: row.column }),
    reason: row.reason,
    ...(row.value === null ? {} : { value: row.value }),
  }));
}
