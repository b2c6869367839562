/**
 * `npm run bench`: runs every bench module, prints a table and writes
 * `bench/results.json`. Quality figures need the public sets in ../shared/data
 * (skipped with a message when absent); speed figures use seeded synthetic data.
 *
 * Usage: npm run bench [-- --only import,segment_customers]
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Store } from "../src/core/ports.ts";
import { type BenchContext, type BenchModule, type BenchRow, findSharedData, repoRoot } from "./lib.ts";

/** Bench modules by name, loaded lazily so one module's failure does not stop the others. */
const modules: Record<string, () => Promise<{ bench: BenchModule }>> = {
  import: () => import("./import.ts"),
  segment_customers: () => import("./segment-customers.ts"),
  forecast_sales: () => import("./forecast-sales.ts"),
  analyze_sentiment: () => import("./analyze-sentiment.ts"),
  search_catalog: () => import("./search-catalog.ts"),
  recommend_products: () => import("./recommend-products.ts"),
  planner: () => import("./planner-routing.ts"),
  campaign: () => import("./campaign.ts"),
  chat_overhead: () => import("./chat-overhead.ts"),
};

function formatNumber(value: number | undefined): string {
  if (value === undefined) return "";
  if (Number.isInteger(value)) return value.toLocaleString("en");
  return Math.abs(value) >= 100 ? value.toFixed(1) : Math.abs(value) >= 1 ? value.toFixed(3) : value.toPrecision(3);
}

/** A Markdown table of the rows (also used for the README). */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ["tool", "metric", "ours", "reference", "target", "met"];
  const lines = rows.map((row) => [
    row.tool,
    row.metric + (row.unit ? ` (${row.unit})` : ""),
    formatNumber(row.ours),
    row.reference === undefined ? "" : `${formatNumber(row.reference)}${row.referenceName ? ` ${row.referenceName}` : ""}`,
    row.target ?? "",
    row.pass === undefined ? "" : row.pass ? "yes" : "NO",
  ]);
  const table = [header, header.map(() => "---"), ...lines];
  return table.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** One module's figures and when they were measured. */
interface ModuleResult {
  ranAt: string;
  durationMs: number;
  rows: BenchRow[];
}

async function readPreviousResults(file: string): Promise<Record<string, ModuleResult>> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as { modules?: Record<string, ModuleResult> };
    return parsed.modules ?? {};
  } catch {
    return {};
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: "string" } } });
  const only = values.only?.split(",").map((name) => name.trim());
  const sharedDataDir = findSharedData();
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  if (sharedDataDir === undefined) log("../shared/data is absent: quality benchmarks on the public sets are skipped.");

  const scratch = await mkdtemp(path.join(tmpdir(), "bullseye-bench-"));
  let onlineRetail: Promise<Store | undefined> | undefined;
  const opened: Store[] = [];
  const context: BenchContext = {
    sharedDataDir,
    log,
    onlineRetailStore: () => {
      onlineRetail ??= (async () => {
        if (sharedDataDir === undefined) return undefined;
        const { loadOnlineRetail } = await import("./import.ts");
        log("importing the UCI Online Retail file for the quality benchmarks…");
        const store = await loadOnlineRetail(path.join(scratch, "online-retail.duckdb"));
        opened.push(store);
        return store;
      })();
      return onlineRetail;
    },
  };

  const resultsFile = path.join(repoRoot, "bench", "results.json");
  // With --only, the other modules keep their last figures, so results.json stays complete.
  const previous = only === undefined ? {} : await readPreviousResults(resultsFile);
  const byModule: Record<string, ModuleResult> = { ...previous };
  const failures: string[] = [];
  for (const [name, load] of Object.entries(modules)) {
    if (only !== undefined && !only.includes(name)) continue;
    log(`running ${name}…`);
    const started = performance.now();
    try {
      const { bench } = await load();
      const rows = await bench(context);
      const durationMs = Math.round(performance.now() - started);
      byModule[name] = { ranAt: new Date().toISOString(), durationMs, rows };
      log(`${name} done in ${(durationMs / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push(name);
      log(`${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  for (const store of opened) await store.close();
  await rm(scratch, { recursive: true, force: true });

  const rows = Object.keys(modules).flatMap((name) => byModule[name]?.rows ?? []);
  const results = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version, platform: process.platform },
    sharedData: sharedDataDir !== undefined,
    failures,
    modules: byModule,
    rows,
  };
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatTable(rows)}\n\nWrote bench/results.json.\n`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
