import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importFile } from "../../../src/data/import/index.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { memoryStore } from "../../helpers/context.ts";
import { fixture, importFixture, seedCatalogAndOrders } from "./helpers.ts";

let store: DuckDbStore;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await store.close();
});

/** Rows of a table as plain values, timestamps and dates as ISO text for easy comparison. */
async function rowsOf(table: string, orderBy: string): Promise<Record<string, unknown>[]> {
  const rows = await store.query(`SELECT * FROM ${table} ORDER BY ${orderBy}`);
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])),
  );
}

describe.each(["csv", "json"] as const)("good %s files", (format) => {
  it("imports customers with coerced flags and dates", async () => {
    const report = await importFixture(store, "customers", `customers.${format}`);
    expect(report).toMatchObject({ format, status: "imported", rowsRead: 3, rowsAccepted: 3, rowsRejected: 0 });
    expect(report.changes).toEqual({ customers: { inserted: 3, updated: 0, unchanged: 0 } });
    expect(await rowsOf("customers", "customer_id")).toEqual([
      {
        customer_id: "C1",
        name: "Ada Lovelace",
        email: "ada@example.com",
        phone: "+44 20 7946 0000",
        country: "United Kingdom",
        city: "London",
        signup_date: "2024-01-15T00:00:00.000Z",
        email_opt_in: true,
        sms_opt_in: false,
      },
      {
        customer_id: "C2",
        name: "Grace Hopper",
        email: "grace@example.com",
        phone: null,
        country: "United States",
        city: "New York",
        signup_date: "2024-02-01T00:00:00.000Z",
        email_opt_in: false,
        sms_opt_in: true,
      },
      // Empty flags take the store defaults (email opt-in true, SMS opt-in false).
      {
        customer_id: "C3",
        name: "Guest Shopper",
        email: null,
        phone: null,
        country: null,
        city: null,
        signup_date: null,
        email_opt_in: true,
        sms_opt_in: false,
      },
    ]);
  });

  it("imports products, keeping quotes and commas inside values", async () => {
    await importFixture(store, "products", `products.${format}`);
    expect(await rowsOf("products", "product_id")).toEqual([
      { product_id: "P1", name: "Linen Tea Towel", description: "Soft, washed linen", category: "Kitchen", price: 12.5, in_stock: true, is_product: true },
      { product_id: "P2", name: 'Mug "Morning"', description: "Stoneware mug", category: "Kitchen", price: 8, in_stock: true, is_product: true },
      { product_id: "P3", name: "Gift Card", description: null, category: "Gifts", price: null, in_stock: false, is_product: false },
    ]);
  });

  it("imports orders: both timestamp styles, lower-cased status, guest orders", async () => {
    await importFixture(store, "customers", "customers.csv");
    const report = await importFixture(store, "orders", `orders.${format}`);
    expect(report.notes).toContain("orders by status other than completed: 1 cancelled; only completed orders count as sales");
    expect(await rowsOf("orders", "order_id")).toEqual([
      { order_id: "O1", customer_id: "C1", ordered_at: "2024-03-01T10:15:00.000Z", status: "completed", channel: "web", country: "United Kingdom" },
      { order_id: "O2", customer_id: "C2", ordered_at: "2024-03-02T14:30:00.000Z", status: "completed", channel: "store", country: "United States" },
      { order_id: "O3", customer_id: null, ordered_at: "2024-03-03T09:00:00.000Z", status: "cancelled", channel: "web", country: null },
    ]);
  });

  it("imports order items, negative quantities included", async () => {
    await seedCatalogAndOrders(store);
    const report = await importFixture(store, "order_items", `order-items.${format}`);
    expect(report.changes).toEqual({ order_items: { inserted: 3, updated: 0, unchanged: 0 } });
    expect(await rowsOf("order_items", "order_id, line_no")).toEqual([
      { order_id: "O1", line_no: 1, product_id: "P1", quantity: 2, unit_price: 12.5 },
      { order_id: "O1", line_no: 2, product_id: "P2", quantity: 1, unit_price: 8 },
      { order_id: "O2", line_no: 1, product_id: "P1", quantity: -1, unit_price: 12.5 },
    ]);
  });

  it("imports reviews with multi-line bodies", async () => {
    await seedCatalogAndOrders(store);
    await importFixture(store, "reviews", `reviews.${format}`);
    expect(await rowsOf("reviews", "review_id")).toEqual([
      { review_id: "R1", product_id: "P1", customer_id: "C1", rating: 5, title: "Lovely", body: "Soft and absorbent.\nWashes well.", created_at: "2024-04-01T08:00:00.000Z" },
      { review_id: "R2", product_id: "P2", customer_id: null, rating: 3, title: null, body: "Fine mug", created_at: "2024-04-02T12:00:00.000Z" },
    ]);
  });
});

describe("JSON Lines", () => {
  it("reads one object per line, with loose header names and numeric ids", async () => {
    const report = await importFixture(store, "customers", "customers.jsonl");
    expect(report).toMatchObject({ format: "json", rowsRead: 2 });
    expect(await rowsOf("customers", "customer_id")).toMatchObject([
      { customer_id: "17850", name: "Numeric Id", country: "United Kingdom" },
      { customer_id: "C2", name: "Grace Hopper", country: null, email_opt_in: true },
    ]);
    // "Email opt-in" is not on the first object, which decides a JSON file's columns.
    expect(report.notes.join("\n")).toMatch(/ignored email_opt_in: missing from the first object/);
  });
});

describe("order_items without line_no", () => {
  it("numbers lines by their order within each order, stably across re-imports", async () => {
    await seedCatalogAndOrders(store);
    const first = await importFixture(store, "order_items", "order-items-without-line-no.csv");
    expect(first.notes.join("\n")).toMatch(/numbered 1, 2, … in file order within each order_id/);
    expect(await rowsOf("order_items", "order_id, line_no")).toEqual([
      { order_id: "O1", line_no: 1, product_id: "P1", quantity: 2, unit_price: 12.5 },
      { order_id: "O1", line_no: 2, product_id: "P2", quantity: 3, unit_price: 8 },
      { order_id: "O2", line_no: 1, product_id: "P2", quantity: 1, unit_price: 8 },
    ]);
    const again = await importFixture(store, "order_items", "order-items-without-line-no.csv");
    expect(again.changes).toEqual({ order_items: { inserted: 0, updated: 0, unchanged: 3 } });
  });
});

describe("re-importing", () => {
  it("is idempotent: the same file again changes nothing", async () => {
    await seedCatalogAndOrders(store);
    await importFixture(store, "order_items", "order-items.csv");
    const before = await store.counts();
    for (const [kind, name, table] of [
      ["customers", "customers.csv", "customers"],
      ["products", "products.json", "products"],
      ["orders", "orders.csv", "orders"],
      ["order_items", "order-items.json", "order_items"],
    ] as const) {
      const report = await importFixture(store, kind, name);
      expect(report.changes, name).toEqual({ [table]: { inserted: 0, updated: 0, unchanged: 3 } });
    }
    expect(await store.counts()).toEqual(before);
  });

  it("counts a changed price as one update and writes it", async () => {
    await importFixture(store, "products", "products.csv");
    const text = (await readFile(fixture("products.csv"), "utf8")).replace("Kitchen,12.50,yes", "Kitchen,13.75,yes");
    const report = await importFile(store, {
      kind: "products",
      source: { stream: Readable.from([text]), name: "products-new-price.csv" },
    });
    expect(report.changes).toEqual({ products: { inserted: 0, updated: 1, unchanged: 2 } });
    expect(await store.query("SELECT price FROM products WHERE product_id = 'P1'")).toEqual([{ price: 13.75 }]);
  });

  it("leaves columns the file does not have as they were", async () => {
    await importFixture(store, "products", "products.csv");
    const report = await importFile(store, {
      kind: "products",
      source: { stream: Readable.from(["product_id,name\nP1,Linen Tea Towel\nP9,New Bowl\n"]), name: "names.csv" },
    });
    expect(report.changes).toEqual({ products: { inserted: 1, updated: 0, unchanged: 1 } });
    expect(await store.query("SELECT product_id, price, category, in_stock FROM products WHERE product_id IN ('P1', 'P9') ORDER BY 1")).toEqual([
      { product_id: "P1", price: 12.5, category: "Kitchen", in_stock: true },
      { product_id: "P9", price: null, category: null, in_stock: true },
    ]);
  });
});
