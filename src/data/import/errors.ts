/**
 * File-level import failures. Row-level problems are not errors: they become
 * `RejectedRow`s in the report. These are for files that cannot be read at all.
 */
import { AppError, NotFoundError } from "../../core/errors.ts";

/** The path does not exist. */
export function fileNotFound(file: string): NotFoundError {
  return new NotFoundError(
    "file_not_found",
    `No file at ${file}. Check the path (relative paths are resolved from the current directory).`,
    { details: { file } },
  );
}

/** The path exists but is not a readable file (a directory, no permission). */
export function fileUnreadable(file: string, reason: string, cause?: unknown): AppError {
  return new AppError("file_unreadable", "user", `Cannot read ${file}: ${reason}.`, {
    details: { file },
    cause,
  });
}

/** Where in a file a problem was found. */
export interface FileLocation {
  line?: number;
  byte?: number;
}

/** The file is not valid CSV/JSON/UTF-8/gzip; nothing was imported. */
export function malformedFile(file: string, problem: string, location: FileLocation = {}, cause?: unknown): AppError {
  const where =
    location.line !== undefined ? `line ${location.line}: ` : location.byte !== undefined ? `byte ${location.byte}: ` : "";
  return new AppError(
    "malformed_file",
    "user",
    `${file} cannot be read: ${where}${problem}. Nothing was imported; fix the file and import it again.`,
    { details: { file, ...location }, cause },
  );
}

/** The header lacks columns the kind requires. */
export function missingColumns(
  file: string,
  kind: string,
  missing: readonly string[],
  found: readonly string[],
  expected: readonly { name: string; required: boolean }[],
): AppError {
  const plural = missing.length === 1 ? "column" : "columns";
  const expectedList = expected.map((column) => (column.required ? `${column.name} (required)` : column.name)).join(", ");
  const foundList = found.length === 0 ? "none" : found.join(", ");
  return new AppError(
    "missing_columns",
    "user",
    `${file} is missing the required ${plural} ${missing.join(", ")} for a ${kind} import. ` +
      `Found columns: ${foundList}. Expected columns: ${expectedList}. ` +
      `Header names are matched without regard to case, spaces or underscores.`,
    {
      details: {
        file,
        kind,
        missing: [...missing],
        found: [...found],
        expected: expected.map((column) => column.name),
        required: expected.filter((column) => column.required).map((column) => column.name),
      },
    },
  );
}

/** Two header cells name the same column. */
export function duplicateColumns(file: string, column: string, headers: readonly string[]): AppError {
  return new AppError(
    "duplicate_columns",
    "user",
    `${file} has more than one column for ${column} (${headers.join(", ")}). Keep one of them and import again.`,
    { details: { file, column, headers: [...headers] } },
  );
}

/** The caller aborted the import; the transaction was rolled back. */
export function importCancelled(file: string, rowsRead: number, cause?: unknown): AppError {
  return new AppError(
    "import_cancelled",
    "user",
    `The import of ${file} was cancelled after ${rowsRead.toLocaleString("en-US")} rows; nothing was changed.`,
    { details: { file, rowsRead }, cause },
  );
}

/** Another transaction changed the same rows at the same time. */
export function importConflict(file: string, cause: unknown): AppError {
  return new AppError(
    "import_conflict",
    "conflict",
    `The import of ${file} clashed with another change to the same rows and was rolled back; nothing was changed. Import it again.`,
    { details: { file }, cause },
  );
}
