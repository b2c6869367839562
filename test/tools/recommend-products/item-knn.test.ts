import { describe, expect, it } from "vitest";
import { addNeighbourScores, basketNeighbours, cosineFromCounts, productNeighbours } from "../../../tools/recommend-products/item-knn.ts";
import { buildPurchaseMatrix, coPurchaseCounts, type PurchaseLine } from "../../../tools/recommend-products/matrix.ts";
import { RuleBook } from "../../../tools/recommend-products/rules.ts";

// Customers: c1 {A, B} (one order), c2 {A, B} (two orders), c3 {A, C}, c4 {B}.
// Customers per product: A 3, B 3, C 1. Shared: A∧B 2, A∧C 1, B∧C 0.
//   cos(A, B) = 2 / √(3·3) = 2/3;  cos(A, C) = 1 / √(3·1) = 0.5773502692.
// Orders: o1 {A, B}, o2 {A}, o3 {B}, o4 {A, C}, o5 {B}. Orders per product: A 3, B 3, C 1; A∧B in 1 order.
//   basket cos(A, B) = 1 / √(3·3) = 1/3;  basket cos(A, C) = 1 / √3.
const lines: PurchaseLine[] = [
  { customerId: "c1", orderId: "o1", productId: "A", orderedAt: 1 },
  { customerId: "c1", orderId: "o1", productId: "B", orderedAt: 1 },
  { customerId: "c2", orderId: "o2", productId: "A", orderedAt: 2 },
  { customerId: "c2", orderId: "o3", productId: "B", orderedAt: 3 },
  { customerId: "c3", orderId: "o4", productId: "A", orderedAt: 4 },
  { customerId: "c3", orderId: "o4", productId: "C", orderedAt: 4 },
  { customerId: "c4", orderId: "o5", productId: "B", orderedAt: 5 },
];
const matrix = buildPurchaseMatrix(lines);
const [A, B, C] = ["A", "B", "C"].map((id) => matrix.productIndex.get(id) as number) as [number, number, number];

describe("productNeighbours", () => {
  it("is the cosine over customers, zero for itself", () => {
    const similarity = productNeighbours(matrix, A);
    expect(similarity[A]).toBe(0);
    expect(similarity[B]).toBeCloseTo(2 / 3, 12);
    expect(similarity[C]).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(productNeighbours(matrix, B)[C]).toBe(0);
  });

  it("shrinks pairs with few shared customers: × n / (n + s)", () => {
    const shrunk = productNeighbours(matrix, A, 2);
    expect(shrunk[B]).toBeCloseTo((2 / 3) * (2 / 4), 12);
    expect(shrunk[C]).toBeCloseTo((1 / Math.sqrt(3)) * (1 / 3), 12);
  });
});

describe("basketNeighbours", () => {
  it("is the cosine over orders", () => {
    const similarity = basketNeighbours(matrix, A, new RuleBook(matrix).coOrderCounts(A));
    expect(similarity[A]).toBe(0);
    expect(similarity[B]).toBeCloseTo(1 / 3, 12);
    expect(similarity[C]).toBeCloseTo(1 / Math.sqrt(3), 12);
  });
});

describe("dense item-kNN", () => {
  it("agrees with productNeighbours and sums rows for a customer", () => {
    const size = matrix.productIds.length;
    const similarity = cosineFromCounts(coPurchaseCounts(matrix, Int32Array.from([0, 1, 2])), size);
    for (const product of [A, B, C]) {
      const sparse = productNeighbours(matrix, product);
      for (let other = 0; other < size; other++) expect(similarity[product * size + other]).toBeCloseTo(sparse[other] as number, 12);
    }
    const scores = new Float64Array(size);
    addNeighbourScores(similarity, size, [A, B], scores);
    expect(scores[C]).toBeCloseTo(1 / Math.sqrt(3), 12); // from A only; cos(B, C) = 0
    expect(scores[A]).toBeCloseTo(2 / 3, 12); // from B
  });
});
