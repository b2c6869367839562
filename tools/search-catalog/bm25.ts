/**
 * Okapi BM25 over fielded documents (pure), in the "weighted term frequency" form of
 * BM25F (Robertson, Zaragoza & Taylor 2004, simplified to one length normalisation):
 *
 *   tf(t, d)  = Σ_f w_f · tf_f(t, d)          (a name hit counts w_name times)
 *   dl(d)     = Σ_f w_f · |d_f|                avgdl = mean dl over the collection
 *   idf(t)    = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))        (Lucene's, never negative)
 *   score(q,d)= Σ_{t ∈ unique(q)} idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl))
 *
 * Documents are arrays of fields, each already analysed into terms (see text-analysis.ts).
 * Ties are broken by document position, so equal input gives equal order.
 */

/** Tuning of BM25; the defaults are the usual k1 = 1.2, b = 0.75. */
export interface Bm25Options {
  /** Term-frequency saturation. */
  k1?: number;
  /** Length normalisation: 0 = none, 1 = full. */
  b?: number;
  /** Weight of each field, in field order; missing weights count 1. */
  fieldWeights?: readonly number[];
}

/** One scored document: its position in the collection and its BM25 score. */
export interface Bm25Hit {
  index: number;
  score: number;
}

interface Postings {
  documents: number[];
  frequencies: number[];
}

/** An inverted index answering BM25 queries over a fixed collection. */
export class Bm25Index {
  readonly documentCount: number;
  readonly averageLength: number;
  readonly k1: number;
  readonly b: number;
  readonly #postings: Map<string, Postings>;
  readonly #lengths: Float64Array;

  private constructor(
    postings: Map<string, Postings>,
    lengths: Float64Array,
    options: { k1: number; b: number },
  ) {
    this.#postings = postings;
    this.#lengths = lengths;
    this.documentCount = lengths.length;
    let total = 0;
    for (const length of lengths) total += length;
    // An all-empty collection has average length 0; 1 keeps the normalisation finite.
    this.averageLength = lengths.length === 0 || total === 0 ? 1 : total / lengths.length;
    this.k1 = options.k1;
    this.b = options.b;
  }

  /** Indexes `documents` (each an array of fields of analysed terms). */
  static build(documents: ReadonlyArray<ReadonlyArray<readonly string[]>>, options: Bm25Options = {}): Bm25Index {
    const weights = options.fieldWeights ?? [];
    const postings = new Map<string, Postings>();
    const lengths = new Float64Array(documents.length);
    documents.forEach((fields, documentIndex) => {
      const frequencies = new Map<string, number>();
      let length = 0;
      fields.forEach((terms, fieldIndex) => {
        const weight = weights[fieldIndex] ?? 1;
        length += weight * terms.length;
        for (const term of terms) frequencies.set(term, (frequencies.get(term) ?? 0) + weight);
      });
      lengths[documentIndex] = length;
      for (const [term, frequency] of frequencies) {
        let list = postings.get(term);
        if (list === undefined) {
          list = { documents: [], frequencies: [] };
          postings.set(term, list);
        }
        list.documents.push(documentIndex);
        list.frequencies.push(frequency);
      }
    });
    return new Bm25Index(postings, lengths, { k1: options.k1 ?? 1.2, b: options.b ?? 0.75 });
  }

  /** Number of documents containing `term`. */
  documentFrequency(term: string): number {
    return this.#postings.get(term)?.documents.length ?? 0;
  }

  /** Lucene's BM25 idf of `term`: ln(1 + (N − df + 0.5)/(df + 0.5)). */
  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.documentCount - df + 0.5) / (df + 0.5));
  }

  /**
   * The `limit` best documents for `queryTerms` with a positive score, best first.
   * `accept` filters documents before ranking, so a filter never costs recall.
   */
  search(queryTerms: readonly string[], limit: number, accept?: (index: number) => boolean): Bm25Hit[] {
    const scores = new Float64Array(this.documentCount);
    const seen = new Uint8Array(this.documentCount);
    const touched: number[] = [];
    for (const term of new Set(queryTerms)) {
      const list = this.#postings.get(term);
      if (list === undefined) continue;
      const idf = this.idf(term);
      for (let position = 0; position < list.documents.length; position++) {
        const documentIndex = list.documents[position] as number;
        const tf = list.frequencies[position] as number;
        const length = this.#lengths[documentIndex] as number;
        const normaliser = this.k1 * (1 - this.b + (this.b * length) / this.averageLength);
        if (seen[documentIndex] === 0) {
          seen[documentIndex] = 1;
          touched.push(documentIndex);
        }
        scores[documentIndex] = (scores[documentIndex] as number) + (idf * tf * (this.k1 + 1)) / (tf + normaliser);
      }
    }
    const hits: Bm25Hit[] = [];
    for (const index of touched) {
      const score = scores[index] as number;
      if (score > 0 && (accept === undefined || accept(index))) hits.push({ index, score });
    }
    hits.sort((left, right) => right.score - left.score || left.index - right.index);
    return hits.slice(0, limit);
  }
}
