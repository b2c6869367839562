/**
 * Embedder providers behind the core `Embedder` port.
 *
 * `createEmbedder(config)` is what the composition root calls: cheap and synchronous,
 * no network and no fitting. The `local` embedder can later be fitted on a corpus
 * (`fitToCorpus`), which search_catalog does with the catalogue texts.
 */
import type { Config } from "../../core/config.ts";
import type { Embedder } from "../../core/ports.ts";
import { LocalEmbedder } from "./local-embedder.ts";
import { OpenAiEmbedder } from "./openai-embedder.ts";

export { DEFAULT_LOCAL_EMBEDDER_OPTIONS, FittedLocalEmbedder, LocalEmbedder, type LocalEmbedderOptions } from "./local-embedder.ts";
export { OpenAiEmbedder, type OpenAiEmbedderOptions } from "./openai-embedder.ts";

/** Builds the configured embedder: `local` (offline) or `openai` (any OpenAI-compatible endpoint). */
export function createEmbedder(config: Pick<Config, "embedder" | "openai">): Embedder {
  if (config.embedder === "openai") {
    return new OpenAiEmbedder({
      baseUrl: config.openai.baseUrl,
      apiKey: config.openai.apiKey,
      model: config.openai.embeddingModel,
      timeoutMs: config.openai.timeoutMs,
      maxRetries: config.openai.maxRetries,
    });
  }
  return new LocalEmbedder();
}
