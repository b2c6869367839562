/**
 * `importFile`: one file into the store, all or nothing.
 *
 * 1. Open the source (gzip by magic bytes, UTF-8 checked, format detected) and map its
 *    header to the kind's fields: file-level problems throw before anything is touched.
 * 2. In one transaction on a dedicated connection: stream the records, validate each
 *    with the kind's zod row schema, append the valid ones to a TEMP staging table.
 * 3. Run the whole-file checks in SQL (duplicate keys, missing references).
 * 4. Any rejection without `skipBadRows` → ROLLBACK, status `rejected`, nothing changed.
 *    Otherwise merge staging into the business tables by primary key (counting inserted,
 *    updated, unchanged) and COMMIT.
 *
 * Memory is bounded by design: the file is read in 64 KiB chunks, records are handled
 * one chunk's batch at a time and go straight into DuckDB through an appender; what is
 * kept in JavaScript is the header, at most 1,000 rejections, and counters. Everything
 * whole-file (duplicates, references, the online-retail derivations) happens in DuckDB,
 * which spills to disk when a temp table outgrows its memory limit.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { AppError } from "../../core/errors.ts";
import type { DuckDbStore } from "../store.ts";
import { importCancelled, importConflict } from "./errors.ts";
import { type Plan, onlineRetailPlan, stageTable, tablePlan } from "./plans.ts";
import { ProgressMeter } from "./progress.ts";
import { RejectionLog, mergeByLine, rejectionFromIssues } from "./rejections.ts";
import { type RowStream, openRows } from "./rows.ts";
import { type OpenedSource, openSource } from "./source.ts";
import { type StagedColumn, StagingTable } from "./staging.ts";
import { onlineRetailFields, tableSpecs } from "./tables.ts";
import { type ImportKind, type ImportOptions, type ImportReport, importKinds, maxRejectedListed } from "./types.ts";

function checkKind(kind: unknown): ImportKind {
  if (typeof kind === "string" && (importKinds as readonly string[]).includes(kind)) return kind as ImportKind;
  const message = `Unknown import kind "${String(kind)}". Use one of: ${importKinds.join(", ")}.`;
  throw new AppError("unknown_import_kind", "user", message, { details: { kind, kinds: [...importKinds] } });
}

function translateError(error: unknown, file: string, rowsRead: number): AppError {
  if (error instanceof AppError) {
    // Cancellation found while opening does not know the row count yet.
    return error.code === "import_cancelled" ? importCancelled(file, rowsRead, error.cause ?? error) : error;
  }
  if (error instanceof Error && error.name === "AbortError") return importCancelled(file, rowsRead, error);
  const message = error instanceof Error ? error.message : String(error);
  // DuckDB reports optimistic-concurrency clashes as "Conflict on …" transaction errors.
  if (/conflict/i.test(message)) return importConflict(file, error);
  return new AppError("import_failed", "internal", `Importing ${file} failed unexpectedly (${message}). Nothing was changed.`, {
    details: { file },
    cause: error,
  });
}

function stagedColumns(plan: Plan): StagedColumn[] {
  return plan.staged.map((name) => {
    const field = plan.fields[name];
    if (field === undefined) {
      throw new AppError("import_internal", "internal", `Staged column ${name} is not a field of this import.`);
    }
    return { name, kind: field.kind };
  });
}

/** The outcome of the transaction: whether to commit, and the report (without its duration). */
interface Outcome {
  commit: boolean;
  report: Omit<ImportReport, "durationMs">;
}

async function stageCheckAndMerge(
  connection: DuckDBConnection,
  kind: ImportKind,
  source: OpenedSource,
  rows: RowStream,
  plan: Plan,
  options: ImportOptions,
  counter: { rowsRead: number },
): Promise<Outcome> {
  const { signal } = options;
  // A function, not a narrowed property read: the signal can fire during any await.
  const cancelled = (): boolean => signal?.aborted === true;
  // Rejections name columns as the file's header does, so people find the cell.
  const headerOf = new Map(rows.mapping.present.map((name, index) => [name, rows.mapping.headers[index] ?? name]));
  const displayColumn = (field: string): string => headerOf.get(field) ?? field;

  const staging = await StagingTable.create(connection, stageTable, stagedColumns(plan));
  const log = new RejectionLog();
  const progress = new ProgressMeter(options.onProgress, source);
  try {
    for await (const batch of rows.batches) {
      if (cancelled()) throw importCancelled(source.name, counter.rowsRead, signal?.reason);
      for (const row of batch) {
        counter.rowsRead++;
        if (row.input === undefined) {
          log.add(row.rejection);
          continue;
        }
        const result = plan.rowSchema.safeParse(row.input);
        if (result.success) staging.append(row.line, result.data);
        else log.add(rejectionFromIssues(row.line, result.error.issues, row.input, displayColumn));
      }
      progress.update(counter.rowsRead);
    }
  } finally {
    staging.close();
  }
  progress.finish(counter.rowsRead);
  if (cancelled()) throw importCancelled(source.name, counter.rowsRead, signal?.reason);

  const checkRejected = await plan.check(connection, staging.rows);
  const rowsRejected = log.count + checkRejected;
  const checkRejections = checkRejected > 0 ? await plan.listRejections(connection, maxRejectedListed) : [];
  const rejected = mergeByLine(
    log.listed,
    checkRejections.map((row) => (row.column === undefined ? row : { ...row, column: displayColumn(row.column) })),
  );
  const base = {
    kind,
    file: source.name,
    format: rows.format,
    rowsRead: counter.rowsRead,
    rowsAccepted: counter.rowsRead - rowsRejected,
    rowsRejected,
    rejected,
    rejectedTruncated: rowsRejected > rejected.length,
  };
  if (rowsRejected > 0 && options.skipBadRows !== true) {
    return { commit: false, report: { ...base, status: "rejected", skippedBadRows: false, changes: {}, notes: rows.notes() } };
  }
  if (cancelled()) throw importCancelled(source.name, counter.rowsRead, signal?.reason);
  const { changes, notes } = await plan.merge(connection, staging.rows - checkRejected);
  return {
    commit: true,
    report: { ...base, status: "imported", skippedBadRows: rowsRejected > 0, changes, notes: [...rows.notes(), ...notes] },
  };
}

/**
 * Imports one file (or stream) of `options.kind` into `store`, in one transaction.
 *
 * Bad rows are reported, not thrown: without `skipBadRows` any bad row leaves the store
 * unchanged (status `rejected`); with it the good rows are imported and the bad ones
 * listed. Re-importing the same file changes nothing (inserted 0, updated 0).
 *
 * Throws `file_not_found` (not-found), `file_unreadable`, `missing_columns`,
 * `duplicate_columns`, `malformed_file`, `unknown_import_kind`, `import_cancelled`
 * (user) and `import_conflict` (conflict); in every case nothing was changed.
 */
export async function importFile(store: DuckDbStore, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const kind = checkKind(options.kind);
  const name = typeof options.source === "string" ? options.source : options.source.name;
  if (options.signal?.aborted === true) throw importCancelled(name, 0, options.signal.reason);
  const counter = { rowsRead: 0 };
  let source: OpenedSource | undefined;
  let connection: DuckDBConnection | undefined;
  try {
    source = await openSource(options.source, options.signal);
    const spec = kind === "online-retail" ? undefined : tableSpecs[kind];
    const rows = await openRows(source, spec?.fields ?? onlineRetailFields, {
      kind,
      generated: spec?.numbered === undefined ? [] : [spec.numbered.column],
    });
    const plan = spec === undefined ? onlineRetailPlan : tablePlan(spec, rows.mapping);
    connection = await store.connect();
    await connection.run("BEGIN TRANSACTION");
    let outcome: Outcome;
    try {
      outcome = await stageCheckAndMerge(connection, kind, source, rows, plan, options, counter);
      await connection.run(outcome.commit ? "COMMIT" : "ROLLBACK");
    } catch (error) {
      await connection.run("ROLLBACK").catch(() => {
        // The transaction may already be gone (a failed COMMIT rolls back by itself).
      });
      throw error;
    }
    return { ...outcome.report, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    throw translateError(error, name, counter.rowsRead);
  } finally {
    connection?.closeSync();
    source?.close();
  }
}
