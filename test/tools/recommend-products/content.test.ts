import { describe, expect, it } from "vitest";
import { contentNeighbours, contentSimilarity } from "../../../tools/recommend-products/content.ts";

describe("contentNeighbours", () => {
  // Unit-free vectors: 0 and 1 point the same way, 2 at 45°, 3 opposite, 4 is zero.
  const vectors = [
    [1, 0],
    [2, 0],
    [1, 1],
    [-1, 0],
    [0, 0],
  ];

  it("keeps the k most similar products by cosine, positive only, best first", () => {
    const content = contentNeighbours(vectors, 3);
    expect([...content.neighbours.subarray(0, 3)]).toEqual([1, 2, -1]);
    expect(content.similarity[0]).toBeCloseTo(1, 12);
    expect(content.similarity[1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(contentSimilarity(content, 0, 2)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(contentSimilarity(content, 0, 3)).toBe(0); // opposite direction
    expect(contentSimilarity(content, 2, 0)).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it("gives products without text (zero vectors) no neighbours", () => {
    const content = contentNeighbours(vectors, 2);
    expect([...content.neighbours.subarray(8, 10)]).toEqual([-1, -1]);
    expect(contentSimilarity(content, 0, 4)).toBe(0);
  });

  it("breaks ties by the lower index and handles empty input", () => {
    const content = contentNeighbours([[1], [1], [1]], 1);
    expect([...content.neighbours]).toEqual([1, 0, 0]);
    expect(contentNeighbours([], 5).neighbours.length).toBe(0);
  });
});
