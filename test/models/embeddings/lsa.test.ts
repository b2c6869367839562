import { Matrix, SingularValueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/models/embeddings/hashing.ts";
import { csrFromRows, fitLsa } from "../../../src/models/embeddings/lsa.ts";

/** A seeded sparse 30 × 12 matrix, as rows of column → value. */
function sparseRows(): Map<number, number>[] {
  const random = seededRandom(5);
  return Array.from({ length: 30 }, () => {
    const row = new Map<number, number>();
    for (let column = 0; column < 12; column++) if (random() < 0.3) row.set(column, Math.round(random() * 100) / 10 + 0.1);
    return row;
  });
}

function dense(rows: Map<number, number>[], columns: number): Matrix {
  const matrix = new Matrix(rows.length, columns);
  rows.forEach((row, index) => {
    for (const [column, value] of row) matrix.set(index, column, value);
  });
  return matrix;
}

describe("fitLsa", () => {
  const rows = sparseRows();
  const exact = new SingularValueDecomposition(dense(rows, 12), { autoTranspose: true });

  it("matches an exact SVD when the random subspace covers the matrix", () => {
    const model = fitLsa(csrFromRows(rows, 12), { rank: 4, seed: 3 });
    for (let k = 0; k < 4; k++) expect(model.singularValues[k]).toBeCloseTo(exact.diagonal[k] as number, 8);
    // Each fitted direction equals the exact right singular vector up to sign.
    for (let k = 0; k < 4; k++) {
      let dot = 0;
      for (let term = 0; term < 12; term++) dot += (model.components[term * 4 + k] as number) * exact.rightSingularVectors.get(term, k);
      expect(Math.abs(dot)).toBeCloseTo(1, 5);
    }
  });

  it("approximates the top singular values with a partial subspace", () => {
    const model = fitLsa(csrFromRows(rows, 12), { rank: 2, oversample: 4, powerIterations: 3, seed: 9 });
    // Randomized SVD underestimates slightly; within 1% for the top two here.
    for (let k = 0; k < 2; k++) {
      const truth = exact.diagonal[k] as number;
      expect(Math.abs((model.singularValues[k] as number) - truth) / truth).toBeLessThan(0.01);
    }
  });

  it("is deterministic for a seed", () => {
    const first = fitLsa(csrFromRows(rows, 12), { rank: 3, seed: 1 });
    const second = fitLsa(csrFromRows(rows, 12), { rank: 3, seed: 1 });
    expect(Array.from(second.components)).toEqual(Array.from(first.components));
  });

  it("leaves dimensions the data cannot fill at zero", () => {
    // Two identical rows: rank 1.
    const model = fitLsa(csrFromRows([new Map([[0, 1], [1, 2]]), new Map([[0, 1], [1, 2]])], 3), { rank: 4, seed: 1 });
    expect(model.singularValues[0]).toBeCloseTo(Math.sqrt(10), 10);
    expect(Array.from(model.singularValues.slice(1))).toEqual([0, 0, 0]);
    expect(model.components).toHaveLength(12);
  });

  it("handles an empty matrix", () => {
    const model = fitLsa(csrFromRows([], 5), { rank: 3 });
    expect(Array.from(model.singularValues)).toEqual([0, 0, 0]);
  });
});
