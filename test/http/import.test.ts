import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import { importReportSchema } from "../../src/http/schemas.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { type TestServer, listen } from "../helpers/http.ts";

const CUSTOMERS_CSV = "customer_id,name,country,email_opt_in\nC1,Ada,United Kingdom,yes\nC2,Grace,France,no\n";
const MAX_BYTES = 4096;

let uploadDirectory: string;
let store: DuckDbStore;
let server: TestServer;

beforeAll(async () => {
  uploadDirectory = await mkdtemp(path.join(tmpdir(), "bullseye-import-test-"));
});
afterAll(async () => {
  await rm(uploadDirectory, { recursive: true, force: true });
});

beforeEach(async () => {
  store = await memoryStore();
  const app = createApp({
    config: { bodyLimit: "1kb" },
    services: testContext(store),
    tools: new ToolRegistry([]),
    logger: pino({ level: "silent" }),
    version: "1.0.0",
    auth: { mode: "loopback", requestsPerMinute: 1000 },
    uploads: { maxBytes: MAX_BYTES, directory: uploadDirectory },
  });
  server = await listen(app);
});
afterEach(async () => {
  await server.close();
  await store.close();
  // Every request, whatever its outcome, must leave no temporary file behind.
  expect(await readdir(uploadDirectory)).toEqual([]);
});

function upload(table: string, content: string | Buffer, filename = `${table}.csv`, query = "", field = "file") {
  const form = new FormData();
  form.append(field, new Blob([typeof content === "string" ? content : Uint8Array.from(content)]), filename);
  return server.request(`/api/import/${table}${query}`, { method: "POST", body: form });
}

const customerIds = async () => (await store.query<{ customer_id: string }>("SELECT customer_id FROM customers ORDER BY 1")).map((row) => row.customer_id);

describe("POST /api/import/:table", () => {
  it("imports a multipart CSV upload and answers with the report", async () => {
    const response = await upload("customers", CUSTOMERS_CSV, "my customers.csv");
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(importReportSchema.safeParse(report).error).toBeUndefined();
    expect(report).toMatchObject({
      kind: "customers",
      file: "my customers.csv",
      format: "csv",
      status: "imported",
      rowsRead: 2,
      rowsAccepted: 2,
      rowsRejected: 0,
      changes: { customers: { inserted: 2, updated: 0, unchanged: 0 } },
    });
    expect(await customerIds()).toEqual(["C1", "C2"]);

    const again = await (await upload("customers", CUSTOMERS_CSV)).json();
    expect(again.changes).toEqual({ customers: { inserted: 0, updated: 0, unchanged: 2 } });
  });

  it("answers 422 with the report and imports nothing when rows are rejected", async () => {
    const response = await upload("customers", `${CUSTOMERS_CSV}C3,Alan,UK,maybe\nC1,Ada again,UK,yes\n`);
    expect(response.status).toBe(422);
    const report = await response.json();
    expect(report).toMatchObject({ status: "rejected", rowsRead: 4, rowsRejected: 2, changes: {} });
    expect(report.rejected.map((row: { line: number; column?: string }) => [row.line, row.column])).toEqual([
      [4, "email_opt_in"],
      [5, "customer_id"],
    ]);
    expect(report.rejected[0].reason).toContain("maybe");
    expect(await customerIds()).toEqual([]);
  });

  it("imports the good rows with ?skipBadRows=true, or the form field skipBadRows", async () => {
    const bad = `${CUSTOMERS_CSV}C3,Alan,UK,maybe\n`;
    const response = await upload("customers", bad, "customers.csv", "?skipBadRows=true");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "imported", skippedBadRows: true, rowsRejected: 1 });
    expect(await customerIds()).toEqual(["C1", "C2"]);

    const form = new FormData();
    form.append("skipBadRows", "true");
    form.append("file", new Blob([bad.replace("C1,", "C7,")]), "customers.csv");
    const viaField = await server.request("/api/import/customers", { method: "POST", body: form });
    expect(viaField.status).toBe(200);
    expect(await customerIds()).toEqual(["C1", "C2", "C7"]);

    const wrong = await upload("customers", CUSTOMERS_CSV, "customers.csv", "?skipBadRows=yes please");
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details.issues[0].path).toBe("skipBadRows");
  });

  it("reads gzip and JSON uploads, and raw bodies", async () => {
    const gz = await upload("customers", gzipSync(Buffer.from(CUSTOMERS_CSV)), "customers.csv.gz");
    expect(gz.status).toBe(200);
    const json = await upload("products", JSON.stringify([{ product_id: "P1", name: "Mug", price: 5 }]), "products.json");
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ format: "json", changes: { products: { inserted: 1 } } });
    const raw = await server.request("/api/import/customers", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: "customer_id,name\nC9,Linus\n",
    });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({ file: "upload.csv", rowsAccepted: 1 });
    const rawJson = await server.request("/api/import/customers", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ customer_id: "C10" }]),
    });
    expect(rawJson.status).toBe(200);
    expect(await customerIds()).toEqual(["C1", "C10", "C2", "C9"]);
  });

  it("answers 404 listing the tables for an unknown table", async () => {
    const response = await upload("shoppers", CUSTOMERS_CSV);
    expect(response.status).toBe(404);
    const error = (await response.json()).error;
    expect(error.code).toBe("unknown_import_table");
    expect(error.message).toContain("customers, products, orders, order_items, reviews, online-retail");
    for (const table of ["__proto__", "constructor", "toString"]) {
      expect((await upload(table, CUSTOMERS_CSV)).status, table).toBe(404);
    }
  });

  it("answers 400 with a curl example when the body is not an upload", async () => {
    const response = await server.request("/api/import/customers", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "file=customers.csv",
    });
    expect(response.status).toBe(400);
    const error = (await response.json()).error;
    expect(error.message).toContain("multipart/form-data");
    expect(error.message).toContain('curl -H "Authorization: Bearer $BULLSEYE_KEY" -F "file=@customers.csv"');
    const none = await server.request("/api/import/customers", { method: "POST" });
    expect(none.status).toBe(400);
    // A content type that names an Object.prototype member is just another wrong type.
    const sneaky = await server.request("/api/import/customers", { method: "POST", headers: { "content-type": "constructor" }, body: "x" });
    expect(sneaky.status).toBe(400);
    const noBoundary = await server.request("/api/import/customers", { method: "POST", headers: { "content-type": "multipart/form-data" }, body: "x" });
    expect(noBoundary.status).toBe(400);
    expect((await noBoundary.json()).error.message).toContain("malformed");
  });

  it("answers 400 for a missing or misnamed file field, an empty file, or two files", async () => {
    const misnamed = await upload("customers", CUSTOMERS_CSV, "customers.csv", "", "upload");
    expect(misnamed.status).toBe(400);
    expect((await misnamed.json()).error.message).toContain('name it "file"');

    const noFile = new FormData();
    noFile.append("note", "hello");
    const missing = await server.request("/api/import/customers", { method: "POST", body: noFile });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toContain('no field named "file"');

    const empty = await upload("customers", "", "customers.csv");
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toContain("empty");

    const two = new FormData();
    two.append("file", new Blob([CUSTOMERS_CSV]), "a.csv");
    two.append("file", new Blob([CUSTOMERS_CSV]), "b.csv");
    const twice = await server.request("/api/import/customers", { method: "POST", body: two });
    expect(twice.status).toBe(400);
    expect((await twice.json()).error.message).toContain("one file");
    expect(await customerIds()).toEqual([]);
  });

  it("answers 413 beyond the upload limit, for multipart and raw bodies, and imports nothing", async () => {
    const big = `customer_id,name\n${Array.from({ length: 400 }, (_, index) => `C${index},Customer number ${index}`).join("\n")}\n`;
    expect(big.length).toBeGreaterThan(MAX_BYTES);
    const response = await upload("customers", big);
    expect(response.status).toBe(413);
    const error = (await response.json()).error;
    expect(error.code).toBe("upload_too_large");
    expect(error.message).toContain("4 KB");
    expect(error.details.limitBytes).toBe(MAX_BYTES);

    const raw = await server.request("/api/import/customers", { method: "POST", headers: { "content-type": "text/csv" }, body: big });
    expect(raw.status).toBe(413);
    // Chunked, so no Content-Length to refuse it by: the limit must hold while streaming.
    const chunked = await server.request("/api/import/customers", {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await customerIds()).toEqual([]);
  });

  it("reports a file-level problem (missing columns) as 400", async () => {
    const response = await upload("customers", "name,country\nAda,UK\n");
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("missing_columns");
  });
});
