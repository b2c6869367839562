import { describe, expect, it } from "vitest";
import {
  findCodes,
  findFreePerks,
  findFreeShipping,
  findMoney,
  findMultiBuys,
  findPercentages,
  findProducts,
  isDescriptivePercentage,
} from "../../../../tools/draft-campaign-copy/checks/claims.ts";

const amounts = (text: string, symbol = "£") =>
  findMoney(text, symbol).map((found) => [found.text, found.amount, found.currency, found.kind]);

describe("findMoney", () => {
  it("reads symbols before and after, currency codes and words, thousands and pence", () => {
    expect(amounts("£12.50, $3, €5, 5€, 12.50 GBP, 10 pounds, £1,299.00 and 99p")).toEqual([
      ["£12.50", 12.5, "£", "price"],
      ["$3", 3, "$", "price"],
      ["€5", 5, "€", "price"],
      ["5€", 5, "€", "price"],
      ["12.50 GBP", 12.5, "£", "price"],
      ["10 pounds", 10, "£", "price"],
      ["£1,299.00", 1299, "£", "price"],
      ["99p", 0.99, "£", "price"],
    ]);
  });

  it("ignores bare numbers, years, times and 24/7", () => {
    expect(findMoney("Open 24/7 in 2026, from 9.30 until 12.50, 3 sizes", "£")).toEqual([]);
  });

  it("reads pence only for shops in pounds, and a configured symbol", () => {
    expect(findMoney("99p", "$")).toEqual([]);
    expect(amounts("Only kr 149 today", "kr")).toEqual([["kr 149", 149, "kr", "price"]]);
  });

  it("tells prices, amounts off, thresholds and ceilings apart", () => {
    expect(amounts("£5 off. Save £3. Up to £4 off. Orders over £40. Spend £30. £50+ baskets. Gifts under £20. From £4.99.")).toEqual([
      ["£5", 5, "£", "amount_off"],
      ["£3", 3, "£", "amount_off"],
      ["£4", 4, "£", "amount_off"],
      ["£40", 40, "£", "threshold"],
      ["£30", 30, "£", "threshold"],
      ["£50", 50, "£", "threshold"],
      ["£20", 20, "£", "ceiling"],
      ["£4.99", 4.99, "£", "price"],
    ]);
  });
});

describe("findPercentages", () => {
  it("marks discounts by the words around them, and reads half price as 50%", () => {
    const found = findPercentages("20% off, save 15%, up to 30%, 10 percent discount, half-price candles, 100% cotton");
    expect(found.map((mention) => [mention.text, mention.percent, mention.discount])).toEqual([
      ["20%", 20, true],
      ["15%", 15, true],
      ["30%", 30, true],
      ["10 percent", 10, true],
      ["half-price", 50, true],
      ["100%", 100, false],
    ]);
  });

  it("knows composition and share percentages are not offers", () => {
    const text = "100% cotton, loved by 90% of buyers, 50% brighter";
    const [cotton, buyers, brighter] = findPercentages(text);
    expect(cotton && isDescriptivePercentage(text, cotton)).toBe(true);
    expect(buyers && isDescriptivePercentage(text, buyers)).toBe(true);
    expect(brighter && isDescriptivePercentage(text, brighter)).toBe(false);
  });
});

describe("findMultiBuys", () => {
  it("reads N for M, word numbers, buy-get-free and BOGOF", () => {
    const found = findMultiBuys("2 for 1 mugs, Three for Two candles, buy one get one free, buy 2 get 1 free, BOGOF");
    expect(found.map((mention) => [mention.buy, mention.pay])).toEqual([
      [2, 1],
      [3, 2],
      [2, 1],
      [3, 2],
      [2, 1],
    ]);
  });

  it("ignores 24/7, years, 'for' with a price and growing counts", () => {
    expect(findMultiBuys("Open 24/7. Top 10 for 2026. 2 for £10. 1 for 2. 3 for 5.")).toEqual([]);
  });
});

describe("findFreeShipping", () => {
  it("finds free delivery phrasings and ignores other uses of free", () => {
    const found = findFreeShipping("Free UK delivery! Shipping is free. It ships free. Gluten-free, feel free, free gift.");
    expect(found.map((mention) => mention.text)).toEqual(["Free UK delivery", "Shipping is free", "ships free"]);
  });
});

describe("findCodes", () => {
  it("finds code-shaped tokens after cue words", () => {
    const found = findCodes("Use code SAVE20 at checkout. Promo: WELCOME. Enter xmas26 today.");
    expect(found.map((mention) => mention.code)).toEqual(["SAVE20", "WELCOME", "xmas26"]);
  });

  it("ignores shouting, plain words and numbers after cue words", () => {
    expect(findCodes("USE IT NOW! SHOP NOW. Use our app. Use by 2026. Enter the SALE TODAY.")).toEqual([]);
  });

  it("finds known codes anywhere and skips product names", () => {
    const text = "Use the WHITE HEART LANTERN, and SPRING20 too";
    expect(findCodes(text, ["spring20"], [[8, 26]]).map((mention) => mention.code)).toEqual(["SPRING20"]);
  });
});

describe("findProducts", () => {
  const products = [
    { productId: "P1", name: "White Heart Lantern" },
    { productId: "P2", name: "Heart Lantern" },
    { productId: "P3", name: "Mug" },
  ];

  it("matches names case-insensitively across extra spaces, longest first, with indexes into the text", () => {
    const text = "Our WHITE  heart lantern and a Heart Lantern.";
    expect(findProducts(text, products)).toEqual([
      { productId: "P1", name: "White Heart Lantern", index: 4, end: 24 },
      { productId: "P2", name: "Heart Lantern", index: 31, end: 44 },
    ]);
  });

  it("matches whole words only", () => {
    expect(findProducts("Mugs and smuggled goods", products)).toEqual([]);
    expect(findProducts("A mug!", products).map((mention) => mention.productId)).toEqual(["P3"]);
  });
});

describe("findFreePerks", () => {
  it("finds free extras other than delivery, normalised", () => {
    const found = findFreePerks("Free gift wrapping, a FREE  sample and free returns. Gluten-free. Free delivery.");
    expect(found.map((mention) => [mention.text, mention.perk])).toEqual([
      ["Free gift wrapping", "gift wrapping"],
      ["FREE  sample", "sample"],
      ["free returns", "returns"],
    ]);
  });
});
