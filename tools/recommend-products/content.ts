/**
 * Content similarity between products from text embeddings (pure): two products are
 * similar when their descriptions are, whether or not anyone bought them together. It is
 * the only signal that reaches a product nobody has bought yet.
 *
 * Each product keeps its `k` nearest neighbours by cosine similarity (positive only). The
 * all-pairs product E·Eᵀ of the row-normalised embeddings is computed with ml-matrix's
 * `transposeMultiply`, whose inner loop runs over contiguous rows: about 1 s for 1,500
 * products × 256 dimensions on our shared machine (its generic `mmul` took 10 s).
 */
import { Matrix } from "ml-matrix";
import { topIndices } from "./ranking.ts";

/** For each product index, up to `k` most similar other products, best first. */
export interface ContentNeighbours {
  readonly k: number;
  /** `neighbours[p * k + r]` is the r-th neighbour of product p, or −1 past the last one. */
  readonly neighbours: Int32Array;
  /** The cosine similarity of each neighbour (0 past the last one). */
  readonly similarity: Float64Array;
}

/**
 * Nearest neighbours of every product from its embedding (`vectors[p]`, all the same
 * length). Zero vectors (no text) get no neighbours; ties go to the lower index.
 */
export function contentNeighbours(vectors: readonly (readonly number[])[], k: number): ContentNeighbours {
  const count = vectors.length;
  const neighbours = new Int32Array(count * k).fill(-1);
  const similarity = new Float64Array(count * k);
  const dimensions = vectors[0]?.length ?? 0;
  if (count === 0 || dimensions === 0 || k === 0) return { k, neighbours, similarity };

  // Eᵀ (dimensions × products) with unit-length columns, so Eᵀᵀ·Eᵀ holds cosines.
  const transposed = new Matrix(dimensions, count);
  vectors.forEach((vector, product) => {
    let norm = 0;
    for (const value of vector) norm += value * value;
    norm = Math.sqrt(norm);
    if (norm === 0) return;
    for (let dimension = 0; dimension < dimensions; dimension++) transposed.set(dimension, product, (vector[dimension] ?? 0) / norm);
  });
  const cosines = transposed.transposeMultiply(transposed);

  for (let product = 0; product < count; product++) {
    const row = cosines.getRow(product);
    const best = topIndices(row, k, { include: (other) => other !== product && (row[other] as number) > 0 });
    best.forEach((other, rank) => {
      neighbours[product * k + rank] = other;
      similarity[product * k + rank] = row[other] as number;
    });
  }
  return { k, neighbours, similarity };
}

/** Cosine similarity of `product` to `other` if `other` is among its neighbours, else 0. */
export function contentSimilarity(content: ContentNeighbours, product: number, other: number): number {
  for (let rank = 0; rank < content.k; rank++) {
    const neighbour = content.neighbours[product * content.k + rank] as number;
    if (neighbour < 0) return 0;
    if (neighbour === other) return content.similarity[product * content.k + rank] as number;
  }
  return 0;
}
