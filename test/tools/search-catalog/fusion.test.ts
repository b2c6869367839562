import { describe, expect, it } from "vitest";
import { CONVEX_WEIGHTS, RRF_K, convexFusion, reciprocalRankFusion } from "../../../tools/search-catalog/fusion.ts";

describe("reciprocalRankFusion", () => {
  it("sums 1/(k + rank) over the lists (k = 60)", () => {
    const fused = reciprocalRankFusion([
      { retriever: "bm25", ids: ["x", "y", "z"] },
      { retriever: "vector", ids: ["y", "w"] },
    ]);
    // y: 1/62 + 1/61 = 0.0325224; x: 1/61 = 0.0163934; w: 1/62 = 0.0161290; z: 1/63 = 0.0158730
    expect(RRF_K).toBe(60);
    expect(fused.map((hit) => hit.id)).toEqual(["y", "x", "w", "z"]);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[0]?.ranks).toEqual({ bm25: 2, vector: 1 });
    expect(fused[3]?.score).toBeCloseTo(1 / 63, 12);
    expect(fused[3]?.ranks).toEqual({ bm25: 3 });
  });

  it("applies list weights and another k", () => {
    const fused = reciprocalRankFusion(
      [
        { retriever: "a", ids: ["p", "q"], weight: 2 },
        { retriever: "b", ids: ["q"] },
      ],
      10,
    );
    // p: 2/11 = 0.1818; q: 2/12 + 1/11 = 0.2576
    expect(fused.map((hit) => [hit.id, Number(hit.score.toFixed(6))])).toEqual([
      ["q", Number((2 / 12 + 1 / 11).toFixed(6))],
      ["p", Number((2 / 11).toFixed(6))],
    ]);
  });

  it("breaks score ties by best rank, then by list order, then by id", () => {
    expect(reciprocalRankFusion([{ retriever: "a", ids: ["p"] }, { retriever: "b", ids: ["q"] }]).map((hit) => hit.id)).toEqual(["p", "q"]);
    expect(reciprocalRankFusion([{ retriever: "a", ids: ["b", "a"] }, { retriever: "b", ids: ["a", "b"] }]).map((hit) => hit.id)).toEqual(["a", "b"]);
  });

  it("counts an id repeated within one list at its best rank only", () => {
    const [hit] = reciprocalRankFusion([{ retriever: "a", ids: ["p", "p"] }]);
    expect(hit?.score).toBeCloseTo(1 / 61, 12);
    expect(hit?.ranks).toEqual({ a: 1 });
  });

  it("fuses nothing into nothing", () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([{ retriever: "a", ids: [] }])).toEqual([]);
  });
});

describe("convexFusion", () => {
  const scores = (table: Record<string, number>) => (id: string) => table[id];

  it("averages max-normalised scores with the weights, scoring every candidate in every list", () => {
    const fused = convexFusion([
      { retriever: "bm25", ids: ["x", "y"], score: scores({ x: 8, y: 4, z: 2 }), weight: 0.4 },
      { retriever: "vector", ids: ["z", "y"], score: scores({ z: 0.5, y: 0.4, x: 0.1 }), weight: 0.6 },
    ]);
    // x: 0.4·1 + 0.6·0.2 = 0.52; y: 0.4·0.5 + 0.6·0.8 = 0.68; z: 0.4·0.25 + 0.6·1 = 0.70
    expect(fused.map((hit) => hit.id)).toEqual(["z", "y", "x"]);
    expect(fused.map((hit) => Number(hit.score.toFixed(12)))).toEqual([0.7, 0.68, 0.52]);
    // z was scored by BM25 (0.25) although it is not in the BM25 list: its ranks say which lists it made.
    expect(fused[0]?.ranks).toEqual({ vector: 1 });
    expect(fused[1]?.ranks).toEqual({ bm25: 2, vector: 2 });
  });

  it("divides by the total weight, so first in every list scores 1 whatever the weights", () => {
    const [top] = convexFusion([
      { retriever: "a", ids: ["p", "q"], score: scores({ p: 3, q: 1 }), weight: 3 },
      { retriever: "b", ids: ["p"], score: scores({ p: 0.9, q: 0.3 }), weight: 1 },
    ]);
    expect(top?.id).toBe("p");
    expect(top?.score).toBeCloseTo(1, 12);
  });

  it("counts missing, negative and non-finite scores as no evidence", () => {
    const fused = convexFusion([
      { retriever: "a", ids: ["p", "q", "r", "s"], score: scores({ p: 2, q: -5, r: Number.NaN }) },
    ]);
    expect(fused.map((hit) => [hit.id, hit.score])).toEqual([
      ["p", 1],
      ["q", 0],
      ["r", 0],
      ["s", 0],
    ]);
  });

  it("lets a list with no evidence or weight 0 add candidates and ranks but no score", () => {
    const fused = convexFusion([
      { retriever: "a", ids: ["p"], score: scores({ p: 1 }) },
      { retriever: "b", ids: ["q"], score: () => 0 },
      { retriever: "c", ids: ["r"], score: () => 5, weight: 0 },
    ]);
    expect(fused.map((hit) => hit.id)).toEqual(["p", "q", "r"]);
    // a has weight 1 of a total 2 (c's 0 counts nothing): p = 1/2.
    expect(fused[0]?.score).toBeCloseTo(0.5, 12);
    expect(fused[2]?.ranks).toEqual({ c: 1 });
  });

  it("breaks score ties like reciprocalRankFusion: best rank, then list order, then id", () => {
    const tie = () => 1;
    expect(convexFusion([{ retriever: "a", ids: ["p", "q"], score: tie }]).map((hit) => hit.id)).toEqual(["p", "q"]);
    expect(convexFusion([{ retriever: "a", ids: ["q"], score: tie }, { retriever: "b", ids: ["p"], score: tie }]).map((hit) => hit.id)).toEqual(["q", "p"]);
  });

  it("fuses nothing into nothing and ships weights that sum to 1", () => {
    expect(convexFusion([])).toEqual([]);
    expect(convexFusion([{ retriever: "a", ids: [], score: () => 1 }])).toEqual([]);
    expect(CONVEX_WEIGHTS.bm25 + CONVEX_WEIGHTS.vector).toBeCloseTo(1, 12);
  });
});
