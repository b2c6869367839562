/** Shared helpers for the importer tests: fixture paths and a seeded store. */
import { fileURLToPath } from "node:url";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { type ImportKind, type ImportReport, importFile } from "../../../src/data/import/index.ts";

/** Absolute path of a file in test/fixtures/import. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url));
}

/** Imports a fixture and fails the test if the import did not go through. */
export async function importFixture(store: DuckDbStore, kind: ImportKind, name: string): Promise<ImportReport> {
  const report = await importFile(store, { kind, source: fixture(name) });
  if (report.status !== "imported") {
    throw new Error(`importing ${name} was rejected: ${JSON.stringify(report.rejected)}`);
  }
  return report;
}

/** Loads the good customers, products and orders fixtures (what order_items and reviews refer to). */
export async function seedCatalogAndOrders(store: DuckDbStore): Promise<void> {
  await importFixture(store, "customers", "customers.csv");
  await importFixture(store, "products", "products.csv");
  await importFixture(store, "orders", "orders.csv");
}
