/**
 * The persisted vector index, under `<dataDirectory>/indexes/catalog/`:
 *
 *   manifest.json            which index is current and what built it (written last, atomically)
 *   idx-<text fingerprint>/  LangChain HNSWLib files (hnswlib.index, docstore.json, args.json)
 *                            and, for the local embedder, its fitted state (embedder.bin)
 *
 * The manifest records the configured and the fitted embedder ids, dimensions, the
 * catalogue fingerprints, the product count, the HNSW settings and the build time.
 * Writing saves the folder first and switches the manifest to it last, so a crash
 * leaves the previous index usable; older folders are removed after the switch.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../../src/core/errors.ts";
import type { Embedder } from "../../src/core/ports.ts";
import { type CorpusFittedEmbedder, isCorpusFittable } from "./corpus-embedder.ts";
import { type HnswSettings, VectorIndex } from "./vector-index.ts";

/** Layout version of the persisted index; bump it when the files change meaning. */
export const FORMAT_VERSION = 1;
const MANIFEST_FILE = "manifest.json";
export const EMBEDDER_STATE_FILE = "embedder.bin";

const manifestSchema = z.object({
  format: z.literal(FORMAT_VERSION),
  /** Id of the configured embedder (before any fitting). */
  baseEmbedder: z.string(),
  /** Id of the embedder whose vectors are in the index (fitted on the catalogue for `local`). */
  embedder: z.string(),
  dimensions: z.number().int().positive(),
  fingerprint: z.string(),
  textFingerprint: z.string(),
  products: z.number().int().positive(),
  builtAt: z.string(),
  /** Folder, relative to the catalog index folder, holding the index files. */
  folder: z.string().regex(/^idx-[A-Za-z0-9_-]+$/),
  embedderState: z.literal(EMBEDDER_STATE_FILE).optional(),
  hnsw: z.object({ m: z.number().int(), efConstruction: z.number().int(), efSearch: z.number().int(), seed: z.number().int() }),
});

/** What a persisted index says about itself. */
export type IndexManifest = z.output<typeof manifestSchema>;

/** An index together with its manifest. */
export interface ServingIndex {
  index: VectorIndex;
  manifest: IndexManifest;
}

/** The index folder inside a data directory. */
export function catalogIndexDirectory(dataDirectory: string): string {
  return path.join(dataDirectory, "indexes", "catalog");
}

/** The folder name for an index of a catalogue text version. */
export function indexFolderName(textFingerprint: string): string {
  return `idx-${textFingerprint.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Writes the manifest atomically (write to a temporary file, then rename over the old one). */
export async function writeManifest(directory: string, manifest: IndexManifest): Promise<void> {
  await mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `${MANIFEST_FILE}.${process.pid}.tmp`);
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, path.join(directory, MANIFEST_FILE));
}

/** Saves the index files, switches the manifest to them, then removes older index folders. */
export async function saveIndex(directory: string, built: ServingIndex): Promise<void> {
  const folder = path.join(directory, built.manifest.folder);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await built.index.save(folder);
  const embedder = built.index.embedder as Partial<CorpusFittedEmbedder>;
  if (built.manifest.embedderState !== undefined) {
    if (typeof embedder.serialize !== "function") {
      throw new AppError("invalid_vector_index", "internal", "The manifest names an embedder state, but the embedder cannot serialise itself.");
    }
    await writeFile(path.join(folder, built.manifest.embedderState), embedder.serialize());
  }
  await writeManifest(directory, built.manifest);
  for (const entry of await readdir(directory)) {
    if (entry.startsWith("idx-") && entry !== built.manifest.folder) await rm(path.join(directory, entry), { recursive: true, force: true });
  }
}

/** Why a saved index was not loaded; `absent` is the normal first start. */
export type LoadOutcome =
  | { loaded: ServingIndex }
  | { skipped: "absent" | "other-embedder"; detail?: string }
  | { failed: unknown };

/**
 * Loads the saved index if it was built by `embedder` (the configured one), restoring
 * the fitted embedder state when there is one. Never throws: the outcome says why not.
 */
export async function loadIndex(directory: string, embedder: Embedder, settings: Partial<HnswSettings>): Promise<LoadOutcome> {
  let manifest: IndexManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(directory, MANIFEST_FILE), "utf8")));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? { skipped: "absent" } : { failed: error };
  }
  if (manifest.baseEmbedder !== embedder.id) return { skipped: "other-embedder", detail: manifest.baseEmbedder };
  try {
    const folder = path.join(directory, manifest.folder);
    let fitted: Embedder = embedder;
    if (manifest.embedderState !== undefined) {
      if (!isCorpusFittable(embedder)) throw new AppError("invalid_vector_index", "internal", "the saved index needs a fittable embedder");
      fitted = embedder.restoreFitted(new Uint8Array(await readFile(path.join(folder, manifest.embedderState))));
    }
    if (fitted.id !== manifest.embedder) {
      throw new AppError("invalid_vector_index", "internal", `the saved embedder state is ${fitted.id}, but the manifest says ${manifest.embedder}`);
    }
    const index = await VectorIndex.load(folder, fitted, settings);
    if (index.size !== manifest.products || index.dimensions !== manifest.dimensions) {
      throw new AppError(
        "invalid_vector_index",
        "internal",
        `the saved index holds ${index.size} products of ${index.dimensions} dimensions, but the manifest says ${manifest.products} of ${manifest.dimensions}`,
      );
    }
    return { loaded: { index, manifest } };
  } catch (error) {
    return { failed: error };
  }
}
