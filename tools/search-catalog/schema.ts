/**
 * Input and output of `search_catalog`. Shape rules (lengths, ranges, unknown fields)
 * live here; world rules (is there a catalogue, does the category exist) live in the tool.
 */
import { z } from "zod";

export const MAX_QUERY_LENGTH = 500;
export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 10;
/** Prices above this are surely a typo (the store's currency units). */
export const MAX_PRICE = 1_000_000;

/** Names of the retrievers, as results report them. */
export const RETRIEVERS = ["bm25", "vector"] as const;
export type RetrieverName = (typeof RETRIEVERS)[number];

const price = z.number().min(0).max(MAX_PRICE);

export const searchCatalogInputSchema = z
  .object({
    query: z
      .string()
      .trim()
      .min(1)
      .max(MAX_QUERY_LENGTH)
      .describe(
        'What the shopper or marketer is looking for, in plain words: a product ("blue enamel mug"), a need ("keep warm in winter") ' +
          'or an occasion ("things for a tea party"). 1–500 characters.',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIMIT)
      .default(DEFAULT_LIMIT)
      .describe(`How many products to return, 1–${MAX_LIMIT}; default ${DEFAULT_LIMIT}.`),
    minPrice: price.optional().describe("Only products costing at least this much (store currency, inclusive)."),
    maxPrice: price.optional().describe("Only products costing at most this much (store currency, inclusive)."),
    category: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('Only products in this category, as named in the catalogue (case-insensitive), e.g. "Kitchen & Dining".'),
    inStockOnly: z.boolean().default(false).describe("Only products that are in stock; default false (out-of-stock products are included and flagged)."),
  })
  .strict()
  .superRefine((input, context) => {
    if (input.minPrice !== undefined && input.maxPrice !== undefined && input.minPrice > input.maxPrice) {
      context.addIssue({ code: "custom", path: ["maxPrice"], message: `must be at least minPrice (${input.minPrice})` });
    }
  })
  .describe("A catalogue search: the query, how many results, and optional filters on price, category and stock.");

export type SearchCatalogInput = z.output<typeof searchCatalogInputSchema>;

const rank = z.number().int().min(1);

const resultSchema = z.object({
  productId: z.string().describe("The product's id in the store; pass it to other tools and use it in copy."),
  name: z.string().describe("Product name as in the catalogue."),
  category: z.string().nullable().describe("Product category, or null when the catalogue has none."),
  price: z.number().nullable().describe("Current price in the store's currency, or null when unknown."),
  inStock: z.boolean().describe("Whether the product is in stock."),
  score: z
    .number()
    .min(0)
    .max(1)
    .describe(
      "Fused relevance, 0–1: the weighted mean of each retriever's score divided by its best score in this search, so 1 = the top score of every retriever used.",
    ),
  foundBy: z.array(z.enum(RETRIEVERS)).min(1).describe("Which retrievers found it: bm25 (keywords) and/or vector (meaning)."),
  ranks: z
    .object({
      bm25: rank.optional().describe("Rank in the keyword (BM25) list, 1 = best; absent when BM25 did not find it."),
      vector: rank.optional().describe("Rank in the vector-similarity list, 1 = best; absent when vector search did not find it."),
    })
    .describe("Per-retriever ranks behind the fused score."),
});

const vectorStatus = z.enum(["ready", "rebuilding", "off", "unavailable"]);

export const searchCatalogOutputSchema = z.object({
  query: z.string().describe("The query as searched (trimmed)."),
  results: z.array(resultSchema).describe("Matching products, best first."),
  filters: z
    .object({
      minPrice: z.number().optional().describe("Lowest price allowed."),
      maxPrice: z.number().optional().describe("Highest price allowed."),
      category: z.string().optional().describe("Category, as spelled in the catalogue."),
      inStockOnly: z.boolean().describe("Whether out-of-stock products were left out."),
    })
    .describe("Filters applied before ranking."),
  catalogue: z
    .object({
      products: z.number().int().min(0).describe("Searchable products (is_product = true) in the catalogue."),
      eligible: z.number().int().min(0).describe("Products that pass the filters."),
      keywordMatches: z.number().int().min(0).describe("Eligible products containing at least one query term."),
    })
    .describe("Sizes behind the results."),
  retrieval: z
    .object({
      method: z
        .enum(["hybrid", "bm25", "vector"])
        .describe("hybrid = BM25 and vector search (query vector moved towards the top keyword hits) fused by a weighted mean of normalised scores; bm25 = keywords only; vector = vector search only (benchmarks)."),
      vector: z
        .object({
          status: vectorStatus.describe(
            "ready = index matches the catalogue; rebuilding = the catalogue changed and the previous index answered while a new one is built; " +
              "off = no embedder configured; unavailable = the embedder or index failed (see note).",
          ),
          embedder: z.string().optional().describe("Id of the embedder that built the index in use."),
          indexBuiltAt: z.string().optional().describe("When the index in use was built (ISO time)."),
          note: z.string().optional().describe("Why vector search was not used or not current."),
        })
        .describe("State of the vector retriever."),
    })
    .describe("How the results were found."),
  summary: z.string().max(700).describe("A short text with the key results, for the model."),
});

export type SearchCatalogOutput = z.output<typeof searchCatalogOutputSchema>;
export type SearchResult = z.output<typeof resultSchema>;
export type VectorStatus = z.output<typeof vectorStatus>;
