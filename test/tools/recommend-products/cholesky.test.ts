import { Matrix, inverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/core/errors.ts";
import { invertPositiveDefinite } from "../../../tools/recommend-products/cholesky.ts";

/** A seeded SPD matrix: XᵀX of a sparse 0/1 matrix plus a ridge, like EASE's. */
function gramPlusRidge(size: number, seed: number, ridge: number): Float64Array {
  let state = seed;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const rows = size * 3;
  const x = new Matrix(rows, size);
  for (let row = 0; row < rows; row++) for (let column = 0; column < size; column++) if (next() < 0.2) x.set(row, column, 1);
  const gram = x.transpose().mmul(x);
  const values = new Float64Array(size * size);
  for (let row = 0; row < size; row++) for (let column = 0; column < size; column++) values[row * size + column] = gram.get(row, column);
  for (let index = 0; index < size; index++) values[index * size + index]! += ridge;
  return values;
}

describe("invertPositiveDefinite", () => {
  // Sizes around the 4-row blocks: partial blocks at the end must be right too.
  it.each([1, 2, 3, 4, 5, 7, 8, 9, 13, 30])("matches ml-matrix's inverse for n = %i", (size) => {
    const values = gramPlusRidge(size, size + 1, 2);
    const ours = invertPositiveDefinite(values, size);
    const rows = Array.from({ length: size }, (_, row) => Array.from(values.subarray(row * size, row * size + size)));
    const reference = inverse(new Matrix(rows));
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        expect(ours[row * size + column]).toBeCloseTo(reference.get(row, column), 10);
      }
    }
  });

  it("gives A·A⁻¹ = I on a larger matrix", () => {
    const size = 61;
    const values = gramPlusRidge(size, 3, 5);
    const ours = invertPositiveDefinite(values, size);
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        let sum = 0;
        for (let k = 0; k < size; k++) sum += (values[row * size + k] as number) * (ours[k * size + column] as number);
        expect(sum).toBeCloseTo(row === column ? 1 : 0, 9);
      }
    }
  });

  it("inverts a hand-checked 2 × 2", () => {
    // [[4, 2], [2, 3]]⁻¹ = 1/8 · [[3, −2], [−2, 4]]
    const ours = invertPositiveDefinite(Float64Array.from([4, 2, 2, 3]), 2);
    [0.375, -0.25, -0.25, 0.5].forEach((expected, index) => expect(ours[index]).toBeCloseTo(expected, 14));
  });

  it("refuses a matrix that is not positive definite, or of the wrong shape", () => {
    expect(() => invertPositiveDefinite(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(AppError);
    expect(() => invertPositiveDefinite(Float64Array.from([1, 2, 3]), 2)).toThrow(/2 × 2/);
  });
});
