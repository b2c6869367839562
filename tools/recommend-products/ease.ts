/**
 * EASE — "Embarrassingly Shallow Autoencoders for Sparse Data" (Steck, WWW 2019) — on the
 * binary customer × product purchase matrix (pure).
 *
 * With G = XᵀX (co-purchase counts) and P = (G + λI)⁻¹, the item-item weights are
 * B[i][j] = −P[i][j] / P[j][j] for i ≠ j and 0 on the diagonal; a customer's score for
 * product j is Σ over the products i they bought of B[i][j]. The closed form is the
 * ridge regression of every product's column on all the others with the constraint that
 * a product may not predict itself.
 *
 * Cost is the inverse, ~n³/2 multiply-adds (`cholesky.ts`): about 2 s for the demo's 1,500
 * products, about 40 s for all ~3,650 UCI products on our shared machine. So EASE covers
 * the `maxProducts` most popular products (by distinct customers); the rest of the
 * catalogue is still reached through repurchases, item-kNN, association rules and content
 * similarity (see `blend.ts`).
 */
import { invertPositiveDefinite } from "./cholesky.ts";
import { coPurchaseCounts, type PurchaseMatrix, productsByPopularity } from "./matrix.ts";

/** A fitted EASE model over a subset of the catalogue. */
export interface EaseModel {
  /** Product indexes covered (most popular first); row r of `weights` is `products[r]`. */
  readonly products: Int32Array;
  /** Row of each product index in `weights`, or −1 when EASE does not cover it. */
  readonly position: Int32Array;
  /**
   * B, row-major `products.length`²: `weights[r * size + s]` = what buying products[r] says
   * about products[s]. Kept in single precision: half the memory, and scoring — which
   * streams one row per purchased product — ran ~40% faster than from doubles, while 7
   * significant digits are plenty to rank by.
   */
  readonly weights: Float32Array;
  readonly lambda: number;
}

/** EASE weights B from a Gram matrix (row-major `size`²) and the L2 penalty `lambda` (> 0). */
export function easeWeights(gram: Float64Array, size: number, lambda: number): Float64Array {
  const regularised = Float64Array.from(gram);
  for (let index = 0; index < size; index++) regularised[index * size + index]! += lambda;
  const inverse = invertPositiveDefinite(regularised, size);
  // B[i][j] = −P[i][j] / P[j][j], written over P in place (each P[j][j] is read before row j is overwritten).
  const diagonal = new Float64Array(size);
  for (let index = 0; index < size; index++) diagonal[index] = inverse[index * size + index] as number;
  for (let row = 0; row < size; row++) {
    const offset = row * size;
    for (let column = 0; column < size; column++) {
      inverse[offset + column] = row === column ? 0 : -(inverse[offset + column] as number) / (diagonal[column] as number);
    }
  }
  return inverse;
}

/** Fits EASE on the `maxProducts` most popular products that at least one customer bought. */
export function fitEase(matrix: PurchaseMatrix, options: { lambda: number; maxProducts: number }): EaseModel {
  const bought = productsByPopularity(matrix).filter((product) => (matrix.productCustomerCounts[product] as number) > 0);
  const products = bought.slice(0, Math.max(0, options.maxProducts));
  const position = new Int32Array(matrix.productIds.length).fill(-1);
  products.forEach((product, row) => {
    position[product] = row;
  });
  const size = products.length;
  const weights = size === 0 ? new Float32Array(0) : Float32Array.from(easeWeights(coPurchaseCounts(matrix, products), size, options.lambda));
  return { products, position, weights, lambda: options.lambda };
}

/**
 * Adds `scale` × EASE scores of a customer with the given purchases (product indexes and
 * one weight each) into `target` (indexed by product index). Products EASE does not cover
 * neither give nor receive a score.
 */
export function addEaseScores(
  model: EaseModel,
  purchases: ArrayLike<number>,
  purchaseWeights: ArrayLike<number>,
  target: Float64Array,
  scale = 1,
): void {
  const size = model.products.length;
  if (size === 0) return;
  const row = new Float64Array(size);
  for (let index = 0; index < purchases.length; index++) {
    const at = model.position[purchases[index] as number] as number;
    if (at < 0) continue;
    const weight = purchaseWeights[index] as number;
    const offset = at * size;
    for (let column = 0; column < size; column++) row[column]! += weight * (model.weights[offset + column] as number);
  }
  for (let column = 0; column < size; column++) target[model.products[column] as number]! += scale * (row[column] as number);
}
