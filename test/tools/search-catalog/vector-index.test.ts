import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import type { Embedder } from "../../../src/core/ports.ts";
import { seededGaussian } from "../../../src/models/embeddings/hashing.ts";
import { EXACT_SEARCH_LIMIT, VectorIndex } from "../../../tools/search-catalog/vector-index.ts";

/** The index never calls the embedder itself; searches take vectors. */
const embedder: Embedder = {
  id: "test-vectors",
  dimensions: 8,
  embedDocuments: async (texts) => texts.map(() => new Array(8).fill(0)),
  embedQuery: async () => new Array(8).fill(0),
};

function unit(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/** Seeded unit vectors. */
function vectors(count: number, seed: number): number[][] {
  const gaussian = seededGaussian(seed);
  return Array.from({ length: count }, () => unit(Array.from({ length: 8 }, () => gaussian())));
}

function bruteForce(query: number[], all: number[][], ids: string[], k: number, allowed?: Set<string>): string[] {
  return all
    .map((vector, index) => ({ id: ids[index] as string, score: vector.reduce((sum, value, d) => sum + value * (query[d] as number), 0) }))
    .filter((entry) => allowed === undefined || allowed.has(entry.id))
    .sort((left, right) => right.score - left.score)
    .slice(0, k)
    .map((entry) => entry.id);
}

const COUNT = EXACT_SEARCH_LIMIT + 1_000;
const all = vectors(COUNT, 1);
const ids = all.map((_, index) => `P${String(index).padStart(5, "0")}`);
let index: VectorIndex;
let directory: string;

beforeAll(async () => {
  index = await VectorIndex.build(ids, all, embedder);
  directory = await mkdtemp(path.join(tmpdir(), "bullseye-vector-index-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("VectorIndex (LangChain HNSWLib over hnswlib-node)", () => {
  const queries = vectors(20, 2);

  it("finds the exact nearest neighbours of seeded vectors", async () => {
    let found = 0;
    for (const query of queries) {
      const hits = await index.search(query, 10);
      expect(hits).toHaveLength(10);
      const truth = new Set(bruteForce(query, all, ids, 10));
      found += hits.filter((hit) => truth.has(hit.productId)).length;
      expect(hits[0]?.similarity).toBeGreaterThan(hits[9]?.similarity ?? 1);
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it("returns cosine similarity: a stored vector finds itself at 1", async () => {
    const [hit] = await index.search(all[42] as number[], 1);
    expect(hit?.productId).toBe(ids[42]);
    expect(hit?.similarity).toBeCloseTo(1, 5);
  });

  it("searches a small allowed set exactly", async () => {
    const allowed = new Set(ids.filter((_, position) => position % 7 === 0).slice(0, 300));
    for (const query of queries.slice(0, 5)) {
      const hits = await index.search(query, 10, { allowed });
      expect(hits.map((hit) => hit.productId)).toEqual(bruteForce(query, all, ids, 10, allowed));
    }
  });

  it("keeps recall under a large filter (hnswlib's filtered search keeps looking)", async () => {
    const allowed = new Set(ids.filter((_, position) => position % 5 !== 0));
    expect(allowed.size).toBeGreaterThan(EXACT_SEARCH_LIMIT);
    let found = 0;
    for (const query of queries) {
      const hits = await index.search(query, 10, { allowed });
      expect(hits.every((hit) => allowed.has(hit.productId))).toBe(true);
      const truth = new Set(bruteForce(query, all, ids, 10, allowed));
      found += hits.filter((hit) => truth.has(hit.productId)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it("asks for no more than the index holds and returns nothing for an empty allowed set", async () => {
    const small = await VectorIndex.build(["a", "b"], [unit([1, 0, 0, 0, 0, 0, 0, 0]), unit([0, 1, 0, 0, 0, 0, 0, 0])], embedder);
    expect((await small.search(unit([1, 1, 0, 0, 0, 0, 0, 0]), 10)).map((hit) => hit.productId).sort()).toEqual(["a", "b"]);
    expect(await small.search(unit([1, 0, 0, 0, 0, 0, 0, 0]), 10, { allowed: new Set() })).toEqual([]);
  });

  it("reads stored vectors back by product id, at unit length, skipping unknown ids", async () => {
    const stored = index.vectorsOf([ids[3] as string, "nope", ids[3] as string, ids[7] as string]);
    expect([...stored.keys()]).toEqual([ids[3], ids[7]]);
    const three = stored.get(ids[3] as string) as number[];
    expect(Math.hypot(...three)).toBeCloseTo(1, 5);
    three.forEach((value, dimension) => expect(value).toBeCloseTo((all[3] as number[])[dimension] as number, 5));
  });

  it("saves and loads the same index", async () => {
    await index.save(directory);
    const loaded = await VectorIndex.load(directory, embedder);
    expect(loaded.size).toBe(COUNT);
    expect(loaded.dimensions).toBe(8);
    for (const query of queries.slice(0, 5)) expect(await loaded.search(query, 10)).toEqual(await index.search(query, 10));
  });

  it("refuses vectors that do not line up with the products", async () => {
    await expect(VectorIndex.build(["a"], [], embedder)).rejects.toBeInstanceOf(AppError);
    await expect(VectorIndex.build(["a", "b"], [[1, 0], [1, 0, 0]], embedder)).rejects.toThrow(/3-dimensional/);
  });
});
