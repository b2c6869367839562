/**
 * Generates the demo catalogue: about 1,500 products across fifteen categories
 * (at scale 1), plus the non-product service codes.
 *
 * Besides the rows, it keeps what the store never shows but the order and review
 * generators need: each product's style, popularity, hidden flaw (if any) and
 * bought-together companion.
 *
 * Product ids are `HW` followed by five digits, from `HW10001`, given in a seeded
 * random order (as a catalogue that grew over the years would have them), so an id
 * says nothing about the category.
 */
import { CATEGORIES, COMPLEMENT_NOUNS, type CategorySpec, type NounSpec } from "./catalogue-categories.ts";
import { MATERIALS, STYLES, STYLE_COLOURS, STYLE_MOTIFS, STYLE_SCENTS, type Style } from "./catalogue-vocabulary.ts";
import { composeDescription, composeName, itemNoun, motifFits, type ProductTraits } from "./product-text.ts";
import type { Random } from "./random.ts";
import type { ProductRow } from "./rows.ts";
import { SERVICE_ROWS } from "./services.ts";

/**
 * A hidden product defect that shows in its reviews:
 * `quality` — flimsy, breaks, fades (low ratings, quality complaints);
 * `size` — smaller than pictured; `fragile` — often arrives broken (ceramics, glass);
 * `value` — priced well above similar products.
 */
export type ProductFlaw = "quality" | "size" | "fragile" | "value";

/** A merchandise product with its hidden attributes. */
export interface CatalogueProduct {
  /** Position in `Catalogue.products` (and in id order). */
  index: number;
  row: ProductRow;
  categoryIndex: number;
  nounKey: string;
  /** How reviews refer to it: "mug", "napkins". */
  itemNoun: string;
  /** Whether `itemNoun` is plural ("these napkins"). */
  plural: boolean;
  style: Style;
  colour: string;
  motif: string;
  /** Relative sales weight within its category (heavy-tailed: a few best sellers). */
  popularity: number;
  flaw: ProductFlaw | null;
  fragile: boolean;
  /** Index of the product often bought with this one, when it leads a bought-together pair. */
  companion: number | undefined;
}

/** The generated catalogue. */
export interface Catalogue {
  /** Merchandise, in id order. */
  products: CatalogueProduct[];
  /** Product indices per category index. */
  byCategory: number[][];
  /** Bought-together pairs as [lead, companion] product indices. */
  pairs: Array<[number, number]>;
  /** All rows for `products`: merchandise in id order, then the service codes. */
  rows: ProductRow[];
}

/** A product before it has an id, a flaw or a companion. */
type DraftProduct = Omit<CatalogueProduct, "index" | "row" | "flaw" | "companion"> & { row: Omit<ProductRow, "product_id"> };

/** Fractions of the catalogue carrying each flaw (at least one product each). */
const FLAW_SHARES = { quality: 0.05, size: 0.025, fragile: 0.1, value: 0.025 } as const;
const OUT_OF_STOCK_SHARE = 0.03;
/** Bought-together pairs per noun complement at scale 1. */
const PAIRS_PER_COMPLEMENT = 2;

/** Builds the catalogue for `productCount` products (each category gets at least four). */
export function generateCatalogue(random: Random, productCount: number): Catalogue {
  const names = new Set<string>();
  const draft: DraftProduct[] = [];

  CATEGORIES.forEach((category, categoryIndex) => {
    const count = Math.max(4, Math.round(category.catalogueShare * productCount));
    for (const noun of nounsFor(random, category, count)) {
      const product = composeUniqueProduct(random, category, noun, names);
      if (product === undefined) continue;
      draft.push({ ...product, categoryIndex });
    }
  });

  random.shuffle(draft);
  const products: CatalogueProduct[] = draft.map((product, index) => ({
    ...product,
    index,
    row: { product_id: `HW${10001 + index}`, ...product.row },
    flaw: null,
    companion: undefined,
  }));

  assignFlaws(random, products);
  for (const product of random.sample(products, Math.max(1, Math.round(OUT_OF_STOCK_SHARE * products.length)))) {
    product.row.in_stock = false;
  }
  const pairs = assignPairs(products, Math.max(1, Math.round(PAIRS_PER_COMPLEMENT * (productCount / 1500))));

  const byCategory: number[][] = CATEGORIES.map(() => []);
  for (const product of products) byCategory[product.categoryIndex]!.push(product.index);
  return { products, byCategory, pairs, rows: [...products.map((product) => product.row), ...SERVICE_ROWS.map((row) => ({ ...row }))] };
}

/** Which nouns the category's products are: every noun once while there is room, then by weight. */
function nounsFor(random: Random, category: CategorySpec, count: number): NounSpec[] {
  const chosen = random.shuffle([...category.nouns]).slice(0, count);
  while (chosen.length < count) chosen.push(random.weightedPick(category.nouns, (noun) => noun.weight ?? 1));
  return chosen;
}

function composeUniqueProduct(
  random: Random,
  category: CategorySpec,
  noun: NounSpec,
  names: Set<string>,
): Omit<DraftProduct, "categoryIndex"> | undefined {
  // Collisions get rarer with each retry; a noun that cannot find a fresh name is skipped.
  for (let attempt = 0; attempt < 40; attempt++) {
    const style = random.pick(STYLES);
    const motifs = (category.motifs ?? STYLE_MOTIFS)[style].filter((motif) => motifFits(motif, noun));
    const material = MATERIALS[random.pick(noun.materials)];
    const traits: ProductTraits = {
      noun,
      categoryUses: category.uses,
      style,
      material,
      measure: random.pick(noun.measures),
      colour: random.pick(STYLE_COLOURS[style]),
      motif: random.pick(motifs.length > 0 ? motifs : STYLE_MOTIFS[style]),
      scent: random.pick(STYLE_SCENTS[style]),
      setCount: noun.set !== undefined && (noun.set.only === true || random.chance(0.35)) ? random.pick(noun.set.counts) : undefined,
    };
    const name = composeName(random, traits);
    if (names.has(name)) continue;
    names.add(name);
    const item = itemNoun(traits);
    return {
      nounKey: noun.key,
      itemNoun: item.text,
      plural: item.plural,
      style,
      colour: traits.colour,
      motif: traits.motif,
      popularity: random.logNormal(0, 0.9),
      fragile: "fragile" in material && material.fragile === true,
      row: {
        name,
        description: composeDescription(random, traits),
        category: category.name,
        price: retailPrice(random, rawPrice(random, traits)),
        in_stock: true,
        is_product: true,
      },
    };
  }
  return undefined;
}

function rawPrice(random: Random, traits: ProductTraits): number {
  const { noun, material, measure, setCount } = traits;
  let setFactor = 1;
  if (setCount !== undefined && noun.set !== undefined) {
    // Set prices: `basePrice` is the smallest set for set-only nouns, a single item otherwise.
    setFactor = noun.set.only === true ? Math.pow(setCount / (noun.set.counts[0] ?? setCount), 0.8) : Math.pow(setCount, 0.85);
  }
  return noun.basePrice * material.priceFactor * (measure.priceFactor ?? 1) * setFactor * random.logNormal(0, 0.12);
}

/** A shop price between £0.85 and £120 ending in 5 or 9 pence: 3.45, 12.99, 39.95. */
export function retailPrice(random: Random, raw: number): number {
  const clamped = Math.min(119.99, Math.max(0.85, raw));
  let price: number;
  if (clamped < 10) price = Math.floor(clamped * 10) / 10 + (random.chance(0.5) ? 0.05 : 0.09);
  else if (clamped < 30) price = Math.floor(clamped) + random.pick([0.45, 0.49, 0.95, 0.99, 0.99]);
  else price = Math.max(30, Math.round(clamped / 5) * 5) - random.pick([0.01, 0.05]);
  return Math.min(119.99, Math.max(0.85, Math.round(price * 100) / 100));
}

function assignFlaws(random: Random, products: CatalogueProduct[]): void {
  const share = (fraction: number, pool: number) => Math.max(1, Math.round(fraction * pool));
  const fragile = products.filter((product) => product.fragile);
  for (const product of random.sample(fragile, share(FLAW_SHARES.fragile, fragile.length))) product.flaw = "fragile";
  const unflawed = () => products.filter((product) => product.flaw === null);
  for (const product of random.sample(unflawed(), share(FLAW_SHARES.quality, products.length))) product.flaw = "quality";
  for (const product of random.sample(unflawed(), share(FLAW_SHARES.size, products.length))) product.flaw = "size";
  for (const product of random.sample(unflawed(), share(FLAW_SHARES.value, products.length))) {
    product.flaw = "value";
    // Overpriced: the same thing as its neighbours at a third more.
    product.row.price = retailPrice(random, product.row.price * 1.35);
  }
}

/**
 * Picks bought-together pairs: for each complement (tea towel → mug, …) the most
 * popular leads are matched with a companion of the same style, preferring the
 * same colour or motif. Leads get a popularity boost so the pairs are common
 * enough for association rules to find.
 */
function assignPairs(products: CatalogueProduct[], perComplement: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const used = new Set<number>();
  const byNoun = new Map<string, CatalogueProduct[]>();
  for (const product of products) {
    const list = byNoun.get(product.nounKey) ?? [];
    list.push(product);
    byNoun.set(product.nounKey, list);
  }
  for (const [leadNoun, companionNoun] of COMPLEMENT_NOUNS) {
    const leads = (byNoun.get(leadNoun) ?? [])
      .filter((product) => !used.has(product.index) && product.flaw === null)
      .sort((a, b) => b.popularity - a.popularity || a.index - b.index);
    const companions = (byNoun.get(companionNoun) ?? []).filter((product) => !used.has(product.index) && product.flaw === null);
    for (const lead of leads.slice(0, perComplement)) {
      const available = companions.filter((product) => !used.has(product.index));
      if (available.length === 0) break;
      const affinity = (product: CatalogueProduct) =>
        (product.style === lead.style ? 4 : 0) + (product.colour === lead.colour ? 2 : 0) + (product.motif === lead.motif ? 2 : 0);
      const companion = available.reduce((best, product) =>
        affinity(product) > affinity(best) || (affinity(product) === affinity(best) && product.popularity > best.popularity) ? product : best,
      );
      used.add(lead.index);
      used.add(companion.index);
      lead.companion = companion.index;
      lead.popularity = Math.max(lead.popularity, 1) * 2.5;
      pairs.push([lead.index, companion.index]);
    }
  }
  return pairs;
}
