import { afterEach, describe, expect, it } from "vitest";
import { AppError, NotFoundError, ValidationError } from "../../../src/core/errors.ts";
import { runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { forecastSalesTool } from "../../../tools/forecast-sales/index.ts";
import { type FixtureSale, addDays, dailyRevenueSales, insertSales, weekdayOfDate } from "../../fixtures/forecast-sales/sales-store.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";

const START = "2024-01-01"; // a Monday

/** Revenue of the standard fixture: 100 + 10 × weekday, nothing on Saturdays. */
function patternRevenue(_index: number, date: string): number {
  const weekday = weekdayOfDate(date);
  return weekday === 5 ? 0 : 100 + 10 * weekday;
}

let store: DuckDbStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function storeWith(sales: readonly FixtureSale[]): Promise<DuckDbStore> {
  store = await memoryStore();
  await insertSales(store, sales);
  return store;
}

async function run(target: DuckDbStore, input: unknown) {
  return runTool(forecastSalesTool, input, testContext(target));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("forecast_sales input schema", () => {
  it.each([
    [{ horizonDays: 0 }, "horizonDays", ">=1"],
    [{ horizonDays: 366 }, "horizonDays", "<=365"],
    [{ horizonDays: 1.5 }, "horizonDays", "int"],
    [{ metric: "profit" }, "metric", "revenue"],
    [{ granularity: "month" }, "granularity", "week"],
    [{ asOf: "2024-13-01" }, "asOf", "YYYY-MM-DD"],
    [{ productId: "" }, "productId", ">=1"],
  ])("refuses %j, naming the field and the limit", async (input, field, limit) => {
    const target = await storeWith([]);
    const error = await failure(run(target, input));
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message).toContain(field);
    expect(message).toContain(limit);
  });

  it("refuses unknown fields", async () => {
    const target = await storeWith([]);
    const error = await failure(run(target, { horizonDays: 7, horizon: 7 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain("horizon");
  });
});

describe("forecast_sales world rules", () => {
  it("says plainly that an empty store has nothing to forecast", async () => {
    const target = await storeWith([]);
    const error = await failure(run(target, {}));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "no_sales", category: "user" });
  });

  it("refuses an unknown product with what product ids look like", async () => {
    const target = await storeWith(dailyRevenueSales(START, 70, patternRevenue));
    const error = await failure(run(target, { productId: "NOPE-1" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: "unknown_product", category: "not-found" });
    expect((error as Error).message).toContain('"85123A"');
  });

  it("explains that a non-merchandise code such as postage has no sales to forecast", async () => {
    const target = await storeWith(dailyRevenueSales(START, 70, patternRevenue));
    await target.run(`INSERT INTO products (product_id, name, is_product) VALUES ('POST', 'POSTAGE', false)`);
    const error = await failure(run(target, { productId: "post" }));
    expect(error).toMatchObject({ code: "not_merchandise", category: "user" });
    expect((error as Error).message).toContain("Product POST (POSTAGE) is not merchandise");
  });

  it("refuses an unknown segment", async () => {
    const target = await storeWith(dailyRevenueSales(START, 70, patternRevenue));
    const error = await failure(run(target, { segmentId: "sgm_missing:2" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ category: "not-found" });
  });

  it("needs eight weeks of history and says how to get them", async () => {
    const target = await storeWith(dailyRevenueSales(START, 40, patternRevenue));
    const error = await failure(run(target, {}));
    expect(error).toMatchObject({ code: "not_enough_data", category: "user" });
    expect((error as Error).message).toMatch(/^Not enough data: forecasting needs at least 8 weeks/);
  });

  it("has nothing to learn from before the first sale", async () => {
    const target = await storeWith(dailyRevenueSales(START, 70, patternRevenue));
    const error = await failure(run(target, { asOf: "2023-06-01" }));
    expect(error).toMatchObject({ code: "not_enough_data" });
    expect((error as Error).message).toContain("no sales in scope (all sales) before 2023-06-01");
  });

  it("refuses an asOf more than a year after the data", async () => {
    const target = await storeWith(dailyRevenueSales(START, 70, patternRevenue));
    const error = await failure(run(target, { asOf: "2026-01-01" }));
    expect(error).toMatchObject({ code: "as_of_out_of_range", category: "user" });
  });
});

describe("forecast_sales on a one-customer shop", () => {
  it("forecasts the weekly pattern, 0 on Saturdays, from the day after the last sale", async () => {
    const target = await storeWith(dailyRevenueSales(START, 126, patternRevenue)); // 18 weeks, through Sunday 2024-05-05
    const output = await run(target, { horizonDays: 14 });
    expect(output.asOf).toBe("2024-05-06");
    expect(output.points).toHaveLength(14);
    for (const point of output.points) {
      const expected = patternRevenue(0, point.date);
      if (expected === 0) {
        expect(point).toMatchObject({ value: 0, lower: 0, upper: 0, closed: true });
      } else {
        expect(point.value).toBeCloseTo(expected, 3);
        expect(point.lower).toBeLessThanOrEqual(point.value);
        expect(point.upper).toBeGreaterThanOrEqual(point.value);
      }
      expect(point.actual).toBeNull();
    }
    expect(output.history).toMatchObject({ from: START, to: "2024-05-05", days: 126, tradingDays: 108, closedWeekdays: ["Saturday"], closures: 0 });
    expect(output.history.total).toBeCloseTo(18 * (100 + 110 + 120 + 130 + 140 + 160), 6);
    expect(output.model.scale).toBe("log");
    expect(output.model.rSquared).toBeGreaterThan(0.99);
    // 14-day windows, each with at least 28 days of training: 7 fit in 126 days.
    expect(output.backtest.windows).toBe(7);
    // The history repeats exactly week to week, so the MASE scale is 0: undefined, not Infinity.
    expect(output.backtest).toMatchObject({ mase: null, seasonalNaiveMase: null, beatsSeasonalNaive: null });
    expect(output.summary).toContain("MASE undefined");
    expect(output.trend.direction).toBe("flat");
    expect(output.summary.length).toBeLessThanOrEqual(600);
    expect(output.summary).toContain("revenue");
    expect(output).not.toHaveProperty("summary", expect.stringContaining("NaN"));
  });

  it("counts units and orders as well as revenue", async () => {
    const sales = dailyRevenueSales(START, 70, () => 10).flatMap((sale) => [
      { ...sale, quantity: 3 },
      { ...sale, customerId: null, productId: "22423", quantity: 2 },
    ]);
    const target = await storeWith(sales);
    const units = await run(target, { metric: "units", horizonDays: 7 });
    const orders = await run(target, { metric: "orders", horizonDays: 7 });
    expect(units.history.total).toBe(70 * 5);
    expect(orders.history.total).toBe(70 * 2);
    expect(units.points[0]!.value).toBeCloseTo(5, 6);
    expect(orders.points[0]!.value).toBeCloseTo(2, 6);
  });

  it("trains only on sales before asOf and reports what really happened after it", async () => {
    const asOf = addDays(START, 84);
    const full = dailyRevenueSales(START, 112, (index, date) => patternRevenue(index, date) * (index >= 84 ? 3 : 1));
    const withFuture = await run(await storeWith(full), { asOf, horizonDays: 14 });
    await store?.close();
    const withoutFuture = await run(await storeWith(full.filter((sale) => sale.date < asOf)), { horizonDays: 14 });
    expect(withFuture.asOf).toBe(asOf);
    expect(withFuture.points.map(({ actual: _actual, ...rest }) => rest)).toEqual(withoutFuture.points.map(({ actual: _actual, ...rest }) => rest));
    expect(withFuture.points[0]!.actual).toBeCloseTo(3 * patternRevenue(84, asOf), 6);
    expect(withoutFuture.points[0]!.actual).toBeNull();
  });

  it("is deterministic", async () => {
    const target = await storeWith(dailyRevenueSales(START, 126, (index, date) => patternRevenue(index, date) * (1 + 0.2 * Math.sin(index))));
    const { timingMs: _first, ...first } = await run(target, { horizonDays: 30, granularity: "week" });
    const { timingMs: _second, ...second } = await run(target, { horizonDays: 30, granularity: "week" });
    expect(second).toEqual(first);
  });

  it("aggregates to ISO weeks and rounds the horizon up to whole weeks", async () => {
    const target = await storeWith(dailyRevenueSales(START, 122, patternRevenue)); // ends Wednesday 2024-05-01
    const output = await run(target, { horizonDays: 10, granularity: "week" });
    expect(output.asOf).toBe("2024-05-02");
    expect(output.forecastDays).toBe(11); // 10 days end on Saturday 11 May → through Sunday 12 May
    expect(output.points.map((point) => [point.date, point.days])).toEqual([
      ["2024-05-02", 4],
      ["2024-05-06", 7],
    ]);
    expect(output.points[1]!.value).toBeCloseTo(100 + 110 + 120 + 130 + 140 + 160, 2);
    expect(output.history.recent.at(-1)).toMatchObject({ date: "2024-04-29", days: 3 });
  });
});

describe("forecast_sales scopes", () => {
  it("forecasts one product, matching its id case-insensitively", async () => {
    const sales = dailyRevenueSales(START, 70, () => 50).flatMap((sale) => [sale, { ...sale, productId: "22423", unitPrice: 7 }]);
    const target = await storeWith(sales);
    const output = await run(target, { productId: "85123a", horizonDays: 7 });
    expect(output.scope).toMatchObject({ productId: "85123A", productName: "WHITE HANGING HEART T-LIGHT HOLDER", segmentId: null });
    expect(output.history.total).toBe(70 * 50);
    expect(output.points[0]!.value).toBeCloseTo(50, 6);
  });

  it("forecasts a segment's customers only, leaving out other customers and guests", async () => {
    const sales = dailyRevenueSales(START, 70, () => 40).flatMap((sale) => [
      sale,
      { ...sale, customerId: "c2", unitPrice: 1000 },
      { ...sale, customerId: "c2", productId: "22423", unitPrice: 9 },
      { ...sale, customerId: null, unitPrice: 500 },
    ]);
    const target = await storeWith(sales);
    await target.run(`INSERT INTO segmentations VALUES ('sgm_1', TIMESTAMP '2024-03-10 00:00:00', '{}', '{}')`);
    await target.run(`INSERT INTO segment_assignments VALUES ('sgm_1', 'c1', 1), ('sgm_1', 'c2', 2)`);
    const output = await run(target, { segmentId: "1", horizonDays: 7 });
    expect(output.scope).toMatchObject({ segmentId: "sgm_1:1", segmentCustomers: 1 });
    expect(output.history.total).toBe(70 * 40);
    expect(output.points[0]!.value).toBeCloseTo(40, 6);
    const both = await run(target, { segmentId: "sgm_1:2", productId: "22423", horizonDays: 7 });
    expect(both.scope.description).toBe("product 22423 (REGENCY CAKESTAND 3 TIER), bought by customers of segment sgm_1:2 (1 customer)");
    expect(both.history.total).toBe(70 * 9);
  });
});
