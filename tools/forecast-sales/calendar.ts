/**
 * Calendar arithmetic for daily sales series: day numbers, weekdays, ISO weeks,
 * and which days the shop trades on (closed weekdays, holiday closures).
 *
 * Days are integers counted from 1970-01-01 (UTC), so arithmetic never meets time
 * zones or daylight saving; dates cross the tool's boundary as `YYYY-MM-DD` strings.
 * Pure: no store access.
 */

const MS_PER_DAY = 86_400_000;

/** Weekday names, Monday first (ISO order); index = `weekdayOf(day)`. */
export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** A weekday is treated as a closed day when the shop did not trade on at least this share of them. */
export const CLOSED_WEEKDAY_SHARE = 0.9;

/**
 * A run of at least this many closures on trading weekdays is a shutdown (e.g.
 * Christmas to New Year) that recurs yearly. Five is more than any Easter weekend
 * (Good Friday to Easter Monday), whose date moves.
 */
export const SHUTDOWN_MIN_DAYS = 5;

/** The day number of a `YYYY-MM-DD` date. */
export function toDayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
}

/** The `YYYY-MM-DD` date of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: number): number {
  // Day 0 (1970-01-01) was a Thursday, index 3.
  return (((day + 3) % 7) + 7) % 7;
}

/** The Monday that starts the ISO week containing `day`. */
export function isoWeekStart(day: number): number {
  return day - weekdayOf(day);
}

/** Day of the year as a fraction of a year in [0, 1), for annual Fourier terms. */
export function yearFraction(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1) / MS_PER_DAY;
  const daysInYear = Date.UTC(date.getUTCFullYear() + 1, 0, 1) / MS_PER_DAY - startOfYear;
  return (day - startOfYear) / daysInYear;
}

/** `MM-DD` of a day, the key under which yearly closures recur. */
function monthDay(day: number): string {
  return fromDayNumber(day).slice(5);
}

/** Which weekdays the shop trades on, learned from history. */
export interface TradingCalendar {
  /** `closedWeekdays[w]` is true when weekday `w` (0 = Monday) is a regular closed day. */
  closedWeekdays: boolean[];
  /** Days on trading weekdays with no sales at all: holidays and shutdowns. */
  closures: number[];
  /** `MM-DD` dates expected to be closed every year (see `detectTradingCalendar`). */
  recurringClosures: ReadonlySet<string>;
}

/**
 * Learns the trading calendar from `traded`, where `traded[i]` says whether the shop
 * sold anything on day `firstDay + i`.
 *
 * - A weekday is closed when the shop did not trade on ≥ 90 % of them (this shop
 *   never trades on Saturdays).
 * - A closure is a day on a trading weekday without any sale, in a shop that sold on
 *   every trading weekday in most weeks. In a shop that often sells nothing on an
 *   ordinary day, idle days are quiet days, not holidays, and there are no closures.
 *   A shop idle on every weekday has no closed weekday.
 * - A date (`MM-DD`) is expected closed every year when the shop never traded on
 *   it and either it was a closure in at least two years, or it lies in a shutdown:
 *   a run of at least five closures with only closed weekdays between them (a
 *   Christmas–New Year break is company policy; a single bank holiday moves).
 */
export function detectTradingCalendar(firstDay: number, traded: readonly boolean[]): TradingCalendar {
  const seen = new Array<number>(7).fill(0);
  const idle = new Array<number>(7).fill(0);
  traded.forEach((didTrade, index) => {
    const weekday = weekdayOf(firstDay + index);
    seen[weekday]! += 1;
    if (!didTrade) idle[weekday]! += 1;
  });
  let closedWeekdays = seen.map((count, weekday) => count > 0 && idle[weekday]! / count >= CLOSED_WEEKDAY_SHARE);
  // Idle nearly every day of the week is sparse trading, not a closed week.
  if (closedWeekdays.every(Boolean)) closedWeekdays = closedWeekdays.map(() => false);

  let closures: number[] = [];
  traded.forEach((didTrade, index) => {
    const day = firstDay + index;
    if (!didTrade && !closedWeekdays[weekdayOf(day)]) closures.push(day);
  });
  if (!tradesEveryOpenDayInMostWeeks(firstDay, traded, closedWeekdays)) closures = [];

  return { closedWeekdays, closures, recurringClosures: recurringClosureDates(firstDay, traded, closedWeekdays, closures) };
}

/** Whether, in at least half of the ISO weeks, the shop sold on every trading weekday. */
function tradesEveryOpenDayInMostWeeks(firstDay: number, traded: readonly boolean[], closedWeekdays: readonly boolean[]): boolean {
  const idlePerWeek = new Map<number, number>();
  traded.forEach((didTrade, index) => {
    const day = firstDay + index;
    if (closedWeekdays[weekdayOf(day)]) return;
    const week = isoWeekStart(day);
    idlePerWeek.set(week, (idlePerWeek.get(week) ?? 0) + (didTrade ? 0 : 1));
  });
  const weeks = [...idlePerWeek.values()];
  const fullyTraded = weeks.filter((idle) => idle === 0).length;
  return fullyTraded * 2 >= weeks.length;
}

function recurringClosureDates(
  firstDay: number,
  traded: readonly boolean[],
  closedWeekdays: readonly boolean[],
  closures: readonly number[],
): Set<string> {
  // Group closures into runs; closed weekdays inside a break do not end it. A long
  // run is a shutdown and covers every date of its span, including the closed
  // weekdays inside it (Christmas Day on a Saturday still belongs to the break).
  const shutdownDates = new Set<string>();
  let run: number[] = [];
  const flush = (): void => {
    const first = run[0];
    const last = run.at(-1);
    if (run.length >= SHUTDOWN_MIN_DAYS && first !== undefined && last !== undefined) {
      for (let day = first; day <= last; day++) shutdownDates.add(monthDay(day));
    }
    run = [];
  };
  for (const day of closures) {
    const previous = run.at(-1);
    if (previous !== undefined) {
      let bridged = true;
      for (let between = previous + 1; between < day; between++) {
        if (!closedWeekdays[weekdayOf(between)]) bridged = false;
      }
      if (!bridged) flush();
    }
    run.push(day);
  }
  flush();

  // A date the shop ever traded on is not a recurring closure, whatever else says so.
  const tradedDates = new Set<string>();
  const closedYears = new Map<string, number>();
  traded.forEach((didTrade, index) => {
    const key = monthDay(firstDay + index);
    if (didTrade) tradedDates.add(key);
  });
  for (const day of closures) {
    const key = monthDay(day);
    closedYears.set(key, (closedYears.get(key) ?? 0) + 1);
  }
  const recurring = new Set<string>();
  for (const key of shutdownDates) if (!tradedDates.has(key)) recurring.add(key);
  for (const [key, years] of closedYears) if (years >= 2 && !tradedDates.has(key)) recurring.add(key);
  return recurring;
}

/** Whether the calendar expects the shop to be closed on `day` (a future day). */
export function isExpectedClosed(calendar: TradingCalendar, day: number): boolean {
  return calendar.closedWeekdays[weekdayOf(day)] === true || calendar.recurringClosures.has(monthDay(day));
}

/** One ISO week (Monday start) of summed daily values. */
export interface WeekBucket {
  /** Day number of the week's Monday. */
  weekStart: number;
  /** Positions (into the input arrays) of the days that fall in this week, in order. */
  positions: number[];
}

/** Groups consecutive `days` into ISO weeks (Monday start), in order. */
export function isoWeekBuckets(days: readonly number[]): WeekBucket[] {
  const buckets: WeekBucket[] = [];
  days.forEach((day, position) => {
    const weekStart = isoWeekStart(day);
    const last = buckets.at(-1);
    if (last !== undefined && last.weekStart === weekStart) last.positions.push(position);
    else buckets.push({ weekStart, positions: [position] });
  });
  return buckets;
}
