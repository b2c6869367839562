/**
 * Shared shapes for `npm run bench`. Each bench module exports a function that
 * returns `BenchRow`s; `bench/run.ts` runs them, prints a table and writes
 * `bench/results.json`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Store, silentLogger } from "../src/core/ports.ts";
import { type ToolContext, createMemo } from "../src/core/tool.ts";

/** One measured figure. */
export interface BenchRow {
  /** Area or tool, e.g. `import`, `segment_customers`. */
  tool: string;
  /** What was measured, e.g. `silhouette k=4 (Online Retail)`. */
  metric: string;
  /** Our figure. */
  ours: number;
  /** The reference figure it is compared with, when there is one. */
  reference?: number;
  /** What the reference is (`scikit-learn KMeans`, `DuckDB read_csv`, …). */
  referenceName?: string;
  unit?: string;
  /** The target from the issue, written out (`≤ 20 s`, `> 0.234`). */
  target?: string;
  /** Whether the target is met; omitted when there is none. */
  pass?: boolean;
  note?: string;
}

/** A bench module: gets the shared context and returns its rows. */
export type BenchModule = (context: BenchContext) => Promise<BenchRow[]>;

export interface BenchContext {
  /** `../shared/data` (absolute), or undefined when the public sets are absent. */
  sharedDataDir: string | undefined;
  /** Writes a progress line to stderr. */
  log: (message: string) => void;
  /**
   * A store with the full UCI Online Retail file imported (`online-retail` importer),
   * loaded once per bench run and shared; undefined when the public sets are absent.
   * Treat it as read-only apart from the app tables (segmentations…).
   */
  onlineRetailStore: () => Promise<Store | undefined>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "..");

/** Where the public data sets live (`../shared/data` beside the repo), if present. */
export function findSharedData(): string | undefined {
  const candidate = path.resolve(repoRoot, "..", "shared", "data");
  return existsSync(candidate) ? candidate : undefined;
}

/** Rounds to `digits` decimals for readable bench figures. */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/**
 * A tool context for benchmarks: a fixed clock, counter ids (`sgm_bench1`, …) and a fresh
 * memo, plus whatever `extras` a bench needs (embedder, data directory, logger).
 */
export function benchToolContext(store: Store, extras: Partial<ToolContext> = {}): ToolContext {
  let counter = 0;
  return {
    store,
    clock: () => new Date("2026-11-01T00:00:00Z"),
    newId: (prefix) => `${prefix}_bench${++counter}`,
    logger: silentLogger,
    memo: createMemo(),
    ...extras,
  };
}
