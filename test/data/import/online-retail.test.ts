import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ImportReport, importFile } from "../../../src/data/import/index.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { memoryStore } from "../../helpers/context.ts";
import { fixture } from "./helpers.ts";

// One import of the 29-line sample serves the mapping checks; they only read.
let store: DuckDbStore;
let report: ImportReport;
beforeAll(async () => {
  store = await memoryStore();
  report = await importFile(store, { kind: "online-retail", source: fixture("online-retail-sample.csv") });
});
afterAll(async () => {
  await store.close();
});

async function one<T extends Record<string, unknown>>(sql: string): Promise<T> {
  const [row] = await store.query<T>(sql);
  if (row === undefined) throw new Error(`no row for ${sql}`);
  return row;
}

describe("online-retail mapping", () => {
  it("imports every line into the four tables", () => {
    expect(report).toMatchObject({ status: "imported", rowsRead: 29, rowsAccepted: 29, rowsRejected: 0 });
    expect(report.changes).toEqual({
      products: { inserted: 17, updated: 0, unchanged: 0 },
      customers: { inserted: 5, updated: 0, unchanged: 0 },
      orders: { inserted: 18, updated: 0, unchanged: 0 },
      order_items: { inserted: 29, updated: 0, unchanged: 0 },
    });
  });

  it("gives C invoices status cancelled, A invoices adjustment, the rest completed", async () => {
    expect(await store.query("SELECT status, count(*)::INTEGER AS orders FROM orders GROUP BY status ORDER BY status")).toEqual([
      { status: "adjustment", orders: 1 },
      { status: "cancelled", orders: 2 },
      { status: "completed", orders: 15 },
    ]);
    expect(await one("SELECT status FROM orders WHERE order_id = 'C536379'")).toEqual({ status: "cancelled" });
    expect(await one("SELECT quantity FROM order_items WHERE order_id = 'C536379'")).toEqual({ quantity: -1 });
  });

  it("keeps guest invoices as orders without a customer, outside customer_sale_lines", async () => {
    expect(await one("SELECT count(*)::INTEGER AS guests FROM orders WHERE customer_id IS NULL")).toEqual({ guests: 7 });
    const guestSales = await one<{ lines: number }>(
      "SELECT count(*)::INTEGER AS lines FROM sale_lines WHERE order_id = '536544'",
    );
    expect(guestSales.lines).toBe(3);
    expect(await one("SELECT count(*)::INTEGER AS lines FROM customer_sale_lines WHERE order_id = '536544'")).toEqual({ lines: 0 });
  });

  it("upper-cases stock codes and merges their case variants", async () => {
    const ids = (await store.query<{ product_id: string }>("SELECT product_id FROM products ORDER BY product_id")).map((row) => row.product_id);
    expect(ids).toContain("85123A");
    expect(ids).toContain("GIFT_0001_20");
    expect(ids.filter((id) => id !== id.toUpperCase())).toEqual([]);
    expect(await one("SELECT product_id FROM order_items WHERE order_id = '536366' AND line_no = 1")).toEqual({ product_id: "85123A" });
  });

  it("marks non-merchandise codes, but not vouchers or PADS, as is_product false", async () => {
    expect(
      (await store.query<{ product_id: string }>("SELECT product_id FROM products WHERE NOT is_product ORDER BY 1")).map((row) => row.product_id),
    ).toEqual(["B", "D", "M", "POST"]);
    expect(await one("SELECT count(*)::INTEGER AS lines FROM sale_lines WHERE product_id = 'POST'")).toEqual({ lines: 0 });
  });

  it("prices a product at the median unit price of its sale lines", async () => {
    const prices = await store.query("SELECT product_id, price FROM products WHERE product_id IN ('85123A', '21774', '22197', '22139', '85999') ORDER BY 1");
    expect(prices).toEqual([
      { product_id: "21774", price: 2.5 }, // 2.51 and 2.49: mean of the middle two
      { product_id: "22139", price: 4.95 }, // the zero-price and write-off lines do not count
      { product_id: "22197", price: 1.645 },
      { product_id: "85123A", price: 2.65 }, // 2.55, 2.65 (lower-case code), 2.95
      { product_id: "85999", price: null }, // no sale line
    ]);
  });

  it("names a product after its most sold description, ties to the smallest, else the code", async () => {
    const names = await store.query("SELECT product_id, name FROM products WHERE product_id IN ('22633', '22197', '22139', '85999') ORDER BY 1");
    expect(names).toEqual([
      { product_id: "22139", name: "RETROSPOT TEA SET CERAMIC 11 PC" },
      { product_id: "22197", name: 'POPCORN HOLDER "SMALL"' },
      { product_id: "22633", name: "HAND WARMER UNION JACK" },
      { product_id: "85999", name: "85999" },
    ]);
  });

  it("numbers lines within an invoice in file order, keeping duplicate lines", async () => {
    expect(await store.query("SELECT line_no, product_id, quantity FROM order_items WHERE order_id = '536367' ORDER BY line_no")).toEqual([
      { line_no: 1, product_id: "84879", quantity: 32 },
      { line_no: 2, product_id: "84879", quantity: 32 },
      { line_no: 3, product_id: "POST", quantity: 1 },
      { line_no: 4, product_id: "85123A", quantity: 4 },
    ]);
    expect(await one("SELECT ordered_at FROM orders WHERE order_id = '536367'")).toEqual({ ordered_at: new Date("2010-12-01T08:34:00Z") });
  });

  it("keeps write-offs and zero prices as lines, outside sale_lines", async () => {
    expect(await one("SELECT quantity, unit_price FROM order_items WHERE order_id = '540001'")).toEqual({ quantity: -12, unit_price: 0 });
    expect(await one("SELECT count(*)::INTEGER AS lines FROM sale_lines WHERE order_id IN ('540001', '536414')")).toEqual({ lines: 0 });
  });

  it("makes customers with the integer id and the country of their latest invoice", async () => {
    expect(await one("SELECT * FROM customers WHERE customer_id = '12583'")).toEqual({
      customer_id: "12583",
      name: null,
      email: null,
      phone: null,
      country: "Germany",
      city: null,
      signup_date: null,
      email_opt_in: true,
      sms_opt_in: false,
    });
    expect(await one("SELECT customer_id FROM orders WHERE order_id = '540004'")).toEqual({ customer_id: "12583" });
  });

  it("explains the mapping in notes with counts from the file", () => {
    expect(report.notes).toEqual(
      expect.arrayContaining([
        "18 invoices → orders, 5 customers, 17 products (stock codes upper-cased)",
        "2 cancellation lines kept as cancelled orders (2 invoices starting with C)",
        "1 line with zero or negative quantity on ordinary invoices (stock write-offs) kept; sale_lines leaves them out",
        "10 lines without a CustomerID kept as 7 guest orders (customer_id empty; customer_sale_lines leaves them out)",
        "1 stock code appears in more than one letter case; merged by upper-casing",
        "marked as not merchandise (is_product = false): B, D, M, POST",
      ]),
    );
  });

  it("changes nothing on re-import", async () => {
    const before = await store.counts();
    const again = await importFile(store, { kind: "online-retail", source: fixture("online-retail-sample.csv") });
    expect(again.changes).toEqual({
      products: { inserted: 0, updated: 0, unchanged: 17 },
      customers: { inserted: 0, updated: 0, unchanged: 5 },
      orders: { inserted: 0, updated: 0, unchanged: 18 },
      order_items: { inserted: 0, updated: 0, unchanged: 29 },
    });
    expect(await store.counts()).toEqual(before);
  });
});

describe("online-retail bad lines", () => {
  it("rejects the whole file on a bad line, or skips it when asked", async () => {
    const text = (await readFile(fixture("online-retail-sample.csv"), "utf8")).replace(",2.65,17850,", ",2.6S,17850,");
    const fresh = await memoryStore();
    try {
      const rejected = await importFile(fresh, { kind: "online-retail", source: { stream: Readable.from([text]), name: "bad.csv" } });
      expect(rejected).toMatchObject({ status: "rejected", rowsRejected: 1 });
      // The column is named as in the file's header.
      expect(rejected.rejected).toEqual([{ line: 5, column: "UnitPrice", reason: 'expected a number, got "2.6S"', value: "2.6S" }]);
      expect(await fresh.counts()).toMatchObject({ products: 0, orders: 0, orderItems: 0 });

      const skipped = await importFile(fresh, {
        kind: "online-retail",
        source: { stream: Readable.from([text]), name: "bad.csv" },
        skipBadRows: true,
      });
      expect(skipped).toMatchObject({ status: "imported", rowsAccepted: 28, skippedBadRows: true });
    } finally {
      await fresh.close();
    }
  });
});
