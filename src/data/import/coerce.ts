/**
 * Pure text-to-value conversions used by the row schemas. Each returns `undefined`
 * when the text is not a valid value, so callers can word the rejection themselves.
 * No zod, no store: these are the hot path of every import and are tested alone.
 */

const decimalPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const wholePattern = /^[+-]?\d+(?:\.0*)?$/;
const commaDecimalPattern = /^[+-]?\d+,\d+$/;

/** `"12.50"` → 12.5. Only `.` is a decimal point; no thousands separators, no `NaN`/`Infinity`. */
export function parseDecimal(text: string): number | undefined {
  if (!decimalPattern.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** True for text like `12,5` that would be a number with `.` as the decimal point. */
export function looksLikeCommaDecimal(text: string): boolean {
  return commaDecimalPattern.test(text);
}

/** `"12"`, `"-3"`, `"17850.0"` → a safe integer; anything with a fraction → undefined. */
export function parseWholeNumber(text: string): number | undefined {
  if (!wholePattern.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

const trueWords = new Set(["true", "yes", "y", "1", "t", "on"]);
const falseWords = new Set(["false", "no", "n", "0", "f", "off"]);

/** `true/yes/y/1/t/on` and `false/no/n/0/f/off`, any case. */
export function parseBoolean(text: string): boolean | undefined {
  const word = text.toLowerCase();
  if (trueWords.has(word)) return true;
  if (falseWords.has(word)) return false;
  return undefined;
}

const dayMs = 86_400_000;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// A table, not a Date object: this runs for every date cell of every row.
function validCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = month === 2 && isLeapYear(year) ? 29 : (daysInMonth[month - 1] ?? 31);
  return day <= last;
}

// YYYY-MM-DD, then optionally T or space, HH:MM, :SS, .fraction, and Z or ±HH[:MM].
const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An ISO 8601 date-time or `YYYY-MM-DD HH:MM:SS` → microseconds since 1970-01-01.
 * A date alone means midnight. Without a zone the wall-clock time is kept as written
 * (the store's TIMESTAMP has no zone); with `Z` or an offset it is converted to UTC.
 */
export function parseTimestampMicros(text: string): number | undefined {
  const match = timestampPattern.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (!validCalendarDate(year, month, day)) return undefined;
  const hour = match[4] === undefined ? 0 : Number(match[4]);
  const minute = match[5] === undefined ? 0 : Number(match[5]);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let micros = Date.UTC(year, month - 1, day, hour, minute, second) * 1000;
  if (match[7] !== undefined) micros += Number(match[7].slice(0, 6).padEnd(6, "0"));
  const zone = match[8];
  if (zone !== undefined && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    micros -= sign * (offsetHours * 60 + offsetMinutes) * 60_000_000;
  }
  return micros;
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/i;

/** `YYYY-MM-DD` (a time part, if any, must be valid and is dropped) → days since 1970-01-01. */
export function parseDateDays(text: string): number | undefined {
  const match = datePattern.exec(text);
  if (match === null) return undefined;
  if (text.length > 10 && parseTimestampMicros(text) === undefined) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (!validCalendarDate(year, month, day)) return undefined;
  return Date.UTC(year, month - 1, day) / dayMs;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A deliberately loose address check: something@domain.tld, no spaces. */
export function isEmailAddress(text: string): boolean {
  return emailPattern.test(text);
}

/** Counts line breaks in a value (`\r\n`, `\n` and a lone `\r` each count once). */
export function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) count++;
    else if (code === 13) {
      count++;
      if (text.charCodeAt(index + 1) === 10) index++;
    }
  }
  return count;
}

/** Shortens a value for messages: at most `max` characters, with an ellipsis. */
export function shorten(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
