/**
 * TF-IDF weighting of hashed word features, with optional label specificity (pure).
 *
 *   weight(t, d) = (1 + ln tf(t, d)) · idf(t) · specificity(t)^p
 *   idf(t)        = ln((1 + N) / (1 + df(t))) + 1                 (scikit-learn's smoothed idf)
 *   specificity(t)= 1 − H(P(label | t)) / ln(L)                    (0 = spread evenly, 1 = one label)
 *
 * Specificity uses the documents' labels (for a catalogue: their categories) as weak
 * supervision. P(label | t) is computed from the share of each label's documents that
 * contain t, so big categories do not look "specific" just for being big. Words that
 * appear across every category ("back" in "pared-back", "make", "warm" in "warm amber")
 * say little about what kind of product is meant and are damped; words concentrated in
 * a few categories ("school", "baby", "skin") are kept. Rows end at unit length.
 */

/** The fitted part: which features are kept (as columns) and their weights. */
export interface Vocabulary {
  /** Hashed word feature → column. */
  columns: Map<number, number>;
  /** idf · specificity^p by column. */
  weights: Float64Array;
}

/** How the vocabulary is chosen. */
export interface VocabularyOptions {
  /** Features seen in fewer documents carry no co-occurrence signal and are dropped. */
  minDocumentFrequency: number;
  /** Keep at most this many features, the most frequent first. */
  maxFeatures: number;
}

/** Chooses the vocabulary and idf weights from the word features of a corpus. */
export function fitVocabulary(corpus: readonly ReadonlyMap<number, number>[], options: VocabularyOptions): Vocabulary {
  const frequencies = new Map<number, number>();
  for (const document of corpus) {
    for (const feature of document.keys()) frequencies.set(feature, (frequencies.get(feature) ?? 0) + 1);
  }
  const kept = [...frequencies]
    .filter(([, frequency]) => frequency >= options.minDocumentFrequency)
    // Most frequent first; feature id breaks ties so the choice is deterministic.
    .sort((left, right) => right[1] - left[1] || left[0] - right[0])
    .slice(0, options.maxFeatures)
    .sort((left, right) => left[0] - right[0]);
  const columns = new Map(kept.map(([feature], index) => [feature, index]));
  const weights = new Float64Array(kept.length);
  const count = corpus.length;
  kept.forEach(([, frequency], column) => {
    weights[column] = Math.log((1 + count) / (1 + frequency)) + 1;
  });
  return { columns, weights };
}

/**
 * Specificity of each vocabulary column to the documents' labels, 0…1 (see the file
 * comment). Documents without a label are ignored; with fewer than two labels every
 * column gets 1 (no information, no damping).
 */
export function labelSpecificity(
  corpus: readonly ReadonlyMap<number, number>[],
  labels: readonly (string | null)[],
  vocabulary: Vocabulary,
): Float64Array {
  const specificity = new Float64Array(vocabulary.weights.length).fill(1);
  const labelIndex = new Map<string, number>();
  for (const label of labels) if (label !== null && !labelIndex.has(label)) labelIndex.set(label, labelIndex.size);
  const labelCount = labelIndex.size;
  if (labelCount < 2) return specificity;
  const labelSizes = new Float64Array(labelCount);
  // Documents containing the column, per label: columns × labels.
  const counts = new Float64Array(vocabulary.weights.length * labelCount);
  corpus.forEach((document, index) => {
    const label = labels[index];
    if (label === null || label === undefined) return;
    const at = labelIndex.get(label) as number;
    labelSizes[at] = (labelSizes[at] as number) + 1;
    for (const feature of document.keys()) {
      const column = vocabulary.columns.get(feature);
      if (column !== undefined) counts[column * labelCount + at] = (counts[column * labelCount + at] as number) + 1;
    }
  });
  const maximumEntropy = Math.log(labelCount);
  const shares = new Float64Array(labelCount);
  for (let column = 0; column < specificity.length; column++) {
    let total = 0;
    for (let at = 0; at < labelCount; at++) {
      const size = labelSizes[at] as number;
      shares[at] = size === 0 ? 0 : (counts[column * labelCount + at] as number) / size;
      total += shares[at] as number;
    }
    if (total === 0) continue;
    let entropy = 0;
    for (let at = 0; at < labelCount; at++) {
      const probability = (shares[at] as number) / total;
      if (probability > 0) entropy -= probability * Math.log(probability);
    }
    specificity[column] = Math.max(0, 1 - entropy / maximumEntropy);
  }
  return specificity;
}

/** Multiplies each column's weight by specificity^power (power 0 leaves weights alone). */
export function applySpecificity(vocabulary: Vocabulary, specificity: Float64Array, power: number): void {
  if (power === 0) return;
  for (let column = 0; column < vocabulary.weights.length; column++) {
    vocabulary.weights[column] = (vocabulary.weights[column] as number) * (specificity[column] as number) ** power;
  }
}

/** The unit-length TF-IDF row of one text's word features; empty when no word is in the vocabulary. */
export function weigh(features: ReadonlyMap<number, number>, vocabulary: Vocabulary): Map<number, number> {
  const row = new Map<number, number>();
  let squares = 0;
  for (const [feature, count] of features) {
    const column = vocabulary.columns.get(feature);
    if (column === undefined) continue;
    const weight = (1 + Math.log(count)) * (vocabulary.weights[column] as number);
    if (weight === 0) continue;
    row.set(column, weight);
    squares += weight * weight;
  }
  if (squares > 0) {
    const scale = 1 / Math.sqrt(squares);
    for (const [column, value] of row) row.set(column, value * scale);
  }
  return row;
}
