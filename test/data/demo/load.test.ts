import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError, ValidationError } from "../../../src/core/errors.ts";
import { generateDemo, loadDemo, type DemoSummary } from "../../../src/data/demo/index.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { memoryStore } from "../../helpers/context.ts";

const OPTIONS = { seed: 99, scale: 0.05 } as const;
const EMPTY = { customers: 0, products: 0, orders: 0, orderItems: 0, reviews: 0 };

describe("loadDemo into an empty store", () => {
  const data = generateDemo(OPTIONS);
  let store: DuckDbStore;
  let summary: DemoSummary;
  beforeAll(async () => {
    store = await memoryStore();
    summary = await loadDemo(store, OPTIONS);
  });
  afterAll(async () => {
    await store.close();
  });

  it("loads every generated row and reports the counts", async () => {
    expect(summary).toMatchObject({
      customers: data.customers.length,
      products: data.products.length,
      orders: data.orders.length,
      orderItems: data.orderItems.length,
      reviews: data.reviews.length,
      seed: 99,
      endDate: "2026-10-31",
    });
    expect(summary.durationMs).toBeGreaterThan(0);
    const { durationMs: _duration, seed: _seed, endDate: _endDate, ...counts } = summary;
    expect(await store.counts()).toEqual(counts);
  });

  it("stores values exactly, including nulls, dates and timestamps", async () => {
    const order = data.orders.find((row) => row.customer_id === null) ?? data.orders[0]!;
    expect(await store.query("SELECT * FROM orders WHERE order_id = $1", [order.order_id])).toEqual([order]);
    const customer = data.customers.find((row) => row.phone === null) ?? data.customers[0]!;
    expect(await store.query("SELECT * FROM customers WHERE customer_id = $1", [customer.customer_id])).toEqual([customer]);
    const review = data.reviews.find((row) => row.title === null) ?? data.reviews[0]!;
    expect(await store.query("SELECT * FROM reviews WHERE review_id = $1", [review.review_id])).toEqual([review]);
    const product = data.products[0]!;
    expect(await store.query("SELECT * FROM products WHERE product_id = $1", [product.product_id])).toEqual([product]);
    const [service] = await store.query("SELECT * FROM products WHERE product_id = 'POST'");
    expect(service).toMatchObject({ is_product: false, category: null, price: 3.95 });

    const [revenue] = await store.query<{ total: number }>("SELECT sum(quantity * unit_price) AS total FROM order_items");
    const expected = data.orderItems.reduce((sum, item) => sum + item.quantity * item.unit_price, 0);
    expect(revenue?.total).toBeCloseTo(expected, 4);
  });

  it("works with the shared sale_lines view: no services, no cancellations, guests kept", async () => {
    const [lines] = await store.query<{ services: number; cancelled: number; guests: number; total: number }>(`
      SELECT count(*) FILTER (WHERE s.product_id IN ('POST', 'POSTEU', 'GIFTWRAP', 'GIFTCARD')) AS services,
             count(*) FILTER (WHERE o.status <> 'completed') AS cancelled,
             count(*) FILTER (WHERE s.customer_id IS NULL) AS guests,
             count(*) AS total
      FROM sale_lines s JOIN orders o USING (order_id)`);
    expect(lines).toMatchObject({ services: 0, cancelled: 0 });
    expect(lines!.guests).toBeGreaterThan(0);
    expect(lines!.total).toBeGreaterThan(1_000);
  });

  it("refuses a second load and keeps the first", async () => {
    await expect(loadDemo(store, OPTIONS)).rejects.toMatchObject({ code: "store_not_empty", category: "conflict" });
    expect((await store.counts()).orders).toBe(summary.orders);
  });
});

describe("loadDemo refusals and failures", () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it("refuses a store that already has business rows, names them, and changes nothing", async () => {
    await store.run("INSERT INTO products (product_id, name, price) VALUES ('MINE', 'My own product', 5)");
    const attempt = loadDemo(store, OPTIONS);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "store_not_empty", category: "conflict", details: { counts: { products: 1 } } });
    await expect(attempt).rejects.toThrow(/1 products/);
    expect(await store.counts()).toEqual({ ...EMPTY, products: 1 });
  });

  it("rejects bad options before touching the store", async () => {
    await expect(loadDemo(store, { seed: -3 })).rejects.toBeInstanceOf(ValidationError);
    await expect(loadDemo(store, { seed: 1, endDate: "2026-13-01" })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await store.counts()).toEqual(EMPTY);
  });

  it("rolls everything back when a write fails part-way, and reports the real cause", async () => {
    // Same columns, but a rule no demo review meets: customers, products, orders and
    // items are appended before the reviews fail.
    await store.run("DROP TABLE reviews");
    await store.run(`CREATE TABLE reviews (
      review_id VARCHAR PRIMARY KEY, product_id VARCHAR NOT NULL, customer_id VARCHAR, rating INTEGER CHECK (rating > 5),
      title VARCHAR, body VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)`);
    const attempt = loadDemo(store, OPTIONS);
    await expect(attempt).rejects.toMatchObject({ code: "demo_load_failed", category: "internal" });
    await expect(attempt).rejects.toThrow(/nothing was written.*CHECK constraint failed on table reviews/);
    expect(await store.counts()).toEqual(EMPTY);
  });

  it("refuses a schema it does not know instead of writing misplaced columns", async () => {
    await store.run("ALTER TABLE reviews ADD COLUMN helpful_votes INTEGER");
    await expect(loadDemo(store, OPTIONS)).rejects.toMatchObject({
      code: "demo_schema_mismatch",
      category: "internal",
      details: { table: "reviews" },
    });
    expect(await store.counts()).toEqual(EMPTY);
  });
});
