import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../../tools/search-catalog/bm25.ts";

// Hand-checked fixture, k1 = 1.2, b = 0.75, one field of weight 1.
// N = 3, document lengths 2, 4, 3, so avgdl = 3.
//   idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)); "mug", "red", "large" each have df = 2:
//   idf = ln(1 + 1.5 / 2.5) = ln 1.6 = 0.4700036292
//   score = idf · tf · 2.2 / (tf + 1.2 · (0.25 + 0.75 · dl / 3))
const documents = [[["red", "mug"]], [["blue", "mug", "mug", "large"]], [["red", "teapot", "large"]]];
const IDF = Math.log(1.6);

describe("Bm25Index", () => {
  const index = Bm25Index.build(documents, { k1: 1.2, b: 0.75 });

  it("computes Lucene's idf", () => {
    expect(index.documentCount).toBe(3);
    expect(index.averageLength).toBe(3);
    expect(index.idf("mug")).toBeCloseTo(0.4700036292, 9);
    // df = 1: ln(1 + 2.5 / 1.5)
    expect(index.idf("teapot")).toBeCloseTo(Math.log(1 + 2.5 / 1.5), 12);
    // Unknown terms have df = 0: ln(1 + 3.5 / 0.5) = ln 8.
    expect(index.idf("kettle")).toBeCloseTo(Math.log(8), 12);
  });

  it("scores one term by hand", () => {
    const hits = index.search(["mug"], 10);
    // d0: tf 1, dl 2 → 1.2·(0.25 + 0.5) = 0.9 → idf · 2.2 / 1.9 = 0.5442147285
    // d1: tf 2, dl 4 → 1.2·(0.25 + 1) = 1.5 → idf · 4.4 / 3.5 = 0.5908617053
    expect(hits.map((hit) => hit.index)).toEqual([1, 0]);
    expect(hits[0]?.score).toBeCloseTo(IDF * (4.4 / 3.5), 10);
    expect(hits[0]?.score).toBeCloseTo(0.5908617053, 9);
    expect(hits[1]?.score).toBeCloseTo(0.5442147285, 9);
  });

  it("sums terms and ranks by the total", () => {
    const hits = index.search(["red", "large"], 10);
    // d2: both terms, tf 1, dl 3 → norm 1.2 → 2 · idf · 2.2 / 2.2 = 0.9400072584
    // d0: red only → 0.5442147285;  d1: large only, dl 4 → idf · 2.2 / 2.5 = 0.4136031937
    expect(hits.map((hit) => hit.index)).toEqual([2, 0, 1]);
    expect(hits.map((hit) => Number(hit.score.toFixed(9)))).toEqual([0.940007258, 0.544214729, 0.413603194]);
  });

  it("counts a repeated query term once", () => {
    expect(index.search(["mug", "mug"], 10)).toEqual(index.search(["mug"], 10));
  });

  it("weights fields: a name hit counts w_name times", () => {
    // Both documents have dl = 2·1 + 1·1 = 3 = avgdl, so the normaliser is k1 = 1.2.
    // idf(mug) with N = 2, df = 2: ln(1 + 0.5 / 2.5) = ln 1.2.
    const fielded = Bm25Index.build(
      [
        [["mug"], ["red"]],
        [["red"], ["mug"]],
      ],
      { fieldWeights: [2, 1] },
    );
    const hits = fielded.search(["mug"], 10);
    expect(hits.map((hit) => hit.index)).toEqual([0, 1]);
    expect(hits[0]?.score).toBeCloseTo(Math.log(1.2) * (2 * 2.2) / (2 + 1.2), 12);
    expect(hits[1]?.score).toBeCloseTo(Math.log(1.2) * 2.2 / (1 + 1.2), 12);
  });

  it("filters before ranking, so a filter never costs recall", () => {
    expect(index.search(["mug"], 1, (document) => document !== 1).map((hit) => hit.index)).toEqual([0]);
  });

  it("breaks ties by document position and honours the limit", () => {
    const twins = Bm25Index.build([[["mug"]], [["mug"]], [["mug"]]]);
    expect(twins.search(["mug"], 2).map((hit) => hit.index)).toEqual([0, 1]);
  });

  it("returns nothing for unknown terms and for an empty collection", () => {
    expect(index.search(["kettle"], 10)).toEqual([]);
    const empty = Bm25Index.build([]);
    expect(empty.search(["mug"], 10)).toEqual([]);
    expect(empty.averageLength).toBe(1);
  });
});
