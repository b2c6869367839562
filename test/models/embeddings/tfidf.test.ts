import { describe, expect, it } from "vitest";
import { applySpecificity, fitVocabulary, labelSpecificity, weigh } from "../../../src/models/embeddings/tfidf.ts";

// Features are plain numbers here: 1, 2, 3 are words; 9 appears once and is dropped (min df 2).
const corpus = [
  new Map([[1, 2], [2, 1], [3, 1]]),
  new Map([[1, 1], [3, 1], [9, 1]]),
  new Map([[2, 1]]),
  new Map([[3, 1]]),
];
const labels = ["A", "A", "B", "B"];

describe("tf-idf", () => {
  const vocabulary = fitVocabulary(corpus, { minDocumentFrequency: 2, maxFeatures: 100 });

  it("keeps words seen in at least min-df documents, with smoothed idf", () => {
    expect([...vocabulary.columns.keys()]).toEqual([1, 2, 3]);
    // idf = ln((1 + N) / (1 + df)) + 1 with N = 4: df(1) = 2, df(2) = 2, df(3) = 3.
    expect(vocabulary.weights[0]).toBeCloseTo(Math.log(5 / 3) + 1, 12);
    expect(vocabulary.weights[2]).toBeCloseTo(Math.log(5 / 4) + 1, 12);
  });

  it("caps the vocabulary at the most frequent words", () => {
    const capped = fitVocabulary(corpus, { minDocumentFrequency: 1, maxFeatures: 1 });
    expect([...capped.columns.keys()]).toEqual([3]);
  });

  it("weighs rows with sublinear tf and unit length", () => {
    const row = weigh(corpus[0] as Map<number, number>, vocabulary);
    const raw = [(1 + Math.log(2)) * (vocabulary.weights[0] as number), vocabulary.weights[1] as number, vocabulary.weights[2] as number];
    const norm = Math.hypot(...raw);
    expect(row.get(0)).toBeCloseTo((raw[0] as number) / norm, 12);
    expect(row.get(2)).toBeCloseTo((raw[2] as number) / norm, 12);
    expect(weigh(new Map([[42, 1]]), vocabulary).size).toBe(0);
  });

  it("computes label specificity as 1 − normalised entropy of label shares", () => {
    const specificity = labelSpecificity(corpus, labels, vocabulary);
    // Word 1: both A documents, no B → one label → 1.
    expect(specificity[0]).toBeCloseTo(1, 12);
    // Word 2: one of two A, one of two B → shares ½, ½ → entropy ln 2 → 0.
    expect(specificity[1]).toBeCloseTo(0, 12);
    // Word 3: 2/2 of A, 1/2 of B → p = ⅔, ⅓ → 1 − H/ln 2 = 0.0817042.
    const entropy = -((2 / 3) * Math.log(2 / 3) + (1 / 3) * Math.log(1 / 3));
    expect(specificity[2]).toBeCloseTo(1 - entropy / Math.log(2), 12);
    expect(specificity[2]).toBeCloseTo(0.0817042, 6);
  });

  it("ignores unlabelled documents and gives 1 everywhere with fewer than two labels", () => {
    expect([...labelSpecificity(corpus, ["A", null, null, null], vocabulary)]).toEqual([1, 1, 1]);
  });

  it("damps weights by specificity^power", () => {
    const damped = fitVocabulary(corpus, { minDocumentFrequency: 2, maxFeatures: 100 });
    const before = Float64Array.from(damped.weights);
    applySpecificity(damped, Float64Array.from([1, 0, 0.25]), 0.5);
    expect(damped.weights[0]).toBe(before[0]);
    expect(damped.weights[1]).toBe(0);
    expect(damped.weights[2]).toBeCloseTo((before[2] as number) * 0.5, 12);
  });
});
