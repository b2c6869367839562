/**
 * The demo store: a seeded, believable gift-and-homeware shop (products,
 * customers with hidden behaviour patterns, two years of seasonal orders, reviews)
 * that `bullseye demo` and the first start load into an empty store.
 *
 * The patterns it plants are documented in `personas.ts` (customers),
 * `seasonality.ts` (when people buy), `catalogue.ts` (flaws, bought-together pairs),
 * `services.ts` (non-product codes) and `docs/decisions/demo-store.md`.
 */
import { AppError } from "../../core/errors.ts";
import type { DuckDbStore } from "../store.ts";
import { generateDemoWithTruth } from "./generate.ts";
import { appendDemoRows, assertBusinessTablesEmpty, assertDemoColumns } from "./load.ts";
import { resolveDemoOptions } from "./options.ts";
import type { DemoData } from "./rows.ts";

export type { CustomerRow, DemoData, OrderItemRow, OrderRow, ProductRow, ReviewRow } from "./rows.ts";

/** How to generate the demo. */
export interface DemoOptions {
  /** Same seed (and end date and scale) → byte-identical store contents. An integer 0–4294967295. */
  seed: number;
  /** ISO date (YYYY-MM-DD) of the last day with orders; default "2026-10-31". Orders cover the two years up to it. */
  endDate?: string;
  /** 1 = default sizes (5,000 customers, 1,500 products, ~50k orders); tests use e.g. 0.05. Between 0.01 and 10. */
  scale?: number;
}

/** What a load wrote and how long it took. */
export interface DemoSummary {
  customers: number;
  products: number;
  orders: number;
  orderItems: number;
  reviews: number;
  /** Generation plus load, in milliseconds. */
  durationMs: number;
  seed: number;
  endDate: string;
}

/**
 * Pure generator: the rows `loadDemo` writes, table by table, with no store.
 * Throws `ValidationError` (code `invalid_input`) on bad options.
 */
export function generateDemo(options: DemoOptions): DemoData {
  return generateDemoWithTruth(options).data;
}

/**
 * Loads the demo into an EMPTY store (throws AppError code `store_not_empty`,
 * category `conflict`, if any business table has rows). One transaction: all or
 * nothing. Throws `ValidationError` on bad options before touching the store.
 */
export async function loadDemo(store: DuckDbStore, options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const resolved = resolveDemoOptions(options);
  const connection = await store.connect();
  try {
    await connection.run("BEGIN TRANSACTION");
    try {
      await assertBusinessTablesEmpty(connection, store.location);
      await assertDemoColumns(connection);
      const data = generateDemo(options);
      await appendDemoRows(connection, data);
      await connection.run("COMMIT");
      return {
        customers: data.customers.length,
        products: data.products.length,
        orders: data.orders.length,
        orderItems: data.orderItems.length,
        reviews: data.reviews.length,
        durationMs: Math.round(performance.now() - started),
        seed: resolved.seed,
        endDate: resolved.endDate,
      };
    } catch (error) {
      await connection.run("ROLLBACK").catch(() => {});
      if (error instanceof AppError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError(
        "demo_load_failed",
        "internal",
        `Loading the demo into ${store.location} failed and nothing was written: ${reason}`,
        { cause: error },
      );
    }
  } finally {
    connection.closeSync();
  }
}
