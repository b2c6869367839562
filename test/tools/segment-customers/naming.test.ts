import { describe, expect, it } from "vitest";
import { ARCHETYPES, archetypeDistance, nameSegments } from "../../../tools/segment-customers/naming.ts";
import type { ProfileScores } from "../../../tools/segment-customers/profile.ts";

const scores = (recency: number, frequency: number, monetary: number, tenure = 0.5): ProfileScores => ({ recency, frequency, monetary, tenure });

describe("archetypeDistance", () => {
  it("is the mean squared difference over the archetype's listed scores only", () => {
    const champions = ARCHETYPES.find((archetype) => archetype.name === "Champions")!;
    // (0.05² + 0.15² + 0.25²) / 3; tenure is not listed for Champions.
    expect(archetypeDistance(scores(0.9, 0.7, 0.6, 0), champions)).toBeCloseTo((0.0025 + 0.0225 + 0.0625) / 3, 12);
  });
});

describe("nameSegments", () => {
  it("names textbook profiles after their archetype", () => {
    const names = nameSegments([scores(0.9, 0.9, 0.9), scores(0.1, 0.9, 0.95), scores(0.95, 0.05, 0.3, 0.05), scores(0.03, 0.05, 0.05)]).map(
      (archetype) => archetype.name,
    );
    expect(names).toEqual(["Champions", "Can't lose them", "New customers", "Lost"]);
  });

  it("never gives two segments the same name, even for identical profiles", () => {
    const twelve = Array.from({ length: 12 }, () => scores(0.5, 0.5, 0.5));
    const names = nameSegments(twelve).map((archetype) => archetype.name);
    expect(new Set(names).size).toBe(12);
    // The tie goes to the lower segment number: segment 1 gets the best-fitting name.
    expect(names[0]).toBe("Need attention");
  });

  it("hands out the best fit first: the closer segment keeps the contested name", () => {
    const names = nameSegments([scores(0.8, 0.8, 0.8), scores(0.85, 0.85, 0.85)]).map((archetype) => archetype.name);
    expect(names[1]).toBe("Champions");
    expect(names[0]).not.toBe("Champions");
  });

  it("refuses more segments than names", () => {
    expect(() => nameSegments(Array.from({ length: 13 }, () => scores(0.5, 0.5, 0.5)))).toThrow(/13 segments/);
  });
});
