/**
 * The embedded store: one DuckDB file (or `:memory:`) opened with `@duckdb/node-api`.
 *
 * Opening runs pending migrations. DuckDB lets one process hold a file read-write,
 * so opening a file another process holds fails with `store_locked`, naming the
 * process and what to do, instead of DuckDB's raw lock error.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DuckDBConnection, DuckDBInstance, type DuckDBValue, timestampValue } from "@duckdb/node-api";
import { AppError } from "../core/errors.ts";
import type { DataCounts, Logger, Row, SqlValue, Store, StoreWriter } from "../core/ports.ts";
import { silentLogger } from "../core/ports.ts";
import { migrations, type Migration } from "./migrations.ts";

export interface OpenStoreOptions {
  /** File path, or `:memory:` for a throw-away store. */
  location: string;
  logger?: Logger;
  /** Migrations to apply; tests pass their own to exercise failures. */
  migrations?: readonly Migration[];
}

/** Converts DuckDB's JS values into plain ones: safe BIGINTs become numbers. */
function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}

function plainRows<T extends Row>(rows: Record<string, unknown>[]): T[] {
  for (const row of rows) {
    for (const key of Object.keys(row)) row[key] = plainValue(row[key]);
  }
  return rows as T[];
}

/** Rewrites DuckDB's lock error into an actionable one. */
function translateOpenError(error: unknown, location: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (/Could not set lock on file|Conflicting lock is held/i.test(message)) {
    const holder = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
    const who = holder ? `process ${holder[2]} (${holder[1]})` : "another process";
    return new AppError(
      "store_locked",
      "conflict",
      `The database file ${location} is in use by ${who}, most likely a running \`bullseye serve\`. ` +
        `DuckDB lets only one process write to a file: stop that process and run this command again, ` +
        `or point BULLSEYE_DB at another file.`,
      { details: { location, pid: holder ? Number(holder[2]) : undefined }, cause: error },
    );
  }
  return new AppError("store_unavailable", "internal", `Could not open the database file ${location}: ${message}`, {
    cause: error,
  });
}

/** Binds JS values as DuckDB values: `Date` becomes a TIMESTAMP (UTC), the rest bind as they are. */
function bindable(params: readonly SqlValue[]): DuckDBValue[] | undefined {
  if (params.length === 0) return undefined;
  return params.map((value) => (value instanceof Date ? timestampValue(BigInt(value.getTime()) * 1000n) : value));
}

class ConnectionWriter implements StoreWriter {
  constructor(protected readonly connection: DuckDBConnection) {}

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, bindable(params));
    return plainRows<T>(reader.getRowObjectsJS() as Record<string, unknown>[]);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.connection.run(sql, bindable(params));
  }
}

/** The DuckDB-backed store. Importers and the demo loader use `instance` for bulk appends. */
export class DuckDbStore extends ConnectionWriter implements Store {
  #closed = false;

  private constructor(
    readonly location: string,
    readonly instance: DuckDBInstance,
    connection: DuckDBConnection,
    private readonly logger: Logger,
  ) {
    super(connection);
  }

  /** Opens (creating if needed) the store at `location` and applies pending migrations. */
  static async open(options: OpenStoreOptions): Promise<DuckDbStore> {
    const logger = options.logger ?? silentLogger;
    const location = options.location;
    if (location !== ":memory:") await mkdir(path.dirname(location), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(location);
    } catch (error) {
      throw translateOpenError(error, location);
    }
    const connection = await instance.connect();
    const store = new DuckDbStore(location, instance, connection, logger);
    try {
      await store.migrate(options.migrations ?? migrations);
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Applies migrations newer than the recorded version, each in its own transaction. */
  async migrate(all: readonly Migration[]): Promise<number[]> {
    await this.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`,
    );
    const done = new Set(
      (await this.query<{ version: number }>("SELECT version FROM schema_migrations")).map((row) => row.version),
    );
    const applied: number[] = [];
    for (const migration of [...all].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      try {
        await this.transaction(async (writer) => {
          for (const statement of migration.statements) await writer.run(statement);
          await writer.run("INSERT INTO schema_migrations VALUES ($1, $2, now())", [migration.version, migration.name]);
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError(
          "migration_failed",
          "internal",
          `Upgrading the database ${this.location} to schema version ${migration.version} (${migration.name}) failed: ${reason}. ` +
            `The file was left at the previous version and is still usable by the previous Bullseye release.`,
          { details: { version: migration.version }, cause: error },
        );
      }
      this.logger.info({ version: migration.version, name: migration.name }, "applied migration");
      applied.push(migration.version);
    }
    return applied;
  }

  /** The highest applied migration version. */
  async schemaVersion(): Promise<number> {
    const [row] = await this.query<{ version: number | null }>("SELECT max(version) AS version FROM schema_migrations");
    return row?.version ?? 0;
  }

  async transaction<T>(work: (writer: StoreWriter) => Promise<T>): Promise<T> {
    // A dedicated connection keeps concurrent readers on the main connection out of
    // this transaction, and this transaction out of theirs.
    const connection = await this.instance.connect();
    const writer = new ConnectionWriter(connection);
    try {
      await connection.run("BEGIN TRANSACTION");
      try {
        const result = await work(writer);
        await connection.run("COMMIT");
        return result;
      } catch (error) {
        await connection.run("ROLLBACK").catch(() => {});
        throw error;
      }
    } finally {
      connection.closeSync();
    }
  }

  /** A new connection for bulk work (appenders); the caller closes it. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  async counts(): Promise<DataCounts> {
    const [row] = await this.query<Record<keyof DataCounts, number>>(`SELECT
      (SELECT count(*) FROM customers) AS customers,
      (SELECT count(*) FROM products) AS products,
      (SELECT count(*) FROM orders) AS orders,
      (SELECT count(*) FROM order_items) AS orderItems,
      (SELECT count(*) FROM reviews) AS reviews`);
    if (row === undefined) throw new AppError("store_unavailable", "internal", "Counting rows returned nothing.");
    return row;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Opens the store at `location` (see `DuckDbStore.open`). */
export function openStore(options: OpenStoreOptions): Promise<DuckDbStore> {
  return DuckDbStore.open(options);
}
