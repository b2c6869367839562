import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, NotFoundError, ValidationError } from "../../../src/core/errors.ts";
import { runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { searchCatalogTool } from "../../../tools/search-catalog/index.ts";
import { memoryStore } from "../../helpers/context.ts";
import { PRODUCTS, insertProducts, searchContext } from "./fixtures.ts";

let store: DuckDbStore;

beforeEach(async () => {
  store = await memoryStore();
});

afterEach(async () => {
  await store.close();
});

async function search(input: unknown, context = searchContext(store)) {
  return runTool(searchCatalogTool, input, context);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("search_catalog input limits", () => {
  it.each([
    [{ query: "" }, "query", ">=1"],
    [{ query: "x".repeat(501) }, "query", "<=500"],
    [{ query: "mug", limit: 0 }, "limit", ">=1"],
    [{ query: "mug", limit: 51 }, "limit", "<=50"],
    [{ query: "mug", limit: 2.5 }, "limit", "int"],
    [{ query: "mug", minPrice: -1 }, "minPrice", ">=0"],
    [{ query: "mug", maxPrice: 2_000_000 }, "maxPrice", "<=1000000"],
    [{ query: "mug", minPrice: 20, maxPrice: 10 }, "maxPrice", "at least minPrice (20)"],
    [{ query: "mug", category: "" }, "category", ">=1"],
  ])("refuses %j naming %s and the limit", async (input, field, limit) => {
    const error = await rejection(search(input));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(field);
    expect(error.message).toContain(limit);
  });

  it("refuses unknown fields", async () => {
    const error = await rejection(search({ query: "mug", colour: "blue" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("colour");
  });

  it("accepts the documented examples", () => {
    for (const example of searchCatalogTool.examples) expect(searchCatalogTool.inputSchema.safeParse(example.input).success).toBe(true);
    expect(searchCatalogTool.examples.length).toBeGreaterThanOrEqual(4);
  });
});

describe("search_catalog world rules", () => {
  it("says an empty catalogue is empty, as a user error", async () => {
    const error = await rejection(search({ query: "teapot" }));
    expect(error.code).toBe("empty_catalogue");
    expect(error.category).toBe("user");
    expect(error.message).toContain("Import products");
  });

  it("counts a catalogue of non-product codes only as empty", async () => {
    await insertProducts(store, PRODUCTS.filter((product) => product.isProduct === false));
    expect((await rejection(search({ query: "postage" }))).code).toBe("empty_catalogue");
  });

  it("names the real categories when the category is unknown", async () => {
    await insertProducts(store);
    const error = await rejection(search({ query: "teapot", category: "Garden" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe("unknown_category");
    expect(error.message).toContain("Tea & Coffee");
    expect(error.message).toContain("Throws & Blankets");
  });

  it("refuses a query with no searchable words", async () => {
    await insertProducts(store);
    const error = await rejection(search({ query: "the of and !!" }));
    expect(error.code).toBe("query_has_no_words");
    expect(error.category).toBe("user");
  });
});

describe("search_catalog results", () => {
  beforeEach(async () => {
    await insertProducts(store);
  });

  it("finds products by keywords and meaning, fused, with ids, prices and retrievers", async () => {
    const output = await search({ query: "teapots", limit: 5 });
    expect(output.retrieval.method).toBe("hybrid");
    expect(output.retrieval.vector.status).toBe("ready");
    expect(output.retrieval.vector.embedder).toMatch(/^local-lsa-v1:d32:/);
    const ids = output.results.map((result) => result.productId);
    expect(ids.slice(0, 2).sort()).toEqual(["P01", "P02"]);
    const [top] = output.results;
    expect(top?.foundBy).toEqual(["bm25", "vector"]);
    expect(top?.ranks.bm25).toBeDefined();
    expect(top?.score).toBeGreaterThan(0);
    expect(top?.score).toBeLessThanOrEqual(1);
    expect(output.results.every((result, index) => index === 0 || result.score <= (output.results[index - 1]?.score ?? 1))).toBe(true);
    expect(output.catalogue).toMatchObject({ products: 10, eligible: 10, keywordMatches: 2 });
    expect(output.summary).toContain("P01");
    expect(output.summary.length).toBeLessThanOrEqual(700);
  });

  it("never returns non-product codes", async () => {
    const output = await search({ query: "postage teapot delivery", limit: 50 });
    expect(output.results.map((result) => result.productId)).not.toContain("POST");
  });

  it("filters by price, stock and category (case-insensitive) before ranking", async () => {
    const warm = await search({ query: "keep warm in winter", limit: 50, maxPrice: 40, inStockOnly: true });
    const ids = warm.results.map((result) => result.productId);
    expect(ids).toContain("P07");
    expect(ids).not.toContain("P05"); // 59: too dear
    expect(ids).not.toContain("P06"); // out of stock
    expect(ids).not.toContain("P10"); // no price
    expect(warm.results.every((result) => result.inStock && (result.price ?? Infinity) <= 40)).toBe(true);
    const teaOnly = await search({ query: "tea party", category: "tea & coffee" });
    expect(teaOnly.filters.category).toBe("Tea & Coffee");
    expect(teaOnly.results.every((result) => result.category === "Tea & Coffee")).toBe(true);
    expect(teaOnly.results.map((result) => result.productId)).toContain("P02");
  });

  it("returns no results with a reason when no product passes the filters", async () => {
    const output = await search({ query: "teapot", minPrice: 500 });
    expect(output.results).toEqual([]);
    expect(output.catalogue.eligible).toBe(0);
    expect(output.summary).toContain("no product passes the filters");
  });

  it("returns no results with a reason when nothing matches", async () => {
    const output = await search({ query: "zebra" });
    expect(output.results).toEqual([]);
    expect(output.summary).toContain('no product matches "zebra"');
    expect(output.retrieval.vector.note).toContain("no word of the query is known");
  });

  it("runs on keywords alone without an embedder, and says so", async () => {
    const output = await search({ query: "teapot" }, searchContext(store, { embedder: null }));
    expect(output.retrieval.method).toBe("bm25");
    expect(output.retrieval.vector.status).toBe("off");
    expect(output.retrieval.vector.note).toContain("no embedder");
    expect(output.results.every((result) => result.foundBy.join() === "bm25")).toBe(true);
    expect(output.summary).toContain("keyword search only");
  });

  it("gives the same output for the same data and input", async () => {
    const input = { query: "cosy winter evenings", limit: 8 };
    const { timingMs: _first, ...first } = await search(input);
    const { timingMs: _second, ...second } = await search(input, searchContext(store));
    expect(second).toEqual(first);
  });
});

describe("search_catalog on a one-product catalogue", () => {
  it("finds the one product and handles a limit above the catalogue size", async () => {
    await insertProducts(store, [PRODUCTS[0] as (typeof PRODUCTS)[number]]);
    const output = await search({ query: "teapot", limit: 50 });
    expect(output.results.map((result) => result.productId)).toEqual(["P01"]);
    expect(output.results[0]?.score).toBeCloseTo(1, 12);
  });
});
