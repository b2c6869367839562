/**
 * Pseudo-relevance feedback for the vector retriever (pure): Rocchio (1971) in
 * embedding space, with the top keyword hits as the "relevant" set.
 *
 *   q' = q̂ + β · ĉ        q̂ = query vector at unit length, ĉ = unit mean of the feedback vectors
 *
 * Why: a shopper's query is a few words ("things for a tea party"), and the local
 * embedder places such short texts poorly; the products BM25 ranks first usually say
 * the same thing in the catalogue's own words ("… Perfect for a tea party."), and their
 * vectors sit among the product kinds that answer the need. Moving the query towards
 * them lets vector search find the other products of those kinds, which share no word
 * with the query. No labels, word lists or query rules are involved: the feedback is
 * whatever BM25 ranks first for this query and these filters.
 *
 * The constants were chosen on half of the graded queries (docs/decisions/embedder.md).
 */

/** How many of the top BM25 hits feed the query vector. */
export const FEEDBACK_DOCUMENTS = 2;

/** Weight β of the feedback centroid against the (unit) query vector. */
export const FEEDBACK_WEIGHT = 2;

function unitOf(vector: readonly number[]): number[] | undefined {
  let squares = 0;
  for (const value of vector) squares += value * value;
  if (!(squares > 0) || !Number.isFinite(squares)) return undefined;
  const scale = 1 / Math.sqrt(squares);
  return vector.map((value) => value * scale);
}

/**
 * The Rocchio-expanded query: `query` at unit length plus `weight` times the unit mean
 * of the unit `feedback` vectors, returned at unit length. Feedback vectors of the
 * wrong length or with no direction are ignored; with none left, or with weight 0, the
 * query comes back unchanged (normalised). A zero query stays zero: a query the
 * embedder knows no word of is not searched by meaning at all.
 */
export function expandQuery(query: readonly number[], feedback: ReadonlyArray<readonly number[]>, weight: number = FEEDBACK_WEIGHT): number[] {
  const base = unitOf(query);
  if (base === undefined) return query.map(() => 0);
  const sum = new Array<number>(base.length).fill(0);
  let used = 0;
  for (const vector of feedback) {
    if (vector.length !== base.length) continue;
    const unit = unitOf(vector);
    if (unit === undefined) continue;
    unit.forEach((value, dimension) => {
      sum[dimension] = (sum[dimension] as number) + value;
    });
    used++;
  }
  const centroid = used === 0 || weight === 0 ? undefined : unitOf(sum);
  if (centroid === undefined) return base;
  return unitOf(base.map((value, dimension) => value + weight * (centroid[dimension] as number))) ?? base;
}
