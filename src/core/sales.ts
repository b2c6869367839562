/**
 * Sales facts shared by the analytic tools.
 */
import { AppError } from "./errors.ts";
import type { StoreReader } from "./ports.ts";

/**
 * The default as-of date (`YYYY-MM-DD`): the day after the latest order in `sale_lines`,
 * so a historical import is analysed as if today were just after its last order (see
 * docs/decisions/data-model.md). Throws a `no_sales_data` user error when the store has
 * no sales; `purpose` finishes its sentence, e.g. "to segment".
 */
export async function defaultAsOf(reader: StoreReader, purpose: string): Promise<string> {
  const [row] = await reader.query<{ as_of: string | null }>(
    "SELECT strftime(CAST(max(ordered_at) AS DATE) + 1, '%Y-%m-%d') AS as_of FROM sale_lines",
  );
  if (row?.as_of === null || row?.as_of === undefined) {
    throw new AppError(
      "no_sales_data",
      "user",
      `not enough data: the store has no sales yet (no completed orders with products), so there is nothing ${purpose}. ` +
        "Import customers, orders and order items (or load the demo data with `npx bullseye demo`), then try again.",
    );
  }
  return row.as_of;
}
