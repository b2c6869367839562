import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError, NotFoundError } from "../../../src/core/errors.ts";
import { type ImportProgress, importFile } from "../../../src/data/import/index.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { memoryStore } from "../../helpers/context.ts";
import { fixture, importFixture } from "./helpers.ts";

let store: DuckDbStore;
let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "bullseye-import-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await store.close();
});

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("file-level problems throw AppErrors and change nothing", () => {
  it("a missing file is file_not_found", async () => {
    const error = await failure(importFile(store, { kind: "products", source: path.join(scratch, "nope.csv") }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: "file_not_found", category: "not-found" });
    expect(error.message).toContain("nope.csv");
  });

  it("a directory is file_unreadable", async () => {
    const error = await failure(importFile(store, { kind: "products", source: scratch }));
    expect(error).toMatchObject({ code: "file_unreadable", category: "user" });
  });

  it("a missing required column names it, the columns found and the ones expected", async () => {
    const error = await failure(importFile(store, { kind: "products", source: fixture("products-missing-column.csv") }));
    expect(error).toMatchObject({
      code: "missing_columns",
      category: "user",
      details: { missing: ["name"], found: ["product_id", "title", "price"], required: ["product_id", "name"] },
    });
    expect(error.message).toContain("missing the required column name");
    expect(error.message).toContain("Found columns: product_id, title, price");
    expect(error.message).toContain("Expected columns: product_id (required), name (required), description, category, price");
  });

  it("a JSON file's first object is its header", async () => {
    const error = await failure(
      importFile(store, { kind: "customers", source: { stream: Readable.from(['[{"name": "Ada"}]']), name: "c.json" } }),
    );
    expect(error).toMatchObject({ code: "missing_columns", details: { missing: ["customer_id"] } });
  });

  it("two columns for one field are duplicate_columns", async () => {
    const source = { stream: Readable.from(["product_id,name,Product ID\nP1,Bowl,P1\n"]), name: "dup.csv" };
    const error = await failure(importFile(store, { kind: "products", source }));
    expect(error).toMatchObject({ code: "duplicate_columns", details: { column: "product_id" } });
  });

  it("an unterminated quote is malformed_file with its line", async () => {
    const error = await failure(importFile(store, { kind: "products", source: fixture("products-unterminated-quote.csv") }));
    expect(error).toMatchObject({ code: "malformed_file", category: "user", details: { line: 3 } });
    expect((await store.counts()).products).toBe(0);
  });

  it("text that is not UTF-8 is malformed_file with its line", async () => {
    const file = path.join(scratch, "latin1.csv");
    await writeFile(file, Buffer.concat([Buffer.from("product_id,name\nP1,Bowl\nP2,Caf"), Buffer.from([0xe9]), Buffer.from(" mug\n")]));
    const error = await failure(importFile(store, { kind: "products", source: file }));
    expect(error).toMatchObject({ code: "malformed_file", details: { line: 3 } });
    expect(error.message).toMatch(/not UTF-8 .*0xe9/);
  });

  it("damaged gzip data is malformed_file", async () => {
    const file = path.join(scratch, "damaged.csv.gz");
    const zipped = gzipSync(await readFile(fixture("products.csv")));
    await writeFile(file, zipped.subarray(0, zipped.length - 12));
    const error = await failure(importFile(store, { kind: "products", source: file }));
    expect(error).toMatchObject({ code: "malformed_file" });
  });

  it("an empty file is malformed_file; a header alone or an empty array imports nothing", async () => {
    const empty = await failure(importFile(store, { kind: "products", source: { stream: Readable.from([]), name: "empty.csv" } }));
    expect(empty).toMatchObject({ code: "malformed_file" });
    const headerOnly = await importFile(store, { kind: "products", source: { stream: Readable.from(["product_id,name\n"]), name: "h.csv" } });
    expect(headerOnly).toMatchObject({ status: "imported", rowsRead: 0, changes: { products: { inserted: 0, updated: 0, unchanged: 0 } } });
    await importFixture(store, "products", "products.csv");
    const emptyArray = await importFile(store, { kind: "products", source: { stream: Readable.from(["[]"]), name: "none.json" } });
    expect(emptyArray).toMatchObject({ status: "imported", rowsRead: 0, changes: { products: { inserted: 0, updated: 0, unchanged: 0 } } });
  });

  it("an unknown kind is refused with the list of kinds", async () => {
    const error = await failure(importFile(store, { kind: "invoices" as never, source: fixture("products.csv") }));
    expect(error).toMatchObject({ code: "unknown_import_kind", category: "user" });
    expect(error.message).toContain("customers, products, orders, order_items, reviews, online-retail");
  });
});

describe("CSV dialects", () => {
  it("reads a BOM, CRLF line ends and quoted CRLFs, and counts lines right", async () => {
    const report = await importFile(store, { kind: "products", source: fixture("products-bom-crlf.csv"), skipBadRows: true });
    expect(report.rejected).toEqual([{ line: 5, column: "price", reason: 'expected a number of 0 or more, got "seven"', value: "seven" }]);
    expect(await store.query("SELECT product_id, name, price FROM products ORDER BY 1")).toEqual([
      { product_id: "P1", name: "Tea Towel", price: 12.5 },
      { product_id: "P2", name: "Mug\r\nlarge", price: 8 },
    ]);
  });

  it("detects semicolons and matches header names loosely", async () => {
    const report = await importFixture(store, "products", "products-semicolon.csv");
    expect(report.rowsAccepted).toBe(2);
    const bad = await importFile(store, {
      kind: "products",
      source: { stream: Readable.from(["Product ID;Name;Price\nP3;Bowl;cheap\n"]), name: "semicolon.csv" },
    });
    // Rejections name the column as the file's header does.
    expect(bad.rejected[0]).toMatchObject({ line: 2, column: "Price" });
    expect(await store.query("SELECT product_id, name, price, category FROM products ORDER BY 1")).toEqual([
      { product_id: "P1", name: "Linen Tea Towel", price: 12.5, category: "Kitchen, Linen" },
      { product_id: "P2", name: "Mug", price: 8, category: "Kitchen" },
    ]);
  });

  it("keeps quoted newlines, commas and quotes inside one value, and later line numbers right", async () => {
    const report = await importFile(store, { kind: "products", source: fixture("products-quoted-newlines.csv"), skipBadRows: true });
    // P1 spans lines 2–4, line 5 is blank, so P2 is on line 6.
    expect(report.rejected).toEqual([{ line: 6, column: "price", reason: 'expected a number of 0 or more, got "x8"', value: "x8" }]);
    expect(await store.query("SELECT description FROM products")).toEqual([
      { description: 'Line one\nline two, with a comma\nand "quotes"' },
    ]);
  });

  it("notes columns it does not use", async () => {
    const report = await importFixture(store, "products", "products-extra-columns.csv");
    expect(report.notes).toContain("ignored column not used by this import: supplier");
  });
});

describe("sources", () => {
  it("detects gzip by its magic bytes, not the file name", async () => {
    const file = path.join(scratch, "products.data");
    await writeFile(file, gzipSync(await readFile(fixture("products.csv"))));
    const report = await importFile(store, { kind: "products", source: file });
    expect(report).toMatchObject({ format: "csv", status: "imported", rowsAccepted: 3 });
  });

  it("reads gzip JSON named .json.gz", async () => {
    const file = path.join(scratch, "customers.json.gz");
    await writeFile(file, gzipSync(await readFile(fixture("customers.json"))));
    const report = await importFile(store, { kind: "customers", source: file });
    expect(report).toMatchObject({ format: "json", rowsAccepted: 3 });
  });

  it("reads a stream, with the format given or detected from the first character", async () => {
    const json = await readFile(fixture("products.json"), "utf8");
    const named = await importFile(store, { kind: "products", source: { stream: Readable.from([json]), name: "upload", format: "json" } });
    expect(named).toMatchObject({ file: "upload", format: "json", changes: { products: { inserted: 3, updated: 0, unchanged: 0 } } });
    const sniffed = await importFile(store, { kind: "products", source: { stream: Readable.from([`  ${json}`]), name: "upload" } });
    expect(sniffed).toMatchObject({ format: "json", changes: { products: { inserted: 0, updated: 0, unchanged: 3 } } });
  });

  it("reports progress with the file size and the final row count", async () => {
    const calls: ImportProgress[] = [];
    const file = fixture("products.csv");
    await importFile(store, { kind: "products", source: file, onProgress: (progress) => calls.push(progress) });
    const size = (await readFile(file)).length;
    expect(calls.at(-1)).toEqual({ bytesRead: size, totalBytes: size, rowsRead: 3 });
  });

  it("stops when the signal is aborted and changes nothing", async () => {
    const controller = new AbortController();
    async function* slowRows(): AsyncGenerator<string> {
      yield "product_id,name\n";
      for (let index = 0; index < 100; index++) {
        if (index === 5) controller.abort();
        yield `P${index},Item ${index}\n`;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    const error = await failure(
      importFile(store, { kind: "products", source: { stream: Readable.from(slowRows()), name: "slow.csv" }, signal: controller.signal }),
    );
    expect(error).toMatchObject({ code: "import_cancelled" });
    expect((await store.counts()).products).toBe(0);

    const before = await failure(importFile(store, { kind: "products", source: fixture("products.csv"), signal: AbortSignal.abort() }));
    expect(before).toMatchObject({ code: "import_cancelled" });
  });

  it("streams a large input through in bounded memory", async () => {
    // Bounded by design: the source is read chunk by chunk, each chunk's records are
    // validated and appended to DuckDB before the next is read, and only counters and
    // at most 1,000 rejections stay in JavaScript. This input is generated lazily and
    // never exists as a whole (10,000 rows of ~50 bytes, ~0.5 MB as text).
    const rows = 10_000;
    async function* generated(): AsyncGenerator<string> {
      yield "product_id,name,description,price\n";
      for (let start = 0; start < rows; start += 1_000) {
        let chunk = "";
        for (let index = start; index < start + 1_000; index++) chunk += `P${index},Item ${index},A generated product,${index % 97}.5\n`;
        yield chunk;
      }
    }
    const report = await importFile(store, { kind: "products", source: { stream: Readable.from(generated()), name: "big.csv" } });
    expect(report).toMatchObject({ status: "imported", rowsRead: rows, changes: { products: { inserted: rows, updated: 0, unchanged: 0 } } });
  });
});
