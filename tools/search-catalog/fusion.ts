/**
 * Fusion of ranked retriever lists (pure): two methods.
 *
 * Convex combination of normalised scores (what the tool ships; Bruch, Gai & Ingber,
 * "An Analysis of Fusion Functions for Hybrid Retrieval", TOIS 2023):
 *
 *   fused(d) = Σ_r w_r · s_r(d) / max_c s_r(c)  /  Σ_r w_r      c over all candidates; s ≤ 0 counts 0
 *
 * Each retriever's scores are divided by its best score among the candidates, so BM25
 * scores and cosines land on 0…1 and the weights say how much each retriever counts.
 * Unlike rank fusion it keeps how far apart the scores are: a product far ahead on
 * keywords stays ahead unless the vectors clearly disagree. Every candidate is scored by
 * every retriever (not only the ones whose list it made), so a product just outside one
 * list is not treated as scoring zero there.
 *
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009), kept as the
 * calibration-free alternative the benchmark compares against:
 *
 *   rrf(d) = Σ_r  w_r / (k + rank_r(d))      rank 1-based; a list that misses d adds nothing
 *
 * k = 60 is the paper's value. Measurements of both: docs/decisions/embedder.md.
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
  const entries = collectCandidates(lists);
  for (const list of lists) {
    const weight = list.weight ?? 1;
    for (const entry of entries) {
      if (entry.listRanks.has(list)) entry.hit.score += weight / (k + (entry.hit.ranks[list.retriever] as number));
    }
  }
  return bestFirst(entries);
}

/** A candidate while fusing: the hit, its best rank and the first list that had it (for ties). */
interface Candidate<Id extends string> {
  hit: FusedHit<Id>;
  bestRank: number;
  firstList: number;
  /** The lists whose rank the hit records (a retriever name repeated across lists counts once, at its first list). */
  listRanks: Set<object>;
}

/** The union of the lists' ids with their 1-based ranks; an id repeated within a list counts at its first rank. */
function collectCandidates<Id extends string>(lists: ReadonlyArray<{ retriever: string; ids: readonly Id[] }>): Candidate<Id>[] {
  const candidates = new Map<Id, Candidate<Id>>();
  lists.forEach((list, listIndex) => {
    list.ids.forEach((id, position) => {
      const rank = position + 1;
      let entry = candidates.get(id);
      if (entry === undefined) {
        entry = { hit: { id, score: 0, ranks: {} }, bestRank: rank, firstList: listIndex, listRanks: new Set() };
        candidates.set(id, entry);
      }
      if (entry.hit.ranks[list.retriever] !== undefined) return;
      entry.hit.ranks[list.retriever] = rank;
      entry.listRanks.add(list);
      entry.bestRank = Math.min(entry.bestRank, rank);
    });
  });
  return [...candidates.values()];
}

/** Best score first; ties to the better best rank, then the earlier list, then the id. */
function bestFirst<Id extends string>(entries: Candidate<Id>[]): FusedHit<Id>[] {
  return entries
    .sort(
      (left, right) =>
        right.hit.score - left.hit.score ||
        left.bestRank - right.bestRank ||
        left.firstList - right.firstList ||
        (left.hit.id < right.hit.id ? -1 : left.hit.id > right.hit.id ? 1 : 0),
    )
    .map((entry) => entry.hit);
}

/** Weights of the shipped convex fusion, chosen on half of the graded queries (docs/decisions/embedder.md). */
export const CONVEX_WEIGHTS: Readonly<Record<"bm25" | "vector", number>> = Object.freeze({ bm25: 0.4, vector: 0.6 });

/** One retriever's part in a convex fusion. */
export interface ScoredList<Id extends string = string> {
  retriever: string;
  /** The retriever's own ranking, best first: it adds candidates and gives the ranks results report. */
  ids: readonly Id[];
  /** This retriever's raw score of any candidate, also ones outside `ids`; undefined, ≤ 0 or not finite = no evidence. */
  score: (id: Id) => number | undefined;
  /** Weight of this retriever; 1 by default. Must be ≥ 0. */
  weight?: number;
}

function evidence(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Fuses lists by a weighted mean of max-normalised scores (see the file comment). The
 * candidates are the union of the lists' ids; the fused score is 0…1, and 1 means best
 * in every list. Ties go to the better best rank, then the earlier list, then the id,
 * as in `reciprocalRankFusion`. A list whose weight is 0 still adds candidates and ranks.
 */
export function convexFusion<Id extends string>(lists: ReadonlyArray<ScoredList<Id>>): FusedHit<Id>[] {
  const entries = collectCandidates(lists);
  const totalWeight = lists.reduce((sum, list) => sum + Math.max(0, list.weight ?? 1), 0);
  for (const list of lists) {
    const weight = Math.max(0, list.weight ?? 1);
    if (weight === 0 || totalWeight === 0) continue;
    const scores = entries.map((entry) => evidence(list.score(entry.hit.id)));
    const best = scores.reduce((largest, value) => Math.max(largest, value), 0);
    if (best === 0) continue;
    entries.forEach((entry, index) => {
      entry.hit.score += (weight * (scores[index] as number)) / best / totalWeight;
    });
  }
  return bestFirst(entries);
}
