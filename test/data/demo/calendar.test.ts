import { describe, expect, it } from "vitest";
import {
  addMonths,
  blackFriday,
  dayNumber,
  easterSunday,
  fathersDay,
  isoDate,
  motheringSunday,
  parseIsoDate,
  weekdayOf,
} from "../../../src/data/demo/calendar.ts";

describe("calendar", () => {
  it("parses real ISO dates only", () => {
    expect(isoDate(parseIsoDate("2026-10-31") as number)).toBe("2026-10-31");
    expect(parseIsoDate("2026-02-30")).toBeUndefined();
    expect(parseIsoDate("31/10/2026")).toBeUndefined();
    expect(parseIsoDate("2026-1-5")).toBeUndefined();
  });

  it("knows weekdays (0 = Sunday)", () => {
    expect(weekdayOf(dayNumber(2026, 10, 31))).toBe(6);
    expect(weekdayOf(dayNumber(1970, 1, 1))).toBe(4);
    expect(weekdayOf(dayNumber(1969, 12, 28))).toBe(0);
  });

  it("adds months and clamps to the month's length", () => {
    expect(isoDate(addMonths(dayNumber(2026, 10, 31), -24))).toBe("2024-10-31");
    expect(isoDate(addMonths(dayNumber(2026, 3, 31), -1))).toBe("2026-02-28");
    expect(isoDate(addMonths(dayNumber(2026, 11, 15), 3))).toBe("2027-02-15");
  });

  it("finds the retail and family dates the seasonality uses", () => {
    expect(isoDate(blackFriday(2024))).toBe("2024-11-29");
    expect(isoDate(blackFriday(2025))).toBe("2025-11-28");
    expect(isoDate(easterSunday(2025))).toBe("2025-04-20");
    expect(isoDate(easterSunday(2026))).toBe("2026-04-05");
    expect(isoDate(motheringSunday(2025))).toBe("2025-03-30");
    expect(isoDate(fathersDay(2026))).toBe("2026-06-21");
  });
});
