/**
 * File uploads for imports: the request body (one `file` part of a multipart form, parsed
 * with busboy, or a raw CSV/JSON/gzip body) is streamed to a temporary file, with a size
 * limit, and the file is always removed afterwards.
 *
 * Why a temporary file rather than importing straight from the request: the import's
 * transaction then never waits on a slow client, a too-large upload is refused before
 * anything is touched, and the importer gets a real file (size known, gzip detected by its
 * magic bytes) exactly as the CLI gives it.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { Request, Response } from "express";
import { AppError, ValidationError } from "../core/errors.ts";

/** Default largest upload: the full UCI Online Retail CSV is about 45 MB uncompressed. */
export const DEFAULT_UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024;

/** Settings of uploads. */
export interface UploadOptions {
  /** Largest file accepted, in bytes; larger uploads get 413 `upload_too_large`. */
  maxBytes: number;
  /** Where temporary files go; default the system temp folder. */
  directory?: string;
}

/** An upload saved to a temporary file. */
export interface UploadedFile {
  /** The temporary file; it is removed when the work is done. */
  path: string;
  /** The name the client gave (sanitised), for reports. */
  filename: string;
  bytes: number;
  /** Form fields sent with a multipart upload (other than the file). */
  fields: Record<string, string>;
}

/** Raw body types accepted besides multipart, and the file name their bytes are saved under. */
const RAW_TYPES: Readonly<Record<string, string>> = {
  "text/csv": "upload.csv",
  "application/csv": "upload.csv",
  "application/json": "upload.json",
  "application/x-ndjson": "upload.jsonl",
  "application/jsonl": "upload.jsonl",
  "application/gzip": "upload.gz",
  "application/x-gzip": "upload.gz",
};

/** Content types accepted as a raw upload body. */
export const RAW_UPLOAD_TYPES: readonly string[] = Object.keys(RAW_TYPES);

/** Multipart overhead (boundaries, part headers) allowed on top of the file limit before looking at the body. */
const MULTIPART_SLACK_BYTES = 64 * 1024;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    "upload_too_large",
    "too-large",
    `The uploaded file is larger than this server's ${formatBytes(maxBytes)} upload limit (BULLSEYE_UPLOAD_LIMIT). ` +
      "Compress it with gzip (imports read .gz files directly), split it into smaller files, or ask the administrator to raise the limit.",
    { details: { limitBytes: maxBytes } },
  );
}

/** The message for a request that is not an upload, with a working example. */
export function notAnUpload(table: string, contentType: string | undefined): ValidationError {
  return new ValidationError(
    `Send the file as multipart/form-data with one field named "file" ` +
      `(got ${contentType === undefined ? "no Content-Type" : `Content-Type ${contentType}`}), for example: ` +
      `curl -H "Authorization: Bearer $BULLSEYE_KEY" -F "file=@${table}.csv" http://127.0.0.1:3000/api/import/${table} ` +
      `— or send the file itself as the body with Content-Type text/csv, application/json or application/gzip.`,
    [{ path: "file", message: "expected a multipart upload with a file field" }],
    { details: { contentType: contentType ?? null } },
  );
}

/** A name safe to show in reports: the last path part, printable, at most 200 characters. */
function displayName(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const printable = base.replace(/\p{Cc}/gu, "").trim().slice(0, 200);
  return printable === "" ? "upload" : printable;
}

/** The temporary file's name: "upload" plus the client's extension, when it is one the importer reads. */
function temporaryName(name: string): string {
  const extension = /\.(csv|tsv|txt|json|jsonl|ndjson)(\.gz)?$/i.exec(name)?.[0] ?? (/\.gz$/i.test(name) ? ".gz" : "");
  return `upload${extension.toLowerCase()}`;
}

/** Passes bytes through, failing once more than `maxBytes` have gone by. */
function byteLimit(maxBytes: number, counter: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      callback(counter.bytes > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
}

/** Stops reading the rest of a refused body: the connection closes after the error answer. */
function refuseRest(request: Request, response: Response): void {
  if (!response.headersSent) response.setHeader("Connection", "close");
  request.unpipe();
  request.resume();
}

/** An error for a client that left mid-upload. */
function disconnected(): AppError {
  return new AppError("client_disconnected", "user", "The client closed the connection during the upload.");
}

async function saveRaw(request: Request, target: string, maxBytes: number): Promise<number> {
  const counter = { bytes: 0 };
  const limiter = byteLimit(maxBytes, counter);
  // Piped rather than put in the pipeline: a failing pipeline destroys its streams, and
  // destroying the request would take the socket, and with it the 413 answer, away.
  request.pipe(limiter);
  request.once("close", () => {
    if (!request.complete) limiter.destroy(disconnected());
  });
  await pipeline(limiter, createWriteStream(target));
  return counter.bytes;
}

function saveMultipart(request: Request, folder: string, options: UploadOptions, table: string): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: options.maxBytes, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch (error) {
      // busboy throws on a multipart Content-Type without a boundary.
      reject(new ValidationError(`The multipart body is malformed: ${(error as Error).message}.`, [{ path: "file", message: "malformed multipart body" }]));
      return;
    }
    const fields: Record<string, string> = {};
    let saving: Promise<{ path: string; filename: string; bytes: number }> | undefined;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      reject(error);
    };

    parser.on("file", (name, stream, info) => {
      if (settled) {
        stream.resume();
        return;
      }
      if (name !== "file") {
        stream.resume();
        fail(
          new ValidationError(`The upload's file field is named "${name}"; name it "file" (curl -F "file=@${table}.csv").`, [
            { path: name, message: 'the file field must be named "file"' },
          ]),
        );
        return;
      }
      const filename = displayName(info.filename);
      const target = path.join(folder, temporaryName(filename));
      const counter = { bytes: 0 };
      stream.on("limit", () => fail(tooLarge(options.maxBytes)));
      stream.on("data", (chunk: Buffer) => {
        counter.bytes += chunk.length;
      });
      saving = pipeline(stream, createWriteStream(target)).then(() => ({ path: target, filename, bytes: counter.bytes }));
      saving.catch(fail);
    });
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("filesLimit", () =>
      fail(new ValidationError("Send one file per import request.", [{ path: "file", message: "only one file per request" }])),
    );
    parser.on("error", (error: unknown) =>
      fail(new ValidationError(`The multipart body is malformed: ${(error as Error).message}.`, [{ path: "file", message: "malformed multipart body" }])),
    );
    parser.on("close", () => {
      if (settled) return;
      if (saving === undefined) {
        fail(
          new ValidationError(`The upload has no field named "file"; attach the file as -F "file=@${table}.csv".`, [
            { path: "file", message: "required" },
          ]),
        );
        return;
      }
      saving.then(
        (saved) => {
          if (settled) return;
          settled = true;
          resolve({ ...saved, fields });
        },
        fail,
      );
    });
    request.once("close", () => {
      if (!request.complete) fail(disconnected());
    });
    request.pipe(parser);
  });
}

/**
 * Saves the request's file to a temporary folder, runs `work` on it and removes the folder,
 * whatever happens. Throws 400 (`invalid_input`) for a request that is not an upload or a
 * malformed one, and 413 (`upload_too_large`) beyond `options.maxBytes`.
 */
export async function withUploadedFile<T>(
  request: Request,
  response: Response,
  options: UploadOptions & { table: string },
  work: (file: UploadedFile) => Promise<T>,
): Promise<T> {
  const contentType = request.get("content-type");
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  const multipart = mediaType === "multipart/form-data";
  // Own keys only: a Content-Type of "constructor" must not find Object.prototype's.
  const rawName = mediaType !== undefined && Object.hasOwn(RAW_TYPES, mediaType) ? RAW_TYPES[mediaType] : undefined;
  if (!multipart && rawName === undefined) throw notAnUpload(options.table, contentType);
  const declared = Number(request.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes + (multipart ? MULTIPART_SLACK_BYTES : 0)) {
    refuseRest(request, response);
    throw tooLarge(options.maxBytes);
  }

  const folder = await mkdtemp(path.join(options.directory ?? tmpdir(), "bullseye-upload-"));
  try {
    let file: UploadedFile;
    try {
      if (multipart) {
        file = await saveMultipart(request, folder, options, options.table);
      } else {
        const target = path.join(folder, rawName as string);
        file = { path: target, filename: rawName as string, bytes: await saveRaw(request, target, options.maxBytes), fields: {} };
      }
    } catch (error) {
      refuseRest(request, response);
      throw error;
    }
    if (file.bytes === 0) {
      throw new ValidationError(`The uploaded file ${file.filename} is empty; choose the file again and re-send it.`, [
        { path: "file", message: "empty file" },
      ]);
    }
    return await work(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
