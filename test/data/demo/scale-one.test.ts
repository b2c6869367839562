import { describe, expect, it } from "vitest";
import { generateDemo } from "../../../src/data/demo/index.ts";

// The default size, as every demo runs it. Generation alone takes about 1.5 s here.
describe("generateDemo at scale 1", () => {
  const data = generateDemo({ seed: 1 });

  it("has the documented sizes", () => {
    expect(data.customers).toHaveLength(5_000);
    expect(data.products.length).toBeGreaterThanOrEqual(1_450);
    expect(data.products.length).toBeLessThanOrEqual(1_550);
    expect(data.orders.length).toBeGreaterThanOrEqual(40_000);
    expect(data.orders.length).toBeLessThanOrEqual(80_000);
    expect(data.reviews.length).toBeGreaterThanOrEqual(6_000);
    expect(data.reviews.length).toBeLessThanOrEqual(8_500);
    expect(new Set(data.products.map((row) => row.category))).toHaveProperty("size", 16);
  });

  it("shows the weekly rhythm and the Christmas peak in aggregate", () => {
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    const byMonth = new Array<number>(12).fill(0);
    for (const order of data.orders) {
      byWeekday[order.ordered_at.getUTCDay()]! += 1;
      byMonth[order.ordered_at.getUTCMonth()]! += 1;
    }
    const [sunday, monday, tuesday, wednesday, thursday, friday, saturday] = byWeekday as [number, number, number, number, number, number, number];
    expect(saturday).toBeLessThan(Math.min(monday, tuesday, wednesday, thursday, friday));
    expect(sunday).toBeGreaterThan(saturday * 1.5);
    const december = byMonth[11]!;
    const february = byMonth[1]!;
    expect(december).toBeGreaterThan(february * 2);
  });
});
