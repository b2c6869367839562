/**
 * What happens to staged rows, per kind: which fields are validated and staged, the
 * whole-file checks, and the merge into the business tables.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { z } from "zod";
import {
  createRejectsTable,
  listCheckRejections,
  rejectDuplicateKeys,
  rejectMissingReferences,
  removeRejectedRows,
} from "./checks.ts";
import type { FieldSet } from "./fields.ts";
import type { ColumnMapping } from "./header.ts";
import { mergeRows } from "./merge.ts";
import { onlineRetailNotes } from "./online-retail-notes.ts";
import { buildOnlineRetailTables, onlineRetailMerges } from "./online-retail.ts";
import { selectRows, sqlName } from "./sql.ts";
import { lineColumn } from "./staging.ts";
import { type TableSpec, onlineRetailFields, onlineRetailRowSchema } from "./tables.ts";
import type { BusinessTable, RejectedRow, TableChanges } from "./types.ts";

/** The TEMP table validated rows are staged in. */
export const stageTable = "import_stage";

/** What the merge wrote, and what is worth telling about it. */
export interface MergeOutcome {
  changes: Partial<Record<BusinessTable, TableChanges>>;
  notes: string[];
}

/** How one import validates, stages, checks and merges. */
export interface Plan {
  fields: FieldSet;
  /** Validates one row input. */
  rowSchema: z.ZodType<Record<string, unknown>>;
  /** The fields staged, in order. */
  staged: readonly string[];
  /** Runs SQL checks on the `stagedRows` staged rows, removes the failing ones, returns how many there were. */
  check(connection: DuckDBConnection, stagedRows: number): Promise<number>;
  /** The first `limit` rejections of `check`, by line (call before rolling back). */
  listRejections(connection: DuckDBConnection, limit: number): Promise<RejectedRow[]>;
  /** Writes the `stagedRows` remaining staged rows to the business tables. */
  merge(connection: DuckDBConnection, stagedRows: number): Promise<MergeOutcome>;
}

async function statusNotes(connection: DuckDBConnection): Promise<string[]> {
  const rows = await selectRows<{ status: string; orders: number }>(
    connection,
    `SELECT status, count(*) AS orders FROM ${sqlName(stageTable)}
     WHERE status <> 'completed' GROUP BY status ORDER BY orders DESC, status`,
  );
  if (rows.length === 0) return [];
  const listed = rows.map((row) => `${row.orders.toLocaleString("en-US")} ${row.status}`).join(", ");
  return [`orders by status other than completed: ${listed}; only completed orders count as sales`];
}

/** The plan for one business table, given which of its columns the file has. */
export function tablePlan(spec: TableSpec, mapping: ColumnMapping): Plan {
  const present = mapping.present;
  const numbered = spec.numbered !== undefined && !present.includes(spec.numbered.column) ? spec.numbered : undefined;
  const stage = sqlName(stageTable);
  const line = sqlName(lineColumn);
  return {
    fields: spec.fields,
    rowSchema: numbered?.rowSchema ?? spec.rowSchema,
    // Only the columns the file has: the others must keep their stored values.
    staged: present,
    async check(connection, stagedRows) {
      // Nothing to check, and an empty JSON array stages no key columns to check with.
      if (stagedRows === 0) return 0;
      if (numbered !== undefined) {
        const column = sqlName(numbered.column);
        await connection.run(`ALTER TABLE ${stage} ADD COLUMN ${column} INTEGER`);
        await connection.run(`
          UPDATE ${stage} SET ${column} = numbered.position
          FROM (SELECT ${line} AS line, row_number() OVER (PARTITION BY ${sqlName(numbered.within)} ORDER BY ${line}) AS position
                FROM ${stage}) numbered
          WHERE ${stage}.${line} = numbered.line`);
      }
      await createRejectsTable(connection);
      await rejectDuplicateKeys(connection, stageTable, spec.key);
      await rejectMissingReferences(connection, stageTable, spec.table, spec.references);
      return removeRejectedRows(connection, stageTable);
    },
    listRejections: listCheckRejections,
    async merge(connection, stagedRows) {
      if (stagedRows === 0) return { changes: { [spec.table]: { inserted: 0, updated: 0, unchanged: 0 } }, notes: [] };
      const columns = numbered === undefined ? present : [...present, numbered.column];
      const changes = await mergeRows(connection, { target: spec.table, source: stageTable, key: spec.key, columns });
      const notes = spec.table === "orders" && present.includes("status") ? await statusNotes(connection) : [];
      if (numbered !== undefined) {
        notes.push(`no ${numbered.column} column: lines were numbered 1, 2, … in file order within each ${numbered.within}`);
      }
      return { changes: { [spec.table]: changes }, notes };
    },
  };
}

/** The plan for the UCI Online Retail format (see `online-retail.ts`). */
export const onlineRetailPlan: Plan = {
  fields: onlineRetailFields,
  rowSchema: onlineRetailRowSchema,
  // Every field is staged: the derivations read all of them (absent optional columns are null).
  staged: Object.keys(onlineRetailFields),
  // The lines refer only to each other, and repeated lines are legitimate: no SQL checks.
  check: async () => 0,
  listRejections: async () => [],
  async merge(connection, stagedRows) {
    await buildOnlineRetailTables(connection, stageTable);
    const notes = await onlineRetailNotes(connection, stageTable);
    const changes: Partial<Record<BusinessTable, TableChanges>> = {};
    for (const spec of onlineRetailMerges(stagedRows)) changes[spec.target] = await mergeRows(connection, spec);
    return { changes, notes };
  },
};
