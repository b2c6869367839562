/**
 * Embedders that learn from the corpus they will search (the `local` LSA embedder).
 *
 * The core `Embedder` port does not (yet) name this capability, and a tool may not
 * import `src/models`, so it is recognised structurally: an embedder with
 * `fitToCorpus` and `restoreFitted` is fitted on the catalogue texts (and categories) before indexing,
 * and the fitted state is saved beside the index so reloading needs no refit.
 * Any other embedder (OpenAI-compatible) is used as it is.
 */
import type { Embedder } from "../../src/core/ports.ts";

/** An embedder fitted on a corpus; `serialize` gives bytes that `restoreFitted` reads back. */
export interface CorpusFittedEmbedder extends Embedder {
  serialize(): Uint8Array;
}

/** An embedder that can be fitted on a corpus; `labels` (one per text, e.g. categories) are optional weak supervision. */
export interface CorpusFittableEmbedder extends Embedder {
  fitToCorpus(texts: readonly string[], labels?: readonly (string | null)[]): Promise<CorpusFittedEmbedder>;
  restoreFitted(bytes: Uint8Array): CorpusFittedEmbedder;
}

/** Whether `embedder` wants fitting on the corpus before use. */
export function isCorpusFittable(embedder: Embedder): embedder is CorpusFittableEmbedder {
  const candidate = embedder as Partial<CorpusFittableEmbedder>;
  return typeof candidate.fitToCorpus === "function" && typeof candidate.restoreFitted === "function";
}
