/**
 * Streaming CSV records with the physical line each one starts on, via `csv-parse`.
 *
 * UTF-8 with or without BOM, CRLF or LF, RFC 4180 quoting (quoted fields may hold the
 * delimiter, doubled quotes and line breaks), and `,`, `;` or tab as the delimiter.
 */
import { Readable, pipeline } from "node:stream";
import { type CsvError, Parser } from "csv-parse";
import { countLineBreaks } from "./coerce.ts";
import { malformedFile } from "./errors.ts";

/** One CSV record: its cells and the line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  values: string[];
}

export type CsvDelimiter = "," | ";" | "\t";

/** A field longer than this is almost surely an unterminated quote; it bounds memory too. */
const maxRecordChars = 1_000_000;

/** The delimiter of a header line: whichever of `,` `;` tab occurs most outside quotes (`,` on a tie). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const character of headerLine) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === "," || character === ";" || character === "\t")) counts[character]++;
  }
  if (counts[";"] > counts[","] && counts[";"] >= counts["\t"]) return ";";
  if (counts["\t"] > counts[","] && counts["\t"] > counts[";"]) return "\t";
  return ",";
}

/**
 * `csv-parse` with two additions: exact start lines, and records handed on in batches
 * (one batch per input chunk) so the consumer pays one async step per chunk, not per row.
 *
 * `csv-parse`'s own line counter counts a CRLF inside a quoted field twice, so start lines
 * are tracked here: a record starts one line after the previous one ended, plus the blank
 * lines the parser skipped. `push` is where the parser hands over each record, synchronously,
 * while its `info` still describes that record.
 */
class BatchingCsvParser extends Parser {
  #nextLine = 1;
  #reportedLines = 0;
  #emptyLines = 0;
  #batch: CsvRecord[] = [];

  /** The line the record being parsed starts on; used to place parse errors. */
  get currentRecordLine(): number {
    return this.#nextLine + (this.info.empty_lines - this.#emptyLines);
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null, encoding);
    const values = chunk as string[];
    const { lines, empty_lines: emptyLines } = this.info;
    const blankBefore = emptyLines - this.#emptyLines;
    const line = this.#nextLine + blankBefore;
    // The parser's count is exact unless the record spans lines, so only then are its
    // line breaks counted (which keeps the common case free of per-cell scans).
    const spansLines = lines - this.#reportedLines > blankBefore + 1;
    let breaks = 0;
    if (spansLines) for (const value of values) breaks += countLineBreaks(value);
    this.#nextLine = line + 1 + breaks;
    this.#reportedLines = lines;
    this.#emptyLines = emptyLines;
    // A row of empty cells (",,,," from spreadsheets, or spaces) is a blank line, not a record.
    if (!values.every((value) => value.trim() === "")) this.#batch.push({ line, values });
    return true;
  }

  #flushBatch(): void {
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    super.push(batch);
  }

  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    super._transform(chunk, encoding, (error?: Error | null) => {
      this.#flushBatch();
      callback(error);
    });
  }

  override _flush(callback: (error?: Error | null) => void): void {
    super._flush((error?: Error | null) => {
      this.#flushBatch();
      callback(error);
    });
  }
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return 'a quoted field starts in this record but its closing quote (") never comes';
    case "CSV_MAX_RECORD_SIZE":
      return `a record here is longer than ${maxRecordChars.toLocaleString("en-US")} characters, most likely because a quote (") is never closed`;
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return 'a quoted field has text after its closing quote; inside a quoted field write a quote as two quotes ("")';
    case "INVALID_OPENING_QUOTE":
      return 'a quote (") appears inside an unquoted field; put the whole field in quotes and double the quotes inside it';
    default:
      return error.message;
  }
}

function isCsvError(error: unknown): error is CsvError {
  return (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    (error.code.startsWith("CSV_") || error.code === "INVALID_OPENING_QUOTE")
  );
}

/**
 * Yields the records of a CSV text in batches, the header first. Throws `malformed_file`
 * with the line of the offending record on broken quoting.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<Buffer>,
  options: { delimiter: CsvDelimiter; file: string },
): AsyncGenerator<CsvRecord[]> {
  const parser = new BatchingCsvParser({
    delimiter: options.delimiter,
    bom: true,
    // Listed rather than auto-detected, so a file that mixes line endings still parses.
    record_delimiter: ["\r\n", "\n", "\r"],
    // Rows with too many or too few cells are rejected row by row, not as a broken file.
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: maxRecordChars,
  });
  const input = Readable.from(chunks);
  // Errors surface through the iteration below; the callback only has to exist.
  pipeline(input, parser, () => {});
  try {
    for await (const batch of parser) yield batch as CsvRecord[];
  } catch (error) {
    if (isCsvError(error)) {
      throw malformedFile(options.file, describeCsvError(error), { line: parser.currentRecordLine }, error);
    }
    throw error;
  } finally {
    input.destroy();
    parser.destroy();
  }
}
