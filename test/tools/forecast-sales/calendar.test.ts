import { describe, expect, it } from "vitest";
import {
  detectTradingCalendar,
  fromDayNumber,
  isExpectedClosed,
  isoWeekBuckets,
  isoWeekStart,
  toDayNumber,
  weekdayOf,
  yearFraction,
} from "../../../tools/forecast-sales/calendar.ts";

/** `traded` flags for `days` days from `start`, closed when `isClosed(date)`. */
function tradedFlags(start: string, days: number, isClosed: (date: string) => boolean): boolean[] {
  const first = toDayNumber(start);
  return Array.from({ length: days }, (_, index) => !isClosed(fromDayNumber(first + index)));
}

describe("day numbers", () => {
  it("round-trips dates and counts from 1970-01-01", () => {
    expect(toDayNumber("1970-01-01")).toBe(0);
    expect(toDayNumber("1970-01-02")).toBe(1);
    expect(fromDayNumber(toDayNumber("2011-12-09"))).toBe("2011-12-09");
    expect(toDayNumber("2012-03-01") - toDayNumber("2012-02-28")).toBe(2); // leap year
  });

  it("refuses malformed dates", () => {
    expect(() => toDayNumber("2011-12-9")).toThrow(RangeError);
  });

  it("numbers weekdays from Monday and finds ISO week starts", () => {
    expect(weekdayOf(toDayNumber("2011-12-01"))).toBe(3); // a Thursday
    expect(weekdayOf(toDayNumber("2011-12-05"))).toBe(0); // a Monday
    expect(weekdayOf(toDayNumber("2011-12-04"))).toBe(6); // a Sunday
    expect(weekdayOf(toDayNumber("1969-12-29"))).toBe(0); // before day 0, still a Monday
    expect(fromDayNumber(isoWeekStart(toDayNumber("2011-12-04")))).toBe("2011-11-28");
    expect(fromDayNumber(isoWeekStart(toDayNumber("2011-12-05")))).toBe("2011-12-05");
  });

  it("measures the year as a fraction", () => {
    expect(yearFraction(toDayNumber("2011-01-01"))).toBe(0);
    expect(yearFraction(toDayNumber("2011-07-02"))).toBeCloseTo(182 / 365, 12);
    expect(yearFraction(toDayNumber("2012-07-02"))).toBeCloseTo(183 / 366, 12);
  });
});

describe("detectTradingCalendar", () => {
  it("finds the closed weekday and the holiday closures on trading weekdays", () => {
    // Eight weeks from Monday 2024-01-01; Saturdays closed; Wednesday 2024-01-17 a holiday.
    const traded = tradedFlags("2024-01-01", 56, (date) => weekdayOfDate(date) === 5 || date === "2024-01-17");
    const calendar = detectTradingCalendar(toDayNumber("2024-01-01"), traded);
    expect(calendar.closedWeekdays).toEqual([false, false, false, false, false, true, false]);
    expect(calendar.closures.map(fromDayNumber)).toEqual(["2024-01-17"]);
    // One isolated holiday in one year is not expected to recur.
    expect(calendar.recurringClosures.size).toBe(0);
  });

  it("treats a weekday closed on 90 % of weeks as closed, and one closed on less as trading", () => {
    // 20 Sundays; 18 closed (90 %) → closed. 20 Mondays; 17 closed (85 %) → trading.
    let sundays = 0;
    let mondays = 0;
    const traded = tradedFlags("2024-01-01", 140, (date) => {
      const weekday = weekdayOfDate(date);
      if (weekday === 6) return ++sundays <= 18;
      if (weekday === 0) return ++mondays <= 17;
      return false;
    });
    const calendar = detectTradingCalendar(toDayNumber("2024-01-01"), traded);
    expect(calendar.closedWeekdays[6]).toBe(true);
    expect(calendar.closedWeekdays[0]).toBe(false);
    // Idle on 17 of 20 Mondays: most weeks have an idle trading day, so these are quiet days, not holidays.
    expect(calendar.closures).toEqual([]);
  });

  it("expects a Christmas shutdown to recur, including the closed weekdays inside it", () => {
    // Saturdays closed; shut from Fri 2010-12-24 to Mon 2011-01-03, like Online Retail.
    const traded = tradedFlags(
      "2010-12-01",
      120,
      (date) => weekdayOfDate(date) === 5 || (date >= "2010-12-24" && date <= "2011-01-03"),
    );
    const calendar = detectTradingCalendar(toDayNumber("2010-12-01"), traded);
    for (const date of ["2011-12-24", "2011-12-25", "2011-12-26", "2012-01-01", "2012-01-03"]) {
      expect(isExpectedClosed(calendar, toDayNumber(date)), date).toBe(true);
    }
    // 2011-12-25 is a Sunday (a trading weekday) but inside the break; 2012-01-04 is after it.
    expect(isExpectedClosed(calendar, toDayNumber("2012-01-04"))).toBe(false);
    expect(isExpectedClosed(calendar, toDayNumber("2011-12-23"))).toBe(false);
  });

  it("does not expect an Easter-length break (four days) to recur on the same dates", () => {
    const traded = tradedFlags(
      "2011-03-01",
      90,
      (date) => weekdayOfDate(date) === 5 || ["2011-04-22", "2011-04-24", "2011-04-25"].includes(date),
    );
    const calendar = detectTradingCalendar(toDayNumber("2011-03-01"), traded);
    expect(calendar.closures).toHaveLength(3);
    expect(isExpectedClosed(calendar, toDayNumber("2012-04-22"))).toBe(false);
  });

  it("expects a single date closed in two different years to recur, unless it ever traded", () => {
    const closedDates = new Set(["2022-07-04", "2023-07-04", "2022-08-01", "2023-08-01"]);
    // History 2021-07-15 … 2024-04-10: 1 August traded in 2021, so it is not a yearly closure.
    const traded = tradedFlags("2021-07-15", 1000, (date) => closedDates.has(date));
    const calendar = detectTradingCalendar(toDayNumber("2021-07-15"), traded);
    expect(isExpectedClosed(calendar, toDayNumber("2025-07-04"))).toBe(true);
    expect(isExpectedClosed(calendar, toDayNumber("2025-08-01"))).toBe(false);
  });
});

describe("isoWeekBuckets", () => {
  it("groups consecutive days into Monday-start weeks, partial at both ends", () => {
    const first = toDayNumber("2011-11-30"); // a Wednesday
    const days = Array.from({ length: 10 }, (_, index) => first + index);
    const buckets = isoWeekBuckets(days);
    expect(buckets.map((bucket) => fromDayNumber(bucket.weekStart))).toEqual(["2011-11-28", "2011-12-05"]);
    expect(buckets.map((bucket) => bucket.positions)).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ]);
  });
});

function weekdayOfDate(date: string): number {
  return weekdayOf(toDayNumber(date));
}

describe("sparse trading", () => {
  it("still sees a long shutdown in a short history as closures", () => {
    // Ten weeks that include the Christmas break: most weeks trade every day.
    const traded = tradedFlags("2010-12-01", 71, (date) => weekdayOfDate(date) === 5 || (date >= "2010-12-24" && date <= "2011-01-03"));
    const calendar = detectTradingCalendar(toDayNumber("2010-12-01"), traded);
    expect(calendar.closures).toHaveLength(9);
    expect(isExpectedClosed(calendar, toDayNumber("2011-12-27"))).toBe(true);
  });

  it("reads frequent idle days as quiet days, not holidays", () => {
    // Trades on two days out of three: idle days are a third of all days.
    const first = toDayNumber("2024-01-01");
    const traded = Array.from({ length: 84 }, (_, index) => index % 3 !== 0);
    const calendar = detectTradingCalendar(first, traded);
    expect(calendar.closedWeekdays.some(Boolean)).toBe(false);
    expect(calendar.closures).toEqual([]);
  });

  it("does not close every weekday of a shop that rarely sells", () => {
    const traded = Array.from({ length: 120 }, (_, index) => index % 20 === 0);
    const calendar = detectTradingCalendar(toDayNumber("2024-01-01"), traded);
    expect(calendar.closedWeekdays).toEqual([false, false, false, false, false, false, false]);
    expect(calendar.closures).toEqual([]);
  });
});
