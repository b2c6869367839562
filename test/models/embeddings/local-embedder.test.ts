import { Embeddings } from "@langchain/core/embeddings";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import { FittedLocalEmbedder, LocalEmbedder } from "../../../src/models/embeddings/local-embedder.ts";

function cosine(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  for (let index = 0; index < left.length; index++) dot += (left[index] as number) * (right[index] as number);
  return dot;
}

function norm(vector: readonly number[]): number {
  return Math.sqrt(cosine(vector, vector));
}

// A tiny catalogue: warm things share "cosy", "wool", "winter"; tea things share "tea", "ceramic".
const corpus = [
  "Wool Throw. Throws & Blankets. A cosy wool throw for winter evenings on the sofa.",
  "Fleece Blanket. Throws & Blankets. A cosy fleece blanket for cold winter nights.",
  "Knitted Throw. Throws & Blankets. Chunky wool, cosy and warm all winter.",
  "Hot Water Bottle. Throws & Blankets. A cosy knitted cover keeps you warm in winter.",
  "Ceramic Teapot. Tea & Coffee. A ceramic teapot that brews four cups of tea.",
  "Porcelain Teapot. Tea & Coffee. Fine porcelain teapot for afternoon tea.",
  "Tea Caddy. Tea & Coffee. Keeps loose leaf tea fresh; ceramic with a lid.",
  "Ceramic Mug. Tea & Coffee. A ceramic mug for tea or coffee.",
];
const labels = corpus.map((text) => text.split(". ")[1] as string);

describe("LocalEmbedder (unfitted hashing)", () => {
  const embedder = new LocalEmbedder({ dimensions: 64 });

  it("is a LangChain Embeddings with a descriptive id", () => {
    expect(embedder).toBeInstanceOf(Embeddings);
    expect(embedder.id).toBe("local-hash-v1:d64:ng3-5x0.5");
    expect(embedder.dimensions).toBe(64);
  });

  it("returns unit vectors, the same every time", async () => {
    const [first] = await embedder.embedDocuments(["Blue enamel mug"]);
    expect(first).toHaveLength(64);
    expect(norm(first as number[])).toBeCloseTo(1, 12);
    expect(await embedder.embedQuery("Blue enamel mug")).toEqual(first);
  });

  it("embeds a text without words as the zero vector", async () => {
    expect((await embedder.embedQuery("the and of !!!")).every((value) => value === 0)).toBe(true);
  });

  it("puts spelling variants closer than different products", async () => {
    const [teapot, teapots, blanket] = await embedder.embedDocuments(["teapot", "teapots", "blanket"]);
    expect(cosine(teapot as number[], teapots as number[])).toBeGreaterThan(cosine(teapot as number[], blanket as number[]));
  });

  it("refuses fewer than two dimensions", () => {
    expect(() => new LocalEmbedder({ dimensions: 1 })).toThrow(AppError);
  });
});

describe("FittedLocalEmbedder (TF-IDF + LSA fitted on a corpus)", () => {
  // Two dimensions for a corpus with two topics (warm things, tea things).
  const base = new LocalEmbedder({ dimensions: 2, minDocumentFrequency: 1 });

  it("learns co-occurrence: a query meets products it shares no word with", async () => {
    const fitted = await base.fitToCorpus(corpus, labels);
    const query = await fitted.embedQuery("something to keep warm");
    const documents = await fitted.embedDocuments(corpus);
    // "Fleece Blanket" never says "warm", yet sits with the warm things, far from teapots.
    expect(cosine(query, documents[1] as number[])).toBeGreaterThan(0.9);
    expect(Math.abs(cosine(query, documents[4] as number[]))).toBeLessThan(0.1);
    expect(cosine(documents[0] as number[], documents[1] as number[])).toBeGreaterThan(cosine(documents[0] as number[], documents[5] as number[]));
  });

  it("is deterministic and names its corpus in its id", async () => {
    const first = await base.fitToCorpus(corpus, labels);
    const second = await base.fitToCorpus(corpus, labels);
    expect(second.id).toBe(first.id);
    expect(first.id).toMatch(/^local-lsa-v1:d2:s0\.5:corpus-[0-9a-f]{16}$/);
    expect(await second.embedDocuments(corpus)).toEqual(await first.embedDocuments(corpus));
    const other = await base.fitToCorpus(corpus.slice(1), labels.slice(1));
    expect(other.id).not.toBe(first.id);
    expect(first.fitted).toEqual({ documents: 8, features: expect.any(Number), realDimensions: 2 });
  });

  it("works without labels, and refuses labels that do not line up", async () => {
    const unlabelled = await base.fitToCorpus(corpus);
    expect(norm(await unlabelled.embedQuery("cosy wool"))).toBeCloseTo(1, 10);
    await expect(base.fitToCorpus(corpus, ["only one"])).rejects.toMatchObject({ code: "invalid_fit_input" });
  });

  it("embeds unknown words as zero and pads dimensions a tiny corpus cannot fill", async () => {
    const fitted = await new LocalEmbedder({ dimensions: 16, minDocumentFrequency: 1 }).fitToCorpus(["red mug", "blue mug"]);
    expect((await fitted.embedQuery("zebra")).every((value) => value === 0)).toBe(true);
    expect(fitted.fitted.realDimensions).toBeLessThanOrEqual(2);
    expect(await fitted.embedQuery("red mug")).toHaveLength(16);
  });

  it("round-trips through serialize/restoreFitted with identical vectors", async () => {
    const fitted = await base.fitToCorpus(corpus, labels);
    const bytes = fitted.serialize();
    // Restore from an unaligned view to prove the reader copes with any buffer offset.
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    const restored = base.restoreFitted(shifted.subarray(1));
    expect(restored).toBeInstanceOf(FittedLocalEmbedder);
    expect(restored.id).toBe(fitted.id);
    expect(await restored.embedDocuments(corpus)).toEqual(await fitted.embedDocuments(corpus));
  });

  it("refuses bytes that are not a saved embedder, saying how to recover", () => {
    expect(() => FittedLocalEmbedder.deserialize(new Uint8Array([1, 2]))).toThrow(/delete the index folder/);
    const garbage = new Uint8Array(64);
    new DataView(garbage.buffer).setUint32(0, 8, true);
    garbage.set(new TextEncoder().encode('{"x":1} '), 4);
    expect(() => FittedLocalEmbedder.deserialize(garbage)).toThrow(/not a local embedder file/);
  });
});
