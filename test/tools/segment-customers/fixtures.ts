/**
 * Small stores for the segment_customers tests, built with SQL inserts.
 */
import type { DuckDbStore } from "../../../src/data/store.ts";

/** One order: who, when (`YYYY-MM-DD HH:MM`), and its lines as [product, quantity, unit price]. */
export interface FixtureOrder {
  order: string;
  customer: string | null;
  at: string;
  status?: "completed" | "cancelled" | "adjustment";
  country?: string;
  lines: Array<[product: string, quantity: number, unitPrice: number]>;
}

/** Inserts the catalogue every fixture uses: P1–P3 are merchandise, POST is postage. */
export async function addCatalogue(store: DuckDbStore): Promise<void> {
  await store.run(`INSERT INTO products (product_id, name, price, is_product) VALUES
    ('P1', 'Mug', 10, TRUE), ('P2', 'Candle', 30, TRUE), ('P3', 'Lamp', 40, TRUE), ('POST', 'Postage', 5, FALSE)`);
}

/** Inserts customers (with their country) and orders with their lines. */
export async function addOrders(store: DuckDbStore, orders: readonly FixtureOrder[]): Promise<void> {
  const customers = new Map<string, string>();
  for (const order of orders) if (order.customer !== null) customers.set(order.customer, order.country ?? "United Kingdom");
  for (const [customerId, country] of customers) {
    await store.run("INSERT INTO customers (customer_id, country) VALUES ($1, $2) ON CONFLICT DO NOTHING", [customerId, country]);
  }
  for (const order of orders) {
    await store.run("INSERT INTO orders (order_id, customer_id, ordered_at, status, country) VALUES ($1, $2, CAST($3 AS TIMESTAMP), $4, $5)", [
      order.order,
      order.customer,
      order.at,
      order.status ?? "completed",
      order.country ?? "United Kingdom",
    ]);
    for (const [index, [product, quantity, unitPrice]] of order.lines.entries()) {
      await store.run("INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES ($1, $2, $3, $4, $5)", [
        order.order,
        index + 1,
        product,
        quantity,
        unitPrice,
      ]);
    }
  }
}

/**
 * Six customers in two obvious groups, plus rows every rule must leave out.
 * As of 2024-04-01 (the day after the guest order, the latest sale):
 *
 * | customer | recency | orders | spend | tenure | products |
 * | c1 | 2   | 2 | 50  | 31  | 2 |
 * | c2 | 4   | 3 | 130 | 60  | 3 |
 * | c3 | 7   | 2 | 20  | 12  | 1 |  (its cancelled order and write-off do not count)
 * | c4 | 305 | 1 | 30  | 305 | 1 |
 * | c5 | 322 | 1 | 10  | 322 | 1 |  (its postage line does not count)
 * | c6 | 275 | 1 | 20  | 275 | 1 |
 * c7 has only a cancelled order; the guest order has no customer.
 */
export const twoGroups: readonly FixtureOrder[] = [
  { order: "o1", customer: "c1", at: "2024-03-30 09:00", lines: [["P1", 2, 10]] },
  { order: "o2", customer: "c1", at: "2024-03-01 12:00", lines: [["P2", 1, 30]] },
  { order: "o3", customer: "c2", at: "2024-03-28 10:00", lines: [["P1", 3, 10]] },
  { order: "o4", customer: "c2", at: "2024-03-10 10:00", lines: [["P3", 1, 40]] },
  { order: "o5", customer: "c2", at: "2024-02-01 10:00", lines: [["P2", 2, 30]] },
  { order: "o6", customer: "c3", at: "2024-03-25 10:00", lines: [["P1", 1, 10], ["P3", -5, 0]] },
  { order: "o7", customer: "c3", at: "2024-03-20 10:00", lines: [["P1", 1, 10]] },
  { order: "o8", customer: "c3", at: "2024-03-29 10:00", status: "cancelled", lines: [["P3", -100, 40]] },
  { order: "o9", customer: "c4", at: "2023-06-01 10:00", lines: [["P2", 1, 30]] },
  { order: "o10", customer: "c5", at: "2023-05-15 10:00", lines: [["P1", 1, 10], ["POST", 1, 500]] },
  { order: "o11", customer: "c6", at: "2023-07-01 10:00", country: "France", lines: [["P1", 2, 10]] },
  { order: "o12", customer: "c7", at: "2024-03-15 10:00", status: "cancelled", lines: [["P3", 2, 40]] },
  { order: "o13", customer: null, at: "2024-03-31 08:00", lines: [["P1", 1, 10]] },
];
