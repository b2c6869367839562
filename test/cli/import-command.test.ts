import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbStore } from "../../src/data/store.ts";
import { runCli } from "../helpers/cli.ts";

let directory: string;
let environment: Record<string, string>;

const goodCustomers = "customer_id,name,email,country\r\n1,Ada,ada@example.com,United Kingdom\r\n2,Bo,bo@example.com,France\r\n";
const badCustomers = "customer_id,name,email,country,signup_date\n3,Cy,cy@example.com,Spain,2024-01-01\n4,Di,di@example.com,Italy,not a date\n";

async function countCustomers(): Promise<number> {
  const store = await DuckDbStore.open({ location: environment.BULLSEYE_DB! });
  try {
    return (await store.counts()).customers;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "bullseye-cli-import-"));
  environment = { BULLSEYE_DB: path.join(directory, "shop.duckdb"), BULLSEYE_DEMO: "0" };
  await writeFile(path.join(directory, "customers.csv"), goodCustomers);
  await writeFile(path.join(directory, "bad.csv.gz"), gzipSync(badCustomers));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("bullseye import", () => {
  it("imports a CSV file and prints a summary", async () => {
    const run = await runCli(["import", "customers", path.join(directory, "customers.csv")], { environment });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Imported .*customers\.csv.*2 rows read, 2 accepted, 0 rejected/);
    expect(run.stdout).toMatch(/customers: 2 inserted, 0 updated, 0 unchanged/);
    expect(await countCustomers()).toBe(2);
  });

  it("is idempotent: the same file again changes nothing", async () => {
    const run = await runCli(["import", "customers", path.join(directory, "customers.csv"), "--json"], { environment });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ status: "imported", changes: { customers: { inserted: 0, updated: 0, unchanged: 2 } } });
  });

  it("rejects a gzip file with a bad row, changes nothing, names the row, and exits 1", async () => {
    const run = await runCli(["import", "customers", path.join(directory, "bad.csv.gz")], { environment });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/line 3, column signup_date/);
    expect(run.stdout).toMatch(/--skip-bad-rows/);
    expect(await countCustomers()).toBe(2);
  });

  it("imports the good rows with --skip-bad-rows and lists the skipped one", async () => {
    const run = await runCli(["import", "customers", path.join(directory, "bad.csv.gz"), "--skip-bad-rows", "--json"], { environment });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ status: "imported", skippedBadRows: true, rowsAccepted: 1, rowsRejected: 1 });
    expect(report.rejected).toEqual([expect.objectContaining({ line: 3, column: "signup_date" })]);
    expect(await countCustomers()).toBe(3);
  });

  it("reports a missing file and a wrong kind clearly", async () => {
    const missing = await runCli(["import", "customers", path.join(directory, "nope.csv"), "--json"], { environment });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error).toMatchObject({ code: "file_not_found", category: "not-found" });
    const wrongKind = await runCli(["import", "shoppers", "x.csv"], { environment });
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain("customers, products, orders, order_items, reviews, online-retail");
  });
});
