import { Matrix, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { addEaseScores, easeWeights, fitEase } from "../../../tools/recommend-products/ease.ts";
import { buildPurchaseMatrix, type PurchaseLine } from "../../../tools/recommend-products/matrix.ts";

describe("easeWeights", () => {
  it("is Steck's closed form B = I − P·diag(1/diag P), computed independently with ml-matrix", () => {
    // Gram of 3 products (customers: {0,1}, {0,1,2}, {1,2}, {0}): diag = (3, 3, 2), G01 = 2, G02 = 1, G12 = 2.
    const gram = Float64Array.from([3, 2, 1, 2, 3, 2, 1, 2, 2]);
    const lambda = 0.5;
    const ours = easeWeights(gram, 3, lambda);
    const p = inverse(new Matrix([[3.5, 2, 1], [2, 3.5, 2], [1, 2, 2.5]]));
    for (let row = 0; row < 3; row++) {
      for (let column = 0; column < 3; column++) {
        const expected = row === column ? 0 : -p.get(row, column) / p.get(column, column);
        expect(ours[row * 3 + column]).toBeCloseTo(expected, 12);
      }
    }
  });

  it("has a zero diagonal and shrinks towards zero as λ grows", () => {
    const gram = Float64Array.from([3, 2, 2, 3]);
    const small = easeWeights(gram, 2, 1);
    const large = easeWeights(gram, 2, 1000);
    expect(small[0]).toBe(0);
    expect(small[3]).toBe(0);
    // 2 products: B01 = G01 / (G00 + λ) (a one-variable ridge): 2 / 4 = 0.5, 2 / 1003.
    expect(small[1]).toBeCloseTo(0.5, 12);
    expect(large[1]).toBeCloseTo(2 / 1003, 12);
  });
});

describe("fitEase", () => {
  // Customers: c1 {A, B}, c2 {A, B}, c3 {A, C}, c4 {D}. Popularity: A 3, B 2, C 1, D 1.
  const lines: PurchaseLine[] = [
    ["c1", "A"], ["c1", "B"], ["c2", "A"], ["c2", "B"], ["c3", "A"], ["c3", "C"], ["c4", "D"],
  ].map(([customerId, productId], index) => ({ customerId: customerId as string, orderId: `o${index}`, productId: productId as string, orderedAt: index }));
  const matrix = buildPurchaseMatrix(lines, ["Z"]);
  const index = (id: string) => matrix.productIndex.get(id) as number;

  it("covers the most popular products first, never unsold ones", () => {
    const model = fitEase(matrix, { lambda: 1, maxProducts: 2 });
    expect([...model.products].map((product) => matrix.productIds[product])).toEqual(["A", "B"]);
    expect(model.position[index("C")]).toBe(-1);
    expect(fitEase(matrix, { lambda: 1, maxProducts: 99 }).products.length).toBe(4); // Z has no buyers
  });

  it("scores from a customer's purchases, weighted", () => {
    const model = fitEase(matrix, { lambda: 1, maxProducts: 99 });
    const size = model.products.length;
    const scores = new Float64Array(matrix.productIds.length);
    addEaseScores(model, [index("A")], [2], scores, 0.5);
    const row = model.position[index("A")] as number;
    const column = model.position[index("B")] as number;
    expect(scores[index("B")]).toBeCloseTo(0.5 * 2 * (model.weights[row * size + column] as number), 12);
    expect(scores[index("B")]).toBeGreaterThan(0); // A and B go together
    expect(scores[index("A")]).toBe(0); // no self-prediction
    expect(scores[index("Z")]).toBe(0); // not covered
  });

  it("handles a model with no products", () => {
    const model = fitEase(buildPurchaseMatrix([]), { lambda: 1, maxProducts: 10 });
    expect(model.products.length).toBe(0);
    addEaseScores(model, [], [], new Float64Array(0));
  });
});
