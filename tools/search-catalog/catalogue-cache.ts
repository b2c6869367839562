/**
 * Keeps the searchable catalogue and its keyword index in memory, keyed by the
 * catalogue fingerprint: every search pays one aggregate query to learn the version,
 * and only a changed catalogue is re-read and re-indexed.
 */
import type { Store } from "../../src/core/ports.ts";
import type { Bm25Index } from "./bm25.ts";
import { type CatalogueData, type CatalogueProduct, type CatalogueVersion, readCatalogue, readCatalogueVersion } from "./catalogue.ts";
import { buildKeywordIndex } from "./keyword-index.ts";

/** One catalogue version, ready to search. */
export interface CatalogueSnapshot {
  version: CatalogueVersion;
  /** Searchable products ordered by id; position = keyword document index. */
  products: readonly CatalogueProduct[];
  keywordIndex: Bm25Index;
  /** Product id → position in `products`. */
  positionOf: ReadonlyMap<string, number>;
  /** Lower-cased category → category as spelled in the catalogue. */
  categories: ReadonlyMap<string, string>;
}

/** Builds a snapshot from catalogue rows (pure apart from the work it does). */
export function snapshotOf(data: CatalogueData): CatalogueSnapshot {
  const categories = new Map<string, string>();
  for (const product of data.products) {
    if (product.category !== null && product.category !== "" && !categories.has(product.category.toLowerCase())) {
      categories.set(product.category.toLowerCase(), product.category);
    }
  }
  return {
    version: data.version,
    products: data.products,
    keywordIndex: buildKeywordIndex(data.products),
    positionOf: new Map(data.products.map((product, position) => [product.productId, position])),
    categories,
  };
}

/** The current snapshot of one store's catalogue; create one per store and keep it (see `ToolContext.memo`). */
export class CatalogueCache {
  #current: CatalogueSnapshot | undefined;
  #loading: Promise<CatalogueSnapshot> | undefined;

  constructor(private readonly store: Store) {}

  /** The snapshot for the catalogue as it is now, re-reading it only when its fingerprint changed. */
  async current(): Promise<CatalogueSnapshot> {
    const version = await readCatalogueVersion(this.store);
    if (this.#current !== undefined && this.#current.version.fingerprint === version.fingerprint) return this.#current;
    // Concurrent searches after a change share one reload.
    this.#loading ??= (async () => {
      try {
        // One transaction, so the fingerprint and the rows describe the same state.
        const data = await this.store.transaction((reader) => readCatalogue(reader));
        this.#current = snapshotOf(data);
        return this.#current;
      } finally {
        this.#loading = undefined;
      }
    })();
    return this.#loading;
  }
}
