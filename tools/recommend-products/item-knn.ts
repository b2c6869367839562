/**
 * Item-based k-nearest-neighbour collaborative filtering (pure): two products are similar
 * when the same customers buy both (Sarwar, Karypis, Konstan & Riedl, "Item-based
 * collaborative filtering recommendation algorithms", WWW 2001; Deshpande & Karypis 2004).
 *
 * Similarity is the cosine of the binary customer columns,
 *   sim(a, b) = customers(a ∧ b) / √(customers(a) · customers(b)),
 * and a customer's score for b is Σ over the products a they bought of sim(a, b), with a
 * product's similarity to itself left out. The tool uses it for "similar to / goes with"
 * questions about one product (`productNeighbours`); the bench uses the dense form to
 * reproduce the item-kNN reference.
 */
import type { PurchaseMatrix } from "./matrix.ts";

/**
 * Cosine similarity of `product` to every product (indexed by product index) over the
 * customers who bought it; 0 for itself and for products nobody bought with it. With
 * `shrinkage` s > 0 each cosine is multiplied by n / (n + s), n = shared customers, so a
 * pair seen once (cosine 1 when both products have a single buyer) does not outrank a
 * pair seen a hundred times (Koren, "Factorization meets the neighborhood", KDD 2008).
 */
export function productNeighbours(matrix: PurchaseMatrix, product: number, shrinkage = 0): Float64Array {
  const similarity = new Float64Array(matrix.productIds.length);
  const buyers = matrix.productCustomerCounts[product] as number;
  if (buyers === 0) return similarity;
  for (let at = matrix.productCustomerStart[product] as number; at < (matrix.productCustomerStart[product + 1] as number); at++) {
    const customer = matrix.productCustomers[at] as number;
    for (let cell = matrix.customerStart[customer] as number; cell < (matrix.customerStart[customer + 1] as number); cell++) {
      similarity[matrix.cellProduct[cell] as number]! += 1;
    }
  }
  similarity[product] = 0;
  for (let other = 0; other < similarity.length; other++) {
    const both = similarity[other] as number;
    if (both > 0) {
      similarity[other] = (both / Math.sqrt(buyers * (matrix.productCustomerCounts[other] as number))) * (both / (both + shrinkage));
    }
  }
  return similarity;
}

/**
 * Cosine similarity of `product` to every product over orders ("in the same basket"):
 * orders(a ∧ b) / √(orders(a) · orders(b)), shrunk like `productNeighbours`. `coOrders`
 * are the order co-occurrence counts of `product` (RuleBook.coOrderCounts).
 */
export function basketNeighbours(matrix: PurchaseMatrix, product: number, coOrders: Int32Array, shrinkage = 0): Float64Array {
  const similarity = new Float64Array(matrix.productIds.length);
  const orders = matrix.productOrderCounts[product] as number;
  for (let other = 0; other < similarity.length; other++) {
    const both = coOrders[other] as number;
    if (other === product || both === 0) continue;
    similarity[other] = (both / Math.sqrt(orders * (matrix.productOrderCounts[other] as number))) * (both / (both + shrinkage));
  }
  return similarity;
}

/**
 * The dense cosine-similarity matrix (row-major `size`², zero diagonal) from a Gram
 * matrix of co-purchase counts (`coPurchaseCounts` in matrix.ts).
 */
export function cosineFromCounts(gram: Float64Array, size: number): Float64Array {
  const similarity = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    const rowCount = gram[row * size + row] as number;
    for (let column = 0; column < size; column++) {
      const both = gram[row * size + column] as number;
      if (row === column || both === 0) continue;
      similarity[row * size + column] = both / Math.sqrt(rowCount * (gram[column * size + column] as number));
    }
  }
  return similarity;
}

/**
 * Adds item-kNN scores into `target` (indexed like the similarity matrix): for each
 * purchased position a, the row sim(a, ·).
 */
export function addNeighbourScores(similarity: Float64Array, size: number, purchases: ArrayLike<number>, target: Float64Array): void {
  for (let index = 0; index < purchases.length; index++) {
    const offset = (purchases[index] as number) * size;
    for (let column = 0; column < size; column++) target[column]! += similarity[offset + column] as number;
  }
}
