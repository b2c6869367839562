/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009), pure.
 *
 *   rrf(d) = Σ_r  w_r / (k + rank_r(d))      rank 1-based; a list that misses d adds nothing
 *
 * RRF needs no score calibration between retrievers (BM25 scores and cosine
 * similarities live on different scales), which is why it is the usual way to
 * combine keyword and vector search. k = 60 is the paper's value.
 */

/** The paper's constant: large enough that one top rank does not dominate. */
export const RRF_K = 60;

/** One ranked list to fuse: ids best first, with the retriever's name and weight. */
export interface RankedList<Id extends string = string> {
  retriever: string;
  ids: readonly Id[];
  /** Multiplies this list's contributions; 1 by default. */
  weight?: number;
}

/** A fused result: the id, its RRF score and the retrievers that found it with their ranks. */
export interface FusedHit<Id extends string = string> {
  id: Id;
  score: number;
  /** Retriever name → 1-based rank in that retriever's list. */
  ranks: Record<string, number>;
}

/**
 * Fuses ranked lists. Ties on score go to the id with the better best rank, then the
 * earlier list, then the id itself, so the order is fully determined by the input.
 * An id repeated within one list counts at its first (best) rank only.
 */
export function reciprocalRankFusion<Id extends string>(lists: ReadonlyArray<RankedList<Id>>, k: number = RRF_K): FusedHit<Id>[] {
  const fused = new Map<Id, { hit: FusedHit<Id>; bestRank: number; firstList: number }>();
  lists.forEach((list, listIndex) => {
    const weight = list.weight ?? 1;
    list.ids.forEach((id, position) => {
      const rank = position + 1;
      let entry = fused.get(id);
      if (entry === undefined) {
        entry = { hit: { id, score: 0, ranks: {} }, bestRank: rank, firstList: listIndex };
        fused.set(id, entry);
      }
      if (entry.hit.ranks[list.retriever] !== undefined) return;
      entry.hit.ranks[list.retriever] = rank;
      entry.hit.score += weight / (k + rank);
      entry.bestRank = Math.min(entry.bestRank, rank);
    });
  });
  return [...fused.values()]
    .sort(
      (left, right) =>
        right.hit.score - left.hit.score ||
        left.bestRank - right.bestRank ||
        left.firstList - right.firstList ||
        (left.hit.id < right.hit.id ? -1 : left.hit.id > right.hit.id ? 1 : 0),
    )
    .map((entry) => entry.hit);
}
