/**
 * The keyword side of catalogue search (pure): analyses each product's name,
 * category and description into terms and indexes them with BM25.
 */
import { Bm25Index } from "./bm25.ts";
import type { CatalogueProduct } from "./catalogue.ts";
import { analyze } from "./text-analysis.ts";

/**
 * Field weights (name, category, description). A word in the name says more about
 * what the product is than the same word in a description ("mug" in "Enamel Mug" vs
 * "pairs well with a mug"); 2 is the usual title boost, set before any evaluation.
 */
export const FIELD_WEIGHTS: readonly number[] = [2, 1, 1];

/** BM25 over the catalogue; document i is `products[i]`. */
export function buildKeywordIndex(products: readonly CatalogueProduct[]): Bm25Index {
  return Bm25Index.build(
    products.map((product) => [analyze(product.name), analyze(product.category ?? ""), analyze(product.description ?? "")]),
    { k1: 1.2, b: 0.75, fieldWeights: FIELD_WEIGHTS },
  );
}
