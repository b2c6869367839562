/**
 * Calendar arithmetic for the demo generator, on day numbers (days since
 * 1970-01-01). The shop's clock is local wall-clock time with no time zone, as
 * the store's TIMESTAMP columns are, so every `Date` here is read with the UTC
 * getters and means "that wall-clock time in the shop".
 */

export const MS_PER_DAY = 86_400_000;

/** Day of the week as JavaScript numbers it: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** The day number of a calendar date (`month` 1–12). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Parses `YYYY-MM-DD` strictly; returns undefined for anything else, including 2026-02-30. */
export function parseIsoDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = dayNumber(year, month, day);
  const parts = partsOf(days);
  return parts.year === year && parts.month === month && parts.day === day ? days : undefined;
}

/** The `YYYY-MM-DD` form of a day number. */
export function isoDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Year, month (1–12) and day of month of a day number. */
export function partsOf(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOf(days: number): Weekday {
  return (((days + 4) % 7) + 7) % 7 as Weekday;
}

/** The same day of the month `months` months later (or earlier), clamped to the month's length. */
export function addMonths(days: number, months: number): number {
  const { year, month, day } = partsOf(days);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const monthLength = dayNumber(targetYear, targetMonth + 1, 1) - dayNumber(targetYear, targetMonth, 1);
  return dayNumber(targetYear, targetMonth, Math.min(day, monthLength));
}

/** The `n`th (1-based) given weekday of a month, e.g. the 4th Thursday of November. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, n: number): number {
  const first = dayNumber(year, month, 1);
  const offset = (weekday - weekdayOf(first) + 7) % 7;
  return first + offset + (n - 1) * 7;
}

/** Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" algorithm. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

/** Black Friday: the day after the fourth Thursday of November. */
export function blackFriday(year: number): number {
  return nthWeekdayOfMonth(year, 11, 4, 4) + 1;
}

/** UK Mothering Sunday: three weeks before Easter Sunday. */
export function motheringSunday(year: number): number {
  return easterSunday(year) - 21;
}

/** UK (and US) Father's Day: the third Sunday of June. */
export function fathersDay(year: number): number {
  return nthWeekdayOfMonth(year, 6, 0, 3);
}

/** A `Date` at `days` plus `minuteOfDay` minutes and `second` seconds (shop wall-clock time). */
export function wallClock(days: number, minuteOfDay: number, second = 0): Date {
  return new Date(days * MS_PER_DAY + minuteOfDay * 60_000 + second * 1000);
}
