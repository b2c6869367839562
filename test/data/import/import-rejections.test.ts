import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeRejectedRow, importFile } from "../../../src/data/import/index.ts";
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

describe("bad rows", () => {
  it("names line, column and reason for each kind of bad value and duplicate key", async () => {
    const report = await importFile(store, { kind: "products", source: fixture("products-bad-rows.csv") });
    expect(report).toMatchObject({ status: "rejected", rowsRead: 6, rowsAccepted: 2, rowsRejected: 4, rejectedTruncated: false });
    expect(report.rejected).toEqual([
      { line: 3, column: "price", reason: 'expected a number of 0 or more, got "12,5O"', value: "12,5O" },
      { line: 4, column: "name", reason: "a value is required here but the cell is empty" },
      {
        line: 5,
        column: "product_id",
        reason: 'product_id "P1" is already on line 2; each product_id may appear only once in a file',
        value: "P1",
      },
      { line: 6, column: "in_stock", reason: 'expected true or false (or yes/no, 1/0), got "maybe"', value: "maybe" },
    ]);
    expect(describeRejectedRow(report.rejected[0]!)).toBe('line 3, column price: expected a number of 0 or more, got "12,5O"');
  });

  it("hints at the decimal point when a number uses a comma", async () => {
    const report = await importFile(store, {
      kind: "products",
      source: { stream: Readable.from(['product_id;name;price\nP1;Bowl;"12,5"\n']), name: "comma.csv" },
    });
    expect(report.rejected[0]?.reason).toBe('expected a number of 0 or more, got "12,5" (use "." as the decimal point: 12.5)');
  });

  it("rejects bad dates, impossible dates and unknown customers in orders", async () => {
    await importFixture(store, "customers", "customers.csv");
    const report = await importFile(store, { kind: "orders", source: fixture("orders-bad-rows.csv") });
    expect(report.rejected).toEqual([
      {
        line: 3,
        column: "ordered_at",
        reason: 'expected a date-time like 2024-03-31T14:05:00 or 2024-03-31 14:05:00, got "31/03/2024"',
        value: "31/03/2024",
      },
      {
        line: 4,
        column: "customer_id",
        reason:
          'customer "C404" is not in the store; import the customers file before this orders file, or leave customer_id empty',
        value: "C404",
      },
      {
        line: 5,
        column: "ordered_at",
        reason: 'expected a date-time like 2024-03-31T14:05:00 or 2024-03-31 14:05:00, got "2024-02-30T10:00:00"',
        value: "2024-02-30T10:00:00",
      },
    ]);
  });

  it("rejects order lines whose order or product is not in the store, saying what to import first", async () => {
    await seedCatalogAndOrders(store);
    const report = await importFile(store, { kind: "order_items", source: fixture("order-items-unknown-references.csv") });
    expect(report.rejected.map(describeRejectedRow)).toEqual([
      'line 3, column order_id: order "O404" is not in the store; import the orders file before this order_items file',
      'line 4, column product_id: product "P404" is not in the store; import the products file before this order_items file',
    ]);
  });

  it("rejects reviews of unknown products and ratings outside 1–5", async () => {
    await seedCatalogAndOrders(store);
    const text = "review_id,product_id,rating,body,created_at\nR1,P404,5,Nice,2024-01-01\nR2,P1,6,Nice,2024-01-01\nR3,P1,4,,2024-01-01\n";
    const report = await importFile(store, { kind: "reviews", source: { stream: Readable.from([text]), name: "reviews.csv" } });
    expect(report.rejected.map(describeRejectedRow)).toEqual([
      'line 2, column product_id: product "P404" is not in the store; import the products file before this reviews file',
      'line 3, column rating: expected a whole number from 1 to 5, got "6"',
      "line 4, column body: a value is required here but the cell is empty",
    ]);
  });

  it("rejects a row with the wrong number of cells", async () => {
    const report = await importFile(store, { kind: "products", source: fixture("products-wrong-cell-count.csv") });
    expect(report.rejected).toEqual([
      { line: 3, reason: "expected 3 cells (one per header column), found 4; check for an unquoted delimiter or a missing cell" },
    ]);
  });

  it("rejects JSON values of the wrong type and records that are not objects", async () => {
    const text = '[{"product_id": "P1", "name": "Bowl", "price": "cheap"},\n {"product_id": "P2", "name": ["Mug"]},\n 7]';
    const report = await importFile(store, { kind: "products", source: { stream: Readable.from([text]), name: "p.json" } });
    expect(report.rejected).toEqual([
      { line: 1, column: "price", reason: 'expected a number of 0 or more, got "cheap"', value: "cheap" },
      { line: 2, column: "name", reason: 'expected a single value, got ["Mug"]', value: '["Mug"]' },
      { line: 3, reason: "expected an object with one key per column, got a number" },
    ]);
  });

  it("mentions every bad column of a row in one entry", async () => {
    const text = "product_id,name,price,in_stock\nP1,,x,maybe\n";
    const report = await importFile(store, { kind: "products", source: { stream: Readable.from([text]), name: "p.csv" } });
    expect(report.rejected).toEqual([
      { line: 2, column: "name", reason: "a value is required here but the cell is empty (this row also has a problem in price, in_stock)" },
    ]);
  });
});

describe("all or nothing", () => {
  it("changes nothing when any row is bad and skipBadRows is not set", async () => {
    await importFixture(store, "products", "products.csv");
    const before = await store.query("SELECT * FROM products ORDER BY product_id");
    const report = await importFile(store, { kind: "products", source: fixture("products-bad-rows.csv") });
    expect(report.status).toBe("rejected");
    expect(report.changes).toEqual({});
    expect(report.skippedBadRows).toBe(false);
    expect(await store.query("SELECT * FROM products ORDER BY product_id")).toEqual(before);
  });

  it("imports the good rows and lists the skipped ones with skipBadRows", async () => {
    const report = await importFile(store, { kind: "products", source: fixture("products-bad-rows.csv"), skipBadRows: true });
    expect(report).toMatchObject({ status: "imported", skippedBadRows: true, rowsAccepted: 2, rowsRejected: 4 });
    expect(report.rejected.map((row) => row.line)).toEqual([3, 4, 5, 6]);
    expect(report.changes).toEqual({ products: { inserted: 2, updated: 0, unchanged: 0 } });
    // The first P1 (line 2) is kept; its duplicate on line 5 is not.
    expect(await store.query("SELECT product_id, name, price, in_stock FROM products ORDER BY product_id")).toEqual([
      { product_id: "P1", name: "Tea Towel", price: 12.5, in_stock: true },
      { product_id: "P5", name: "Plate", price: 9, in_stock: false },
    ]);
  });

  it("lists at most 1,000 rejected rows but counts them all", async () => {
    const lines = ["product_id,name,price"];
    for (let index = 0; index < 2_500; index++) lines.push(`P${index},Item ${index},${index % 2 === 0 ? "bad" : "1.5"}`);
    lines.push("P1,Duplicate,2");
    const report = await importFile(store, {
      kind: "products",
      source: { stream: Readable.from([lines.join("\n")]), name: "many.csv" },
    });
    expect(report.rowsRejected).toBe(1_251);
    expect(report.rejected).toHaveLength(1_000);
    expect(report.rejectedTruncated).toBe(true);
    expect(report.rejected[0]?.line).toBe(2);
    expect(report.rejected.every((row, index) => index === 0 || row.line > report.rejected[index - 1]!.line)).toBe(true);
    expect((await store.counts()).products).toBe(0);
  });
});
