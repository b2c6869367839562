import { describe, expect, it } from "vitest";
import {
  extractAspect,
  extractAsOf,
  extractChannels,
  extractCountry,
  extractCustomerIds,
  extractDateWindow,
  extractFeatures,
  extractGranularity,
  extractHorizonDays,
  extractInStockOnly,
  extractLimit,
  extractMetric,
  extractOffer,
  extractPriceRange,
  extractProductIds,
  extractSegmentCount,
  extractSegmentName,
  extractSegmentNumber,
  extractTexts,
  extractTone,
  extractVariants,
  parseExplicitDate,
} from "../../../src/models/builtin/extract.ts";
import { cleanPhrase, extractProductPhrase, extractProductReference, searchQueryOf, wantsRecommendedProducts } from "../../../src/models/builtin/phrases.ts";
import { parseCount, withPlaceholders } from "../../../src/models/builtin/text.ts";

describe("counts", () => {
  it("reads k from digits and words", () => {
    expect(extractSegmentCount("Split customers into 5 segments")).toBe(5);
    expect(extractSegmentCount("give me five groups")).toBe(5);
    expect(extractSegmentCount("3 customer tiers by value")).toBe(3);
    expect(extractSegmentCount("k=7 please")).toBe(7);
    expect(extractSegmentCount("segment our customers")).toBeUndefined();
    expect(extractSegmentCount("draft an email for a segment")).toBeUndefined();
  });

  it("reads variants and list lengths", () => {
    expect(extractVariants("Give me 3 versions of the SMS")).toBe(3);
    expect(extractVariants("two options please")).toBe(2);
    expect(extractVariants("write an email")).toBeUndefined();
    expect(extractLimit("Top 10 products for segment 2")).toBe(10);
    expect(extractLimit("Suggest 5 products for customer 12347")).toBe(5);
    expect(extractLimit("Show me 20 scented candles")).toBe(20);
    expect(extractLimit("forecast the next 30 days")).toBeUndefined();
    expect(extractLimit("top 80 products")).toBe(50);
  });

  it("parses number words", () => {
    expect(parseCount("twelve")).toBe(12);
    expect(parseCount("a couple of")).toBe(2);
    expect(parseCount("17")).toBe(17);
    expect(parseCount("many")).toBeUndefined();
  });
});

describe("forecast arguments", () => {
  it("turns horizons into days", () => {
    expect(extractHorizonDays("revenue next quarter")).toBe(90);
    expect(extractHorizonDays("what about next month?")).toBe(30);
    expect(extractHorizonDays("orders over 2 weeks")).toBe(14);
    expect(extractHorizonDays("the next 10 days")).toBe(10);
    expect(extractHorizonDays("the next six months")).toBe(180);
    expect(extractHorizonDays("next year")).toBe(365);
    expect(extractHorizonDays("the next 3 years")).toBe(365);
    expect(extractHorizonDays("a fortnight")).toBe(14);
    expect(extractHorizonDays("how is revenue trending")).toBeUndefined();
  });

  it("reads the metric and the granularity", () => {
    expect(extractMetric("Forecast weekly order volume")).toBe("orders");
    expect(extractMetric("How many candles will we sell?")).toBe("units");
    expect(extractMetric("units sold next month")).toBe("units");
    expect(extractMetric("expected revenue")).toBe("revenue");
    expect(extractMetric("sales projection")).toBe("revenue");
    expect(extractMetric("what should we expect")).toBeUndefined();
    expect(extractGranularity("weekly revenue")).toBe("week");
    expect(extractGranularity("revenue by week")).toBe("week");
    expect(extractGranularity("daily orders")).toBe("day");
    expect(extractGranularity("revenue")).toBeUndefined();
  });
});

describe("channels", () => {
  it("maps synonyms to channels and platforms", () => {
    expect(extractChannels("send them a text message")).toEqual([{ channel: "sms" }]);
    expect(extractChannels("our monthly newsletter")).toEqual([{ channel: "email" }]);
    expect(extractChannels("an Instagram post about autumn")).toEqual([{ channel: "social", platform: "instagram_post" }]);
    expect(extractChannels("a Google ad for the shop")).toEqual([{ channel: "ad", platform: "google_search_ad" }]);
    expect(extractChannels("a Facebook ad")).toEqual([{ channel: "ad", platform: "meta_ad" }]);
    expect(extractChannels("a push notification")).toEqual([{ channel: "push" }]);
  });

  it("keeps the order of several channels and ignores look-alikes", () => {
    expect(extractChannels("an SMS and an email for the sale").map((choice) => choice.channel)).toEqual(["sms", "email"]);
    expect(extractChannels("score this text: great mug")).toEqual([]);
    expect(extractChannels("what should we offer customer 12347")).toEqual([]);
  });
});

describe("ids", () => {
  it("reads customer ids after 'customer'", () => {
    expect(extractCustomerIds("What should we recommend to customer 17850?")).toEqual(["17850"]);
    expect(extractCustomerIds("picks for customers C102161, C103158 and C100775")).toEqual(["C102161", "C103158", "C100775"]);
    expect(extractCustomerIds("for our customers")).toEqual([]);
  });

  it("reads product ids but not customer ids or promo codes", () => {
    expect(extractProductIds("What goes well with product 85123A?")).toEqual(["85123A"]);
    expect(extractProductIds("feature hw10568 and HW10412")).toEqual(["HW10568", "HW10412"]);
    expect(extractProductIds("customer C101352 with code SPRING2026")).toEqual([]);
    expect(extractProductIds("revenue in 2026")).toEqual([]);
  });

  it("reads segment numbers and canonical ids", () => {
    expect(extractSegmentNumber("Top picks for segment 2")).toBe("2");
    expect(extractSegmentNumber("use segment sgm_4f2a9c:3 instead")).toBe("sgm_4f2a9c:3");
    expect(extractSegmentNumber("segment our customers")).toBeUndefined();
  });

  it("replaces ids with placeholders for routing", () => {
    expect(withPlaceholders("recommend to customer c101352 and segment 2, product hw10568")).toBe("recommend to customer custref and segref, product prodref");
  });
});

describe("segment names", () => {
  it("maps group words to the segment tool's names", () => {
    expect(extractSegmentName("find at-risk customers")).toBe("At risk");
    expect(extractSegmentName("customers likely to churn")).toBe("At risk");
    expect(extractSegmentName("our best customers")).toBe("Champions");
    expect(extractSegmentName("welcome email for new customers")).toBe("New customers");
    expect(extractSegmentName("the dormant ones")).toBe("Hibernating");
    expect(extractSegmentName("our new autumn range")).toBeUndefined();
  });
});

describe("offers and tone", () => {
  it("reads a percentage and a code into an approved offer", () => {
    expect(extractOffer("Write an SMS for our spring sale: 20% off with code SPRING20")).toEqual({
      description: "20% off with code SPRING20",
      discountPercent: 20,
      code: "SPRING20",
    });
  });

  it("reads money off, free delivery and a bare code", () => {
    expect(extractOffer("£5 off everything this weekend")).toMatchObject({ amountOff: 5, description: "£5 off everything this weekend" });
    expect(extractOffer("remind people about free delivery this weekend")).toEqual({ description: "free delivery this weekend", freeShipping: true });
    expect(extractOffer("use code WELCOME10 at checkout")).toEqual({ description: "use code WELCOME10", code: "WELCOME10" });
    expect(extractOffer("an email about our autumn range")).toBeUndefined();
  });

  it("reads the tone", () => {
    expect(extractTone("the birthday email, warm tone")).toBe("warm");
    expect(extractTone("a playful SMS")).toBe("playful");
    expect(extractTone("an email apologising for the website outage")).toBe("apologetic");
    expect(extractTone("an SMS for segment 2")).toBeUndefined();
  });
});

describe("dates", () => {
  const today = "2026-11-01";

  it("resolves relative windows against today", () => {
    expect(extractDateWindow("only orders since March", today)).toEqual({ from: "2026-03-01" });
    expect(extractDateWindow("since December", today)).toEqual({ from: "2025-12-01" });
    expect(extractDateWindow("reviews from the last 90 days", today)).toEqual({ from: "2026-08-03" });
    expect(extractDateWindow("last month", today)).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    expect(extractDateWindow("last quarter", today)).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(extractDateWindow("this year", today)).toEqual({ from: "2026-01-01" });
    expect(extractDateWindow("in 2025", today)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(extractDateWindow("how are we doing", today)).toBeUndefined();
  });

  it("reads explicit dates and as-of questions", () => {
    expect(parseExplicitDate("1 September 2011")).toBe("2011-09-01");
    expect(parseExplicitDate("September 1, 2011")).toBe("2011-09-01");
    expect(extractAsOf("What did segments look like as of 1 September 2011?")).toBe("2011-09-01");
    expect(extractAsOf("Back on 2011-11-01, what did we expect?")).toBe("2011-11-01");
  });
});

describe("catalogue and review filters", () => {
  it("reads price ranges and stock", () => {
    expect(extractPriceRange("gifts under £30")).toEqual({ maxPrice: 30 });
    expect(extractPriceRange("blankets between £20 and £60")).toEqual({ minPrice: 20, maxPrice: 60 });
    expect(extractPriceRange("mugs over £15")).toEqual({ minPrice: 15 });
    expect(extractPriceRange("the next 30 days")).toBeUndefined();
    expect(extractInStockOnly("candles that are in stock")).toBe(true);
  });

  it("reads aspects, pasted texts, countries and features", () => {
    expect(extractAspect("how do people feel about delivery")).toBe("delivery");
    expect(extractAspect("is it good value for money")).toBe("price");
    expect(extractAspect("what are they complaining about")).toBeUndefined();
    expect(extractTexts("Score these: 'Lovely mug, arrived quickly' and 'Broke after a week'")).toEqual(["Lovely mug, arrived quickly", "Broke after a week"]);
    expect(extractTexts("Score this feedback: the lid does not fit")).toEqual(["the lid does not fit"]);
    expect(extractTexts("we haven't had complaints")).toBeUndefined();
    expect(extractCountry("segments for the UK only")).toBe("United Kingdom");
    expect(extractCountry("German customers")).toBe("Germany");
    expect(extractFeatures("take basket size and product variety into account")).toEqual(["average_order_value", "distinct_products"]);
  });
});

describe("product phrases and queries", () => {
  it("finds the product named in words for each tool", () => {
    expect(extractProductPhrase("What goes with the Fresh Linen Scented Candle?", "recommend")).toBe("fresh linen scented candle");
    expect(extractProductPhrase("Cross-sell ideas for our linen napkins", "recommend")).toBe("linen napkins");
    expect(extractProductPhrase("How many enamel mugs will we sell next month?", "forecast")).toBe("enamel mugs");
    expect(extractProductPhrase("How happy are customers with the quality of the Winter Spice Scented Candle?", "sentiment")).toBe("winter spice scented candle");
    expect(extractProductPhrase("Write an email featuring our tea towels", "draft")).toBe("tea towels");
  });

  it("does not take ids, aspects, time spans or pronouns for products", () => {
    expect(extractProductPhrase("What goes with product HW10568?", "recommend")).toBeUndefined();
    expect(extractProductPhrase("How do people feel about our delivery?", "sentiment")).toBeUndefined();
    expect(extractProductPhrase("review sentiment for the last 90 days", "sentiment")).toBeUndefined();
    expect(extractProductPhrase("How many units will we sell next month?", "forecast")).toBeUndefined();
    expect(extractProductPhrase("write an email featuring them", "draft")).toBeUndefined();
    expect(cleanPhrase("the at-risk customers")).toBeUndefined();
  });

  it("recognises references to shown and recommended products", () => {
    expect(extractProductReference("write a post featuring the first three")).toBe(3);
    expect(extractProductReference("an email featuring them")).toBe(3);
    expect(extractProductReference("an email for segment 2")).toBeUndefined();
    expect(wantsRecommendedProducts("a win-back SMS with products they'd like")).toBe(true);
    expect(wantsRecommendedProducts("an SMS for the spring sale")).toBe(false);
  });

  it("strips commands and filters from catalogue queries", () => {
    expect(searchQueryOf("Find presents for cat lovers under £25")).toBe("presents for cat lovers");
    expect(searchQueryOf("Show me 12 garden lanterns that are in stock")).toBe("garden lanterns");
    expect(searchQueryOf("Do we sell bamboo toothbrushes?")).toBe("bamboo toothbrushes");
    expect(searchQueryOf("Look up wool throws between £40 and £90")).toBe("wool throws");
    expect(searchQueryOf("What could we feature for a birthday party?")).toBe("birthday party");
  });
});
