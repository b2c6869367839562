/**
 * hybridSearch with hand-made vectors: what relevance feedback and the fusion do to
 * the order, independent of any embedder's quality.
 */
import { describe, expect, it } from "vitest";
import type { Embedder } from "../../../src/core/ports.ts";
import { snapshotOf } from "../../../tools/search-catalog/catalogue-cache.ts";
import type { CatalogueProduct } from "../../../tools/search-catalog/catalogue.ts";
import { type VectorRetrieval, hybridSearch } from "../../../tools/search-catalog/hybrid-search.ts";
import { FORMAT_VERSION } from "../../../tools/search-catalog/index-files.ts";
import { searchCatalogInputSchema } from "../../../tools/search-catalog/schema.ts";
import { DEFAULT_HNSW_SETTINGS, VectorIndex } from "../../../tools/search-catalog/vector-index.ts";

function product(productId: string, name: string, description: string): CatalogueProduct {
  return { productId, name, description, category: "Home", price: 10, inStock: true };
}

// Only P1 has the query's words. P2 is the same kind of thing as P1 in vector space but
// shares no word with the query; P3 happens to lie nearest the raw query vector.
const PRODUCTS = [
  product("P1", "Rose Teapot", "Perfect for a tea party."),
  product("P2", "Cake Stand", "Three tiers for cakes."),
  product("P3", "Garden Spade", "Digs deep."),
  product("P4", "Fox Mug", "Holds a big drink."),
];
const VECTORS: Record<string, number[]> = {
  P1: [1, 0, 0, 0],
  P2: [0.95, 0.3, 0, 0],
  P3: [0, 0, 0, 1],
  P4: [0, 1, 0, 0],
};
const QUERY_VECTOR = [0.2, 0, 0, 1];

const embedder: Embedder = {
  id: "hand-made",
  dimensions: 4,
  embedDocuments: async (texts) => texts.map(() => [0, 0, 0, 0]),
  embedQuery: async () => [...QUERY_VECTOR],
};

async function setup(): Promise<{ snapshot: ReturnType<typeof snapshotOf>; vector: VectorRetrieval }> {
  const snapshot = snapshotOf({ version: { products: PRODUCTS.length, fingerprint: "f", textFingerprint: "t" }, products: [...PRODUCTS] });
  const ids = PRODUCTS.map((entry) => entry.productId);
  const index = await VectorIndex.build(
    ids,
    ids.map((id) => VECTORS[id] as number[]),
    embedder,
  );
  const manifest = {
    format: FORMAT_VERSION,
    baseEmbedder: embedder.id,
    embedder: embedder.id,
    dimensions: 4,
    fingerprint: "f",
    textFingerprint: "t",
    products: ids.length,
    builtAt: "2026-01-01T00:00:00.000Z",
    folder: "idx-t",
    hnsw: { ...DEFAULT_HNSW_SETTINGS },
  } as const;
  return { snapshot, vector: { status: "ready", serving: { index, manifest } } };
}

const input = searchCatalogInputSchema.parse({ query: "tea party", limit: 4 });

describe("hybridSearch: feedback and fusion", () => {
  it("moves the query vector towards the top keyword hit, so a product of the same kind beats a stray vector match", async () => {
    const { snapshot, vector } = await setup();
    const plain = await hybridSearch(input, snapshot, vector, { feedbackDocuments: 0 });
    expect(plain.results.map((result) => result.productId).slice(0, 3)).toEqual(["P3", "P1", "P2"]);
    const shipped = await hybridSearch(input, snapshot, vector);
    expect(shipped.retrieval.method).toBe("hybrid");
    expect(shipped.results.map((result) => result.productId).slice(0, 3)).toEqual(["P1", "P2", "P3"]);
    // P1 is first on keywords and on the expanded vector: the top score of both.
    expect(shipped.results[0]?.score).toBeCloseTo(1, 12);
    expect(shipped.results[0]?.foundBy).toEqual(["bm25", "vector"]);
    expect(shipped.results[1]).toMatchObject({ productId: "P2", foundBy: ["vector"], ranks: { vector: 2 } });
    // cos(q', P2)/cos(q', P1) with q' = unit(q) + 2·P1, times the vector weight 0.6.
    const unitQuery = QUERY_VECTOR.map((value) => value / Math.hypot(...QUERY_VECTOR));
    const expanded = unitQuery.map((value, dimension) => value + 2 * ((VECTORS.P1 as number[])[dimension] as number));
    const cosine = (left: number[], right: number[]) =>
      left.reduce((sum, value, dimension) => sum + value * (right[dimension] as number), 0) / (Math.hypot(...left) * Math.hypot(...right));
    expect(shipped.results[1]?.score).toBeCloseTo((0.6 * cosine(expanded, VECTORS.P2 as number[])) / cosine(expanded, VECTORS.P1 as number[]), 5);
  });

  it("runs each retriever alone without feedback, and can fuse by reciprocal rank instead", async () => {
    const { snapshot, vector } = await setup();
    const vectorOnly = await hybridSearch(input, snapshot, vector, { retrievers: ["vector"] });
    expect(vectorOnly.retrieval.method).toBe("vector");
    expect(vectorOnly.results[0]?.productId).toBe("P3");
    const keywordsOnly = await hybridSearch(input, snapshot, vector, { retrievers: ["bm25"] });
    expect(keywordsOnly.results.map((result) => result.productId)).toEqual(["P1"]);
    expect(keywordsOnly.results[0]?.score).toBe(1);
    const rrf = await hybridSearch(input, snapshot, vector, { fusion: "rrf", feedbackDocuments: 0 });
    // P1: 1/61 (bm25) + 1/62 (vector, 2nd) beats P3: 1/61 (vector only).
    expect(rrf.results.map((result) => result.productId).slice(0, 2)).toEqual(["P1", "P3"]);
    expect(rrf.results[0]?.score).toBeCloseTo((1 / 61 + 1 / 62) / (2 / 61), 12);
  });

  it("takes feedback only from products that pass the filters", async () => {
    const { snapshot, vector } = await setup();
    // Only P1 matches the words; with P1 filtered out by price there is no feedback, so the raw query vector ranks.
    const pricey = { ...PRODUCTS[0], price: 99 } as CatalogueProduct;
    const filteredSnapshot = snapshotOf({ version: snapshot.version, products: [pricey, ...PRODUCTS.slice(1)] });
    const output = await hybridSearch(searchCatalogInputSchema.parse({ query: "tea party", maxPrice: 50 }), filteredSnapshot, vector);
    expect(output.catalogue.keywordMatches).toBe(0);
    expect(output.results[0]?.productId).toBe("P3");
  });
});
