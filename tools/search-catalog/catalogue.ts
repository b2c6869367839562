/**
 * The searchable catalogue as read from the store: every product with
 * `is_product = true`, plus a cheap fingerprint that changes whenever anything the
 * search depends on changes (id, name, description, category, price, stock).
 */
import type { StoreReader } from "../../src/core/ports.ts";

/** One searchable product. */
export interface CatalogueProduct {
  productId: string;
  name: string;
  description: string | null;
  category: string | null;
  price: number | null;
  inStock: boolean;
}

/** What identifies a catalogue version. */
export interface CatalogueVersion {
  /** Searchable products. */
  products: number;
  /** Changes when any searched or filtered column of any searchable product changes. */
  fingerprint: string;
  /** Changes only when the texts (id, name, description, category) change: vectors depend on nothing else. */
  textFingerprint: string;
}

/** A catalogue version and its products, read in one transaction so they agree. */
export interface CatalogueData {
  version: CatalogueVersion;
  products: CatalogueProduct[];
}

// bit_xor of per-row hashes is order-independent and O(n) in DuckDB; product_id is the
// primary key, so two rows can never cancel each other out.
const VERSION_SQL = `
  SELECT count(*) AS products,
         CAST(coalesce(bit_xor(hash(product_id, name, coalesce(description, ''), coalesce(category, ''), price, in_stock)), 0) AS VARCHAR) AS fingerprint,
         CAST(coalesce(bit_xor(hash(product_id, name, coalesce(description, ''), coalesce(category, ''))), 0) AS VARCHAR) AS text_fingerprint
  FROM products
  WHERE is_product`;

interface VersionRow {
  products: number;
  fingerprint: string;
  text_fingerprint: string;
}

function versionOf(row: VersionRow | undefined): CatalogueVersion {
  const products = Number(row?.products ?? 0);
  return {
    products,
    fingerprint: `${products}-${row?.fingerprint ?? "0"}`,
    textFingerprint: `${products}-${row?.text_fingerprint ?? "0"}`,
  };
}

/** The current catalogue version: one aggregate query, cheap enough to run on every search. */
export async function readCatalogueVersion(reader: StoreReader): Promise<CatalogueVersion> {
  const [row] = await reader.query<VersionRow & Record<string, unknown>>(VERSION_SQL);
  return versionOf(row);
}

interface ProductRow {
  product_id: string;
  name: string;
  description: string | null;
  category: string | null;
  price: number | null;
  in_stock: boolean;
}

/** Reads the version and every searchable product (ordered by id, so positions are stable). */
export async function readCatalogue(reader: StoreReader): Promise<CatalogueData> {
  const [versionRow] = await reader.query<VersionRow & Record<string, unknown>>(VERSION_SQL);
  const rows = await reader.query<ProductRow & Record<string, unknown>>(
    `SELECT product_id, name, description, category, price, in_stock
     FROM products WHERE is_product ORDER BY product_id`,
  );
  return {
    version: versionOf(versionRow),
    products: rows.map((row) => ({
      productId: row.product_id,
      name: row.name,
      description: row.description,
      category: row.category,
      // A NaN or infinite price is as good as unknown, and would break JSON output.
      price: row.price !== null && Number.isFinite(Number(row.price)) ? Number(row.price) : null,
      inStock: Boolean(row.in_stock),
    })),
  };
}

/** The text a product is embedded and matched by: name, category, description. */
export function productText(product: CatalogueProduct): string {
  return [product.name, product.category, product.description].filter((part) => part !== null && part !== "").join(". ");
}
