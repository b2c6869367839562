import { describe, expect, it } from "vitest";
import { describeSegment, summarize, type SummaryParts } from "../../../tools/segment-customers/describe.ts";

const medians = { recencyDays: 12, frequency: 1, monetary: 2186.4, tenureDays: 300, averageOrderValue: 300, distinctProducts: 20 };

describe("describeSegment", () => {
  it("states the meaning and the key medians in one line", () => {
    expect(describeSegment("Buy often", medians)).toBe("Buy often: typically last ordered 12 days ago, 1 order, 2,186 spent in total.");
    expect(describeSegment("Rare", { ...medians, recencyDays: 1, frequency: 2.5, monetary: 7.45 })).toBe(
      "Rare: typically last ordered 1 day ago, 2.5 orders, 7.5 spent in total.",
    );
  });
});

describe("summarize", () => {
  const parts = (count: number, name: string): SummaryParts => ({
    segmentationId: "sgm_1",
    customerCount: 4334,
    asOf: "2011-12-10",
    features: ["recency", "frequency", "monetary"],
    k: count,
    kChosenBy: "silhouette",
    candidateRange: { min: 2, max: 8 },
    silhouette: 0.4329,
    segments: Array.from({ length: count }, (_, index) => ({ number: index + 1, name, size: 100, share: 1 / count, medians })),
  });

  it("gives the key numbers and the segment ids", () => {
    const text = summarize(parts(2, "Champions"));
    expect(text).toContain("Segmented 4,334 customers");
    expect(text).toContain("k=2 chosen by best silhouette over k=2–8; silhouette 0.433");
    expect(text).toContain("1 Champions: 100 (50%), 12 d since last order, 1 order, 2,186 spent.");
    expect(text).toContain("sgm_1:1…sgm_1:2");
  });

  it("stays within the limit with twelve long-named segments", () => {
    for (const limit of [600, 300]) {
      const text = summarize(parts(12, "A rather long segment name for testing"), limit);
      expect(text.length).toBeLessThanOrEqual(limit);
      expect(text).toContain("sgm_1:12");
    }
    expect(summarize(parts(12, "A rather long segment name for testing"), 300)).toContain("more.");
  });
});
