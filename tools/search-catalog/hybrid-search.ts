/**
 * One catalogue search over a snapshot: filters, BM25, vector search with relevance
 * feedback from BM25, score fusion and the output artifact. No store access: the
 * caller passes the catalogue snapshot and the vector index it may use.
 *
 * The hybrid, step by step:
 * 1. BM25 scores every eligible product.
 * 2. The query is embedded; its vector is moved towards the vectors of the top
 *    `FEEDBACK_DOCUMENTS` BM25 hits (Rocchio, feedback.ts), and vector search runs
 *    with the expanded vector. Without BM25 hits the plain query vector is used.
 * 3. The candidates (each list's top max(50, 3·limit)) are fused by a convex
 *    combination of max-normalised scores, 0.4 BM25 + 0.6 cosine (fusion.ts); each
 *    candidate gets both scores, cosines of BM25-only candidates read from the index.
 * Each retriever alone (the bench's baselines) is its own ranking: no feedback.
 */
import { AppError, NotFoundError, toAppError } from "../../src/core/errors.ts";
import type { CatalogueSnapshot } from "./catalogue-cache.ts";
import type { CatalogueProduct } from "./catalogue.ts";
import { expandQuery, FEEDBACK_DOCUMENTS } from "./feedback.ts";
import { CONVEX_WEIGHTS, type FusedHit, type RankedList, RRF_K, reciprocalRankFusion, convexFusion } from "./fusion.ts";
import type { VectorAccess } from "./index-manager.ts";
import type { RetrieverName, SearchCatalogInput, SearchCatalogOutput, SearchResult, VectorStatus } from "./schema.ts";
import { analyze } from "./text-analysis.ts";
import type { VectorHit } from "./vector-index.ts";

/** Each retriever contributes at least this many candidates to the fusion, so filters and fusion have depth to work with. */
export const MIN_CANDIDATES = 50;

/** How the vector retriever stands for this search; `off` when no embedder is configured. */
export type VectorRetrieval = VectorAccess | { status: "off"; note: string };

/** Which retrievers to run and how to fuse them; the defaults are the tool as shipped, the rest is for benchmarks. */
export interface SearchOptions {
  /** Retrievers to run; both by default. The bench runs each alone. */
  retrievers?: readonly RetrieverName[];
  /** `convex` (default): weighted max-normalised scores; `rrf`: reciprocal rank fusion, k = 60. */
  fusion?: "convex" | "rrf";
  /** Top BM25 hits that feed the query vector (0 = no feedback); `FEEDBACK_DOCUMENTS` by default. */
  feedbackDocuments?: number;
}

function matchesFilters(product: CatalogueProduct, input: SearchCatalogInput, category: string | undefined): boolean {
  if (category !== undefined && product.category !== category) return false;
  if (input.inStockOnly && !product.inStock) return false;
  if (input.minPrice !== undefined && (product.price === null || product.price < input.minPrice)) return false;
  if (input.maxPrice !== undefined && (product.price === null || product.price > input.maxPrice)) return false;
  return true;
}

function resolveCategory(snapshot: CatalogueSnapshot, requested: string | undefined): string | undefined {
  if (requested === undefined) return undefined;
  const category = snapshot.categories.get(requested.toLowerCase());
  if (category !== undefined) return category;
  const known = [...snapshot.categories.values()].sort();
  throw new NotFoundError(
    "unknown_category",
    known.length === 0
      ? `There is no category "${requested}": no product in the catalogue has a category. Search without the category filter.`
      : `There is no category "${requested}". Categories in the catalogue: ${known.slice(0, 30).join(", ")}${known.length > 30 ? ", …" : ""}.`,
    { details: { category: requested, categories: known } },
  );
}

function isZero(vector: readonly number[]): boolean {
  return vector.every((value) => value === 0);
}

function formatPrice(price: number | null): string {
  return price === null ? "no price" : price.toFixed(2);
}

function describeFilters(input: SearchCatalogInput, category: string | undefined): string {
  const parts: string[] = [];
  if (category !== undefined) parts.push(`category ${category}`);
  if (input.minPrice !== undefined && input.maxPrice !== undefined) parts.push(`price ${input.minPrice}–${input.maxPrice}`);
  else if (input.minPrice !== undefined) parts.push(`price ≥ ${input.minPrice}`);
  else if (input.maxPrice !== undefined) parts.push(`price ≤ ${input.maxPrice}`);
  if (input.inStockOnly) parts.push("in stock");
  return parts.join(", ");
}

function summarize(output: Omit<SearchCatalogOutput, "summary">, category: string | undefined, input: SearchCatalogInput): string {
  const filters = describeFilters(input, category);
  const scope = filters === "" ? "" : ` (filters: ${filters})`;
  const method = { hybrid: "keyword + vector search", bm25: "keyword search only", vector: "vector search only" }[output.retrieval.method];
  if (output.results.length === 0) {
    const why =
      output.catalogue.eligible === 0
        ? `no product passes the filters${scope}; loosen them`
        : `no product matches "${output.query}"${scope}; try other words`;
    return `No results: ${why}. Searched ${output.catalogue.products} products with ${method}.`;
  }
  let summary = `${output.results.length} products for "${output.query}"${scope}, ${method}`;
  if (output.retrieval.vector.status === "rebuilding") summary += " (vector index being rebuilt)";
  summary += ". Top: ";
  const items: string[] = [];
  for (const result of output.results) {
    const item = `${result.name} (${result.productId}, ${formatPrice(result.price)}${result.inStock ? "" : ", out of stock"})`;
    if (summary.length + items.join("; ").length + item.length > 560) break;
    items.push(item);
  }
  return `${summary}${items.join("; ")}.`;
}

/** Runs one search over `snapshot`. Throws NotFoundError for an unknown category and a user AppError for a query with no words. */
export async function hybridSearch(
  input: SearchCatalogInput,
  snapshot: CatalogueSnapshot,
  vector: VectorRetrieval,
  options: SearchOptions = {},
): Promise<SearchCatalogOutput> {
  const useBm25 = options.retrievers?.includes("bm25") ?? true;
  const useVector = options.retrievers?.includes("vector") ?? true;
  const category = resolveCategory(snapshot, input.category);
  const eligible = snapshot.products.map((product) => matchesFilters(product, input, category));
  const eligibleCount = eligible.filter(Boolean).length;
  const depth = Math.max(MIN_CANDIDATES, input.limit * 3);

  const terms = analyze(input.query);
  const keywordHits = useBm25 ? snapshot.keywordIndex.search(terms, Number.POSITIVE_INFINITY, (index) => eligible[index] === true) : [];

  let serving = useVector && (vector.status === "ready" || vector.status === "rebuilding") ? vector.serving : undefined;
  let vectorHits: VectorHit[] = [];
  let queryVector: number[] = [];
  let queryHasMeaning = false;
  let queryFailure: string | undefined;
  if (serving !== undefined) {
    try {
      queryVector = await serving.index.embedder.embedQuery(input.query);
    } catch (error) {
      // An embeddings endpoint that fails at query time costs the vector list, not the search.
      queryFailure = `embedding the query failed: ${toAppError(error).message}`;
      serving = undefined;
    }
    queryHasMeaning = !isZero(queryVector);
    if (serving !== undefined && queryHasMeaning && eligibleCount > 0) {
      const feedbackCount = useBm25 ? Math.max(0, options.feedbackDocuments ?? FEEDBACK_DOCUMENTS) : 0;
      if (feedbackCount > 0 && keywordHits.length > 0) {
        const feedbackIds = keywordHits.slice(0, feedbackCount).map((hit) => (snapshot.products[hit.index] as CatalogueProduct).productId);
        // A product missing from a stale index just gives no feedback.
        queryVector = expandQuery(queryVector, [...serving.index.vectorsOf(feedbackIds).values()]);
      }
      const filtered = eligibleCount < snapshot.products.length || vector.status === "rebuilding";
      // A stale index may hold products that are gone or changed; the allowed set keeps only current, eligible ones.
      const allowed = filtered ? new Set(snapshot.products.filter((_, index) => eligible[index]).map((product) => product.productId)) : undefined;
      vectorHits = (await serving.index.search(queryVector, depth, allowed === undefined ? {} : { allowed })).filter(
        // Cosine ≤ 0 shares no direction with the query: not a match, however few results there are.
        (hit) => hit.similarity > 0 && snapshot.positionOf.has(hit.productId),
      );
    }
  }
  if (terms.length === 0 && !queryHasMeaning && queryFailure === undefined) {
    throw new AppError(
      "query_has_no_words",
      "user",
      `The query "${input.query}" has no words to search for (only stop words, symbols or unknown words). Describe the product or need, e.g. "enamel mug" or "gift for a gardener".`,
      { details: { query: input.query } },
    );
  }

  const keywordIds = keywordHits.slice(0, depth).map((hit) => (snapshot.products[hit.index] as CatalogueProduct).productId);
  // A query the vector index knows no word of contributes no list: it was not really searched.
  const vectorUsed = serving !== undefined && queryHasMeaning;
  const vectorIds = vectorHits.map((hit) => hit.productId);
  let fused: Array<FusedHit<string>>;
  let best = 1;
  if (options.fusion === "rrf") {
    const lists: Array<RankedList<string>> = [];
    if (useBm25) lists.push({ retriever: "bm25", ids: keywordIds });
    if (vectorUsed) lists.push({ retriever: "vector", ids: vectorIds });
    fused = reciprocalRankFusion(lists);
    // The best possible fused score: first in every list that took part.
    best = lists.length / (RRF_K + 1);
  } else {
    // BM25 scores of the candidates only: the keyword hits can be most of a large catalogue.
    const wanted = new Set([...keywordIds, ...vectorHits.map((hit) => hit.productId)]);
    const keywordScore = new Map<string, number>();
    for (const hit of keywordHits) {
      const productId = (snapshot.products[hit.index] as CatalogueProduct).productId;
      if (wanted.has(productId)) keywordScore.set(productId, hit.score);
    }
    const similarity = new Map(vectorHits.map((hit) => [hit.productId, hit.similarity]));
    if (vectorUsed && serving !== undefined && useBm25) {
      // BM25 candidates the vector list did not reach still get their true cosine.
      const missing = keywordIds.filter((id) => !similarity.has(id));
      let norm = 0;
      for (const value of queryVector) norm += value * value;
      norm = Math.sqrt(norm);
      for (const [id, stored] of serving.index.vectorsOf(missing)) {
        let dot = 0;
        for (let dimension = 0; dimension < stored.length; dimension++) dot += (stored[dimension] as number) * (queryVector[dimension] ?? 0);
        similarity.set(id, norm === 0 ? 0 : dot / norm);
      }
    }
    fused = convexFusion([
      ...(useBm25 ? [{ retriever: "bm25", ids: keywordIds, score: (id: string) => keywordScore.get(id), weight: CONVEX_WEIGHTS.bm25 }] : []),
      ...(vectorUsed ? [{ retriever: "vector", ids: vectorIds, score: (id: string) => similarity.get(id), weight: CONVEX_WEIGHTS.vector }] : []),
    ]);
  }

  const results: SearchResult[] = fused.slice(0, input.limit).map((hit) => {
    const product = snapshot.products[snapshot.positionOf.get(hit.id) as number] as CatalogueProduct;
    const foundBy = (["bm25", "vector"] as const).filter((name) => hit.ranks[name] !== undefined);
    return {
      productId: product.productId,
      name: product.name,
      category: product.category,
      price: product.price,
      inStock: product.inStock,
      score: Math.min(1, Math.max(0, hit.score / best)),
      foundBy,
      ranks: {
        ...(hit.ranks.bm25 === undefined ? {} : { bm25: hit.ranks.bm25 }),
        ...(hit.ranks.vector === undefined ? {} : { vector: hit.ranks.vector }),
      },
    };
  });

  const status: VectorStatus = !useVector ? "off" : queryFailure !== undefined ? "unavailable" : vector.status;
  const note =
    queryFailure ??
    (vector.status === "off" || vector.status === "unavailable" || vector.status === "rebuilding"
      ? vector.note
      : serving !== undefined && !queryHasMeaning
        ? "no word of the query is known to the vector index, so only keywords were used"
        : undefined);
  const output: Omit<SearchCatalogOutput, "summary"> = {
    query: input.query,
    results,
    filters: {
      ...(input.minPrice === undefined ? {} : { minPrice: input.minPrice }),
      ...(input.maxPrice === undefined ? {} : { maxPrice: input.maxPrice }),
      ...(category === undefined ? {} : { category }),
      inStockOnly: input.inStockOnly,
    },
    catalogue: { products: snapshot.products.length, eligible: eligibleCount, keywordMatches: keywordHits.length },
    retrieval: {
      method: vectorUsed ? (useBm25 ? "hybrid" : "vector") : "bm25",
      vector: {
        status,
        ...(serving === undefined ? {} : { embedder: serving.manifest.embedder, indexBuiltAt: serving.manifest.builtAt }),
        ...(useVector && note !== undefined ? { note } : {}),
      },
    },
  };
  return { ...output, summary: summarize(output, category, input) };
}
