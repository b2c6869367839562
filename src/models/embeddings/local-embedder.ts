/**
 * The `local` embedder: no download, no key, no network.
 *
 * Out of the box (`LocalEmbedder`) it hashes each text's stemmed words and character
 * n-grams (sublinear term frequency) into a dense vector with signed feature hashing
 * (Weinberger et al. 2009): stateless, cheap, good at near-duplicate wording.
 *
 * Fitted on a corpus (`fitToCorpus`, e.g. the catalogue's product texts and their
 * categories) it becomes a `FittedLocalEmbedder`: word TF-IDF, damped for words spread
 * across every category (tfidf.ts), projected by LSA (randomized truncated SVD, lsa.ts)
 * to the same number of dimensions, so words that occur in the same kind of product
 * ("throw", "blanket", "cosy") land near each other and a query can match a product it
 * shares no word with. A fitted embedder serialises to bytes, so a persisted index
 * reloads without refitting; its `id` names the corpus it was fitted on, so an index
 * records exactly what built it. docs/decisions/embedder.md has the measurements.
 *
 * Both extend LangChain's `Embeddings`, so they can be handed to any LangChain vector
 * store, and satisfy the core `Embedder` port.
 */
import { Embeddings } from "@langchain/core/embeddings";
import { AppError } from "../../core/errors.ts";
import type { Embedder } from "../../core/ports.ts";
import { murmurHash3 } from "./hashing.ts";
import { type LsaModel, csrFromRows, fitLsa } from "./lsa.ts";
import { ngramFeatures, wordFeatures } from "./text-features.ts";
import { type Vocabulary, applySpecificity, fitVocabulary, labelSpecificity, weigh } from "./tfidf.ts";

/** Settings of the local embedder; the defaults are the measured choice (docs/decisions/embedder.md). */
export interface LocalEmbedderOptions {
  /** Length of every vector. */
  dimensions: number;
  /** Character n-gram lengths (inclusive) of the unfitted hashing embedder; `[0, 0]` turns them off. */
  ngramRange: readonly [number, number];
  /** Weight of the n-gram part against the word part (1) in the unfitted embedder. */
  ngramWeight: number;
  /** Fitting uses at most this many texts (an even, deterministic sample of larger corpora). */
  maxFitDocuments: number;
  /** Fitting keeps at most this many words. */
  maxFeatures: number;
  /** Fitting ignores words found in fewer texts than this. */
  minDocumentFrequency: number;
  /** Exponent of the label-specificity damping (0 = off); used when fitting with labels. */
  specificityPower: number;
  /** Seed of the randomized SVD. */
  seed: number;
}

export const DEFAULT_LOCAL_EMBEDDER_OPTIONS: Readonly<LocalEmbedderOptions> = Object.freeze({
  dimensions: 256,
  ngramRange: [3, 5] as const,
  ngramWeight: 0.5,
  maxFitDocuments: 20_000,
  maxFeatures: 10_000,
  minDocumentFrequency: 2,
  specificityPower: 0.5,
  seed: 20240611,
});

/** Bumped whenever features or weighting change, so old indexes are not reused with new vectors. */
const ALGORITHM_VERSION = 1;
const SERIAL_MAGIC = "bullseye-local-lsa";

function l2Normalize(vector: Float64Array): number[] {
  let squares = 0;
  for (const value of vector) squares += value * value;
  // A text with no known word stays the zero vector: similar to nothing.
  const scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
  return Array.from(vector, (value) => value * scale);
}

/** A short, stable hash of a list of texts and labels (content and order). */
export function corpusHash(texts: readonly string[], labels: readonly (string | null)[] = []): string {
  let first = texts.length;
  let second = 0x2545f491;
  texts.forEach((text, index) => {
    const label = labels[index];
    const item = label === undefined || label === null ? text : `${text}\u0000${label}`;
    first = murmurHash3(item, first);
    second = murmurHash3(item, second ^ first);
  });
  return `${first.toString(16).padStart(8, "0")}${second.toString(16).padStart(8, "0")}`;
}

function validateOptions(options: LocalEmbedderOptions): void {
  if (!Number.isInteger(options.dimensions) || options.dimensions < 2) {
    throw new AppError("invalid_embedder_options", "internal", `The local embedder needs at least 2 integer dimensions; got ${options.dimensions}.`);
  }
}

/** The unfitted local embedder: signed feature hashing of words and n-grams. Cheap to create. */
export class LocalEmbedder extends Embeddings implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly options: Readonly<LocalEmbedderOptions>;

  constructor(options: Partial<LocalEmbedderOptions> = {}) {
    // No LangChain retries: nothing here can fail transiently.
    super({ maxRetries: 0 });
    this.options = Object.freeze({ ...DEFAULT_LOCAL_EMBEDDER_OPTIONS, ...options });
    validateOptions(this.options);
    this.dimensions = this.options.dimensions;
    const [shortest, longest] = this.options.ngramRange;
    this.id = `local-hash-v${ALGORITHM_VERSION}:d${this.dimensions}:ng${shortest}-${longest}x${this.options.ngramWeight}`;
  }

  /** The hashed vector of one text (unit length, or zero when the text has no words). */
  embedText(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const [shortest, longest] = this.options.ngramRange;
    const parts: Array<[Map<number, number>, number]> = [[wordFeatures(text), 1]];
    if (longest > 0 && this.options.ngramWeight > 0) parts.push([ngramFeatures(text, shortest, longest), this.options.ngramWeight]);
    for (const [counts, share] of parts) {
      let squares = 0;
      for (const count of counts.values()) squares += (1 + Math.log(count)) ** 2;
      if (squares === 0) continue;
      // Each part is scaled to length `share`, so a word's many n-grams cannot drown the word itself.
      const scale = share / Math.sqrt(squares);
      for (const [feature, count] of counts) {
        // Re-hash the feature id so bucket and sign do not depend on the id's low bits.
        const mixed = murmurHash3(String(feature), 0x51ed270b);
        const bucket = mixed % this.dimensions;
        const sign = mixed & 0x80000000 ? -1 : 1;
        vector[bucket] = (vector[bucket] as number) + sign * (1 + Math.log(count)) * scale;
      }
    }
    return l2Normalize(vector);
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedText(text));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return this.embedText(text);
  }

  /**
   * Learns the vocabulary, weights and LSA projection of `texts` (e.g. every product's
   * name, category and description) and returns an embedder that uses them. `labels`
   * (e.g. each product's category, null when unknown) enable the specificity damping.
   * Deterministic: the same texts and labels give the same embedder and the same `id`.
   */
  async fitToCorpus(texts: readonly string[], labels?: readonly (string | null)[]): Promise<FittedLocalEmbedder> {
    return FittedLocalEmbedder.fit(texts, labels, this.options);
  }

  /** Rebuilds a fitted embedder from `FittedLocalEmbedder.serialize()` bytes. */
  restoreFitted(bytes: Uint8Array): FittedLocalEmbedder {
    return FittedLocalEmbedder.deserialize(bytes);
  }
}

/** Everything a fitted embedder is made of; what `serialize` writes. */
interface FittedState {
  options: LocalEmbedderOptions;
  corpus: string;
  documents: number;
  vocabulary: Vocabulary;
  model: LsaModel;
}

interface SerialHeader {
  magic: string;
  version: number;
  options: LocalEmbedderOptions;
  corpus: string;
  documents: number;
  columns: number;
  rank: number;
}

/** The local embedder fitted on a corpus: TF-IDF + LSA. Create it with `LocalEmbedder.fitToCorpus`. */
export class FittedLocalEmbedder extends Embeddings implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly #state: FittedState;

  private constructor(state: FittedState) {
    super({ maxRetries: 0 });
    this.#state = state;
    this.dimensions = state.options.dimensions;
    this.id = `local-lsa-v${ALGORITHM_VERSION}:d${this.dimensions}:s${state.options.specificityPower}:corpus-${state.corpus}`;
  }

  /** Fits on `texts` (and optional `labels`); see `LocalEmbedder.fitToCorpus`. */
  static fit(texts: readonly string[], labels: readonly (string | null)[] | undefined, options: LocalEmbedderOptions): FittedLocalEmbedder {
    validateOptions(options);
    if (labels !== undefined && labels.length !== texts.length) {
      throw new AppError("invalid_fit_input", "internal", `Fitting needs one label per text; got ${labels.length} labels for ${texts.length} texts.`);
    }
    const step = Math.max(1, texts.length / options.maxFitDocuments);
    const sample: Array<Map<number, number>> = [];
    const sampleLabels: Array<string | null> = [];
    // An even sample keeps every part of a large catalogue represented.
    for (let position = 0; Math.floor(position) < texts.length; position += step) {
      const index = Math.floor(position);
      sample.push(wordFeatures(texts[index] as string));
      sampleLabels.push(labels?.[index] ?? null);
    }
    const vocabulary = fitVocabulary(sample, {
      minDocumentFrequency: options.minDocumentFrequency,
      maxFeatures: options.maxFeatures,
    });
    if (labels !== undefined) applySpecificity(vocabulary, labelSpecificity(sample, sampleLabels, vocabulary), options.specificityPower);
    const rows = sample.map((document) => weigh(document, vocabulary));
    const model = fitLsa(csrFromRows(rows, vocabulary.weights.length), { rank: options.dimensions, seed: options.seed });
    return new FittedLocalEmbedder({
      options: { ...options },
      corpus: corpusHash(texts, labels),
      documents: texts.length,
      vocabulary,
      model,
    });
  }

  /** What it was fitted on: texts, kept words, and dimensions the data could fill. */
  get fitted(): { documents: number; features: number; realDimensions: number } {
    let realDimensions = 0;
    for (const value of this.#state.model.singularValues) if (value > 0) realDimensions++;
    return { documents: this.#state.documents, features: this.#state.vocabulary.weights.length, realDimensions };
  }

  /** The LSA vector of one text (unit length, or zero when no word of it is in the vocabulary). */
  embedText(text: string): number[] {
    const { vocabulary, model } = this.#state;
    const row = weigh(wordFeatures(text), vocabulary);
    const vector = new Float64Array(this.dimensions);
    const rank = model.rank;
    for (const [column, value] of row) {
      const offset = column * rank;
      for (let dimension = 0; dimension < rank; dimension++) {
        vector[dimension] = (vector[dimension] as number) + value * (model.components[offset + dimension] as number);
      }
    }
    return l2Normalize(vector);
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedText(text));
  }

  override async embedQuery(text: string): Promise<number[]> {
    return this.embedText(text);
  }

  /** The fitted state as bytes: a length-prefixed JSON header, then little-endian typed arrays. */
  serialize(): Uint8Array {
    const { options, corpus, documents, vocabulary, model } = this.#state;
    const features = Int32Array.from(vocabulary.columns.keys());
    const header: SerialHeader = {
      magic: SERIAL_MAGIC,
      version: ALGORITHM_VERSION,
      options,
      corpus,
      documents,
      columns: features.length,
      rank: model.rank,
    };
    const headerBytes = new TextEncoder().encode(JSON.stringify(header));
    // Pad the header so the arrays that follow start 8-byte aligned.
    const headerLength = Math.ceil((headerBytes.length + 4) / 8) * 8 - 4;
    // 8-byte arrays first, so every array starts aligned to its element size.
    const arrays: ArrayBufferView[] = [vocabulary.weights, model.singularValues, features, model.components];
    const total = 4 + headerLength + arrays.reduce((sum, array) => sum + array.byteLength, 0);
    const bytes = new Uint8Array(total);
    new DataView(bytes.buffer).setUint32(0, headerLength, true);
    bytes.set(headerBytes, 4);
    bytes.fill(0x20, 4 + headerBytes.length, 4 + headerLength);
    let offset = 4 + headerLength;
    for (const array of arrays) {
      bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
      offset += array.byteLength;
    }
    return bytes;
  }

  /** Reads `serialize()` output; throws an internal AppError when the bytes are not a fitted local embedder. */
  static deserialize(bytes: Uint8Array): FittedLocalEmbedder {
    const invalid = (reason: string) =>
      new AppError(
        "invalid_embedder_state",
        "internal",
        `The saved local embedder cannot be read (${reason}); delete the index folder to have it rebuilt.`,
      );
    if (bytes.byteLength < 4) throw invalid("the file is too short");
    // A copy starts at offset 0 of its own buffer, so the typed-array views below are aligned.
    const copy = bytes.slice();
    const headerLength = new DataView(copy.buffer).getUint32(0, true);
    if (4 + headerLength > copy.byteLength) throw invalid("the header is longer than the file");
    let header: SerialHeader;
    try {
      header = JSON.parse(new TextDecoder().decode(copy.subarray(4, 4 + headerLength))) as SerialHeader;
    } catch (error) {
      throw invalid(`the header is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (header.magic !== SERIAL_MAGIC) throw invalid("it is not a local embedder file");
    if (header.version !== ALGORITHM_VERSION) throw invalid(`it was written by algorithm version ${header.version}, this is ${ALGORITHM_VERSION}`);
    const { columns, rank } = header;
    const expected = 4 + headerLength + 8 * columns + 8 * rank + 4 * columns + 4 * columns * rank;
    if (copy.byteLength !== expected) throw invalid(`expected ${expected} bytes, found ${copy.byteLength}`);
    let offset = 4 + headerLength;
    const weights = new Float64Array(copy.buffer, offset, columns);
    offset += 8 * columns;
    const singularValues = new Float64Array(copy.buffer, offset, rank);
    offset += 8 * rank;
    const features = new Int32Array(copy.buffer, offset, columns);
    offset += 4 * columns;
    const components = new Float32Array(copy.buffer, offset, columns * rank);
    return new FittedLocalEmbedder({
      options: header.options,
      corpus: header.corpus,
      documents: header.documents,
      vocabulary: { columns: new Map(Array.from(features, (feature, column) => [feature, column])), weights },
      model: { rank, columns, components, singularValues },
    });
  }
}
