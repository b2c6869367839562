/**
 * A tiny gift shop for the recommend_products tests, built with SQL inserts.
 *
 * Completed orders (dates in 2024; C7 has no orders; o10 is cancelled; o12 is a guest order):
 *   C1: o1 01-05 {P1, P2}   o2 02-10 {P1, P3}   o3 03-01 {P1, P2, POST}
 *   C2: o4 01-20 {P1, P2}   o5 03-05 {P2, P4}
 *   C3: o6 02-01 {P3, P4}   o7 03-10 {P3, P4, P5}
 *   C4: o8 02-15 {P1, P2, P6}
 *   C5: o9 03-12 {P4, P5}
 *   C6: o10 03-15 {P5} (cancelled)   o11 03-20 {P2}
 *   guest: o12 03-18 {P1, P2}
 * P6 is out of stock; P7 never sold; POST is not merchandise. Latest sale 2024-03-20, so the
 * default asOf is 2024-03-21.
 *
 * Hand-checked rule P1 → P2 over the 11 completed orders with sale lines (o10 is cancelled):
 *   n(P1) = 6 (o1 o2 o3 o4 o8 o12), n(P2) = 7 (o1 o3 o4 o5 o8 o11 o12), n(P1 ∧ P2) = 5 (o1 o3 o4 o8 o12)
 *   support 5/11 = 0.454545, confidence 5/6 = 0.8333, lift (5/6) / (7/11) = 55/42 = 1.309524.
 */
import type { DuckDbStore } from "../../../src/data/store.ts";

export const PRODUCTS = {
  P1: "WHITE HANGING HEART T-LIGHT HOLDER",
  P2: "RED HANGING HEART T-LIGHT HOLDER",
  P3: "JUMBO BAG RED RETROSPOT",
  P4: "PACK OF 72 RETROSPOT CAKE CASES",
  P5: "REGENCY CAKESTAND 3 TIER",
  P6: "OUT OF STOCK VASE",
  P7: "WHITE HANGING HEART CANDLE",
} as const;

const ORDERS: ReadonlyArray<[order: string, customer: string | null, date: string, status: string, products: string[]]> = [
  ["o1", "C1", "2024-01-05 10:00:00", "completed", ["P1", "P2"]],
  ["o2", "C1", "2024-02-10 10:00:00", "completed", ["P1", "P3"]],
  ["o3", "C1", "2024-03-01 10:00:00", "completed", ["P1", "P2", "POST"]],
  ["o4", "C2", "2024-01-20 10:00:00", "completed", ["P1", "P2"]],
  ["o5", "C2", "2024-03-05 10:00:00", "completed", ["P2", "P4"]],
  ["o6", "C3", "2024-02-01 10:00:00", "completed", ["P3", "P4"]],
  ["o7", "C3", "2024-03-10 10:00:00", "completed", ["P3", "P4", "P5"]],
  ["o8", "C4", "2024-02-15 10:00:00", "completed", ["P1", "P2", "P6"]],
  ["o9", "C5", "2024-03-12 10:00:00", "completed", ["P4", "P5"]],
  ["o10", "C6", "2024-03-15 10:00:00", "cancelled", ["P5"]],
  ["o11", "C6", "2024-03-20 10:00:00", "completed", ["P2"]],
  ["o12", null, "2024-03-18 10:00:00", "completed", ["P1", "P2"]],
];

/** Fills an empty store with the shop above. */
export async function seedShop(store: DuckDbStore): Promise<void> {
  for (const [id, name] of Object.entries(PRODUCTS)) {
    await store.run("INSERT INTO products (product_id, name, price, in_stock) VALUES ($1, $2, 2.5, $3)", [id, name, id !== "P6"]);
  }
  await store.run("INSERT INTO products (product_id, name, price, is_product) VALUES ('POST', 'POSTAGE', 18, FALSE)");
  for (const customer of ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]) {
    await store.run("INSERT INTO customers (customer_id, name) VALUES ($1, $2)", [customer, `Customer ${customer}`]);
  }
  for (const [order, customer, date, status, products] of ORDERS) {
    await store.run("INSERT INTO orders (order_id, customer_id, ordered_at, status) VALUES ($1, $2, CAST($3 AS TIMESTAMP), $4)", [
      order,
      customer,
      date,
      status,
    ]);
    for (const [index, product] of products.entries()) {
      await store.run("INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES ($1, $2, $3, 1, 2.5)", [
        order,
        index + 1,
        product,
      ]);
    }
  }
}

/** Stores a segmentation `sgm_t` with segment 1 = {C1, C2, C7} and segment 2 = {C3, C5}. */
export async function seedSegments(store: DuckDbStore): Promise<void> {
  await store.run("INSERT INTO segmentations VALUES ('sgm_t', TIMESTAMP '2024-03-21 00:00:00', '{}', '{}')");
  for (const [customer, segment] of [
    ["C1", 1],
    ["C2", 1],
    ["C7", 1],
    ["C3", 2],
    ["C5", 2],
  ] as const) {
    await store.run("INSERT INTO segment_assignments VALUES ('sgm_t', $1, $2)", [customer, segment]);
  }
}
