import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../../src/core/errors.ts";
import type { Embedder } from "../../../src/core/ports.ts";
import type { ToolContext } from "../../../src/core/tool.ts";
import { runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { FittedLocalEmbedder, LocalEmbedder } from "../../../src/models/embeddings/local-embedder.ts";
import { catalogIndexManagerOf, prepareCatalogSearch, searchCatalogTool } from "../../../tools/search-catalog/index.ts";
import type { CatalogIndexManager } from "../../../tools/search-catalog/index-manager.ts";
import { memoryStore } from "../../helpers/context.ts";
import { insertProducts, searchContext } from "./fixtures.ts";

/** The local embedder, counting how often it is fitted (a fit means a build). */
class CountingEmbedder extends LocalEmbedder {
  fits = 0;

  override async fitToCorpus(texts: readonly string[], labels?: readonly (string | null)[]): Promise<FittedLocalEmbedder> {
    this.fits++;
    return super.fitToCorpus(texts, labels);
  }
}

/** An embedder whose endpoint is down. */
const brokenEmbedder: Embedder = {
  id: "openai:down@127.0.0.1:9",
  dimensions: 4,
  embedDocuments: async () => {
    throw new UpstreamError("embeddings_unreachable", "Could not connect to the embeddings endpoint.");
  },
  embedQuery: async () => {
    throw new UpstreamError("embeddings_unreachable", "Could not connect to the embeddings endpoint.");
  },
};

let store: DuckDbStore;
let dataDirectory: string;

beforeEach(async () => {
  store = await memoryStore();
  await insertProducts(store);
  dataDirectory = await mkdtemp(path.join(tmpdir(), "bullseye-search-test-"));
});

afterEach(async () => {
  await store.close();
  await rm(dataDirectory, { recursive: true, force: true });
});

const indexDirectory = () => path.join(dataDirectory, "indexes", "catalog");

async function manifest(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(indexDirectory(), "manifest.json"), "utf8")) as Record<string, unknown>;
}

function managerOf(context: ToolContext): CatalogIndexManager {
  return catalogIndexManagerOf(context) as CatalogIndexManager;
}

describe("search_catalog vector index life cycle", () => {
  it("persists the index with a manifest, and a second app loads it instead of rebuilding", async () => {
    const first = new CountingEmbedder({ dimensions: 32 });
    const firstContext = searchContext(store, { embedder: first, dataDirectory });
    const before = await runTool(searchCatalogTool, { query: "tea party" }, firstContext);
    expect(first.fits).toBe(1);

    const saved = await manifest();
    expect(saved).toMatchObject({
      format: 1,
      baseEmbedder: first.id,
      embedder: before.retrieval.vector.embedder,
      dimensions: 32,
      products: 10,
      builtAt: "2026-11-01T12:00:00.000Z",
      embedderState: "embedder.bin",
      hnsw: { m: 32, efConstruction: 200, efSearch: 256, seed: 100 },
    });
    expect(saved.fingerprint).toMatch(/^10-\d+$/);
    const folder = String(saved.folder);
    expect((await readdir(path.join(indexDirectory(), folder))).sort()).toEqual(["args.json", "docstore.json", "embedder.bin", "hnswlib.index"]);

    // A new app (fresh memo) over the same store and data directory.
    const second = new CountingEmbedder({ dimensions: 32 });
    const secondContext = searchContext(store, { embedder: second, dataDirectory });
    const after = await runTool(searchCatalogTool, { query: "tea party" }, secondContext);
    expect(second.fits).toBe(0);
    expect(after.retrieval.vector.status).toBe("ready");
    const { timingMs: _before, ...expected } = before;
    const { timingMs: _after, ...actual } = after;
    expect(actual).toEqual(expected);
  });

  it("rebuilds in the background when the catalogue changes, answering with the old index meanwhile", async () => {
    const embedder = new CountingEmbedder({ dimensions: 32 });
    const context = searchContext(store, { embedder, dataDirectory });
    const original = await runTool(searchCatalogTool, { query: "winter" }, context);
    const originalFolder = String((await manifest()).folder);

    await store.run("UPDATE products SET name = 'Wool Winter Throw', description = 'A wool throw for winter.' WHERE product_id = 'P05'");
    await store.run("DELETE FROM products WHERE product_id = 'P07'");
    const during = await runTool(searchCatalogTool, { query: "winter", limit: 50 }, context);
    expect(during.retrieval.vector.status).toBe("rebuilding");
    expect(during.retrieval.vector.note).toContain("the catalogue changed");
    expect(during.retrieval.vector.embedder).toBe(original.retrieval.vector.embedder);
    expect(during.summary).toContain("vector index being rebuilt");
    // The old index still holds P07, but a deleted product is never returned.
    expect(during.results.map((result) => result.productId)).not.toContain("P07");
    expect(during.catalogue.products).toBe(9);

    await managerOf(context).whenIdle();
    expect(embedder.fits).toBe(2);
    const after = await runTool(searchCatalogTool, { query: "winter" }, context);
    expect(after.retrieval.vector.status).toBe("ready");
    expect(after.retrieval.vector.embedder).not.toBe(original.retrieval.vector.embedder);
    const saved = await manifest();
    expect(saved.products).toBe(9);
    expect(saved.folder).not.toBe(originalFolder);
    // The old index folder is gone once the new one is in place.
    expect((await readdir(indexDirectory())).filter((entry) => entry.startsWith("idx-"))).toEqual([saved.folder]);
  });

  it("re-stamps instead of rebuilding when only prices or stock change", async () => {
    const embedder = new CountingEmbedder({ dimensions: 32 });
    const context = searchContext(store, { embedder, dataDirectory });
    await runTool(searchCatalogTool, { query: "teapot" }, context);
    const fingerprint = (await manifest()).fingerprint;
    await store.run("UPDATE products SET price = 99, in_stock = false WHERE product_id = 'P01'");
    const output = await runTool(searchCatalogTool, { query: "teapot" }, context);
    expect(output.retrieval.vector.status).toBe("ready");
    expect(embedder.fits).toBe(1);
    expect((await manifest()).fingerprint).not.toBe(fingerprint);
    expect(output.results.find((result) => result.productId === "P01")).toMatchObject({ price: 99, inStock: false });
  });

  it("rebuilds an index that another embedder made", async () => {
    await runTool(searchCatalogTool, { query: "teapot" }, searchContext(store, { embedder: new LocalEmbedder({ dimensions: 32 }), dataDirectory }));
    const other = new CountingEmbedder({ dimensions: 16 });
    const output = await runTool(searchCatalogTool, { query: "teapot" }, searchContext(store, { embedder: other, dataDirectory }));
    expect(other.fits).toBe(1);
    expect(output.retrieval.vector.embedder).toMatch(/^local-lsa-v1:d16:/);
    expect((await manifest()).baseEmbedder).toBe(other.id);
  });

  it("rebuilds when the saved files are damaged", async () => {
    const first = searchContext(store, { embedder: new LocalEmbedder({ dimensions: 32 }), dataDirectory });
    await runTool(searchCatalogTool, { query: "teapot" }, first);
    await writeFile(path.join(indexDirectory(), String((await manifest()).folder), "embedder.bin"), "not an embedder");
    const embedder = new CountingEmbedder({ dimensions: 32 });
    const output = await runTool(searchCatalogTool, { query: "teapot" }, searchContext(store, { embedder, dataDirectory }));
    expect(embedder.fits).toBe(1);
    expect(output.retrieval.vector.status).toBe("ready");
  });

  it("falls back to keywords and says why when the embedder fails", async () => {
    const output = await runTool(searchCatalogTool, { query: "teapot" }, searchContext(store, { embedder: brokenEmbedder, dataDirectory }));
    expect(output.retrieval.method).toBe("bm25");
    expect(output.retrieval.vector.status).toBe("unavailable");
    expect(output.retrieval.vector.note).toContain("Could not connect to the embeddings endpoint");
    expect(output.results.map((result) => result.productId)).toContain("P01");
  });

  it("answers with keywords when the embeddings endpoint fails at query time", async () => {
    let down = false;
    const flaky: Embedder = {
      id: "openai:flaky@127.0.0.1:9",
      dimensions: 3,
      embedDocuments: async (texts) => texts.map((text) => [text.length, text.includes("tea") ? 1 : 0, 1]),
      embedQuery: async (text) => {
        if (down) throw new UpstreamError("embeddings_timeout", "The embeddings endpoint did not answer within 100 ms.");
        return [text.length, text.includes("tea") ? 1 : 0, 1];
      },
    };
    const context = searchContext(store, { embedder: flaky });
    expect((await runTool(searchCatalogTool, { query: "teapot" }, context)).retrieval.method).toBe("hybrid");
    down = true;
    const output = await runTool(searchCatalogTool, { query: "teapot" }, context);
    expect(output.retrieval.method).toBe("bm25");
    expect(output.retrieval.vector.status).toBe("unavailable");
    expect(output.retrieval.vector.note).toContain("embedding the query failed: The embeddings endpoint did not answer");
    expect(output.results[0]?.productId).toMatch(/^P0[12]$/);
  });

  it("keeps the index in memory when the store has no data directory", async () => {
    const context = searchContext(store);
    await prepareCatalogSearch(context);
    expect(managerOf(context).serving?.manifest.products).toBe(10);
    expect(await readdir(dataDirectory)).toEqual([]);
  });
});
