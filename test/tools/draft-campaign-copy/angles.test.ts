import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../src/core/random.ts";
import {
  type PlanRequest,
  TONES,
  occasionFromBrief,
  planVariants,
  rankAngles,
  seasonOf,
  toneFromWords,
} from "../../../tools/draft-campaign-copy/angles.ts";

const base: PlanRequest = {
  brief: "Tell people about our lanterns",
  productCount: 3,
  productsNamed: true,
  rating: { average: 4.5, count: 20 },
  hasOffer: false,
};

describe("toneFromWords", () => {
  it("reads a tone from the request or a brand voice description", () => {
    expect(toneFromWords("urgent")).toBe("urgent");
    expect(toneFromWords("Luxurious and refined")).toBe("premium");
    expect(toneFromWords("warm, plain-spoken, a little playful; never pushy")).toBe("friendly");
    expect(toneFromWords("cheeky but calm")).toBe("playful");
    expect(toneFromWords("matter-of-fact")).toBeUndefined();
    expect(toneFromWords(undefined)).toBeUndefined();
  });
});

describe("occasions and seasons", () => {
  it("finds the occasion a brief names", () => {
    expect(occasionFromBrief("Our Xmas gift guide")).toEqual({ name: "Christmas", gifting: true });
    expect(occasionFromBrief("mothers day candles")).toEqual({ name: "Mother's Day", gifting: true });
    expect(occasionFromBrief("sales fell last month")).toBeUndefined();
  });

  it("names the season of a date", () => {
    expect(seasonOf(new Date("2026-11-01T00:00:00Z"))).toBe("autumn");
    expect(seasonOf(new Date("2026-01-15T00:00:00Z"))).toBe("winter");
    expect(seasonOf(new Date("2026-04-15T00:00:00Z"))).toBe("spring");
    expect(seasonOf(new Date("2026-07-15T00:00:00Z"))).toBe("summer");
  });
});

describe("planning angles", () => {
  it("puts win-back first for a lapsed segment or a win-back brief, and never for loyal customers", () => {
    expect(rankAngles({ ...base, segmentName: "At risk" }, mulberry32(1))[0]).toBe("win_back");
    expect(rankAngles({ ...base, brief: "Win back customers who stopped ordering" }, mulberry32(1))[0]).toBe("win_back");
    const loyal = rankAngles({ ...base, segmentName: "Champions" }, mulberry32(1));
    expect(loyal[0]).toBe("thank_you");
    expect(loyal).not.toContain("win_back");
  });

  it("only calls named products new, and needs ratings for social proof", () => {
    const brief = "New arrivals in the shop";
    expect(rankAngles({ ...base, brief }, mulberry32(1))).toContain("new_in");
    expect(rankAngles({ ...base, brief, productsNamed: false }, mulberry32(1))).not.toContain("new_in");
    expect(rankAngles({ ...base, rating: { average: 3.2, count: 40 } }, mulberry32(1))).not.toContain("social_proof");
    expect(rankAngles({ ...base, productCount: 0, productsNamed: false, rating: null }, mulberry32(1))).toEqual(["season", "browse"]);
  });

  it("gives variants different angles while there are enough, the asked tone, and the same plan for the same seed", () => {
    const plans = planVariants({ ...base, hasOffer: true, brief: "Christmas gifts" }, 5, mulberry32(7));
    expect(new Set(plans.map((plan) => plan.angle)).size).toBe(5);
    expect(planVariants({ ...base, hasOffer: true, brief: "Christmas gifts" }, 5, mulberry32(7))).toEqual(plans);
    expect(planVariants({ ...base, tone: "calm" }, 3, mulberry32(7)).map((plan) => plan.tone)).toEqual(["calm", "calm", "calm"]);
    const voiced = planVariants({ ...base, voiceTone: "premium" }, 5, mulberry32(7)).map((plan) => plan.tone);
    expect(voiced[0]).toBe("premium");
    expect(new Set(voiced)).toEqual(new Set(TONES));
  });
});
