/**
 * Import speed and mapping on the UCI Online Retail file (541,909 lines, gzip):
 * `importFile` into a fresh file-backed store, end to end (open, import, close), against
 * DuckDB's own `read_csv` of the same file into a table, plus the counts the mapping
 * must reach and a check that a re-import changes nothing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { AppError } from "../src/core/errors.ts";
import { importFile } from "../src/data/import/index.ts";
import { DuckDbStore } from "../src/data/store.ts";
import { type BenchContext, type BenchModule, type BenchRow, findSharedData } from "./lib.ts";

const targetSeconds = 20;

function transactionsFile(sharedDataDir: string): string {
  return path.join(sharedDataDir, "online-retail", "transactions.csv.gz");
}

/**
 * Opens (creating) the store at `location` and imports the full UCI Online Retail file
 * into it with the `online-retail` importer. The bench runner shares the result.
 */
export async function loadOnlineRetail(location: string, sharedDataDir = findSharedData()): Promise<DuckDbStore> {
  if (sharedDataDir === undefined) {
    const message = "The public data sets (../shared/data) are absent, so Online Retail cannot be loaded.";
    throw new AppError("bench_data_missing", "user", message);
  }
  const store = await DuckDbStore.open({ location });
  try {
    const report = await importFile(store, { kind: "online-retail", source: transactionsFile(sharedDataDir) });
    if (report.status !== "imported") {
      throw new AppError("bench_import_rejected", "internal", `The Online Retail import rejected ${report.rowsRejected} rows.`, {
        details: { rejected: report.rejected.slice(0, 10) },
      });
    }
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function timeReadCsv(file: string, location: string): Promise<number> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(location);
  const connection = await instance.connect();
  const quoted = file.replaceAll("'", "''");
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${quoted}')`);
  connection.closeSync();
  instance.closeSync();
  return (performance.now() - started) / 1000;
}

async function count(store: DuckDbStore, sql: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(sql);
  return row?.n ?? 0;
}

export const bench: BenchModule = async (context: BenchContext): Promise<BenchRow[]> => {
  if (context.sharedDataDir === undefined) {
    context.log("skipped: /work/shared/data absent");
    return [];
  }
  const file = transactionsFile(context.sharedDataDir);
  const scratch = await mkdtemp(path.join(tmpdir(), "bullseye-bench-import-"));
  try {
    context.log("import: importing transactions.csv.gz into a fresh file store…");
    const started = performance.now();
    const store = await DuckDbStore.open({ location: path.join(scratch, "import.duckdb") });
    let lines: number;
    try {
      const report = await importFile(store, { kind: "online-retail", source: file });
      if (report.status !== "imported") {
        throw new AppError("bench_import_rejected", "internal", `The import rejected ${report.rowsRejected} rows.`);
      }
      lines = report.rowsRead;
    } finally {
      await store.close();
    }
    const importSeconds = (performance.now() - started) / 1000;

    context.log("import: timing DuckDB read_csv on the same file…");
    const readCsvSeconds = await timeReadCsv(file, path.join(scratch, "read-csv.duckdb"));

    context.log("import: re-importing (must change nothing)…");
    const reopened = await DuckDbStore.open({ location: path.join(scratch, "import.duckdb") });
    let rows: BenchRow[];
    try {
      const reimportStarted = performance.now();
      const again = await importFile(reopened, { kind: "online-retail", source: file });
      const reimportSeconds = (performance.now() - reimportStarted) / 1000;
      const changed = Object.values(again.changes).reduce((sum, table) => sum + table.inserted + table.updated, 0);
      const customers = await count(reopened, "SELECT count(*) AS n FROM customers");
      const products = await count(reopened, "SELECT count(*) AS n FROM products");
      const saleCustomers = await count(reopened, "SELECT count(DISTINCT customer_id) AS n FROM customer_sale_lines");
      rows = [
        {
          tool: "import",
          metric: `online-retail import, ${lines.toLocaleString("en-US")} lines gzip, empty file store, end to end`,
          ours: importSeconds,
          unit: "s",
          reference: readCsvSeconds,
          referenceName: "DuckDB read_csv",
          target: `≤ ${targetSeconds} s`,
          pass: importSeconds <= targetSeconds,
        },
        { tool: "import", metric: "DuckDB read_csv of the same file into a table", ours: readCsvSeconds, unit: "s" },
        { tool: "import", metric: "import time / read_csv time", ours: importSeconds / readCsvSeconds, unit: "×" },
        { tool: "import", metric: "import throughput", ours: Math.round(lines / importSeconds), unit: "rows/s" },
        { tool: "import", metric: "customers after import", ours: customers, target: "≥ 4,300", pass: customers >= 4_300 },
        { tool: "import", metric: "products after import", ours: products, target: "≥ 3,600", pass: products >= 3_600 },
        {
          tool: "import",
          metric: "customers with sale lines (customer_sale_lines)",
          ours: saleCustomers,
          note: "sale lines of merchandise only (postage, fees excluded)",
        },
        {
          tool: "import",
          metric: "re-import of the same file: rows inserted or updated",
          ours: changed,
          target: "0",
          pass: changed === 0,
          note: `re-import took ${reimportSeconds.toFixed(1)} s`,
        },
      ];
    } finally {
      await reopened.close();
    }
    return rows;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};
