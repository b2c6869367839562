/**
 * Shared vocabulary of the demo catalogue: design styles (each with its colours,
 * motifs and scents), materials and scent notes. Category-specific nouns live in
 * `catalogue-categories.ts`.
 *
 * Styles matter beyond names: every product has one, and most customers prefer
 * one, so "people who bought this also bought" crosses categories in a way that
 * collaborative filtering can find and that content similarity partly explains.
 */

/** A design style; a hidden product attribute that customers have tastes for. */
export type Style = "vintage" | "nordic" | "coastal" | "botanical" | "woodland";

export const STYLES: readonly Style[] = ["vintage", "nordic", "coastal", "botanical", "woodland"];

/** How a style reads in a description ("brings a … touch"). */
export const STYLE_MOODS: Readonly<Record<Style, readonly string[]>> = {
  vintage: ["vintage-inspired", "nostalgic", "country-cottage"],
  nordic: ["calm Scandinavian", "pared-back Nordic", "minimalist"],
  coastal: ["breezy seaside", "coastal", "fresh, beach-house"],
  botanical: ["fresh botanical", "garden-inspired", "nature-loving"],
  woodland: ["cosy woodland", "rustic", "autumnal"],
};

export const STYLE_COLOURS: Readonly<Record<Style, readonly string[]>> = {
  vintage: ["Rose Pink", "Cream", "Duck Egg", "Powder Blue", "Blush"],
  nordic: ["Grey", "White", "Charcoal", "Oatmeal", "Black"],
  coastal: ["Navy", "Sea Blue", "Sand", "Aqua", "Stone"],
  botanical: ["Sage", "Olive", "Mustard", "Terracotta", "Leaf Green"],
  woodland: ["Rust", "Forest Green", "Ochre", "Chestnut", "Berry Red"],
};

export const STYLE_MOTIFS: Readonly<Record<Style, readonly string[]>> = {
  vintage: ["Vintage Floral", "Rose", "Polka Dot", "Gingham", "Hanging Heart", "Lace"],
  nordic: ["Geometric", "Scandi Star", "Minimal Line", "Herringbone", "Nordic Stripe"],
  coastal: ["Seaside Stripe", "Anchor", "Shell", "Lighthouse", "Wave"],
  botanical: ["Botanical", "Bee", "Fern", "Lemon", "Wildflower", "Strawberry"],
  woodland: ["Fox", "Hedgehog", "Owl", "Rabbit", "Woodland", "Dachshund"],
};

export const STYLE_SCENTS: Readonly<Record<Style, readonly string[]>> = {
  vintage: ["Rose & Peony", "English Pear & Freesia", "Lavender", "Vanilla & Honey"],
  nordic: ["Fresh Linen", "Birch & Amber", "Cedarwood", "White Tea"],
  coastal: ["Sea Salt & Driftwood", "Lime & Basil", "Ocean Breeze", "Coconut"],
  botanical: ["Fig Leaf", "Lemongrass & Ginger", "Wild Mint", "Orange Blossom"],
  woodland: ["Cinnamon & Clove", "Smoked Oak", "Winter Spice", "Blackberry & Bay"],
};

/** What each scent smells of, for descriptions. */
export const SCENT_NOTES: Readonly<Record<string, string>> = {
  "Rose & Peony": "soft rose petals and fresh peony",
  "English Pear & Freesia": "juicy pear and delicate freesia",
  Lavender: "calming French lavender",
  "Vanilla & Honey": "warm vanilla and golden honey",
  "Fresh Linen": "clean cotton and a hint of white musk",
  "Birch & Amber": "silver birch and warm amber",
  Cedarwood: "dry cedarwood and a touch of vetiver",
  "White Tea": "delicate white tea and bergamot",
  "Sea Salt & Driftwood": "sea salt, driftwood and a breath of sage",
  "Lime & Basil": "zesty lime and peppery basil",
  "Ocean Breeze": "crisp sea air and water lily",
  Coconut: "creamy coconut and a little vanilla",
  "Fig Leaf": "green fig leaves and creamy wood",
  "Lemongrass & Ginger": "zingy lemongrass and fresh ginger",
  "Wild Mint": "cool garden mint and lime leaf",
  "Orange Blossom": "sweet orange blossom and neroli",
  "Cinnamon & Clove": "warm cinnamon, clove and orange peel",
  "Smoked Oak": "smoky oak and leather",
  "Winter Spice": "nutmeg, cinnamon and mulled fruit",
  "Blackberry & Bay": "ripe blackberries and fresh bay leaves",
};

/** A material a product can be made of. */
export interface Material {
  /** The word in product names; empty when the material does not belong in a name. */
  label: string;
  /** How descriptions say it ("hand-glazed stoneware"). */
  phrase: string;
  /** A care or practical note as a whole sentence, when there is one worth saying. */
  care?: string;
  /** Breaks in the post if badly packed: such products can carry a "fragile" flaw. */
  fragile?: boolean;
  /** Multiplies the noun's base price. */
  priceFactor: number;
}

export const MATERIALS = {
  ceramic: { label: "Ceramic", phrase: "glazed ceramic", care: "Dishwasher safe.", fragile: true, priceFactor: 1 },
  stoneware: { label: "Stoneware", phrase: "hand-glazed stoneware", care: "Dishwasher and microwave safe.", fragile: true, priceFactor: 1.15 },
  porcelain: { label: "Porcelain", phrase: "fine porcelain", care: "Dishwasher safe.", fragile: true, priceFactor: 1.2 },
  boneChina: { label: "Bone China", phrase: "fine bone china", care: "Best washed by hand.", fragile: true, priceFactor: 1.4 },
  enamel: { label: "Enamel", phrase: "enamelled steel", care: "Tough enough for camping trips.", priceFactor: 0.9 },
  glass: { label: "Glass", phrase: "clear glass", care: "Easy to wipe clean.", fragile: true, priceFactor: 1 },
  recycledGlass: { label: "Recycled Glass", phrase: "recycled glass with a soft green tint", fragile: true, priceFactor: 1.1 },
  linen: { label: "Linen", phrase: "washed linen", care: "Machine washable at 40°C.", priceFactor: 1.3 },
  cotton: { label: "Cotton", phrase: "100% cotton", care: "Machine washable.", priceFactor: 1 },
  organicCotton: { label: "Organic Cotton", phrase: "GOTS-certified organic cotton", care: "Machine washable.", priceFactor: 1.15 },
  velvet: { label: "Velvet", phrase: "soft cotton velvet", care: "Spot clean only.", priceFactor: 1.3 },
  wool: { label: "Wool", phrase: "pure new wool", care: "Hand wash only.", priceFactor: 1.5 },
  knitted: { label: "Knitted", phrase: "chunky knitted yarn", care: "Machine washable on a wool cycle.", priceFactor: 1 },
  fauxFur: { label: "Faux Fur", phrase: "super-soft faux fur", care: "Machine washable at 30°C.", priceFactor: 1.3 },
  fleece: { label: "Fleece", phrase: "soft fleece made from recycled bottles", care: "Machine washable.", priceFactor: 0.8 },
  canvas: { label: "Canvas", phrase: "heavyweight cotton canvas", care: "Sponge clean.", priceFactor: 1 },
  jute: { label: "Jute", phrase: "natural jute", priceFactor: 0.9 },
  felt: { label: "Felt", phrase: "wool felt", priceFactor: 1 },
  wood: { label: "Wooden", phrase: "sustainably sourced beech wood", care: "Wipe clean with a damp cloth.", priceFactor: 1 },
  oak: { label: "Oak", phrase: "solid oak", care: "Oil it now and then to keep it looking its best.", priceFactor: 1.5 },
  bamboo: { label: "Bamboo", phrase: "fast-growing bamboo", priceFactor: 0.9 },
  rattan: { label: "Rattan", phrase: "hand-woven rattan", priceFactor: 1.2 },
  cork: { label: "Cork", phrase: "natural cork", care: "Heat resistant.", priceFactor: 0.9 },
  metal: { label: "Metal", phrase: "powder-coated steel", priceFactor: 1 },
  steel: { label: "Stainless Steel", phrase: "stainless steel", care: "Dishwasher safe.", priceFactor: 1.1 },
  zinc: { label: "Zinc", phrase: "galvanised zinc", care: "Weatherproof, so it can stay outside all year.", priceFactor: 1 },
  brass: { label: "Brass", phrase: "brushed brass", priceFactor: 1.5 },
  copper: { label: "Copper", phrase: "fine copper wire", priceFactor: 1.1 },
  tin: { label: "Tin", phrase: "printed tin", priceFactor: 0.8 },
  terracotta: { label: "Terracotta", phrase: "frost-resistant terracotta", fragile: true, priceFactor: 0.9 },
  paper: { label: "", phrase: "recycled paper", care: "Fully recyclable.", priceFactor: 1 },
  card: { label: "", phrase: "thick recycled card", care: "Fully recyclable.", priceFactor: 1 },
  plush: { label: "", phrase: "soft plush made from recycled fibres", care: "Surface wash only.", priceFactor: 1 },
  nylon: { label: "", phrase: "tough ripstop nylon", priceFactor: 1 },
  latex: { label: "", phrase: "biodegradable natural latex", priceFactor: 1 },
  silver: { label: "Sterling Silver", phrase: "sterling silver", priceFactor: 2.4 },
  goldPlated: { label: "Gold Plated", phrase: "18ct gold-plated brass", priceFactor: 1.7 },
  resin: { label: "Resin", phrase: "hand-painted resin", priceFactor: 0.9 },
  leather: { label: "Leather", phrase: "vegetable-tanned leather", priceFactor: 2 },
  silk: { label: "Silk", phrase: "mulberry silk", care: "Dry clean only.", priceFactor: 2 },
  soyWax: { label: "Soy Wax", phrase: "natural soy wax with a cotton wick", priceFactor: 1.1 },
  beeswax: { label: "Beeswax", phrase: "pure British beeswax", priceFactor: 1.3 },
  wax: { label: "", phrase: "real wax", priceFactor: 1 },
  shea: { label: "", phrase: "shea butter and sweet almond oil", priceFactor: 1 },
  oliveOil: { label: "", phrase: "cold-pressed olive oil", priceFactor: 1 },
  seaSalt: { label: "", phrase: "Epsom and Dead Sea salts", priceFactor: 1 },
  fragranceOil: { label: "", phrase: "natural fragrance oils", priceFactor: 1 },
} as const satisfies Record<string, Material>;

export type MaterialKey = keyof typeof MATERIALS;
