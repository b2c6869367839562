/**
 * The vector side of catalogue search: LangChain's `HNSWLib` vector store over
 * `hnswlib-node`, built from product vectors, saved to and loaded from a folder, and
 * searched with filters that never collapse recall.
 *
 * Why build the HNSW graph ourselves instead of `HNSWLib.fromDocuments`: LangChain's
 * `addVectors` re-initialises an empty index with default parameters and inserts in
 * one synchronous loop; building the `HierarchicalNSW` here sets M, efConstruction and
 * the seed, and yields to the event loop between chunks so a server stays responsive
 * while a catalogue is (re)indexed. The finished index is handed to `HNSWLib`, whose
 * `save`/`load`/`similaritySearchVectorWithScore` are used as they are, so another
 * LangChain vector store can replace it later.
 *
 * Pitfalls handled (verified against hnswlib-node 3 and @langchain/community 1.x):
 * `addPoint`/`searchKnn` take plain `number[]`; the default search ef is 10, too low
 * for good recall, so ef is set on `vectorStore.index` after building or loading;
 * `similaritySearchVectorWithScore` warns and clamps when k exceeds the index size,
 * so k is clamped first; with a filter, hnswlib keeps searching until k allowed items
 * are found, which gets slow and less exact when few items pass — small allowed sets
 * are therefore searched exactly, by reading their vectors back with `getPoint`.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import hnswlib from "hnswlib-node";
import { AppError } from "../../src/core/errors.ts";
import type { Embedder } from "../../src/core/ports.ts";

/** HNSW graph settings. */
export interface HnswSettings {
  /** Links per node (hnswlib's M). */
  m: number;
  /** Candidate list size while inserting. */
  efConstruction: number;
  /** Candidate list size while searching (raised to k when k is larger). */
  efSearch: number;
  /** Seed of the level generator: same data, same graph. */
  seed: number;
}

/** Chosen by the 100k benchmark (bench/search-catalog.ts, docs/decisions/embedder.md). */
export const DEFAULT_HNSW_SETTINGS: Readonly<HnswSettings> = Object.freeze({ m: 32, efConstruction: 200, efSearch: 256, seed: 100 });

/** Allowed sets at most this large are searched exactly instead of through the graph. */
export const EXACT_SEARCH_LIMIT = 2_000;

/** Points inserted between yields to the event loop while building. */
const BUILD_CHUNK = 500;

/** One vector-search hit. */
export interface VectorHit {
  productId: string;
  /** Cosine similarity, −1…1. */
  similarity: number;
}

/** Options of `buildVectorIndex`. */
export interface BuildOptions {
  settings?: Partial<HnswSettings>;
  /** Stops a build that is no longer wanted (between chunks). */
  signal?: AbortSignal;
  /** Called after each chunk with points inserted so far. */
  onProgress?: (inserted: number, total: number) => void;
}

function productIdOf(document: Document | string): string | undefined {
  if (typeof document === "string") return undefined;
  const id: unknown = document.metadata.productId;
  return typeof id === "string" ? id : undefined;
}

/** A searchable HNSW index of product vectors and the embedder that made them. */
export class VectorIndex {
  /** Product id of each label (label = position). */
  readonly #productIds: readonly string[];
  /** Product id → label, built on first use. */
  #labelOf: Map<string, number> | undefined;

  private constructor(
    /** The LangChain vector store; `vectorStore.index` is the hnswlib-node graph. */
    readonly vectorStore: HNSWLib,
    /** The embedder whose vectors are in the index; queries must use the same one. */
    readonly embedder: Embedder,
    productIds: readonly string[],
    readonly settings: HnswSettings,
  ) {
    this.#productIds = productIds;
    vectorStore.index.setEf(settings.efSearch);
  }

  /** Number of indexed products. */
  get size(): number {
    return this.#productIds.length;
  }

  /** Vector length. */
  get dimensions(): number {
    return this.vectorStore.index.getNumDimensions();
  }

  /** Builds an index of `vectors` (one per product id, all the same length). */
  static async build(
    productIds: readonly string[],
    vectors: readonly number[][],
    embedder: Embedder,
    options: BuildOptions = {},
  ): Promise<VectorIndex> {
    const settings = { ...DEFAULT_HNSW_SETTINGS, ...options.settings };
    const first = vectors[0];
    if (first === undefined || vectors.length !== productIds.length) {
      throw new AppError(
        "invalid_vector_index",
        "internal",
        `A vector index needs one vector per product and at least one product; got ${vectors.length} vectors for ${productIds.length} products.`,
      );
    }
    const dimensions = first.length;
    const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
    graph.initIndex({ maxElements: vectors.length, m: settings.m, efConstruction: settings.efConstruction, randomSeed: settings.seed });
    for (let start = 0; start < vectors.length; start += BUILD_CHUNK) {
      options.signal?.throwIfAborted();
      const end = Math.min(vectors.length, start + BUILD_CHUNK);
      for (let label = start; label < end; label++) {
        const vector = vectors[label] as number[];
        if (vector.length !== dimensions) {
          throw new AppError(
            "invalid_vector_index",
            "internal",
            `Product ${productIds[label]} has a ${vector.length}-dimensional vector; the others have ${dimensions}.`,
          );
        }
        graph.addPoint(vector, label);
      }
      options.onProgress?.(end, vectors.length);
      if (end < vectors.length) await yieldToEventLoop();
    }
    const documents = new Map<string, Document>();
    productIds.forEach((productId, label) => documents.set(String(label), new Document({ pageContent: "", metadata: { productId } })));
    const vectorStore = new HNSWLib(embedder, {
      space: "cosine",
      numDimensions: dimensions,
      index: graph,
      docstore: new SynchronousInMemoryDocstore(documents),
    });
    return new VectorIndex(vectorStore, embedder, productIds, settings);
  }

  /** Writes the index into `directory` (LangChain's layout: hnswlib.index, docstore.json, args.json). */
  async save(directory: string): Promise<void> {
    await this.vectorStore.save(directory);
  }

  /** Loads an index saved by `save`; `embedder` must be the one that built it. */
  static async load(directory: string, embedder: Embedder, settings: Partial<HnswSettings> = {}): Promise<VectorIndex> {
    const vectorStore = await HNSWLib.load(directory, embedder);
    const count = vectorStore.index.getCurrentCount();
    const productIds: string[] = new Array(count);
    for (let label = 0; label < count; label++) {
      const productId = productIdOf(vectorStore.docstore.search(String(label)));
      if (productId === undefined) {
        throw new AppError("invalid_vector_index", "internal", `The saved index in ${directory} has no product for label ${label}.`);
      }
      productIds[label] = productId;
    }
    return new VectorIndex(vectorStore, embedder, productIds, { ...DEFAULT_HNSW_SETTINGS, ...settings });
  }

  /**
   * The `k` nearest products to `query` (cosine), optionally among `allowed` product
   * ids only. Small allowed sets are scored exactly; larger ones use hnswlib's filtered
   * search, which keeps looking until it has k allowed items. `ef` overrides the
   * configured search breadth for this call (benchmarks sweep it).
   */
  async search(query: readonly number[], k: number, options: { allowed?: ReadonlySet<string>; ef?: number } = {}): Promise<VectorHit[]> {
    const { allowed } = options;
    const graph = this.vectorStore.index;
    const count = graph.getCurrentCount();
    if (allowed !== undefined && allowed.size <= EXACT_SEARCH_LIMIT && allowed.size < count) return this.#exact(query, k, allowed);
    const wanted = Math.min(k, allowed?.size ?? count, count);
    if (wanted <= 0) return [];
    // ef below k would cut results short.
    graph.setEf(Math.max(options.ef ?? this.settings.efSearch, wanted));
    try {
      const filter = allowed === undefined ? undefined : (document: Document) => allowed.has(productIdOf(document) ?? "");
      const hits = await this.vectorStore.similaritySearchVectorWithScore([...query], wanted, filter);
      return hits.map(([document, distance]) => ({ productId: productIdOf(document) ?? "", similarity: 1 - distance }));
    } finally {
      graph.setEf(this.settings.efSearch);
    }
  }

  /**
   * The stored (unit-length) vectors of `productIds`, for those in the index; ids not
   * in it are left out. Used for relevance feedback and to score fusion candidates
   * that the vector list did not reach.
   */
  vectorsOf(productIds: Iterable<string>): Map<string, number[]> {
    this.#labelOf ??= new Map(this.#productIds.map((productId, label) => [productId, label]));
    const graph = this.vectorStore.index;
    const vectors = new Map<string, number[]>();
    for (const productId of productIds) {
      const label = this.#labelOf.get(productId);
      if (label !== undefined && !vectors.has(productId)) vectors.set(productId, graph.getPoint(label));
    }
    return vectors;
  }

  #exact(query: readonly number[], k: number, allowed: ReadonlySet<string>): VectorHit[] {
    const graph = this.vectorStore.index;
    let queryNorm = 0;
    for (const value of query) queryNorm += value * value;
    queryNorm = Math.sqrt(queryNorm);
    const hits: Array<VectorHit & { label: number }> = [];
    this.#productIds.forEach((productId, label) => {
      if (!allowed.has(productId)) return;
      // hnswlib stores cosine-space points normalised, so a dot product is the cosine.
      const point = graph.getPoint(label);
      let dot = 0;
      for (let index = 0; index < point.length; index++) dot += (point[index] as number) * (query[index] as number);
      hits.push({ productId, similarity: queryNorm === 0 ? 0 : dot / queryNorm, label });
    });
    hits.sort((left, right) => right.similarity - left.similarity || left.label - right.label);
    return hits.slice(0, k).map(({ productId, similarity }) => ({ productId, similarity }));
  }
}
