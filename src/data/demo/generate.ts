/**
 * Runs the demo generator end to end and returns the rows together with the hidden
 * truth behind them (personas, flaws, bought-together pairs, review aspects), which
 * tests and benchmarks use to check that tools recover the planted patterns.
 *
 * Each part draws from its own seeded stream, so changing how reviews are written
 * leaves customers and orders as they were.
 */
import type { CatalogueProduct } from "./catalogue.ts";
import { generateCatalogue } from "./catalogue.ts";
import { CATEGORIES } from "./catalogue-categories.ts";
import { generateCustomers } from "./customers.ts";
import { resolveDemoOptions, type ResolvedDemoOptions } from "./options.ts";
import { generateOrders } from "./orders.ts";
import type { Persona } from "./personas.ts";
import { Random } from "./random.ts";
import type { ReviewAspects } from "./reviews.ts";
import { generateReviews } from "./reviews.ts";
import type { DemoData } from "./rows.ts";
import { buildSeasonality } from "./seasonality.ts";

/** What the generator planted, keyed by the ids that appear in the rows. */
export interface DemoTruth {
  options: ResolvedDemoOptions;
  /** Persona of every customer id. */
  personaByCustomer: ReadonlyMap<string, Persona>;
  /** Favourite category names of every customer id. */
  favouriteCategoriesByCustomer: ReadonlyMap<string, readonly string[]>;
  /** Hidden flaw of every flawed product id. */
  flawByProduct: ReadonlyMap<string, NonNullable<CatalogueProduct["flaw"]>>;
  /** Bought-together pairs as [lead product id, companion product id]. */
  pairs: ReadonlyArray<readonly [string, string]>;
  /** Aspects and polarity each review mentions. */
  reviewAspects: readonly ReviewAspects[];
}

/** Generates the demo rows and the truth behind them. Throws `ValidationError` on bad options. */
export function generateDemoWithTruth(options: unknown): { data: DemoData; truth: DemoTruth } {
  const resolved = resolveDemoOptions(options);
  const stream = (label: string) => Random.stream(resolved.seed, label);

  const catalogue = generateCatalogue(stream("catalogue"), resolved.productCount);
  const customers = generateCustomers(stream("customers"), resolved);
  const seasonality = buildSeasonality(resolved.startDay, resolved.endDay);
  const orders = generateOrders(stream("orders"), resolved, seasonality, catalogue, customers);
  const reviews = generateReviews(stream("reviews"), resolved, catalogue, customers, orders.purchases);

  const data: DemoData = {
    customers: customers.map((customer) => customer.row),
    products: catalogue.rows,
    orders: orders.orders,
    orderItems: orders.items,
    reviews: reviews.rows,
  };
  const productId = (index: number) => (catalogue.products[index] as CatalogueProduct).row.product_id;
  const truth: DemoTruth = {
    options: resolved,
    personaByCustomer: new Map(customers.map((customer) => [customer.row.customer_id, customer.persona])),
    favouriteCategoriesByCustomer: new Map(
      customers.map((customer) => [customer.row.customer_id, customer.favouriteCategories.map((index) => CATEGORIES[index]?.name ?? String(index))]),
    ),
    flawByProduct: new Map(
      catalogue.products.flatMap((product) => (product.flaw === null ? [] : [[product.row.product_id, product.flaw] as const])),
    ),
    pairs: catalogue.pairs.map(([lead, companion]) => [productId(lead), productId(companion)] as const),
    reviewAspects: reviews.aspects,
  };
  return { data, truth };
}
