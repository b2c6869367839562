/**
 * Offline ranking metrics with binary relevance (pure), as the reference protocol uses
 * them (bench/recommend-products.ts):
 *
 * - Recall@K = hits in the top K / min(K, relevant) — the "truncated" recall of Liang et
 *   al., "Variational Autoencoders for Collaborative Filtering" (2018), so a perfect list
 *   scores 1 even when the basket has more than K products.
 * - NDCG@K = DCG@K / IDCG@K with DCG = Σ 1 / log2(rank + 1) over the hits (rank from 1)
 *   and IDCG the DCG of min(K, relevant) hits at the top (Järvelin & Kekäläinen 2002).
 * - Catalogue coverage@K = distinct products shown in any top-K list / catalogue size.
 *
 * `relevantCount` may exceed the relevant ids the ranking could contain (a held-out
 * product never seen in training still counts in the denominator).
 */

/** Hits of `ranked` (first `k` entries) among `relevant`. */
function hitsAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): number {
  let hits = 0;
  for (let rank = 0; rank < Math.min(k, ranked.length); rank++) if (relevant.has(ranked[rank] as number)) hits++;
  return hits;
}

/** Recall@k = hits / min(k, relevantCount); 0 when nothing is relevant. */
export function recallAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number, relevantCount = relevant.size): number {
  const denominator = Math.min(k, relevantCount);
  return denominator === 0 ? 0 : hitsAt(ranked, relevant, k) / denominator;
}

/** NDCG@k with binary relevance; 0 when nothing is relevant. */
export function ndcgAt(ranked: readonly number[], relevant: ReadonlySet<number>, k: number, relevantCount = relevant.size): number {
  let ideal = 0;
  for (let rank = 0; rank < Math.min(k, relevantCount); rank++) ideal += 1 / Math.log2(rank + 2);
  if (ideal === 0) return 0;
  let gain = 0;
  for (let rank = 0; rank < Math.min(k, ranked.length); rank++) {
    if (relevant.has(ranked[rank] as number)) gain += 1 / Math.log2(rank + 2);
  }
  return gain / ideal;
}

/** Share of the catalogue (`catalogueSize` products) that appears in the first `k` of any list. */
export function catalogueCoverage(lists: Iterable<readonly number[]>, k: number, catalogueSize: number): number {
  if (catalogueSize === 0) return 0;
  const shown = new Set<number>();
  for (const list of lists) for (let rank = 0; rank < Math.min(k, list.length); rank++) shown.add(list[rank] as number);
  return shown.size / catalogueSize;
}

/** Running means of Recall@K and NDCG@K over evaluated customers, plus coverage. */
export class RankingScorecard {
  readonly k: number;
  #count = 0;
  #recall = 0;
  #ndcg = 0;
  readonly #shown = new Set<number>();

  constructor(k: number) {
    this.k = k;
  }

  /** Adds one customer's ranking and held-out basket. */
  add(ranked: readonly number[], relevant: ReadonlySet<number>, relevantCount = relevant.size): void {
    this.#count++;
    this.#recall += recallAt(ranked, relevant, this.k, relevantCount);
    this.#ndcg += ndcgAt(ranked, relevant, this.k, relevantCount);
    for (let rank = 0; rank < Math.min(this.k, ranked.length); rank++) this.#shown.add(ranked[rank] as number);
  }

  /** The means so far; coverage is over `catalogueSize` products. */
  result(catalogueSize: number): { customers: number; recall: number; ndcg: number; coverage: number } {
    const customers = this.#count;
    return {
      customers,
      recall: customers === 0 ? 0 : this.#recall / customers,
      ndcg: customers === 0 ? 0 : this.#ndcg / customers,
      coverage: catalogueSize === 0 ? 0 : this.#shown.size / catalogueSize,
    };
  }
}
