/**
 * The staging table: validated rows go into a connection-local TEMP table through a
 * DuckDB appender (typed appends, flushed by DuckDB in chunks of 2,048 rows), so the
 * JavaScript side never holds more than one batch of rows. Checks and the merge into
 * the business tables then run as SQL over the staged rows.
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBDateValue, DuckDBTimestampValue } from "@duckdb/node-api";
import { type FieldKind, duckDbTypeOf } from "./fields.ts";
import { sqlName } from "./sql.ts";

/** A staged column: its name and how its values are typed. */
export interface StagedColumn {
  name: string;
  kind: FieldKind;
}

/** The column holding each row's line number in the file. */
export const lineColumn = "_line";

type ValueWriter = (value: unknown) => void;

function writerFor(appender: DuckDBAppender, kind: FieldKind): ValueWriter {
  // Values come from the row schema, so each kind's type is known; null means "no value".
  switch (kind) {
    case "text":
      return (value) => (value === null ? appender.appendNull() : appender.appendVarchar(value as string));
    case "integer":
      return (value) => (value === null ? appender.appendNull() : appender.appendInteger(value as number));
    case "double":
      return (value) => (value === null ? appender.appendNull() : appender.appendDouble(value as number));
    case "boolean":
      return (value) => (value === null ? appender.appendNull() : appender.appendBoolean(value as boolean));
    case "date":
      return (value) => (value === null ? appender.appendNull() : appender.appendDate(new DuckDBDateValue(value as number)));
    case "timestamp":
      return (value) =>
        value === null ? appender.appendNull() : appender.appendTimestamp(new DuckDBTimestampValue(BigInt(value as number)));
  }
}

/** An open staging table; `close()` flushes the last rows. */
export class StagingTable {
  readonly #appender: DuckDBAppender;
  readonly #names: readonly string[];
  readonly #writers: readonly ValueWriter[];
  #rows = 0;

  private constructor(
    readonly name: string,
    appender: DuckDBAppender,
    columns: readonly StagedColumn[],
  ) {
    this.#appender = appender;
    this.#names = columns.map((column) => column.name);
    this.#writers = columns.map((column) => writerFor(appender, column.kind));
  }

  /** Creates the TEMP table `name` (line number + `columns`) on `connection` and opens an appender. */
  static async create(connection: DuckDBConnection, name: string, columns: readonly StagedColumn[]): Promise<StagingTable> {
    const definitions = columns.map((column) => `${sqlName(column.name)} ${duckDbTypeOf[column.kind]}`);
    await connection.run(
      `CREATE TEMP TABLE ${sqlName(name)} (${sqlName(lineColumn)} INTEGER NOT NULL, ${definitions.join(", ")})`,
    );
    return new StagingTable(name, await connection.createAppender(name), columns);
  }

  /** Rows appended so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Appends one validated row (`row[column]` for each staged column; missing means null). */
  append(line: number, row: Readonly<Record<string, unknown>>): void {
    this.#appender.appendInteger(line);
    for (let index = 0; index < this.#writers.length; index++) {
      (this.#writers[index] as ValueWriter)(row[this.#names[index] as string] ?? null);
    }
    this.#appender.endRow();
    this.#rows++;
  }

  /** Flushes and closes the appender; the table stays for the checks and the merge. */
  close(): void {
    this.#appender.closeSync();
  }
}
