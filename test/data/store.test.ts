import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.ts";
import { latestSchemaVersion, migrations } from "../../src/data/migrations.ts";
import { DuckDbStore } from "../../src/data/store.ts";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "bullseye-store-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("migrations", () => {
  it("create every table on a new file and nothing on reopening", async () => {
    const location = path.join(directory, "nested", "shop.duckdb");
    const first = await DuckDbStore.open({ location });
    const tables = await first.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables ORDER BY 1");
    expect(tables.map((table) => table.name)).toEqual(
      expect.arrayContaining([
        "customers", "products", "orders", "order_items", "reviews", "segmentations", "segment_assignments",
        "campaigns", "conversations", "messages", "api_keys", "audit_log", "drafts", "sale_lines", "customer_sale_lines",
      ]),
    );
    await first.run("INSERT INTO customers (customer_id) VALUES ('12347')");
    await first.close();

    const second = await DuckDbStore.open({ location });
    expect(await second.migrate(migrations)).toEqual([]);
    expect(await second.schemaVersion()).toBe(latestSchemaVersion);
    expect((await second.counts()).customers).toBe(1);
    await second.close();
  });

  it("apply a new migration to an existing file, keeping its data", async () => {
    const location = path.join(directory, "shop.duckdb");
    const store = await DuckDbStore.open({ location });
    await store.run("INSERT INTO customers (customer_id) VALUES ('12347')");
    await store.close();
    const next = [...migrations, { version: latestSchemaVersion + 1, name: "add loyalty tier", statements: ["ALTER TABLE customers ADD COLUMN tier VARCHAR"] }];
    const upgraded = await DuckDbStore.open({ location, migrations: next });
    expect(await upgraded.schemaVersion()).toBe(latestSchemaVersion + 1);
    expect(await upgraded.query("SELECT customer_id, tier FROM customers")).toEqual([{ customer_id: "12347", tier: null }]);
    await upgraded.close();
  });

  it("roll back a failing migration and leave the file usable at the previous version", async () => {
    const location = path.join(directory, "shop.duckdb");
    const store = await DuckDbStore.open({ location });
    await store.run("INSERT INTO customers (customer_id) VALUES ('12347')");
    await store.close();
    const broken = [
      ...migrations,
      { version: latestSchemaVersion + 1, name: "broken", statements: ["ALTER TABLE customers ADD COLUMN tier VARCHAR", "ALTER TABLE no_such_table ADD COLUMN x INTEGER"] },
    ];
    const failure = await DuckDbStore.open({ location, migrations: broken }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe("migration_failed");
    expect((failure as AppError).message).toMatch(new RegExp(`schema version ${latestSchemaVersion + 1} \\(broken\\).*still usable`, "s"));

    const reopened = await DuckDbStore.open({ location });
    expect(await reopened.schemaVersion()).toBe(latestSchemaVersion);
    const columns = await reopened.query<{ name: string }>("SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'customers'");
    expect(columns.map((column) => column.name)).not.toContain("tier");
    expect((await reopened.counts()).customers).toBe(1);
    await reopened.close();
  });
});

describe("store", () => {
  it("turns BIGINT results into numbers and binds parameters", async () => {
    const store = await DuckDbStore.open({ location: ":memory:" });
    expect(await store.query("SELECT count(*) AS n, $1::VARCHAR AS s", ["x"])).toEqual([{ n: 1, s: "x" }]);
    const at = new Date("2011-12-09T12:50:00Z");
    expect(await store.query("SELECT $1 AS t, $1 + INTERVAL 1 DAY AS next", [at])).toEqual([
      { t: at, next: new Date("2011-12-10T12:50:00Z") },
    ]);
    await store.close();
  });

  it("rolls back a failed transaction completely", async () => {
    const store = await DuckDbStore.open({ location: ":memory:" });
    await expect(
      store.transaction(async (writer) => {
        await writer.run("INSERT INTO customers (customer_id) VALUES ('1')");
        await writer.run("INSERT INTO customers (customer_id) VALUES ('1')");
      }),
    ).rejects.toThrow();
    expect((await store.counts()).customers).toBe(0);
    await store.close();
  });

  it("says which process holds the file instead of DuckDB's raw lock error", async () => {
    const location = path.join(directory, "locked.duckdb");
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api";
         const instance = await DuckDBInstance.create(${JSON.stringify(location)});
         await (await instance.connect()).run("CREATE TABLE t (x INTEGER)");
         process.stdout.write("ready\\n");
         setTimeout(() => {}, 60000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
        holder.on("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
      });
      const failure = await DuckDbStore.open({ location }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AppError);
      expect(failure).toMatchObject({ code: "store_locked", category: "conflict" });
      expect((failure as AppError).message).toContain(`process ${holder.pid}`);
      expect((failure as AppError).message).toMatch(/stop that process/);
    } finally {
      holder.kill();
    }
  });
});
