import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/core/errors.ts";
import { addMonths, dayNumber, MS_PER_DAY, parseIsoDate } from "../../../src/data/demo/calendar.ts";
import { generateDemoWithTruth } from "../../../src/data/demo/generate.ts";
import { generateDemo, type DemoData } from "../../../src/data/demo/index.ts";

const SCALE = 0.1;
const { data, truth } = generateDemoWithTruth({ seed: 2024, scale: SCALE });
const endDay = parseIsoDate("2026-10-31") as number;
const startDay = addMonths(endDay, -24) + 1;

const hash = (demo: DemoData) => createHash("sha256").update(JSON.stringify(demo)).digest("hex");
const dayOfDate = (date: Date) => Math.floor(date.getTime() / MS_PER_DAY);
const ordersOf = (persona: string) =>
  data.orders.filter((order) => order.customer_id !== null && truth.personaByCustomer.get(order.customer_id) === persona);

describe("generateDemo determinism", () => {
  it("gives byte-identical rows for the same seed, and different rows for another seed or end date", () => {
    const first = hash(data);
    expect(hash(generateDemo({ seed: 2024, scale: SCALE }))).toBe(first);
    expect(hash(generateDemo({ seed: 2025, scale: SCALE }))).not.toBe(first);
    expect(hash(generateDemo({ seed: 2024, scale: SCALE, endDate: "2026-10-30" }))).not.toBe(first);
  });

  it("rejects bad options with a validation error naming the field", () => {
    const attempts: unknown[] = [
      { seed: 1.5 },
      { seed: -1 },
      { seed: 1, endDate: "2026-02-30" },
      { seed: 1, scale: 0 },
      { seed: 1, scale: 100 },
      {},
    ];
    for (const options of attempts) {
      expect(() => generateDemoWithTruth(options)).toThrow(ValidationError);
    }
    try {
      generateDemoWithTruth({ seed: 1, endDate: "yesterday" });
    } catch (error) {
      expect((error as ValidationError).issues[0]?.path).toBe("endDate");
      expect((error as ValidationError).code).toBe("invalid_input");
    }
  });
});

describe("generateDemo sizes and integrity (scale 0.1)", () => {
  it("has row counts in the expected ranges", () => {
    expect(data.customers).toHaveLength(500);
    expect(data.products.length).toBeGreaterThanOrEqual(148);
    expect(data.products.length).toBeLessThanOrEqual(160);
    expect(data.orders.length).toBeGreaterThan(4_000);
    expect(data.orders.length).toBeLessThan(8_000);
    expect(data.orderItems.length / data.orders.length).toBeGreaterThan(2.5);
    expect(data.orderItems.length / data.orders.length).toBeLessThan(5);
    expect(data.reviews.length).toBeGreaterThan(450);
    expect(data.reviews.length).toBeLessThan(1_000);
  });

  it("has unique, well-formed ids and contact details", () => {
    const unique = (values: string[]) => new Set(values).size === values.length;
    expect(unique(data.customers.map((row) => row.customer_id))).toBe(true);
    expect(unique(data.products.map((row) => row.product_id))).toBe(true);
    expect(unique(data.orders.map((row) => row.order_id))).toBe(true);
    expect(unique(data.reviews.map((row) => row.review_id))).toBe(true);
    expect(unique(data.orderItems.map((row) => `${row.order_id}/${row.line_no}`))).toBe(true);
    expect(unique(data.customers.map((row) => row.email))).toBe(true);
    const malformed = data.customers.filter(
      (customer) =>
        !/^C1\d{5}$/.test(customer.customer_id) ||
        !/^[a-z0-9._]+@example\.(com|org)$/.test(customer.email) ||
        (customer.phone !== null && !/^\+44 7700 900\d{3}$/.test(customer.phone)) ||
        (customer.sms_opt_in && customer.phone === null),
    );
    expect(malformed).toEqual([]);
    const smsShare = data.customers.filter((customer) => customer.sms_opt_in).length / data.customers.length;
    expect(smsShare).toBeGreaterThan(0.3);
    expect(smsShare).toBeLessThan(0.5);
    expect(data.customers.filter((customer) => customer.email_opt_in).length / data.customers.length).toBeGreaterThan(0.75);
    expect(data.customers.filter((customer) => customer.country === "United Kingdom").length / data.customers.length).toBeGreaterThan(0.7);
    expect(data.orders[0]?.order_id).toBe("SO1000001");
  });

  it("keeps every reference pointing at an existing row", () => {
    const customers = new Set(data.customers.map((row) => row.customer_id));
    const products = new Set(data.products.map((row) => row.product_id));
    const orders = new Set(data.orders.map((row) => row.order_id));
    expect(data.orders.every((row) => row.customer_id === null || customers.has(row.customer_id))).toBe(true);
    expect(data.orders.some((row) => row.customer_id === null)).toBe(true);
    expect(data.orderItems.every((row) => orders.has(row.order_id) && products.has(row.product_id))).toBe(true);
    expect(data.reviews.every((row) => products.has(row.product_id) && row.customer_id !== null && customers.has(row.customer_id))).toBe(
      true,
    );
    const linesPerOrder = new Map<string, number[]>();
    for (const item of data.orderItems) {
      const lines = linesPerOrder.get(item.order_id) ?? [];
      lines.push(item.line_no);
      linesPerOrder.set(item.order_id, lines);
    }
    expect(linesPerOrder.size).toBe(data.orders.length);
    const misnumbered = [...linesPerOrder.values()].filter((lines) => lines.some((lineNo, index) => lineNo !== index + 1));
    expect(misnumbered).toEqual([]);
  });

  it("numbers orders and reviews in time order, inside the two-year window", () => {
    const outOfOrder = data.orders.filter((row, index) => index > 0 && row.ordered_at < data.orders[index - 1]!.ordered_at);
    expect(outOfOrder).toEqual([]);
    expect(data.reviews.filter((row, index) => index > 0 && row.created_at < data.reviews[index - 1]!.created_at)).toEqual([]);
    const orderDays = data.orders.map((row) => dayOfDate(row.ordered_at));
    expect(Math.min(...orderDays)).toBe(startDay);
    expect(Math.max(...orderDays)).toBe(endDay);
    expect(data.reviews.every((row) => dayOfDate(row.created_at) <= endDay)).toBe(true);
    expect(data.customers.every((row) => dayOfDate(row.signup_date) <= endDay)).toBe(true);
  });

  it("has sensible quantities, prices and statuses", () => {
    const listPrice = new Map(data.products.map((row) => [row.product_id, row.price]));
    const odd = data.orderItems.filter(
      (item) => !Number.isInteger(item.quantity) || item.quantity < 1 || item.unit_price <= 0 || item.unit_price > (listPrice.get(item.product_id) as number),
    );
    expect(odd).toEqual([]);
    const discounted = data.orderItems.filter((item) => item.unit_price < (listPrice.get(item.product_id) as number)).length;
    expect(discounted / data.orderItems.length).toBeGreaterThan(0.02);
    expect(discounted / data.orderItems.length).toBeLessThan(0.3);
    const cancelled = data.orders.filter((row) => row.status === "cancelled").length / data.orders.length;
    expect(cancelled).toBeGreaterThan(0.005);
    expect(cancelled).toBeLessThan(0.06);
    expect(data.orderItems.some((row) => row.product_id === "POST")).toBe(true);
  });

  it("ties each review to an earlier completed purchase of that product by its author", () => {
    const orderById = new Map(data.orders.map((row) => [row.order_id, row]));
    const firstPurchase = new Map<string, number>();
    for (const item of data.orderItems) {
      const order = orderById.get(item.order_id)!;
      if (order.customer_id === null || order.status !== "completed") continue;
      const key = `${order.customer_id}|${item.product_id}`;
      firstPurchase.set(key, Math.min(firstPurchase.get(key) ?? Infinity, order.ordered_at.getTime()));
    }
    const keys = data.reviews.map((review) => `${review.customer_id}|${review.product_id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const unearned = data.reviews.filter(
      (review, index) => !((firstPurchase.get(keys[index]!) ?? Infinity) < review.created_at.getTime()),
    );
    expect(unearned).toEqual([]);
    expect(data.reviews.filter((review) => ![1, 2, 3, 4, 5].includes(review.rating) || review.body.trim() === "")).toEqual([]);
  });
});

describe("generateDemo patterns (scale 0.1)", () => {
  it("sells less on Saturdays than on an average weekday, and most on Sundays", () => {
    const byWeekday = [0, 0, 0, 0, 0, 0, 0];
    for (const order of data.orders) byWeekday[order.ordered_at.getUTCDay()]! += 1;
    const weekdayMean = (byWeekday[1]! + byWeekday[2]! + byWeekday[3]! + byWeekday[4]! + byWeekday[5]!) / 5;
    expect(byWeekday[6]!).toBeLessThan(weekdayMean * 0.85);
    expect(byWeekday[0]!).toBe(Math.max(...byWeekday));
  });

  it("peaks in November–December and has a summer garden bump", () => {
    const perMonth = new Map<string, number>();
    for (const order of data.orders) {
      const month = order.ordered_at.toISOString().slice(0, 7);
      perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
    }
    const quietMonths = ["2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"];
    const quietMean = quietMonths.reduce((sum, month) => sum + (perMonth.get(month) ?? 0), 0) / quietMonths.length;
    expect(perMonth.get("2025-12")!).toBeGreaterThan(quietMean * 1.6);
    expect(perMonth.get("2025-11")!).toBeGreaterThan(quietMean * 1.6);

    const gardenProducts = new Set(data.products.filter((row) => row.category === "Garden & Outdoor").map((row) => row.product_id));
    const monthOf = new Map(data.orders.map((row) => [row.order_id, row.ordered_at.getUTCMonth() + 1]));
    const gardenBy = (months: number[]) =>
      data.orderItems.filter((item) => gardenProducts.has(item.product_id) && months.includes(monthOf.get(item.order_id)!)).length;
    expect(gardenBy([5, 6, 7])).toBeGreaterThan(2 * gardenBy([11, 12, 1]));
  });

  it("grows mildly from the first year to the second", () => {
    const split = addMonths(endDay, -12) * MS_PER_DAY + MS_PER_DAY;
    const secondYear = data.orders.filter((row) => row.ordered_at.getTime() >= split).length;
    const ratio = secondYear / (data.orders.length - secondYear);
    expect(ratio).toBeGreaterThan(1.02);
    expect(ratio).toBeLessThan(1.4);
  });

  it("plants the customer personas", () => {
    const lastOrder = new Map<string, number>();
    const orderCount = new Map<string, number>();
    for (const order of data.orders) {
      if (order.customer_id === null) continue;
      lastOrder.set(order.customer_id, order.ordered_at.getTime());
      orderCount.set(order.customer_id, (orderCount.get(order.customer_id) ?? 0) + 1);
    }
    const signup = new Map(data.customers.map((row) => [row.customer_id, dayOfDate(row.signup_date)]));
    const sixMonthsAgo = (addMonths(endDay, -6) + 1) * MS_PER_DAY;
    const threeMonthsAgo = addMonths(endDay, -3);
    for (const [customerId, persona] of truth.personaByCustomer) {
      const count = orderCount.get(customerId) ?? 0;
      if (persona === "lapsing") {
        expect(count).toBeGreaterThanOrEqual(4);
        expect(lastOrder.get(customerId)).toBeLessThan(sixMonthsAgo);
      }
      if (persona === "one-off") expect(count).toBe(1);
      if (persona === "browser") expect(count).toBe(0);
      if (persona === "loyal") expect(count).toBeGreaterThanOrEqual(10);
      if (persona === "new") expect(signup.get(customerId)!).toBeGreaterThanOrEqual(threeMonthsAgo);
    }
    const festiveShare = (persona: string) => {
      const orders = ordersOf(persona);
      return orders.filter((row) => row.ordered_at.getUTCMonth() >= 10).length / orders.length;
    };
    expect(festiveShare("seasonal")).toBeGreaterThan(0.65);
    expect(festiveShare("regular")).toBeLessThan(0.35);
  });

  it("makes bargain hunters buy more units of cheaper things", () => {
    const personaOfOrder = new Map(
      data.orders.map((row) => [row.order_id, row.customer_id === null ? "guest" : truth.personaByCustomer.get(row.customer_id)]),
    );
    const merchandise = new Set(data.products.filter((row) => row.is_product).map((row) => row.product_id));
    const stats = (persona: string) => {
      const lines = data.orderItems.filter((item) => merchandise.has(item.product_id) && personaOfOrder.get(item.order_id) === persona);
      return {
        quantity: lines.reduce((sum, item) => sum + item.quantity, 0) / lines.length,
        price: lines.reduce((sum, item) => sum + item.unit_price, 0) / lines.length,
      };
    };
    const bargain = stats("bargain");
    const regular = stats("regular");
    expect(bargain.quantity).toBeGreaterThan(regular.quantity * 2);
    expect(bargain.price).toBeLessThan(regular.price * 0.85);
    expect(stats("loyal").price).toBeGreaterThan(regular.price);
  });

  it("makes favourite categories dominate a customer's purchases", () => {
    const category = new Map(data.products.map((row) => [row.product_id, row.category]));
    const customerOf = new Map(data.orders.map((row) => [row.order_id, row.customer_id]));
    let favourite = 0;
    let total = 0;
    for (const item of data.orderItems) {
      const customerId = customerOf.get(item.order_id);
      const itemCategory = category.get(item.product_id);
      if (customerId === null || customerId === undefined || itemCategory === null || itemCategory === undefined) continue;
      total++;
      if (truth.favouriteCategoriesByCustomer.get(customerId)?.includes(itemCategory)) favourite++;
    }
    expect(favourite / total).toBeGreaterThan(0.5);
  });

  it("makes planted pairs bought together far more often than chance", () => {
    const baskets = new Map<string, Set<string>>();
    for (const item of data.orderItems) {
      const basket = baskets.get(item.order_id) ?? new Set<string>();
      basket.add(item.product_id);
      baskets.set(item.order_id, basket);
    }
    const support = (...products: string[]) => [...baskets.values()].filter((basket) => products.every((id) => basket.has(id))).length;
    const lifts = truth.pairs
      .map(([lead, companion]) => ({ both: support(lead, companion), lift: (support(lead, companion) * baskets.size) / (support(lead) * support(companion) || 1) }))
      .filter((pair) => pair.both >= 5);
    expect(lifts.length).toBeGreaterThan(0);
    for (const pair of lifts) expect(pair.lift).toBeGreaterThan(5);
  });

  it("skews ratings positive and gives flawed products clearly worse ones", () => {
    const ratings = data.reviews.map((row) => row.rating);
    const share = (stars: number) => ratings.filter((rating) => rating === stars).length / ratings.length;
    expect(share(5)).toBeGreaterThan(0.35);
    expect(share(5) + share(4)).toBeGreaterThan(0.6);
    const meanRating = (predicate: (productId: string) => boolean) => {
      const chosen = data.reviews.filter((row) => predicate(row.product_id));
      return chosen.reduce((sum, row) => sum + row.rating, 0) / chosen.length;
    };
    const poorQuality = meanRating((id) => truth.flawByProduct.get(id) === "quality");
    const sound = meanRating((id) => !truth.flawByProduct.has(id));
    expect(sound).toBeGreaterThan(4);
    expect(poorQuality).toBeLessThan(2.8);
  });

  it("keeps the hidden truth out of the rows", () => {
    const columns = new Set([data.customers, data.products, data.orders, data.orderItems, data.reviews].flatMap((rows) => Object.keys(rows[0] ?? {})));
    for (const hidden of ["persona", "flaw", "style", "popularity", "companion"]) expect(columns.has(hidden)).toBe(false);
  });

  it("works at the smallest scale and on a leap-day end date", () => {
    const tiny = generateDemo({ seed: 1, scale: 0.01, endDate: "2028-02-29" });
    expect(tiny.customers).toHaveLength(50);
    expect(tiny.products.filter((row) => row.is_product).length).toBeGreaterThanOrEqual(60);
    expect(tiny.orders.length).toBeGreaterThan(100);
    const days = tiny.orders.map((row) => dayOfDate(row.ordered_at));
    expect(Math.max(...days)).toBeLessThanOrEqual(dayNumber(2028, 2, 29));
    expect(Math.min(...days)).toBeGreaterThanOrEqual(dayNumber(2026, 3, 1));
  });

  it("moves the window with endDate", () => {
    const shifted = generateDemo({ seed: 2024, scale: 0.02, endDate: "2025-06-30" });
    const last = Math.max(...shifted.orders.map((row) => dayOfDate(row.ordered_at)));
    const first = Math.min(...shifted.orders.map((row) => dayOfDate(row.ordered_at)));
    expect(last).toBeLessThanOrEqual(dayNumber(2025, 6, 30));
    expect(first).toBeGreaterThanOrEqual(dayNumber(2023, 7, 1));
  });
});
