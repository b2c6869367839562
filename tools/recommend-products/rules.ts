/**
 * Association-rule evidence for "bought together" (pure): support, confidence and lift of
 * a rule A → B over orders (Agrawal, Imieliński & Swami 1993; lift as "interest" in Brin,
 * Motwani, Ullman & Tsur 1997).
 *
 * With N orders, n(A) orders containing A, n(B) containing B and n(AB) containing both:
 *   support(A → B)    = n(AB) / N                 — how common the pair is
 *   confidence(A → B) = n(AB) / n(A)              — of the orders with A, the share that also had B
 *   lift(A → B)       = confidence / (n(B) / N)   — how much more often than chance (1 = independent)
 */
import type { PurchaseMatrix } from "./matrix.ts";
import { orderCount } from "./matrix.ts";

/** Order counts behind one rule A → B. */
export interface PairCounts {
  /** All orders (N). */
  orders: number;
  /** Orders containing the antecedent A. */
  withAntecedent: number;
  /** Orders containing the consequent B. */
  withConsequent: number;
  /** Orders containing both. */
  withBoth: number;
}

/** The evidence for a rule A → B; all three measures are 0 when a count they divide by is 0. */
export interface RuleEvidence {
  ordersWithBoth: number;
  support: number;
  confidence: number;
  lift: number;
}

/** Support, confidence and lift from order counts (never NaN or Infinity). */
export function ruleEvidence(counts: PairCounts): RuleEvidence {
  const { orders, withAntecedent, withConsequent, withBoth } = counts;
  const support = orders > 0 ? withBoth / orders : 0;
  const confidence = withAntecedent > 0 ? withBoth / withAntecedent : 0;
  const lift = orders > 0 && withConsequent > 0 ? confidence / (withConsequent / orders) : 0;
  return { ordersWithBoth: withBoth, support, confidence, lift };
}

/**
 * Rule evidence between products of one purchase matrix. The co-order counts of an
 * antecedent are computed on first use (one pass over the orders containing it) and kept
 * for the life of this object, so explaining a whole batch touches each order list once.
 */
export class RuleBook {
  readonly #matrix: PurchaseMatrix;
  readonly #coOrders = new Map<number, Int32Array>();

  constructor(matrix: PurchaseMatrix) {
    this.#matrix = matrix;
  }

  /** How many orders contain both `antecedent` and each product (indexed by product). */
  coOrderCounts(antecedent: number): Int32Array {
    let counts = this.#coOrders.get(antecedent);
    if (counts !== undefined) return counts;
    const matrix = this.#matrix;
    counts = new Int32Array(matrix.productIds.length);
    for (let at = matrix.productOrderStart[antecedent] as number; at < (matrix.productOrderStart[antecedent + 1] as number); at++) {
      const order = matrix.productOrders[at] as number;
      for (let cell = matrix.orderStart[order] as number; cell < (matrix.orderStart[order + 1] as number); cell++) {
        counts[matrix.orderProduct[cell] as number]! += 1;
      }
    }
    this.#coOrders.set(antecedent, counts);
    return counts;
  }

  /** The evidence for `antecedent` → `consequent` (product indexes). */
  rule(antecedent: number, consequent: number): RuleEvidence {
    const matrix = this.#matrix;
    return ruleEvidence({
      orders: orderCount(matrix),
      withAntecedent: matrix.productOrderCounts[antecedent] as number,
      withConsequent: matrix.productOrderCounts[consequent] as number,
      withBoth: this.coOrderCounts(antecedent)[consequent] as number,
    });
  }
}
