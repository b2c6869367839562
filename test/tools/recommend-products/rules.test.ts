import { describe, expect, it } from "vitest";
import { buildPurchaseMatrix } from "../../../tools/recommend-products/matrix.ts";
import { RuleBook, ruleEvidence } from "../../../tools/recommend-products/rules.ts";

// Five orders: {A, B}, {A, C}, {A, B, C}, {B}, {D}. N = 5, n(A) = 3, n(B) = 3, n(C) = 2, n(AB) = 2, n(AC) = 2.
//   A → B: support 2/5 = 0.4, confidence 2/3, lift (2/3) / (3/5) = 10/9.
//   B → A: support 0.4, confidence 2/3, lift 10/9 (lift is symmetric).
//   A → C: support 0.4, confidence 2/3, lift (2/3) / (2/5) = 5/3.
//   C → A: confidence 2/2 = 1, lift 1 / (3/5) = 5/3.
//   A → D: nothing together: support 0, confidence 0, lift 0.
const orders: Record<string, string[]> = { o1: ["A", "B"], o2: ["A", "C"], o3: ["A", "B", "C"], o4: ["B"], o5: ["D"] };
const lines = Object.entries(orders).flatMap(([orderId, products], index) =>
  products.map((productId) => ({ customerId: `c${index % 2}`, orderId, productId, orderedAt: index })),
);

describe("ruleEvidence", () => {
  it("computes support, confidence and lift from counts", () => {
    const rule = ruleEvidence({ orders: 5, withAntecedent: 3, withConsequent: 3, withBoth: 2 });
    expect(rule.ordersWithBoth).toBe(2);
    expect(rule.support).toBeCloseTo(0.4, 12);
    expect(rule.confidence).toBeCloseTo(2 / 3, 12);
    expect(rule.lift).toBeCloseTo(10 / 9, 12);
  });

  it("never divides by zero", () => {
    expect(ruleEvidence({ orders: 0, withAntecedent: 0, withConsequent: 0, withBoth: 0 })).toEqual({
      ordersWithBoth: 0,
      support: 0,
      confidence: 0,
      lift: 0,
    });
  });
});

describe("RuleBook", () => {
  const matrix = buildPurchaseMatrix(lines);
  const book = new RuleBook(matrix);
  const index = (id: string) => matrix.productIndex.get(id) as number;

  it("reads the counts from the orders", () => {
    const ab = book.rule(index("A"), index("B"));
    expect(ab).toEqual({ ordersWithBoth: 2, support: 0.4, confidence: 2 / 3, lift: expect.closeTo(10 / 9, 12) });
    expect(book.rule(index("B"), index("A")).lift).toBeCloseTo(10 / 9, 12);
    expect(book.rule(index("A"), index("C")).lift).toBeCloseTo(5 / 3, 12);
    expect(book.rule(index("C"), index("A")).confidence).toBe(1);
    expect(book.rule(index("A"), index("D"))).toEqual({ ordersWithBoth: 0, support: 0, confidence: 0, lift: 0 });
  });

  it("counts a product repeated in one order once", () => {
    const repeated = buildPurchaseMatrix([...lines, { customerId: "c0", orderId: "o1", productId: "B", orderedAt: 0 }]);
    const again = new RuleBook(repeated);
    expect(again.rule(index("A"), index("B")).ordersWithBoth).toBe(2);
  });
});
