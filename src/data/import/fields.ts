/**
 * Column types for the row schemas: each is a zod schema from a raw cell (a CSV string,
 * a JSON value, or `undefined` when the column is absent) to the stored value, plus the
 * facts the importer needs about it (its DuckDB type, whether the header must have it).
 *
 * Every rejection message says what was expected and quotes what was found, e.g.
 * `expected a number, got "12,5O"`, so a person can fix the cell without reading docs.
 */
import { z } from "zod";
import {
  isEmailAddress,
  looksLikeCommaDecimal,
  parseBoolean,
  parseDateDays,
  parseDecimal,
  parseTimestampMicros,
  parseWholeNumber,
  shorten,
} from "./coerce.ts";

/** How a column is stored: decides the staging column type and the appender call. */
export type FieldKind = "text" | "integer" | "double" | "boolean" | "date" | "timestamp";

/** DuckDB type of each field kind. */
export const duckDbTypeOf: Readonly<Record<FieldKind, string>> = {
  text: "VARCHAR",
  integer: "INTEGER",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

/** Stored value of each kind: dates are days and timestamps microseconds since 1970-01-01. */
export interface FieldValue {
  text: string;
  integer: number;
  double: number;
  boolean: boolean;
  date: number;
  timestamp: number;
}

/** One column of a row schema. */
export interface Field<Output = unknown> {
  readonly kind: FieldKind;
  /** The header must name this column, and every row must give it a value. */
  readonly required: boolean;
  /** Raw cell → stored value, or issues saying why not. */
  readonly schema: z.ZodType<Output>;
}

type Context = z.core.$RefinementCtx;

function reject(context: Context, message: string, input: unknown): typeof z.NEVER {
  context.addIssue({ code: "custom", message, input });
  return z.NEVER;
}

function quote(input: unknown): string {
  return typeof input === "string" ? `"${shorten(input)}"` : shorten(JSON.stringify(input) ?? String(input));
}

/** A raw cell as trimmed text; `""` for missing, `undefined` for arrays and objects. */
function cellText(input: unknown): string | undefined {
  if (typeof input === "string") return input.trim();
  if (input === undefined || input === null) return "";
  if (typeof input === "number" || typeof input === "boolean" || typeof input === "bigint") return String(input);
  return undefined;
}

const missingMessage = "a value is required here but the cell is empty";

/**
 * Builds a field from a converter over non-empty text. JSON numbers and booleans reach
 * `fromJson` first when given, so `4.5` in a JSON file is not stringified and re-parsed.
 */
function field<K extends FieldKind, Out extends FieldValue[K] | null>(
  kind: K,
  required: boolean,
  whenEmpty: Out | undefined,
  convert: (text: string, context: Context, raw: unknown) => FieldValue[K],
  fromJson?: (value: number | boolean, context: Context) => FieldValue[K],
): Field<FieldValue[K] | Out> {
  const schema = z.transform((input: unknown, context: Context): FieldValue[K] | Out => {
    if (fromJson !== undefined && (typeof input === "number" || typeof input === "boolean")) {
      return fromJson(input, context);
    }
    const text = cellText(input);
    if (text === undefined) return reject(context, `expected a single value, got ${quote(input)}`, input);
    if (text === "") {
      if (whenEmpty !== undefined) return whenEmpty;
      return reject(context, missingMessage, input);
    }
    return convert(text, context, input);
  });
  return { kind, required, schema };
}

interface Presence {
  /** Whether the header must have the column and every row a value (default false). */
  required?: boolean;
}

/** Free text, trimmed; empty is null unless required. */
export function text(options: Presence = {}): Field<string | null> {
  const required = options.required ?? false;
  return field("text", required, required ? undefined : null, (value) => value);
}

/** A key (customer_id, order_id…): required, trimmed text; JSON numbers become their digits. */
export function identifier(): Field<string> {
  return field<"text", never>("text", true, undefined, (value) => value);
}

/** An optional reference to another table's key; empty is null. */
export function optionalIdentifier(): Field<string | null> {
  return field("text", false, null, (value) => value);
}

/** An optional email address, loosely checked (something@domain.tld). */
export function email(): Field<string | null> {
  return field("text", false, null, (value, context, raw) =>
    isEmailAddress(value) ? value : reject(context, `expected an email address like name@example.com, got ${quote(raw)}`, raw),
  );
}

/** Text from a closed-ish vocabulary: lower-cased, with a default when empty. */
export function lowerCaseWord(defaultValue: string): Field<string> {
  return field("text", false, defaultValue, (value) => value.toLowerCase());
}

interface NumberOptions extends Presence {
  min?: number;
  max?: number;
}

function rangeText(options: NumberOptions): string {
  if (options.min !== undefined && options.max !== undefined) return ` from ${options.min} to ${options.max}`;
  if (options.min !== undefined) return ` of ${options.min} or more`;
  if (options.max !== undefined) return ` of ${options.max} or less`;
  return "";
}

function inRange(value: number, options: NumberOptions): boolean {
  return (options.min === undefined || value >= options.min) && (options.max === undefined || value <= options.max);
}

/** A decimal number with `.` as the decimal point. */
export function decimal(options: NumberOptions = {}): Field<number | null> {
  const required = options.required ?? false;
  const expected = `expected a number${rangeText(options)}`;
  const check = (value: number, context: Context, raw: unknown): number =>
    inRange(value, options) ? value : reject(context, `${expected}, got ${quote(raw)}`, raw);
  return field(
    "double",
    required,
    required ? undefined : null,
    (textValue, context, raw) => {
      const value = parseDecimal(textValue);
      if (value !== undefined) return check(value, context, raw);
      const hint = looksLikeCommaDecimal(textValue) ? ` (use "." as the decimal point: ${textValue.replace(",", ".")})` : "";
      return reject(context, `${expected}, got ${quote(raw)}${hint}`, raw);
    },
    (value, context) =>
      typeof value === "number" && Number.isFinite(value)
        ? check(value, context, value)
        : reject(context, `${expected}, got ${quote(value)}`, value),
  );
}

/** A whole number that fits a 32-bit INTEGER column. */
export function wholeNumber(options: NumberOptions = {}): Field<number | null> {
  const required = options.required ?? false;
  const bounds = { min: options.min ?? -2_147_483_648, max: options.max ?? 2_147_483_647 };
  const shown = { min: options.min, max: options.max };
  const expected = `expected a whole number${rangeText(shown)}`;
  const check = (value: number | undefined, context: Context, raw: unknown): number =>
    value !== undefined && Number.isInteger(value) && inRange(value, bounds)
      ? value
      : reject(context, `${expected}, got ${quote(raw)}`, raw);
  return field(
    "integer",
    required,
    required ? undefined : null,
    (textValue, context, raw) => check(parseWholeNumber(textValue), context, raw),
    (value, context) => check(typeof value === "number" ? value : undefined, context, value),
  );
}

/** A yes/no flag; empty means `defaultValue` (the column's default in the store). */
export function flag(defaultValue: boolean): Field<boolean> {
  return field(
    "boolean",
    false,
    defaultValue,
    (textValue, context, raw) =>
      parseBoolean(textValue) ?? reject(context, `expected true or false (or yes/no, 1/0), got ${quote(raw)}`, raw),
    (value, context) => {
      if (typeof value === "boolean") return value;
      if (value === 1 || value === 0) return value === 1;
      return reject(context, `expected true or false, got ${quote(value)}`, value);
    },
  );
}

/** A calendar date, `YYYY-MM-DD`. */
export function date(options: Presence = {}): Field<number | null> {
  const required = options.required ?? false;
  return field("date", required, required ? undefined : null, (textValue, context, raw) => {
    const days = parseDateDays(textValue);
    return days ?? reject(context, `expected a date like 2024-03-31, got ${quote(raw)}`, raw);
  });
}

/** A date-time: ISO 8601 (`2024-03-31T14:05:00`, optional zone) or `2024-03-31 14:05:00`. */
export function timestamp(options: Presence = {}): Field<number | null> {
  const required = options.required ?? false;
  return field("timestamp", required, required ? undefined : null, (textValue, context, raw) => {
    const micros = parseTimestampMicros(textValue);
    return (
      micros ??
      reject(context, `expected a date-time like 2024-03-31T14:05:00 or 2024-03-31 14:05:00, got ${quote(raw)}`, raw)
    );
  });
}

/** An optional whole-number id written as text: `17850` and `17850.0` both become `"17850"`. */
export function optionalNumericIdentifier(): Field<string | null> {
  const toId = (value: number | undefined, context: Context, raw: unknown): string =>
    value !== undefined && Number.isSafeInteger(value) && value >= 0
      ? String(value)
      : reject(context, `expected a whole-number id like 17850, got ${quote(raw)}`, raw);
  return field(
    "text",
    false,
    null,
    (textValue, context, raw) => toId(parseWholeNumber(textValue), context, raw),
    (value, context) => toId(typeof value === "number" ? value : undefined, context, value),
  );
}

/** The output type of a field. */
export type FieldOutput<F> = F extends Field<infer Output> ? Output : never;

/** A set of named fields: one business table's columns. */
export type FieldSet = Readonly<Record<string, Field>>;

/** The typed row a field set produces. */
export type RowOf<Fields extends FieldSet> = { [Name in keyof Fields]: FieldOutput<Fields[Name]> };

/**
 * The zod row schema of a field set. Built once per table at module load (zod v4
 * JIT-compiles object schemas on first use), then run once per row. `z.compile` was
 * measured on the full UCI file and gave no gain: the per-field conversions dominate.
 */
export function rowSchema<Fields extends FieldSet>(fields: Fields): z.ZodType<RowOf<Fields>> {
  const shape = Object.fromEntries(Object.entries(fields).map(([name, column]) => [name, column.schema]));
  // The shape is built dynamically, so zod cannot infer the row type; RowOf states it.
  return z.object(shape) as unknown as z.ZodType<RowOf<Fields>>;
}
