import { describe, expect, it } from "vitest";
import { topIndices } from "../../../tools/recommend-products/ranking.ts";

describe("topIndices", () => {
  it("returns the best scores first", () => {
    expect(topIndices([0.1, 0.9, 0.5, 0.7], 3)).toEqual([1, 3, 2]);
  });

  it("breaks ties by tieBreak (larger first), then by lower index", () => {
    const scores = [1, 1, 1, 1];
    expect(topIndices(scores, 4, { tieBreak: [0, 5, 5, 9] })).toEqual([3, 1, 2, 0]);
    expect(topIndices(scores, 2)).toEqual([0, 1]);
  });

  it("keeps only included, finite scores", () => {
    const scores = [5, Number.NaN, Number.NEGATIVE_INFINITY, 3, 4];
    expect(topIndices(scores, 10)).toEqual([0, 4, 3]);
    expect(topIndices(scores, 10, { include: (index) => index !== 0 })).toEqual([4, 3]);
  });

  it("handles limits of 0 and larger than the input", () => {
    expect(topIndices([1, 2], 0)).toEqual([]);
    expect(topIndices([1, 2], 5)).toEqual([1, 0]);
  });

  it("agrees with a full sort on random data", () => {
    let state = 7;
    const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const scores = Array.from({ length: 500 }, () => Math.round(next() * 50) / 50);
    const expected = scores
      .map((score, index) => ({ score, index }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 25)
      .map((entry) => entry.index);
    expect(topIndices(scores, 25)).toEqual(expected);
  });
});
