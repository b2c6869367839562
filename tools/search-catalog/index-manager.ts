/**
 * Life cycle of the catalogue's vector index: load the persisted index at first use,
 * build one when there is none, and rebuild in the background when the catalogue
 * changes while the previous index keeps answering. Files: index-files.ts.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { AppError, toAppError } from "../../src/core/errors.ts";
import type { Embedder, Logger } from "../../src/core/ports.ts";
import type { CatalogueSnapshot } from "./catalogue-cache.ts";
import { productText } from "./catalogue.ts";
import { isCorpusFittable } from "./corpus-embedder.ts";
import { EMBEDDER_STATE_FILE, FORMAT_VERSION, type ServingIndex, indexFolderName, loadIndex, saveIndex, writeManifest } from "./index-files.ts";
import { DEFAULT_HNSW_SETTINGS, type HnswSettings, VectorIndex } from "./vector-index.ts";

/** Texts embedded per step of a build, between yields to the event loop. */
const EMBED_CHUNK = 1_000;
/** After a failed build, the same catalogue version is not retried for this long. */
export const RETRY_FAILED_BUILD_AFTER_MS = 60_000;

/** The vector index a search may use, and in what state it is. */
export type VectorAccess =
  | { status: "ready"; serving: ServingIndex }
  | { status: "rebuilding"; serving: ServingIndex; note: string }
  | { status: "unavailable"; note: string };

/** Where a manager keeps its files, and how it builds. */
export interface IndexManagerOptions {
  /** `<dataDirectory>/indexes/catalog`, or undefined to keep the index in memory only. */
  directory: string | undefined;
  settings?: Partial<HnswSettings>;
  /** The build timestamp's clock (injectable for tests). */
  now?: () => Date;
}

async function embedAll(embedder: Embedder, texts: readonly string[]): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += EMBED_CHUNK) {
    vectors.push(...(await embedder.embedDocuments(texts.slice(start, start + EMBED_CHUNK))));
    // The local embedder is synchronous work; yielding keeps other requests flowing.
    await yieldToEventLoop();
  }
  if (vectors.length !== texts.length) {
    throw new AppError("embedder_mismatch", "upstream", `The embedder returned ${vectors.length} vectors for ${texts.length} products.`);
  }
  for (const vector of vectors) {
    if (!vector.every(Number.isFinite)) throw new AppError("embedder_bad_vector", "upstream", "The embedder returned a vector with a non-finite number.");
  }
  return vectors;
}

/** The phases of a build, for logs and benchmarks. */
export type BuildPhase = "fit" | "embed" | "hnsw";

/**
 * Builds a vector index of `snapshot`: fits the embedder on the catalogue when it can
 * be fitted (texts + categories), embeds every product and builds the HNSW graph.
 * `onPhase` hears how long each phase took.
 */
export async function buildServingIndex(
  snapshot: CatalogueSnapshot,
  embedder: Embedder,
  settings: HnswSettings,
  builtAt: Date,
  onPhase: (phase: BuildPhase, milliseconds: number) => void = () => {},
): Promise<ServingIndex> {
  const texts = snapshot.products.map(productText);
  const productIds = snapshot.products.map((product) => product.productId);
  let started = performance.now();
  const fitted = isCorpusFittable(embedder)
    ? await embedder.fitToCorpus(
        texts,
        snapshot.products.map((product) => product.category),
      )
    : embedder;
  onPhase("fit", performance.now() - started);
  started = performance.now();
  const vectors = await embedAll(fitted, texts);
  onPhase("embed", performance.now() - started);
  started = performance.now();
  const index = await VectorIndex.build(productIds, vectors, fitted, { settings });
  onPhase("hnsw", performance.now() - started);
  return {
    index,
    manifest: {
      format: FORMAT_VERSION,
      baseEmbedder: embedder.id,
      embedder: fitted.id,
      dimensions: index.dimensions,
      fingerprint: snapshot.version.fingerprint,
      textFingerprint: snapshot.version.textFingerprint,
      products: productIds.length,
      builtAt: builtAt.toISOString(),
      folder: indexFolderName(snapshot.version.textFingerprint),
      ...(fitted !== embedder ? { embedderState: EMBEDDER_STATE_FILE } : {}),
      hnsw: { ...settings },
    },
  };
}

/** Owns the vector index of one store's catalogue for one configured embedder. Keep one per app (memo). */
export class CatalogIndexManager {
  #serving: ServingIndex | undefined;
  #loadAttempt: Promise<void> | undefined;
  #build: { fingerprint: string; promise: Promise<ServingIndex> } | undefined;
  #failure: { fingerprint: string; atMs: number; message: string } | undefined;
  readonly #settings: HnswSettings;
  readonly #now: () => Date;

  constructor(
    private readonly embedder: Embedder,
    private readonly options: IndexManagerOptions,
  ) {
    this.#settings = { ...DEFAULT_HNSW_SETTINGS, ...options.settings };
    this.#now = options.now ?? (() => new Date());
  }

  /** The index in service (possibly stale), if any. */
  get serving(): ServingIndex | undefined {
    return this.#serving;
  }

  /** Resolves when no build is running (for tests, shutdown and benchmarks). */
  async whenIdle(): Promise<void> {
    while (this.#build !== undefined) await this.#build.promise.catch(() => undefined);
  }

  /**
   * The index to search `snapshot` with. Loads a persisted index on first use; builds
   * (and waits) when there is none; when the catalogue changed, starts a background
   * rebuild and answers with the previous index meanwhile.
   */
  async acquire(snapshot: CatalogueSnapshot, logger: Logger): Promise<VectorAccess> {
    this.#loadAttempt ??= this.#loadPersisted(logger);
    await this.#loadAttempt;
    const version = snapshot.version;
    const serving = this.#serving;
    if (serving !== undefined && serving.manifest.fingerprint === version.fingerprint) return { status: "ready", serving };
    if (serving !== undefined && serving.manifest.textFingerprint === version.textFingerprint) {
      // Only prices or stock changed: the vectors are still right, so re-stamp instead of rebuilding.
      this.#serving = { index: serving.index, manifest: { ...serving.manifest, fingerprint: version.fingerprint } };
      await this.#saveManifest(this.#serving, logger);
      return { status: "ready", serving: this.#serving };
    }
    if (version.products === 0) return { status: "unavailable", note: "the catalogue is empty" };

    const failure = this.#failure;
    const recentlyFailed =
      failure !== undefined && failure.fingerprint === version.fingerprint && performance.now() - failure.atMs < RETRY_FAILED_BUILD_AFTER_MS;
    if (!recentlyFailed) this.#startBuild(snapshot, logger);

    if (serving !== undefined) {
      const note = recentlyFailed
        ? `rebuilding the index for the changed catalogue failed (${failure?.message}); the index built at ${serving.manifest.builtAt} answered`
        : `the catalogue changed; a new index is being built and the one built at ${serving.manifest.builtAt} answered`;
      return { status: "rebuilding", serving, note };
    }
    const build = this.#build;
    if (recentlyFailed || build === undefined) {
      return { status: "unavailable", note: `building the vector index failed: ${failure?.message ?? "unknown error"}` };
    }
    try {
      const built = await build.promise;
      // The running build may have been for an older version: go round once more so the
      // newer catalogue gets its own build and this answer says it is stale.
      if (built.manifest.fingerprint !== version.fingerprint) return this.acquire(snapshot, logger);
      return { status: "ready", serving: built };
    } catch (error) {
      return { status: "unavailable", note: `building the vector index failed: ${toAppError(error).message}` };
    }
  }

  #startBuild(snapshot: CatalogueSnapshot, logger: Logger): void {
    // One build at a time: a change that lands mid-build is picked up by the next search.
    if (this.#build !== undefined) return;
    const fingerprint = snapshot.version.fingerprint;
    const promise = (async () => {
      // Let the search that noticed the change answer first; the build starts on the next turn.
      await yieldToEventLoop();
      const started = performance.now();
      try {
        const phases: Partial<Record<BuildPhase, number>> = {};
        const built = await buildServingIndex(snapshot, this.embedder, this.#settings, this.#now(), (phase, milliseconds) => {
          phases[phase] = Math.round(milliseconds);
        });
        await this.#save(built, logger);
        this.#serving = built;
        this.#failure = undefined;
        logger.info(
          { products: built.manifest.products, embedder: built.manifest.embedder, ms: Math.round(performance.now() - started), phases },
          "search_catalog: vector index built",
        );
        return built;
      } catch (error) {
        const appError = toAppError(error);
        this.#failure = { fingerprint, atMs: performance.now(), message: appError.message };
        logger.error({ err: error, fingerprint }, "search_catalog: building the vector index failed");
        throw appError;
      } finally {
        this.#build = undefined;
      }
    })();
    // A failed build is recorded above and reported by acquire(); this keeps it from surfacing as unhandled.
    promise.catch(() => undefined);
    this.#build = { fingerprint, promise };
  }

  async #save(built: ServingIndex, logger: Logger): Promise<void> {
    const directory = this.options.directory;
    if (directory === undefined) return;
    try {
      await saveIndex(directory, built);
    } catch (error) {
      // The index still serves from memory; only the next start pays a rebuild.
      logger.warn({ err: error, directory }, "search_catalog: could not save the vector index; it will be rebuilt at the next start");
    }
  }

  async #saveManifest(serving: ServingIndex, logger: Logger): Promise<void> {
    const directory = this.options.directory;
    if (directory === undefined) return;
    try {
      await writeManifest(directory, serving.manifest);
    } catch (error) {
      logger.warn({ err: error, directory }, "search_catalog: could not update the vector index manifest");
    }
  }

  async #loadPersisted(logger: Logger): Promise<void> {
    const directory = this.options.directory;
    if (directory === undefined) return;
    const outcome = await loadIndex(directory, this.embedder, this.#settings);
    if ("loaded" in outcome) {
      this.#serving = outcome.loaded;
      logger.info(
        { products: outcome.loaded.manifest.products, builtAt: outcome.loaded.manifest.builtAt },
        "search_catalog: loaded the saved vector index",
      );
    } else if ("failed" in outcome) {
      logger.warn({ err: outcome.failed, directory }, "search_catalog: could not load the saved vector index; it will be rebuilt");
    } else if (outcome.skipped === "other-embedder") {
      logger.info(
        { saved: outcome.detail, configured: this.embedder.id },
        "search_catalog: the saved vector index was built by another embedder; it will be rebuilt",
      );
    }
  }
}
