import { describe, expect, it } from "vitest";
import { CATEGORY_NAMES } from "../../../src/data/demo/catalogue-categories.ts";
import { generateCatalogue, retailPrice } from "../../../src/data/demo/catalogue.ts";
import { Random } from "../../../src/data/demo/random.ts";
import { SERVICE_ROWS } from "../../../src/data/demo/services.ts";

const catalogue = generateCatalogue(Random.stream(1, "catalogue"), 600);
const merchandise = catalogue.products.map((product) => product.row);

describe("generateCatalogue", () => {
  it("makes about the asked number of products with unique HW ids and names", () => {
    expect(merchandise.length).toBeGreaterThanOrEqual(580);
    expect(merchandise.length).toBeLessThanOrEqual(620);
    expect(new Set(merchandise.map((row) => row.product_id)).size).toBe(merchandise.length);
    expect(new Set(merchandise.map((row) => row.name)).size).toBe(merchandise.length);
    expect(merchandise.every((row) => /^HW\d{5}$/.test(row.product_id))).toBe(true);
    expect(merchandise.map((row) => row.product_id)).toContain("HW10001");
  });

  it("covers every category and keeps ids in list order", () => {
    expect(new Set(merchandise.map((row) => row.category))).toEqual(new Set(CATEGORY_NAMES));
    catalogue.products.forEach((product, index) => expect(product.index).toBe(index));
    expect(catalogue.byCategory.flat().sort((a, b) => a - b)).toEqual(catalogue.products.map((product) => product.index));
  });

  it("prices like a shop: £0.85–£120, ending in 5 or 9 pence", () => {
    for (const { price } of merchandise) {
      expect(price).toBeGreaterThanOrEqual(0.85);
      expect(price).toBeLessThanOrEqual(120);
      expect([5, 9]).toContain(Math.round(price * 100) % 10);
    }
  });

  it("writes descriptions of one to three sentences that say what the product is for", () => {
    for (const { description } of merchandise) {
      const sentences = description.split(/(?<=[.!])\s+/);
      expect(sentences.length).toBeGreaterThanOrEqual(1);
      expect(sentences.length).toBeLessThanOrEqual(3);
      expect(description).not.toMatch(/\{|\}|undefined|NaN|\s{2}/);
    }
    const matching = (pattern: RegExp) => merchandise.filter((row) => pattern.test(row.description));
    expect(matching(/tea party/i).length).toBeGreaterThan(5);
    expect(matching(/warm|winter|cosy/i).length).toBeGreaterThan(20);
  });

  it("appends the non-product service codes after the merchandise", () => {
    const services = catalogue.rows.slice(merchandise.length);
    expect(services.map((row) => row.product_id)).toEqual(SERVICE_ROWS.map((row) => row.product_id));
    expect(services.every((row) => !row.is_product && row.category === null)).toBe(true);
    expect(merchandise.every((row) => row.is_product)).toBe(true);
  });

  it("plants flaws, some out-of-stock products and bought-together pairs", () => {
    const flaws = new Set(catalogue.products.map((product) => product.flaw));
    expect(flaws).toEqual(new Set([null, "quality", "size", "fragile", "value"]));
    expect(catalogue.products.filter((product) => product.flaw === "fragile").every((product) => product.fragile)).toBe(true);
    expect(merchandise.filter((row) => !row.in_stock).length).toBeGreaterThan(0);
    expect(catalogue.pairs.length).toBeGreaterThan(5);
    for (const [lead, companion] of catalogue.pairs) {
      expect(catalogue.products[lead]?.companion).toBe(companion);
      expect(lead).not.toBe(companion);
    }
  });

  it("is deterministic", () => {
    const again = generateCatalogue(Random.stream(1, "catalogue"), 600);
    expect(again.rows).toEqual(catalogue.rows);
    expect(generateCatalogue(Random.stream(2, "catalogue"), 600).rows).not.toEqual(catalogue.rows);
  });
});

describe("retailPrice", () => {
  it("clamps to the shop's range and rounds to a 5 or 9 ending", () => {
    const random = Random.stream(4, "prices");
    expect(retailPrice(random, 0.1)).toBe(0.85);
    expect(retailPrice(random, 500)).toBeLessThanOrEqual(120);
    for (const raw of [1.234, 7.77, 12.5, 29.99, 33, 87.2]) {
      const price = retailPrice(random, raw);
      expect([5, 9]).toContain(Math.round(price * 100) % 10);
      expect(Math.abs(price - raw) / raw).toBeLessThan(0.12);
    }
  });
});
