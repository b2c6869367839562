import { describe, expect, it } from "vitest";
import {
  CUSTOMER_WEIGHTS,
  HISTORY_TIME_CONSTANT_DAYS,
  companionReason,
  customerHistory,
  customerReason,
  explainForCustomer,
  type ReasonContext,
  scoreCompanions,
  scoreCustomer,
  signalsAt,
} from "../../../tools/recommend-products/blend.ts";
import type { PurchaseLine } from "../../../tools/recommend-products/matrix.ts";
import { fitRecommender } from "../../../tools/recommend-products/model.ts";
import { RuleBook } from "../../../tools/recommend-products/rules.ts";

const DAY = 86_400_000;
const line = (customerId: string, orderId: string, productId: string, day: number): PurchaseLine => ({
  customerId,
  orderId,
  productId,
  orderedAt: day * DAY,
});
// c1: o1 day 0 {A, B}, o2 day 10 {A, B};  c2: o3 day 5 {A, B};  c3: o4 day 20 {A};  c4: o5 day 30 {C}.
const lines = [
  line("c1", "o1", "A", 0),
  line("c1", "o1", "B", 0),
  line("c1", "o2", "A", 10),
  line("c1", "o2", "B", 10),
  line("c2", "o3", "A", 5),
  line("c2", "o3", "B", 5),
  line("c3", "o4", "A", 20),
  line("c4", "o5", "C", 30),
];
// λ = 1 so co-purchases matter in so little data. Hand-checked:
//   customers per product A 3, B 2, C 1 → popularity 1, 2/3, 1/3.
//   G + λI over (A, B) = [[4, 2], [2, 3]], P = 1/8 · [[3, −2], [−2, 4]] → B[A][B] = −P_AB / P_BB = 0.5;
//   C shares no customer: B[A][C] = 0.
//   Trending at day 31 (days 17–30): o4 {A}, o5 {C} → A 1, B 0, C 1 (normalised 1, 0, 1).
const model = fitRecommender(lines, [], { easeLambda: 1, easeMaxProducts: 10 });
const signals = signalsAt(model, 31 * DAY);
const { matrix } = model;
const [A, B, C] = ["A", "B", "C"].map((id) => matrix.productIndex.get(id) as number) as [number, number, number];
const history = (customer: string) => customerHistory(matrix, matrix.customerIndex.get(customer));
const context: ReasonContext = { signals, rules: new RuleBook(matrix), productName: (product) => `NAME ${matrix.productIds[product]}`, asOf: "1970-02-01" };

describe("customerHistory", () => {
  it("weights purchases by how long before the customer's last one they were", () => {
    const late = fitRecommender([...lines, line("c1", "o6", "C", 190)], [], { easeLambda: 1, easeMaxProducts: 10 });
    const c1 = customerHistory(late.matrix, late.matrix.customerIndex.get("c1"));
    expect([...c1.products]).toEqual([A, B, C]);
    expect([...c1.orders]).toEqual([2, 2, 1]);
    expect(c1.orderCount).toBe(3);
    // A and B last bought on day 10, C on day 190: weights e^(−180/180), e^(−180/180), 1.
    expect(c1.weights[0]).toBeCloseTo(Math.exp(-180 / HISTORY_TIME_CONSTANT_DAYS), 12);
    expect(c1.weights[2]).toBe(1);
  });

  it("is empty for an unknown customer", () => {
    expect(customerHistory(matrix, undefined).products.length).toBe(0);
  });
});

describe("signalsAt", () => {
  it("counts orders in the 14 days before now", () => {
    expect([...signals.trendingOrders]).toEqual([1, 0, 1]);
    expect([...signals.trending]).toEqual([1, 0, 1]);
    expect([...signalsAt(model, 100 * DAY).trending]).toEqual([0, 0, 0]);
  });
});

describe("scoreCustomer", () => {
  it("blends repurchase, EASE, trending and popularity as documented", () => {
    const scores = scoreCustomer(signals, history("c3"));
    const { repurchase, collaborative, trending, popularity } = CUSTOMER_WEIGHTS;
    expect(scores[A]).toBeCloseTo(repurchase * 1 + trending * 1 + popularity * 1, 12); // 1 of 1 orders
    expect(scores[B]).toBeCloseTo(collaborative * 0.5 + popularity * (2 / 3), 12);
    expect(scores[C]).toBeCloseTo(trending * 1 + popularity * (1 / 3), 12);
  });

  it("gives a customer without purchases trending and popular products only", () => {
    const scores = scoreCustomer(signals, customerHistory(matrix, undefined));
    expect(scores[A]).toBeCloseTo(0.01 + 0.0001, 12);
    expect(scores[B]).toBeCloseTo(0.0001 * (2 / 3), 12);
  });
});

describe("explanations and reasons", () => {
  it("names the largest term", () => {
    const c3 = history("c3");
    expect(explainForCustomer(signals, c3, A)).toEqual({ signal: "repurchase", orders: 1, ofOrders: 1, lastOrderedAt: 20 * DAY });
    expect(explainForCustomer(signals, c3, B)).toEqual({ signal: "bought_with", because: A });
    expect(explainForCustomer(signals, c3, C)).toEqual({ signal: "trending" });
    expect(explainForCustomer(signals, customerHistory(matrix, undefined), A)).toEqual({ signal: "popular" });
  });

  it("writes one line with the evidence", () => {
    const c3 = history("c3");
    expect(customerReason(explainForCustomer(signals, c3, A), A, context, false).text).toBe(
      "bought it in 1 of their 1 order, most recently 1970-01-21",
    );
    // A → B over 5 orders: n(A) 4, n(B) 3, both 3 → confidence 3/4, lift (3/4) / (3/5) = 1.25.
    const boughtWith = customerReason(explainForCustomer(signals, c3, B), B, context, false);
    expect(boughtWith.text).toBe("often bought with NAME A — lift 1.3");
    expect(boughtWith.rule?.antecedent).toBe(A);
    expect(boughtWith.rule?.evidence.confidence).toBeCloseTo(0.75, 12);
    expect(boughtWith.rule?.evidence.lift).toBeCloseTo(1.25, 12);
    expect(customerReason({ signal: "trending" }, C, context, false).text).toBe("trending: in 1 order in the 14 days before 1970-02-01");
    expect(customerReason({ signal: "popular" }, A, context, true).text).toBe(
      "no purchases before 1970-02-01 yet, so a best-seller: in 1 order in the 14 days before 1970-02-01, bought by 3 customers in all",
    );
    expect(customerReason({ signal: "popular" }, B, context, false).text).toBe("a best-seller: bought by 2 customers in all");
  });
});

describe("scoreCompanions", () => {
  it("adds basket cosine and half the customer cosine, both shrunk, and excludes the product itself", () => {
    const { scores, collaborative } = scoreCompanions(signals, context.rules, A);
    // Basket: 3 / √(4·3) · 3/8 ; customers: 2 / √(3·2) · 2/7 (shrinkage 5).
    const expected = (3 / Math.sqrt(12)) * (3 / 8) + 0.5 * (2 / Math.sqrt(6)) * (2 / 7);
    expect(scores[B]).toBeCloseTo(expected, 12);
    expect(collaborative[B]).toBeCloseTo(expected, 12);
    expect(scores[A]).toBe(Number.NEGATIVE_INFINITY);
    expect(scores[C]).toBe(0);
    expect(companionReason(A, B, expected, context).text).toBe("bought together in 3 orders — confidence 75%, lift 1.3");
  });
});
