/**
 * Latent semantic analysis by randomized truncated SVD (pure).
 *
 * Given a sparse document–term matrix A (m documents × n terms), finds the top k right
 * singular vectors V (n × k), so that a document or query row x embeds as x·V: terms
 * that occur in the same documents ("throw", "blanket", "cosy") end up near each other
 * even when a query and a product share no word (Deerwester et al. 1990).
 *
 * Method: randomized subspace iteration (Halko, Martinsson & Tropp 2011, Algorithms 4.4
 * and 5.1) on the n × n operator AᵀA, applied implicitly through the sparse A: start
 * from a seeded Gaussian n × l block (l = k + oversampling), apply AᵀA and
 * re-orthonormalise q times, then take the eigen-decomposition of the small l × l
 * matrix Qᵀ·AᵀA·Q; V = Q·W and the singular values are the square roots of its
 * eigenvalues. All dense work is on the term side (n × l), which stays small because
 * the vocabulary is capped, whatever the number of documents.
 *
 * Dense blocks are row-major Float64Arrays (row j = term j's l coordinates), so the
 * sparse products stream through contiguous memory.
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { seededGaussian } from "./hashing.ts";

/** A sparse matrix in compressed sparse row form. */
export interface CsrMatrix {
  rows: number;
  columns: number;
  /** Row r's entries are at `rowStarts[r] … rowStarts[r + 1] − 1`. */
  rowStarts: Int32Array;
  columnIndices: Int32Array;
  values: Float64Array;
}

/** Options of the randomized SVD. */
export interface LsaOptions {
  /** Number of dimensions (singular vectors) to keep. */
  rank: number;
  /** Extra random directions that make the captured subspace accurate (Halko et al. suggest 5–10). */
  oversample?: number;
  /** Power (subspace) iterations; 2 is plenty for the slowly decaying spectra of text. */
  powerIterations?: number;
  seed?: number;
}

/** The fitted projection: `components` is columns × rank, row-major (row j = term j's coordinates). */
export interface LsaModel {
  rank: number;
  columns: number;
  components: Float32Array;
  /** Singular values, largest first; dimensions the data could not fill are 0. */
  singularValues: Float64Array;
}

/** Relative size below which a direction is treated as numerically empty. */
const RANK_TOLERANCE = 1e-10;

/** A dense row-major block: `rows` × `width`. */
interface Block {
  rows: number;
  width: number;
  data: Float64Array;
}

function block(rows: number, width: number): Block {
  return { rows, width, data: new Float64Array(rows * width) };
}

/** A·X: (m × n sparse) · (n × l) → m × l. */
function multiply(matrix: CsrMatrix, x: Block): Block {
  const width = x.width;
  const result = block(matrix.rows, width);
  const out = result.data;
  const input = x.data;
  for (let row = 0; row < matrix.rows; row++) {
    const base = row * width;
    const end = matrix.rowStarts[row + 1] as number;
    for (let entry = matrix.rowStarts[row] as number; entry < end; entry++) {
      const value = matrix.values[entry] as number;
      const from = (matrix.columnIndices[entry] as number) * width;
      for (let c = 0; c < width; c++) out[base + c] = (out[base + c] as number) + value * (input[from + c] as number);
    }
  }
  return result;
}

/** Aᵀ·Y: (n × m) · (m × l) → n × l. */
function multiplyTransposed(matrix: CsrMatrix, y: Block): Block {
  const width = y.width;
  const result = block(matrix.columns, width);
  const out = result.data;
  const input = y.data;
  for (let row = 0; row < matrix.rows; row++) {
    const from = row * width;
    const end = matrix.rowStarts[row + 1] as number;
    for (let entry = matrix.rowStarts[row] as number; entry < end; entry++) {
      const value = matrix.values[entry] as number;
      const base = (matrix.columnIndices[entry] as number) * width;
      for (let c = 0; c < width; c++) out[base + c] = (out[base + c] as number) + value * (input[from + c] as number);
    }
  }
  return result;
}

/** Xᵀ·Y for two blocks with the same rows: width(X) × width(Y). */
function crossProduct(x: Block, y: Block): Matrix {
  const result = new Matrix(x.width, y.width);
  const sums = new Float64Array(x.width * y.width);
  for (let row = 0; row < x.rows; row++) {
    const xBase = row * x.width;
    const yBase = row * y.width;
    for (let i = 0; i < x.width; i++) {
      const xi = x.data[xBase + i] as number;
      if (xi === 0) continue;
      const at = i * y.width;
      for (let j = 0; j < y.width; j++) sums[at + j] = (sums[at + j] as number) + xi * (y.data[yBase + j] as number);
    }
  }
  for (let i = 0; i < x.width; i++) for (let j = 0; j < y.width; j++) result.set(i, j, sums[i * y.width + j] as number);
  return result;
}

/** X·M for a block X (rows × a) and a dense a × b matrix given as rows of coefficients. */
function transform(x: Block, coefficients: Float64Array, outWidth: number): Block {
  const result = block(x.rows, outWidth);
  for (let row = 0; row < x.rows; row++) {
    const xBase = row * x.width;
    const outBase = row * outWidth;
    for (let i = 0; i < x.width; i++) {
      const xi = x.data[xBase + i] as number;
      if (xi === 0) continue;
      const at = i * outWidth;
      for (let j = 0; j < outWidth; j++) result.data[outBase + j] = (result.data[outBase + j] as number) + xi * (coefficients[at + j] as number);
    }
  }
  return result;
}

/** Symmetric eigen-decomposition, largest eigenvalue first, with a fixed sign per vector. */
function symmetricEigen(matrix: Matrix): { values: number[]; vectors: Matrix; order: number[] } {
  const eigen = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const vectors = eigen.eigenvectorMatrix;
  const order = values.map((_, index) => index).sort((left, right) => (values[right] as number) - (values[left] as number) || left - right);
  // Eigenvector signs are arbitrary; making each one's largest entry positive keeps
  // results identical across runs and platforms.
  for (const index of order) {
    let strongest = 0;
    for (let row = 0; row < vectors.rows; row++) {
      const value = vectors.get(row, index);
      if (Math.abs(value) > Math.abs(strongest)) strongest = value;
    }
    if (strongest < 0) for (let row = 0; row < vectors.rows; row++) vectors.set(row, index, -vectors.get(row, index));
  }
  return { values, vectors, order };
}

/**
 * Orthonormalises the columns of X through the eigen-decomposition of its Gram matrix
 * (Q = X·U·Λ^{-1/2}), dropping directions with no weight (rank deficiency). Run twice
 * by callers, which restores the accuracy lost to squaring the condition number.
 */
function orthonormalize(x: Block): Block {
  const { values, vectors, order } = symmetricEigen(crossProduct(x, x));
  const largest = Math.max(values[order[0] as number] ?? 0, 0);
  const kept = order.filter((index) => (values[index] as number) > largest * RANK_TOLERANCE && largest > 0);
  const coefficients = new Float64Array(x.width * kept.length);
  kept.forEach((index, column) => {
    const scale = 1 / Math.sqrt(values[index] as number);
    for (let row = 0; row < x.width; row++) coefficients[row * kept.length + column] = vectors.get(row, index) * scale;
  });
  return transform(x, coefficients, kept.length);
}

function orthonormalizeTwice(x: Block): Block {
  return orthonormalize(orthonormalize(x));
}

/** Fits LSA on `matrix`. Fewer documents or terms than `rank` give fewer real dimensions (the rest are 0). */
export function fitLsa(matrix: CsrMatrix, options: LsaOptions): LsaModel {
  const rank = options.rank;
  const components = new Float32Array(matrix.columns * rank);
  const singularValues = new Float64Array(rank);
  const empty = { rank, columns: matrix.columns, components, singularValues };
  const width = Math.min(rank + (options.oversample ?? 10), matrix.rows, matrix.columns);
  if (width === 0 || matrix.values.length === 0) return empty;

  const gaussian = seededGaussian(options.seed ?? 1);
  let basis = block(matrix.columns, width);
  for (let index = 0; index < basis.data.length; index++) basis.data[index] = gaussian();
  const applyGram = (x: Block) => multiplyTransposed(matrix, multiply(matrix, x));
  basis = orthonormalizeTwice(applyGram(basis));
  for (let step = 0; step < (options.powerIterations ?? 2); step++) basis = orthonormalizeTwice(applyGram(basis));
  if (basis.width === 0) return empty;

  // Rayleigh–Ritz: eigenvectors of Qᵀ·AᵀA·Q give the singular directions inside span(Q).
  const { values, vectors, order } = symmetricEigen(crossProduct(basis, applyGram(basis)));
  const largest = Math.max(values[order[0] as number] ?? 0, 0);
  const kept = order.slice(0, rank).filter((index) => (values[index] as number) > largest * RANK_TOLERANCE);
  const coefficients = new Float64Array(basis.width * kept.length);
  kept.forEach((index, column) => {
    singularValues[column] = Math.sqrt(values[index] as number);
    for (let row = 0; row < basis.width; row++) coefficients[row * kept.length + column] = vectors.get(row, index);
  });
  const directions = transform(basis, coefficients, kept.length);
  for (let term = 0; term < matrix.columns; term++) {
    for (let dimension = 0; dimension < kept.length; dimension++) {
      components[term * rank + dimension] = directions.data[term * kept.length + dimension] as number;
    }
  }
  return { rank, columns: matrix.columns, components, singularValues };
}

/** Builds a CSR matrix from sparse rows (column indices need not be sorted). */
export function csrFromRows(rows: ReadonlyArray<ReadonlyMap<number, number>>, columns: number): CsrMatrix {
  const rowStarts = new Int32Array(rows.length + 1);
  let total = 0;
  rows.forEach((row, index) => {
    total += row.size;
    rowStarts[index + 1] = total;
  });
  const columnIndices = new Int32Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (const row of rows) {
    for (const [column, value] of row) {
      columnIndices[at] = column;
      values[at] = value;
      at++;
    }
  }
  return { rows: rows.length, columns, rowStarts, columnIndices, values };
}
