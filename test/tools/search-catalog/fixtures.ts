/**
 * A small catalogue for search_catalog tests, inserted with plain SQL into a
 * memory store, and a tool context with the local embedder.
 */
import type { Embedder } from "../../../src/core/ports.ts";
import type { ToolContext } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { LocalEmbedder } from "../../../src/models/embeddings/local-embedder.ts";
import { testContext } from "../../helpers/context.ts";

export interface FixtureProduct {
  id: string;
  name: string;
  description: string | null;
  category: string | null;
  price: number | null;
  inStock?: boolean;
  isProduct?: boolean;
}

export const PRODUCTS: readonly FixtureProduct[] = [
  { id: "P01", name: "Rose Ceramic Teapot", description: "A pretty teapot that serves four cups. Perfect for a tea party.", category: "Tea & Coffee", price: 24.95 },
  { id: "P02", name: "Fox Porcelain Teapot", description: "A playful teapot in rust. The centrepiece of any afternoon tea.", category: "Tea & Coffee", price: 29.5 },
  { id: "P03", name: "Set of 2 Cups and Saucers", description: "Fine bone china cups and saucers for afternoon tea.", category: "Mugs & Tableware", price: 18 },
  { id: "P04", name: "Navy Enamel Mug", description: "An enamel mug, tough enough for camping trips.", category: "Mugs & Tableware", price: 9.5 },
  { id: "P05", name: "Wool Throw", description: "Keeps you warm on cold winter nights on the sofa.", category: "Throws & Blankets", price: 59 },
  { id: "P06", name: "Fleece Blanket", description: "A soft fleece blanket for frosty winter nights.", category: "Throws & Blankets", price: 35, inStock: false },
  { id: "P07", name: "Knitted Hot Water Bottle", description: "Keeps you warm in bed on freezing winter nights.", category: "Throws & Blankets", price: 16 },
  { id: "P08", name: "Lavender Scented Candle", description: "Lovely lit on cosy winter evenings.", category: "Candles & Home Fragrance", price: 14 },
  { id: "P09", name: "Garden Bunting", description: "Perfect for a garden tea party.", category: "Party Supplies", price: 12 },
  { id: "P10", name: "Gift Card", description: null, category: null, price: null },
  { id: "POST", name: "Postage teapot delivery", description: "Postage and packing.", category: null, price: 5, isProduct: false },
];

/** Inserts `products` (default: the fixture catalogue). */
export async function insertProducts(store: DuckDbStore, products: readonly FixtureProduct[] = PRODUCTS): Promise<void> {
  for (const product of products) {
    await store.run(
      "INSERT INTO products (product_id, name, description, category, price, in_stock, is_product) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [product.id, product.name, product.description, product.category, product.price, product.inStock ?? true, product.isProduct ?? true],
    );
  }
}

/** A tool context with the local embedder (or `embedder`) and an optional data directory. */
export function searchContext(
  store: DuckDbStore,
  options: { embedder?: Embedder | null; dataDirectory?: string } = {},
): ToolContext {
  const context = testContext(store);
  const embedder = options.embedder === undefined ? new LocalEmbedder({ dimensions: 32 }) : options.embedder;
  return {
    ...context,
    ...(embedder === null ? {} : { embedder }),
    ...(options.dataDirectory === undefined ? {} : { dataDirectory: options.dataDirectory }),
  };
}
