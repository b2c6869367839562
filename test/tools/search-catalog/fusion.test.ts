import { describe, expect, it } from "vitest";
import { RRF_K, reciprocalRankFusion } from "../../../tools/search-catalog/fusion.ts";

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
