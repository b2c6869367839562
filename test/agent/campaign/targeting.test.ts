import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import { INTENT_RULES, type TargetableSegment, briefIntents, pickTargetSegments } from "../../../src/agent/campaign/targeting.ts";
import { ARCHETYPES } from "../../../tools/segment-customers/naming.ts";

function segment(number: number, name: string, scores: Partial<TargetableSegment["scores"]> = {}): TargetableSegment {
  return { number, name, scores: { recency: 0.5, frequency: 0.5, monetary: 0.5, tenure: 0.5, ...scores } };
}

const fourSegments = [
  segment(1, "Champions", { recency: 0.85, monetary: 0.9, tenure: 0.7 }),
  segment(2, "At risk", { recency: 0.37, monetary: 0.66, tenure: 0.71 }),
  segment(3, "Promising", { recency: 0.79, monetary: 0.39, tenure: 0.15 }),
  segment(4, "Hibernating", { recency: 0.22, monetary: 0.16, tenure: 0.3 }),
];

describe("briefIntents", () => {
  it.each([
    ["Win back customers who stopped ordering", ["win-back"]],
    ["A winback SMS for lapsed buyers", ["win-back"]],
    ["We miss you! Customers who haven’t bought since spring", ["win-back"]],
    ["Reduce churn among dormant accounts", ["win-back"]],
    ["Thank our VIPs with early access", ["loyalty"]],
    ["A loyalty reward for our best customers", ["loyalty"]],
    ["Welcome series for new customers after their first order", ["welcome"]],
    ["Thank loyal buyers and win back the lapsed ones", ["win-back", "loyalty"]],
    ["Launch our new autumn range", []],
    ["Spring sale on candles", []],
  ])("%s → %j", (brief, intents) => {
    expect(briefIntents(brief)).toEqual(intents);
  });
});

describe("pickTargetSegments", () => {
  it("only uses segment names the segmentation tool can give", () => {
    const names = new Set(ARCHETYPES.map((archetype) => archetype.name));
    for (const rule of INTENT_RULES) for (const name of rule.segmentNames) expect(names.has(name), name).toBe(true);
  });

  it("targets every segment when the brief names no audience", () => {
    const decision = pickTargetSegments(fourSegments, "Our new autumn range is here");
    expect(decision).toMatchObject({ rule: "all", intents: [], segmentNumbers: [1, 2, 3, 4] });
  });

  it("targets the lapsed segments for a win-back brief", () => {
    const decision = pickTargetSegments(fourSegments, "Win back customers who have not ordered in months");
    expect(decision.rule).toBe("brief");
    expect(decision.segmentNumbers).toEqual([2, 4]);
    expect(decision.explanation).toContain("At risk, Hibernating");
  });

  it("combines intents and keeps segment order", () => {
    expect(pickTargetSegments(fourSegments, "Welcome new customers and thank our VIPs").segmentNumbers).toEqual([1, 3]);
  });

  it("falls back to the best-fitting segment by score when no segment has a matching name", () => {
    const coarse = [segment(1, "Loyal customers", { recency: 0.65, monetary: 0.72, tenure: 0.68 }), segment(2, "Need attention", { recency: 0.4, monetary: 0.3, tenure: 0.2 })];
    const welcome = pickTargetSegments(coarse, "A welcome email");
    expect(welcome.segmentNumbers).toEqual([2]);
    expect(welcome.explanation).toContain("newest customers");
    expect(pickTargetSegments(coarse, "win back lapsed buyers").segmentNumbers).toEqual([2]);
    expect(pickTargetSegments([segment(1, "Need attention", { monetary: 0.3 }), segment(2, "Promising", { monetary: 0.6 })], "VIP thank-you").segmentNumbers).toEqual([2]);
  });

  it("takes requested segments by number or name in any case, without duplicates", () => {
    const decision = pickTargetSegments(fourSegments, "anything", ["hibernating", 1, "CHAMPIONS", "at risk"]);
    expect(decision).toMatchObject({ rule: "request", segmentNumbers: [1, 2, 4] });
  });

  it("refuses unknown requested segments with a user error listing the real ones", () => {
    let caught: unknown;
    try {
      pickTargetSegments(fourSegments, "anything", ["Lost", 7]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe("unknown_target_segment");
    expect(error.category).toBe("user");
    expect(error.message).toContain('"Lost" or number 7');
    expect(error.message).toContain("1 Champions, 2 At risk, 3 Promising, 4 Hibernating");
  });
});
