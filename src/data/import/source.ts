/**
 * Opening an import source: a path or a stream → checked, decompressed UTF-8 bytes,
 * with the format detected and the bytes read counted for progress.
 *
 * Memory stays bounded: bytes flow through in chunks (64 KiB from files, 16 KiB out of
 * gzip; larger chunks measured slower with csv-parse); only the first line is held
 * back to detect the format and the CSV delimiter.
 */
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable, addAbortSignal } from "node:stream";
import { createGunzip } from "node:zlib";
import { AppError } from "../../core/errors.ts";
import { fileNotFound, fileUnreadable, importCancelled, malformedFile } from "./errors.ts";
import type { ImportSource } from "./types.ts";
import { completePrefixLength, countNewlines, firstInvalidUtf8 } from "./utf8.ts";

/** How the records are written: CSV, a JSON array of objects, or one JSON object per line. */
export type SourceFormat = "csv" | "json" | "jsonl";

/** An opened source, ready to be read once. */
export interface OpenedSource {
  /** The path or the stream's display name. */
  readonly name: string;
  readonly format: SourceFormat;
  /** Size of the stored file (compressed size for gzip); undefined for streams. */
  readonly totalBytes: number | undefined;
  /** The first line of the text, without BOM and line break; the CSV header. */
  readonly firstLine: string;
  /** The decompressed bytes from the start (BOM included), each chunk ending on a character boundary. */
  readonly chunks: AsyncIterable<Buffer>;
  /** Bytes of the stored source read so far (compressed bytes for gzip). */
  bytesRead(): number;
  /** Stops reading and releases the file; safe to call more than once. */
  close(): void;
}

const fileChunkBytes = 64 * 1024;
/** The header line is looked for in at most this many leading bytes. */
const maxHeadBytes = 1024 * 1024;
const gzipMagic = [0x1f, 0x8b] as const;

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || errorCode(error) === "ABORT_ERR");
}

function translateReadError(error: unknown, name: string): unknown {
  if (error instanceof AppError) return error;
  if (isAbort(error)) return importCancelled(name, 0, error);
  const code = errorCode(error);
  if (code === "ENOENT") return fileNotFound(name);
  if (code === "EACCES" || code === "EPERM") return fileUnreadable(name, "permission denied", error);
  if (code === "EISDIR") return fileUnreadable(name, "it is a directory, not a file", error);
  const message = error instanceof Error ? error.message : String(error);
  return fileUnreadable(name, message, error);
}

async function* countedBytes(
  raw: NodeJS.ReadableStream,
  name: string,
  counter: { bytes: number },
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of raw) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      counter.bytes += bytes.length;
      yield bytes;
    }
  } catch (error) {
    throw translateReadError(error, name);
  }
}

/**
 * Reads chunks until `enough(latestChunk, bytesSoFar)` or the end; returns what was read
 * as one buffer.
 */
async function readHead(iterator: AsyncIterator<Buffer>, enough: (latest: Buffer, total: number) => boolean): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    parts.push(next.value);
    total += next.value.length;
    if (enough(next.value, total)) break;
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

async function* gunzip(compressed: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  const input = Readable.from(compressed);
  const inflater = createGunzip();
  input.once("error", (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    const code = errorCode(error);
    if (code !== undefined && code.startsWith("Z_")) {
      throw malformedFile(name, "the gzip data is damaged or cut short", {}, error);
    }
    throw translateReadError(error, name);
  } finally {
    input.destroy();
    inflater.destroy();
  }
}

/** Passes bytes through, split on character boundaries; throws `malformed_file` at the first invalid UTF-8. */
async function* checkedUtf8(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  let carry: Buffer | undefined;
  let offset = 0;
  let lines = 1;
  const fail = (bytes: Buffer, at: number): never => {
    throw malformedFile(
      name,
      `the text is not UTF-8 (invalid byte 0x${(bytes[at] ?? 0).toString(16)} at byte ${offset + at}); save the file as UTF-8 and import it again`,
      { line: lines + countNewlines(bytes, at) },
    );
  };
  for await (const chunk of chunks) {
    const bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    const end = completePrefixLength(bytes);
    const body = end === bytes.length ? bytes : bytes.subarray(0, end);
    if (!isUtf8(body)) fail(body, Math.max(0, firstInvalidUtf8(body)));
    // Counting lines here (memchr-fast) lets a later invalid byte be reported by line.
    lines += countNewlines(body);
    offset += body.length;
    carry = end === bytes.length ? undefined : bytes.subarray(end);
    if (body.length > 0) yield body;
  }
  if (carry !== undefined) fail(carry, 0);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Picks the format: `.jsonl`/`.ndjson` names are JSON Lines; JSON starting with `{` too. */
export function detectFormat(name: string, requested: "csv" | "json" | undefined, headText: string): SourceFormat {
  if (requested === "csv") return "csv";
  const lowerName = name.toLowerCase().replace(/\.gz$/, "");
  if (lowerName.endsWith(".jsonl") || lowerName.endsWith(".ndjson")) return "jsonl";
  const firstChar = stripBom(headText).trimStart().charAt(0);
  const json = requested === "json" || lowerName.endsWith(".json") || firstChar === "[";
  if (!json) return "csv";
  return firstChar === "{" ? "jsonl" : "json";
}

/**
 * Opens `source`: checks the file exists, detects gzip by its magic bytes, decompresses,
 * checks UTF-8, and detects the format. Throws `file_not_found` / `file_unreadable`.
 */
export async function openSource(source: ImportSource, signal?: AbortSignal): Promise<OpenedSource> {
  const name = typeof source === "string" ? source : source.name;
  let raw: NodeJS.ReadableStream;
  let totalBytes: number | undefined;
  if (typeof source === "string") {
    let info;
    try {
      info = await stat(source);
    } catch (error) {
      throw translateReadError(error, name);
    }
    if (info.isDirectory()) throw fileUnreadable(name, "it is a directory, not a file");
    totalBytes = info.size;
    raw = createReadStream(source, { highWaterMark: fileChunkBytes });
  } else {
    raw = source.stream;
  }
  // Aborting destroys the stream, so a stalled read ends too, not just the record loop.
  if (signal !== undefined && raw instanceof Readable) addAbortSignal(signal, raw);
  const close = (): void => {
    if (raw instanceof Readable) raw.destroy();
  };

  try {
    const counter = { bytes: 0 };
    const stored = countedBytes(raw, name, counter);
    const magic = await readHead(stored, (_latest, total) => total >= gzipMagic.length);
    const gzipped = magic[0] === gzipMagic[0] && magic[1] === gzipMagic[1];
    const withMagic = prepend(magic, stored);
    const decompressed = gzipped ? gunzip(withMagic, name) : withMagic;

    const head = await readHead(decompressed, (latest, total) => latest.includes(10) || total >= maxHeadBytes);
    // Decoding only the head is safe: a character cut at its end just becomes U+FFFD,
    // and the full UTF-8 check runs on every byte below.
    const headText = head.toString("utf8");
    const newline = headText.indexOf("\n");
    const firstLine = stripBom(newline === -1 ? headText : headText.slice(0, newline)).replace(/\r$/, "");
    const format = detectFormat(name, typeof source === "string" ? undefined : source.format, headText);

    return {
      name,
      format,
      totalBytes,
      firstLine,
      chunks: checkedUtf8(prepend(head, decompressed), name),
      bytesRead: () => counter.bytes,
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}
