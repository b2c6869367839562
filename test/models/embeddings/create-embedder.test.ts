import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/core/config.ts";
import { LocalEmbedder, OpenAiEmbedder, createEmbedder } from "../../../src/models/embeddings/index.ts";

describe("createEmbedder", () => {
  it("builds the offline local embedder by default", () => {
    const embedder = createEmbedder(loadConfig({}, {}));
    expect(embedder).toBeInstanceOf(LocalEmbedder);
    expect(embedder.dimensions).toBe(256);
  });

  it("builds the OpenAI-compatible embedder from config, without calling it", () => {
    const config = loadConfig(
      {},
      {
        BULLSEYE_EMBEDDER: "openai",
        OPENAI_BASE_URL: "http://127.0.0.1:11434/v1/",
        OPENAI_API_KEY: "sk-secret",
        BULLSEYE_EMBEDDING_MODEL: "nomic-embed-text",
        BULLSEYE_MODEL_TIMEOUT_MS: "5000",
        BULLSEYE_MODEL_MAX_RETRIES: "1",
      },
    );
    const embedder = createEmbedder(config);
    expect(embedder).toBeInstanceOf(OpenAiEmbedder);
    expect(embedder.id).toBe("openai:nomic-embed-text@127.0.0.1:11434");
    expect((embedder as OpenAiEmbedder).endpoint).toBe("http://127.0.0.1:11434/v1/embeddings");
    expect(JSON.stringify(embedder)).not.toContain("sk-secret");
  });
});
