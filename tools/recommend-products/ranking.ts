/**
 * Top-k selection (pure) shared by every ranking in this tool, so ties are always broken
 * the same way: higher score first, then higher `tieBreak` (popularity), then lower index
 * (ids are indexed in sorted order, so that means the smaller id).
 */

/** Which indexes may be ranked and how ties are broken. */
export interface TopOptions {
  /** Only indexes for which this returns true are ranked (all when absent). */
  include?: (index: number) => boolean;
  /** Second sort key, larger first. */
  tieBreak?: ArrayLike<number>;
}

/**
 * The indexes of the `limit` best finite scores, best first. Runs in O(n · limit) in the
 * worst case and close to O(n) in practice, since few scores beat the current k-th.
 */
export function topIndices(scores: ArrayLike<number>, limit: number, options: TopOptions = {}): number[] {
  const { include, tieBreak } = options;
  const better = (a: number, b: number): boolean => {
    const scoreA = scores[a] as number;
    const scoreB = scores[b] as number;
    if (scoreA !== scoreB) return scoreA > scoreB;
    if (tieBreak !== undefined) {
      const tieA = tieBreak[a] as number;
      const tieB = tieBreak[b] as number;
      if (tieA !== tieB) return tieA > tieB;
    }
    return a < b;
  };
  const kept: number[] = [];
  if (limit <= 0) return kept;
  for (let index = 0; index < scores.length; index++) {
    if (!Number.isFinite(scores[index] as number)) continue;
    if (include !== undefined && !include(index)) continue;
    if (kept.length === limit && !better(index, kept[limit - 1] as number)) continue;
    // Insertion from the end keeps `kept` sorted best first.
    let at = kept.length === limit ? limit - 1 : kept.length;
    while (at > 0 && better(index, kept[at - 1] as number)) {
      kept[at] = kept[at - 1] as number;
      at--;
    }
    kept[at] = index;
  }
  return kept;
}
