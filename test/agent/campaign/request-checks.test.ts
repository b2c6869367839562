import { describe, expect, it } from "vitest";
import { AppError, ValidationError } from "../../../src/core/errors.ts";
import { parseMarketingSettings } from "../../../src/core/marketing.ts";
import { checkCampaignRequest, offerForSegment } from "../../../src/agent/campaign/request-checks.ts";
import { campaignRequestSchema } from "../../../src/agent/campaign/schema.ts";

const settings = parseMarketingSettings({
  offers: [{ code: "SPRING20", description: "20% off candles", discountPercent: 20 }, { description: "Free delivery over £40", freeShipping: true }],
  brandVoices: { default: { description: "warm" }, playful: { description: "fun" } },
});

const request = (body: Record<string, unknown>) => campaignRequestSchema.parse({ brief: "A spring campaign", channels: ["sms"], ...body });

function thrown(work: () => void): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("campaignRequestSchema", () => {
  it("fills defaults and reads digit strings as segment numbers", () => {
    const parsed = request({ targetSegments: ["2", "At risk"] });
    expect(parsed).toMatchObject({ variants: 2, productsPerSegment: 3, offers: [], segmentation: {}, targetSegments: [2, "At risk"] });
  });

  it.each([
    [{ channels: [] }, "channels"],
    [{ channels: ["sms", "sms"] }, "channels"],
    [{ channels: ["fax"] }, "channels.0"],
    [{ segmentation: { k: 13 } }, "segmentation.k"],
    [{ variants: 6 }, "variants"],
    [{ brief: "  " }, "brief"],
    [{ offers: [{ description: "x", discount: 5 }] }, "offers.0"],
    [{ surprise: true }, ""],
  ])("rejects %j at %s", (body, path) => {
    const parsed = campaignRequestSchema.safeParse({ brief: "A spring campaign", channels: ["sms"], ...body });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });
});

describe("checkCampaignRequest", () => {
  it("accepts configured offers by code or description and known voices", () => {
    expect(() => checkCampaignRequest(request({ offers: ["spring20", "free delivery over £40"], brandVoice: "playful" }), settings)).not.toThrow();
  });

  it("refuses segment names no segmentation can give, listing the real ones", () => {
    const error = thrown(() => checkCampaignRequest(request({ targetSegments: ["Whales"] }), settings));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('"Whales"');
    expect(error.message).toContain("Champions");
  });

  it("refuses segment numbers above the requested k", () => {
    const error = thrown(() => checkCampaignRequest(request({ segmentation: { k: 3 }, targetSegments: [4] }), settings));
    expect(error.message).toContain("numbered 1–3");
  });

  it("refuses unknown offers and voices, naming the approved ones", () => {
    const offer = thrown(() => checkCampaignRequest(request({ offers: ["HALFPRICE"] }), settings));
    expect(offer).toMatchObject({ code: "unknown_offer", category: "user" });
    expect(offer.message).toContain("SPRING20");
    const voice = thrown(() => checkCampaignRequest(request({ brandVoice: "grumpy" }), settings));
    expect(voice).toMatchObject({ code: "unknown_brand_voice", category: "user" });
    expect(voice.message).toContain("default, playful");
    const none = thrown(() => checkCampaignRequest(request({ brandVoice: "grumpy" }), parseMarketingSettings({})));
    expect(none.message).toContain("define none");
  });
});

describe("offerForSegment", () => {
  const offers = request({
    offers: [{ description: "15% off for you", discountPercent: 15, segments: ["at risk", 4] }, "SPRING20", { description: "never used" }],
  }).offers;

  it("gives a segment the offer aimed at it, else the first general one", () => {
    expect(offerForSegment(offers, { number: 2, name: "At risk" })).toEqual({ description: "15% off for you", discountPercent: 15 });
    expect(offerForSegment(offers, { number: 4, name: "Hibernating" })).toEqual({ description: "15% off for you", discountPercent: 15 });
    expect(offerForSegment(offers, { number: 1, name: "Champions" })).toBe("SPRING20");
    expect(offerForSegment([], { number: 1, name: "Champions" })).toBeUndefined();
  });
});
