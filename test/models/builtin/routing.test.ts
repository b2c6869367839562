import { describe, expect, it } from "vitest";
import { ROUTE_THRESHOLD, ToolRouter, detectSmallTalk, isOffTopicWriting, splitClauses } from "../../../src/models/builtin/routing.ts";
import { TOOLS } from "./helpers.ts";

const router = new ToolRouter(TOOLS.map((tool) => ({ name: tool.name, description: tool.description, examples: tool.examples.map((example) => example.request) })));

describe("ToolRouter", () => {
  it.each([
    ["Cluster customers by recency and spend", "segment_customers"],
    ["Which items do shoppers buy alongside our linen napkins?", "recommend_products"],
    ["Are buyers unhappy with the packaging lately?", "analyze_sentiment"],
    ["Project next quarter's turnover", "forecast_sales"],
    ["Have we got anything for a garden party?", "search_catalog"],
    ["Compose a newsletter about the summer sale", "draft_campaign_copy"],
  ])("routes %j to %s", (request, tool) => {
    expect(router.route(request)?.tool).toBe(tool);
  });

  it("routes a tool it has no cues for by its description and examples", () => {
    const custom = new ToolRouter([
      ...TOOLS.map((tool) => ({ name: tool.name, description: tool.description, examples: tool.examples.map((example) => example.request) })),
      { name: "count_stock", description: "Counts units left in the warehouse per product.", examples: ["How many units are left in the warehouse?", "Warehouse stock levels of mugs"] },
    ]);
    const best = custom.route("what are the warehouse stock levels of teapots");
    expect(best?.tool).toBe("count_stock");
    expect(best?.cues).toBe(0);
  });

  it("does not route on a single shared word", () => {
    expect(router.route("now make it shorter")).toBeUndefined();
    expect(router.score("now make it shorter")[0]!.score).toBeLessThan(ROUTE_THRESHOLD);
  });

  it("does not send requests about customers to the catalogue search", () => {
    expect(router.route("Find our most loyal customers")?.tool).toBe("segment_customers");
  });
});

describe("splitClauses", () => {
  it("splits compound requests before each action", () => {
    expect(splitClauses("Find lapsed customers and send them an SMS")).toEqual(["Find lapsed customers", "send them an SMS"]);
    expect(splitClauses("Segment our customers, then recommend products for the champions")).toEqual(["Segment our customers", "recommend products for the champions"]);
    expect(splitClauses("What goes with the oak board? Then write a post about it")).toEqual(["What goes with the oak board?", "write a post about it"]);
    expect(splitClauses("Write an email for tea and coffee lovers")).toEqual(["Write an email for tea and coffee lovers"]);
  });
});

describe("small talk", () => {
  it("recognises greetings, thanks, help and off-topic requests", () => {
    expect(detectSmallTalk("Hi there!", false)).toBe("greeting");
    expect(detectSmallTalk("Thanks a lot, that's really helpful", false)).toBe("thanks");
    expect(detectSmallTalk("help", false)).toBe("help");
    expect(detectSmallTalk("what's the weather like in Leeds", false)).toBe("off-topic");
    expect(detectSmallTalk("thanks, now draft an email for segment 2", true)).toBeUndefined();
    expect(detectSmallTalk("which products sell best in the weather we're having", true)).toBeUndefined();
  });

  it("tells copywriting for the shop from other writing", () => {
    expect(isOffTopicWriting("write me a poem about autumn leaves")).toBe(true);
    expect(isOffTopicWriting("write a poem for our autumn newsletter")).toBe(false);
  });
});
