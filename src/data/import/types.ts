/**
 * Public shapes of the importers: what a caller passes to `importFile` and what it gets back.
 * The CLI (`bullseye import`) and the HTTP API (`POST /api/import/:table`) both speak these.
 */

/** What a file holds: one business table, or the UCI Online Retail transaction format. */
export type ImportKind = "customers" | "products" | "orders" | "order_items" | "reviews" | "online-retail";

/** Every kind `importFile` accepts, in the order their files should be imported. */
export const importKinds: readonly ImportKind[] = [
  "customers",
  "products",
  "orders",
  "order_items",
  "reviews",
  "online-retail",
];

/** The business tables an import can change. */
export type BusinessTable = "customers" | "products" | "orders" | "order_items" | "reviews";

/** How far an import has got; sent to `onProgress` at most about ten times a second. */
export interface ImportProgress {
  /** Bytes read from the source as stored (compressed bytes for a gzip file). */
  bytesRead: number;
  /** The size of the source file, when known (unknown for streams). */
  totalBytes?: number;
  /** Data records read so far (the header is not a record). */
  rowsRead: number;
}

/** One row left out of an import, and why. */
export interface RejectedRow {
  /** The physical line where the record starts in the file; the CSV header is line 1. */
  line: number;
  /** The column at fault, when the problem is in one column. */
  column?: string;
  /** What was wrong and what to do about it, e.g. `expected a number, got "12,5O"`. */
  reason: string;
  /** The offending value as found in the file (shortened when very long). */
  value?: string;
}

/** What an import did to one table. */
export interface TableChanges {
  /** Rows whose key was not in the table before. */
  inserted: number;
  /** Rows whose key was there with at least one different value. */
  updated: number;
  /** Rows identical to what the table already held: nothing was written for them. */
  unchanged: number;
}

/** The outcome of one `importFile` call. */
export interface ImportReport {
  kind: ImportKind;
  /** The file path, or the display name of a stream. */
  file: string;
  format: "csv" | "json";
  /**
   * `imported`: the accepted rows are in the store. `rejected`: some rows were bad and
   * `skipBadRows` was not set, so NOTHING was changed; fix the rows listed in `rejected`.
   */
  status: "imported" | "rejected";
  /** Data records read (header and blank lines excluded). */
  rowsRead: number;
  /** Records that passed every check (with status `rejected` they were not written either). */
  rowsAccepted: number;
  /** Records that failed a check. */
  rowsRejected: number;
  /** The rejected records in line order, at most `maxRejectedListed` of them. */
  rejected: RejectedRow[];
  /** True when more rows were rejected than `rejected` lists. */
  rejectedTruncated: boolean;
  /** True when `skipBadRows` was set and bad rows were left out of an otherwise successful import. */
  skippedBadRows: boolean;
  /** Per table: rows inserted, updated and unchanged. Empty when nothing was written. */
  changes: Partial<Record<BusinessTable, TableChanges>>;
  /** Facts worth knowing about the data, e.g. `9,288 cancellation lines kept as cancelled orders`. */
  notes: string[];
  durationMs: number;
}

/** Where the data comes from: a path, or an open stream with a name to show in reports. */
export type ImportSource =
  | string
  | {
      stream: NodeJS.ReadableStream;
      /** Shown in the report and used to guess the format (`.json`, `.jsonl`, `.gz`). */
      name: string;
      /** Overrides format detection. */
      format?: "csv" | "json";
    };

/** Arguments of `importFile`. */
export interface ImportOptions {
  kind: ImportKind;
  /** A file path (gzip detected by magic bytes, not extension), or a stream with a display name. */
  source: ImportSource;
  /** Import the good rows and list the bad ones, instead of rejecting the whole file. */
  skipBadRows?: boolean;
  /** Called at most about ten times a second while reading, and once at the end of reading. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting cancels the import; nothing is changed. */
  signal?: AbortSignal;
}

/** At most this many rejected rows are listed in a report. */
export const maxRejectedListed = 1_000;
