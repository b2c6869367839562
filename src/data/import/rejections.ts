/**
 * Collecting rejected rows with bounded memory: every rejection is counted, only the
 * first `maxRejectedListed` (by line) are kept for the report.
 */
import { shorten } from "./coerce.ts";
import { maxRejectedListed, type RejectedRow } from "./types.ts";

/** Rejections found while reading, in line order. */
export class RejectionLog {
  readonly listed: RejectedRow[] = [];
  #count = 0;

  constructor(private readonly limit = maxRejectedListed) {}

  get count(): number {
    return this.#count;
  }

  add(row: RejectedRow): void {
    this.#count++;
    if (this.listed.length < this.limit) this.listed.push(row);
  }
}

/** Merges two line-ordered lists into one, keeping the first `limit` by line. */
export function mergeByLine(
  first: readonly RejectedRow[],
  second: readonly RejectedRow[],
  limit = maxRejectedListed,
): RejectedRow[] {
  const merged: RejectedRow[] = [];
  let left = 0;
  let right = 0;
  while (merged.length < limit && (left < first.length || right < second.length)) {
    const a = first[left];
    const b = second[right];
    if (b === undefined || (a !== undefined && a.line <= b.line)) {
      merged.push(a as RejectedRow);
      left++;
    } else {
      merged.push(b);
      right++;
    }
  }
  return merged;
}

/** `line 14, column price: expected a number, got "12,5O"` — how surfaces print a rejection. */
export function describeRejectedRow(row: RejectedRow): string {
  return row.column === undefined ? `line ${row.line}: ${row.reason}` : `line ${row.line}, column ${row.column}: ${row.reason}`;
}

/** A zod issue as far as rejections need it. */
interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * One rejection for a row that failed its schema: the first problem in full, other bad
 * columns named. `displayColumn` turns field names into the file's header names.
 */
export function rejectionFromIssues(
  line: number,
  issues: readonly Issue[],
  input: Readonly<Record<string, unknown>>,
  displayColumn: (field: string) => string,
): RejectedRow {
  const [first, ...others] = issues;
  const field = first?.path[0] === undefined ? undefined : String(first.path[0]);
  const raw = field === undefined ? undefined : input[field];
  const value = raw === undefined || raw === null || raw === "" ? undefined : typeof raw === "string" ? raw : JSON.stringify(raw);
  const otherColumns = [...new Set(others.map((issue) => String(issue.path[0] ?? "")))]
    .filter((name) => name !== "" && name !== field)
    .map(displayColumn);
  const also = otherColumns.length === 0 ? "" : ` (this row also has a problem in ${otherColumns.join(", ")})`;
  return {
    line,
    ...(field === undefined ? {} : { column: displayColumn(field) }),
    reason: `${first?.message ?? "the row is not valid"}${also}`,
    ...(value === undefined ? {} : { value: shorten(value, 200) }),
  };
}
