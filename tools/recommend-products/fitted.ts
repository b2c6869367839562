/**
 * Fitting on the store, with reuse: a fitted recommender is kept in `context.memo` per
 * (store, as-of date, data fingerprint, embedder), so repeated calls — a chat turn after
 * another, a campaign asking segment after segment — do not refit. At most
 * `MAX_KEPT_FITS` fits are kept (least recently used goes first), since each holds an
 * EASE matrix of up to 2,500² numbers (50 MB).
 */
import { AppError } from "../../src/core/errors.ts";
import type { ToolContext } from "../../src/core/tool.ts";
import { signalsAt, type Signals } from "./blend.ts";
import { type ContentNeighbours, contentNeighbours } from "./content.ts";
import { type Catalogue, dataFingerprint, loadCatalogue, loadPurchaseLines } from "./load.ts";
import { fitRecommender, type RecommenderModel } from "./model.ts";

/** Fits kept at once. */
export const MAX_KEPT_FITS = 2;
/** Content neighbours kept per product (≥ the largest `limit`). */
export const CONTENT_NEIGHBOURS = 50;

/** A fitted recommender plus what the tool needs around it. */
export interface FittedRecommender {
  asOf: string;
  model: RecommenderModel;
  signals: Signals;
  catalogue: Catalogue;
  /** 1 for product indexes that may be recommended (in stock, merchandise). */
  available: Uint8Array;
  /** The embedder's id when content similarity is on. */
  embedderId: string | undefined;
  /** Display name of a product index. */
  productName: (product: number) => string;
}

/** A small least-recently-used map of fits in progress or done. */
class FitCache {
  readonly #entries = new Map<string, Promise<FittedRecommender>>();

  constructor(private readonly capacity: number) {}

  get(key: string, create: () => Promise<FittedRecommender>): Promise<FittedRecommender> {
    const existing = this.#entries.get(key);
    if (existing !== undefined) {
      // Re-insert so the map's order stays least-recently-used first.
      this.#entries.delete(key);
      this.#entries.set(key, existing);
      return existing;
    }
    const created = create();
    this.#entries.set(key, created);
    // A failed fit must not stay cached: the next call should try again.
    created.catch(() => {
      if (this.#entries.get(key) === created) this.#entries.delete(key);
    });
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return created;
  }
}

async function fit(context: ToolContext, asOf: string): Promise<FittedRecommender> {
  const { store } = context;
  const [lines, catalogue] = await Promise.all([loadPurchaseLines(store, asOf), loadCatalogue(store)]);
  if (lines.length === 0) {
    throw new AppError(
      "not_enough_data",
      "user",
      `not enough data: there are no sales before ${asOf}, so there is nothing to learn recommendations from. Use a later asOf (or leave it out to use all the data).`,
      { details: { asOf } },
    );
  }
  const started = performance.now();
  const model = fitRecommender(lines, catalogue.ids);
  context.logger.debug(
    { tool: "recommend_products", asOf, lines: lines.length, products: model.matrix.productIds.length, ms: Math.round(performance.now() - started) },
    "fitted recommender",
  );
  const { productIds } = model.matrix;
  let content: ContentNeighbours | undefined;
  const embedder = context.embedder;
  if (embedder !== undefined) {
    const vectors = await embedder.embedDocuments(productIds.map((id) => catalogue.texts.get(id) ?? id));
    content = contentNeighbours(vectors, CONTENT_NEIGHBOURS);
  }
  const now = Date.parse(`${asOf}T00:00:00Z`);
  const available = Uint8Array.from(productIds, (id) => (catalogue.available.has(id) ? 1 : 0));
  return {
    asOf,
    model,
    signals: signalsAt(model, now, content),
    catalogue,
    available,
    embedderId: embedder?.id,
    productName: (product) => {
      const id = productIds[product] as string;
      return catalogue.names.get(id) ?? id;
    },
  };
}

/** The fitted recommender for `asOf`, fitted now or reused while the data is unchanged. */
export async function fittedRecommender(context: ToolContext, asOf: string): Promise<FittedRecommender> {
  const fingerprint = await dataFingerprint(context.store);
  const key = [context.store.location, asOf, fingerprint, context.embedder?.id ?? "no-embedder"].join("|");
  const cache = context.memo("recommend_products:fits", () => new FitCache(MAX_KEPT_FITS));
  return cache.get(key, () => fit(context, asOf));
}
