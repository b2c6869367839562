import { describe, expect, it } from "vitest";
import type { CustomerFeatures } from "../../../tools/segment-customers/features.ts";
import { median, percentileRank, profileSegments } from "../../../tools/segment-customers/profile.ts";

function customer(customerId: string, recencyDays: number, frequency: number, monetary: number): CustomerFeatures {
  return { customerId, recencyDays, frequency, monetary, tenureDays: recencyDays + 10 * frequency, distinctProducts: frequency * 2 };
}

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe("percentileRank", () => {
  it("is the mid-rank: (below + half of the equal ones) / n", () => {
    const sorted = Float64Array.from([1, 2, 2, 2, 5]);
    expect(percentileRank(sorted, 2)).toBeCloseTo((1 + 3 / 2) / 5, 12);
    expect(percentileRank(sorted, 0)).toBe(0);
    expect(percentileRank(sorted, 9)).toBe(1);
    expect(percentileRank(sorted, 3)).toBeCloseTo(4 / 5, 12);
  });
});

describe("profileSegments", () => {
  const customers = [
    customer("a", 2, 10, 1000),
    customer("b", 4, 12, 1400),
    customer("c", 200, 1, 20),
    customer("d", 300, 1, 30),
    customer("e", 250, 2, 40),
  ];

  it("numbers segments by descending median spend, whatever the k-means labels", () => {
    const profiles = profileSegments(customers, Int32Array.from([1, 1, 0, 0, 0]), 2);
    expect(profiles.map((profile) => profile.cluster)).toEqual([1, 0]);
    expect(profiles[0]).toMatchObject({ size: 2, medians: { recencyDays: 3, frequency: 11, monetary: 1200, averageOrderValue: 108.33333333333334 } });
    expect(profiles[1]).toMatchObject({ size: 3, medians: { recencyDays: 250, frequency: 1, monetary: 30 } });
  });

  it("scores medians against the whole customer base, recency inverted", () => {
    const [best, rest] = profileSegments(customers, Int32Array.from([0, 0, 1, 1, 1]), 2);
    // Recency median 3 lies between 2 and 4: 1 of 5 below → rank 0.2, score 1 − 0.2 = 0.8.
    expect(best!.scores.recency).toBeCloseTo(0.8, 12);
    // Spend median 1200 lies between 1000 and 1400: 4 of 5 below → 0.8.
    expect(best!.scores.monetary).toBeCloseTo(0.8, 12);
    // Frequency median 1 ties with two customers: (0 + 2/2)/5 = 0.2.
    expect(rest!.scores.frequency).toBeCloseTo(0.2, 12);
  });

  it("leaves empty clusters out and breaks ties by cluster index", () => {
    const twins = [customer("a", 5, 2, 100), customer("b", 5, 2, 100)];
    const profiles = profileSegments(twins, Int32Array.from([2, 0]), 3);
    expect(profiles.map((profile) => profile.cluster)).toEqual([0, 2]);
  });
});
