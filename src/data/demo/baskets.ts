/**
 * What goes into a demo order: which products (by the customer's favourite
 * categories, style and price leaning, the season, and bought-together pairs),
 * how many of each, at what price, and which service lines (postage, gift wrap,
 * gift card) follow.
 */
import type { Catalogue, CatalogueProduct } from "./catalogue.ts";
import { CATEGORIES } from "./catalogue-categories.ts";
import { STYLES, type Style } from "./catalogue-vocabulary.ts";
import { HOME_COUNTRY } from "./people-vocabulary.ts";
import type { PersonaSpec, PriceClass } from "./personas.ts";
import { cumulativeSums, type Random } from "./random.ts";
import type { OrderItemRow, ProductRow } from "./rows.ts";
import type { SaleKind } from "./seasonality.ts";
import { EU_FREE_DELIVERY_FROM, SERVICE_PRODUCTS, UK_FREE_DELIVERY_FROM } from "./services.ts";

/** Most merchandise lines on one order. */
const MAX_LINES = 8;
/** Chance that buying a pair's lead product brings its companion into the basket. */
const COMPANION_CHANCE = 0.5;
/** How much a customer's favourite style lifts a product's chance. */
const STYLE_BOOST = 4;
const CHRISTMAS_CATEGORY = CATEGORIES.findIndex((category) => category.name === "Christmas Decorations");

/** Who is buying, as far as the basket cares. */
export interface Shopper {
  categoryWeights: Float64Array;
  style: Style | undefined;
  spec: PersonaSpec;
  country: string;
  /** Product indices bought before, for repeat purchases; undefined for guests, who have no history. */
  history: number[] | undefined;
}

const PRICE_CLASSES: readonly PriceClass[] = ["budget", "standard", "premium"];

/** Samples products within a category for a price leaning and a style, with cached weights. */
export class ProductPicker {
  /** Weight tables by `(category, price class, style)`, indexed numerically: this runs once per order line. */
  readonly #tables: Array<{ indices: number[]; cumulative: Float64Array } | undefined> = [];
  readonly #medianPrice: number[];

  constructor(private readonly catalogue: Catalogue) {
    this.#medianPrice = catalogue.byCategory.map((indices) => {
      const prices = indices.map((index) => catalogue.products[index]!.row.price).sort((a, b) => a - b);
      return prices[prices.length >> 1] ?? 1;
    });
  }

  /** A product index from `categoryIndex`, weighted by popularity, price leaning and style. */
  pick(random: Random, categoryIndex: number, priceClass: PriceClass, style: Style | undefined): number {
    const key = (categoryIndex * PRICE_CLASSES.length + PRICE_CLASSES.indexOf(priceClass)) * (STYLES.length + 1) + (style === undefined ? STYLES.length : STYLES.indexOf(style));
    let table = this.#tables[key];
    if (table === undefined) {
      table = this.#table(categoryIndex, priceClass, style);
      this.#tables[key] = table;
    }
    return table.indices[random.cumulativeIndex(table.cumulative)] as number;
  }

  #table(categoryIndex: number, priceClass: PriceClass, style: Style | undefined): { indices: number[]; cumulative: Float64Array } {
    const indices = this.catalogue.byCategory[categoryIndex] ?? [];
    const median = this.#medianPrice[categoryIndex] ?? 1;
    const weights = indices.map((index) => {
      const product = this.catalogue.products[index] as CatalogueProduct;
      const relativePrice = product.row.price / median;
      const priceLeaning = priceClass === "budget" ? relativePrice ** -2.2 : priceClass === "premium" ? relativePrice ** 0.5 : relativePrice ** -0.4;
      // Out-of-stock products sold until recently, just less.
      const stock = product.row.in_stock ? 1 : 0.6;
      return product.popularity * priceLeaning * stock * (product.style === style ? STYLE_BOOST : 1);
    });
    return { indices, cumulative: cumulativeSums(weights) };
  }
}

/** A category index for a shopper in `month` (1–12): their weights times the category's season. */
function pickCategory(random: Random, weights: Float64Array, month: number): number {
  let total = 0;
  for (let index = 0; index < weights.length; index++) total += (weights[index] as number) * (CATEGORIES[index]!.monthFactors[month - 1] as number);
  let target = random.next() * total;
  for (let index = 0; index < weights.length; index++) {
    target -= (weights[index] as number) * (CATEGORIES[index]!.monthFactors[month - 1] as number);
    if (target < 0) return index;
  }
  return weights.length - 1;
}

const USUAL_QUANTITIES = [1, 2, 3, 4, 6] as const;
const USUAL_QUANTITY_WEIGHTS = [0.74, 0.17, 0.06, 0.02, 0.01] as const;
const BULK_QUANTITIES = [1, 2, 3, 4, 6, 8, 10, 12, 24] as const;
const BULK_QUANTITY_WEIGHTS = [0.12, 0.18, 0.14, 0.18, 0.16, 0.08, 0.08, 0.05, 0.01] as const;

function quantityFor(random: Random, price: number, bulkBuyer: boolean): number {
  if (bulkBuyer && price < 20) return BULK_QUANTITIES[random.weightedIndex(BULK_QUANTITY_WEIGHTS)] as number;
  // Cards, straws and tags go in handfuls.
  if (price < 3) return 1 + Math.min(9, random.poisson(1.2));
  return USUAL_QUANTITIES[random.weightedIndex(USUAL_QUANTITY_WEIGHTS)] as number;
}

/** The fraction taken off a line (0 for none) during `sale`. */
function discountFor(random: Random, sale: SaleKind, categoryIndex: number, spec: PersonaSpec): number {
  switch (sale) {
    case "black-friday":
      return random.chance(0.35 + spec.discountAffinity) ? 0.2 : 0;
    case "winter-sale":
      if (categoryIndex === CHRISTMAS_CATEGORY) return 0.5;
      return random.chance(0.2 + spec.discountAffinity) ? 0.15 : 0;
    case "none":
      return random.chance(0.04 + spec.discountAffinity / 2) ? 0.1 : 0;
  }
}

/** When an order is placed, as far as its basket cares. */
export interface OrderMoment {
  month: number;
  sale: SaleKind;
}

/** Adds a product to the basket unless it is already there or the basket is full. */
function addTo(chosen: number[], index: number): void {
  if (chosen.length < MAX_LINES && !chosen.includes(index)) chosen.push(index);
}

/** Appends a service line (postage, gift wrap, gift card) to the order. */
function appendService(items: OrderItemRow[], orderId: string, lineNo: number, row: ProductRow, quantity = 1): void {
  items.push({ order_id: orderId, line_no: lineNo, product_id: row.product_id, quantity, unit_price: row.price });
}

/**
 * Appends the lines of order `orderId` to `items` (merchandise first, then service
 * lines) and returns the merchandise product indices.
 */
export function appendBasket(
  random: Random,
  catalogue: Catalogue,
  picker: ProductPicker,
  shopper: Shopper,
  moment: OrderMoment,
  orderId: string,
  items: OrderItemRow[],
): number[] {
  const { month, sale } = moment;
  const spec = shopper.spec;
  const history = shopper.history;
  const wanted = 1 + Math.min(MAX_LINES - 1, random.poisson(spec.extraLines));
  const chosen: number[] = [];
  for (let attempt = 0; chosen.length < wanted && attempt < wanted * 3; attempt++) {
    let index: number;
    if (history !== undefined && history.length > 0 && random.chance(spec.repeatShare)) index = random.pick(history);
    else index = picker.pick(random, pickCategory(random, shopper.categoryWeights, month), spec.priceClass, shopper.style);
    addTo(chosen, index);
    const companion = catalogue.products[index]?.companion;
    if (companion !== undefined && random.chance(COMPANION_CHANCE)) addTo(chosen, companion);
  }

  let lineNo = 0;
  let merchandise = 0;
  for (const index of chosen) {
    const product = catalogue.products[index] as CatalogueProduct;
    const price = product.row.price;
    const discount = discountFor(random, sale, product.categoryIndex, spec);
    const unitPrice = discount === 0 ? price : Math.round(price * (1 - discount) * 100) / 100;
    const quantity = quantityFor(random, price, spec.bulkBuyer);
    merchandise += quantity * unitPrice;
    items.push({ order_id: orderId, line_no: ++lineNo, product_id: product.row.product_id, quantity, unit_price: unitPrice });
    if (history !== undefined && !history.includes(index)) history.push(index);
  }

  const home = shopper.country === HOME_COUNTRY;
  if (home && merchandise < UK_FREE_DELIVERY_FROM) appendService(items, orderId, ++lineNo, SERVICE_PRODUCTS.ukDelivery);
  if (!home && merchandise < EU_FREE_DELIVERY_FROM) appendService(items, orderId, ++lineNo, SERVICE_PRODUCTS.euDelivery);
  const festive = month === 11 || month === 12;
  if (random.chance(spec.giftWrap[festive ? 0 : 1])) appendService(items, orderId, ++lineNo, SERVICE_PRODUCTS.giftWrap);
  if (random.chance(festive ? 0.03 : 0.008)) appendService(items, orderId, ++lineNo, SERVICE_PRODUCTS.giftCard, random.chance(0.1) ? 2 : 1);
  return chosen;
}
