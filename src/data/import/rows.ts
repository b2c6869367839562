/**
 * From an opened source to row inputs for a field set: reads the header (or the first
 * JSON object's keys), maps it to the fields, and turns each record into the plain
 * object the row schema validates. Records come in batches, one per chunk of input.
 */
import { shorten } from "./coerce.ts";
import { detectDelimiter, readCsvRecords } from "./csv-reader.ts";
import { malformedFile } from "./errors.ts";
import type { FieldSet } from "./fields.ts";
import { type ColumnMapping, mapHeader, normalizeColumnName } from "./header.ts";
import { readJsonArray, readJsonLines } from "./json-reader.ts";
import type { OpenedSource } from "./source.ts";
import type { RejectedRow } from "./types.ts";

/** A record ready for the row schema, or one that is already known to be bad. */
export type RowInput =
  | { line: number; input: Record<string, unknown>; rejection?: undefined }
  | { line: number; input?: undefined; rejection: RejectedRow };

/** The rows of a source, with what its header said. */
export interface RowStream {
  format: "csv" | "json";
  /** Fields the file provides (the header's columns that match fields). */
  mapping: ColumnMapping;
  /** Batches of rows in file order. */
  batches: AsyncIterable<RowInput[]>;
  /** Observations about the columns, for the report's notes; complete once `batches` is done. */
  notes: () => string[];
}

export interface OpenRowsOptions {
  kind: string;
  /** Required fields the file may leave out because the importer fills them in. */
  generated?: readonly string[];
}

function ignoredNote(ignored: readonly string[]): string[] {
  if (ignored.length === 0) return [];
  const plural = ignored.length === 1 ? "column" : "columns";
  return [`ignored ${plural} not used by this import: ${ignored.join(", ")}`];
}

const maxCachedKeys = 1_000;

/** Runs `work`; if it throws, closes `iterator` (and so the file) before rethrowing. */
async function closingOnError<T>(iterator: AsyncGenerator<unknown>, work: () => T): Promise<T> {
  try {
    return work();
  } catch (error) {
    await iterator.return(undefined).catch(() => {
      // The error being thrown matters more than a failure to close.
    });
    throw error;
  }
}

async function firstBatch<T>(iterator: AsyncIterator<T[]>): Promise<T[] | undefined> {
  const next = await iterator.next();
  return next.done === true ? undefined : next.value;
}

async function openCsvRows(source: OpenedSource, fields: FieldSet, options: OpenRowsOptions): Promise<RowStream> {
  const iterator = readCsvRecords(source.chunks, { delimiter: detectDelimiter(source.firstLine), file: source.name })[
    Symbol.asyncIterator
  ]();
  const batch = await firstBatch(iterator);
  const header = batch?.[0];
  if (batch === undefined || header === undefined) {
    throw malformedFile(source.name, "the file is empty; expected a header line naming the columns", { line: 1 });
  }
  const mapping = await closingOnError(iterator, () =>
    mapHeader(header.values, fields, { file: source.name, kind: options.kind, generated: options.generated }),
  );
  const { present, positions } = mapping;
  const width = header.values.length;

  const toRows = (records: readonly { line: number; values: string[] }[]): RowInput[] =>
    records.map(({ line, values }): RowInput => {
      if (values.length !== width) {
        return {
          line,
          rejection: {
            line,
            reason: `expected ${width} cells (one per header column), found ${values.length}; check for an unquoted delimiter or a missing cell`,
          },
        };
      }
      const input: Record<string, unknown> = {};
      for (let index = 0; index < present.length; index++) {
        input[present[index] as string] = values[positions[index] as number];
      }
      return { line, input };
    });

  async function* batches(): AsyncGenerator<RowInput[]> {
    try {
      const rest = batch?.slice(1) ?? [];
      if (rest.length > 0) yield toRows(rest);
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield toRows(next.value);
    } finally {
      await iterator.return(undefined);
    }
  }
  return { format: "csv", mapping, batches: batches(), notes: () => ignoredNote(mapping.ignored) };
}

function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function openJsonRows(source: OpenedSource, fields: FieldSet, options: OpenRowsOptions): Promise<RowStream> {
  const read = source.format === "jsonl" ? readJsonLines : readJsonArray;
  const records = read(source.chunks, source.name);
  const iterator = records[Symbol.asyncIterator]();
  const batch = await firstBatch(iterator);
  const first = batch?.[0];
  // The first object plays the part of a CSV header: its keys decide which columns the
  // file sets. Later objects may leave optional keys out (null).
  const mapping = await closingOnError(iterator, () => {
    if (first !== undefined && !isObject(first.value)) {
      throw malformedFile(
        source.name,
        `expected JSON objects with one key per column, but the first record is ${describeJsonType(first.value)}`,
        { line: first.line },
      );
    }
    return mapHeader(first === undefined ? [] : Object.keys(first.value as object), fields, {
      file: source.name,
      kind: options.kind,
      // An empty array has no header to check; it imports nothing.
      generated: first === undefined ? Object.keys(fields) : options.generated,
    });
  });
  // Key → field lookups are cached; the cap keeps files with ever-new keys from growing it.
  const fieldOfKey = new Map<string, string | undefined>();
  const byNormalName = new Map(Object.keys(fields).map((name) => [normalizeColumnName(name), name]));
  const present = new Set(mapping.present);
  const ignored = new Set(mapping.ignored);
  const lateColumns = new Set<string>();

  const toRow = ({ line, value }: { line: number; value: unknown }): RowInput => {
    if (!isObject(value)) {
      return { line, rejection: { line, reason: `expected an object with one key per column, got ${describeJsonType(value)}` } };
    }
    const input: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      let name = fieldOfKey.get(key);
      if (name === undefined && !fieldOfKey.has(key)) {
        name = byNormalName.get(normalizeColumnName(key));
        if (fieldOfKey.size < maxCachedKeys) fieldOfKey.set(key, name);
      }
      if (name === undefined) {
        if (ignored.size < 50) ignored.add(key);
      } else if (present.has(name)) {
        input[name] = value[key];
      } else {
        lateColumns.add(name);
      }
    }
    return { line, input };
  };

  async function* batches(): AsyncGenerator<RowInput[]> {
    try {
      if (batch !== undefined) yield batch.map(toRow);
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value.map(toRow);
    } finally {
      await iterator.return(undefined);
    }
  }
  const notes = (): string[] => [
    ...ignoredNote([...ignored].map((key) => shorten(key, 40))),
    ...(lateColumns.size === 0
      ? []
      : [
          `ignored ${[...lateColumns].join(", ")}: missing from the first object, which decides the columns of a JSON file; put every column on the first object`,
        ]),
  ];
  return { format: "json", mapping, batches: batches(), notes };
}

/** Reads the header of `source` and returns its rows; throws `missing_columns` / `malformed_file`. */
export function openRows(source: OpenedSource, fields: FieldSet, options: OpenRowsOptions): Promise<RowStream> {
  return source.format === "csv" ? openCsvRows(source, fields, options) : openJsonRows(source, fields, options);
}
