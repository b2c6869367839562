/**
 * `POST /api/import/:table`: imports an uploaded CSV or JSON file (plain or gzip) into a
 * business table, with the same rules as `bullseye import`: all or nothing per file,
 * idempotent on re-import, bad rows listed. Answers 200 with the report when the rows are
 * in, 422 with the report when rows were rejected (nothing was changed), 404 for an unknown
 * table, 400 when the request is not an upload, 413 beyond the upload limit.
 */
import { Router } from "express";
import { AppError, NotFoundError, ValidationError } from "../../core/errors.ts";
import type { Store } from "../../core/ports.ts";
import { type ImportKind, importFile, importKinds } from "../../data/import/index.ts";
import { DuckDbStore } from "../../data/store.ts";
import { parseQuery } from "../body.ts";
import { disconnectSignal } from "../disconnect.ts";
import type { RouteDoc } from "../openapi.ts";
import { errorBodySchema, importQuerySchema, importReportSchema } from "../schemas.ts";
import { RAW_UPLOAD_TYPES, type UploadOptions, withUploadedFile } from "../upload.ts";

/** What the import route needs. */
export interface ImportRouteOptions {
  store: Store;
  uploads: UploadOptions;
}

function importKindOf(table: string): ImportKind {
  if ((importKinds as readonly string[]).includes(table)) return table as ImportKind;
  throw new NotFoundError(
    "unknown_import_table",
    `There is no import table "${table}". Import into one of: ${importKinds.join(", ")} (online-retail is the UCI Online Retail transaction format).`,
    { details: { table, tables: [...importKinds] } },
  );
}

function importableStore(store: Store): DuckDbStore {
  if (store instanceof DuckDbStore) return store;
  // Imports append through DuckDB's appender, which only the DuckDB store offers.
  throw new AppError("import_unsupported", "internal", "This server's store does not support imports; imports need the DuckDB store.");
}

/** OpenAPI documentation of the import route. */
export const importRouteDocs: readonly RouteDoc[] = [
  {
    method: "post",
    path: "/api/import/:table",
    tag: "data",
    summary: "Import a CSV or JSON file",
    description:
      "Upload one file as multipart/form-data in a field named `file` (or as the raw body). CSV, a JSON array or JSON Lines, " +
      "plain or gzip. All or nothing: any bad row rejects the file (422, nothing changed) unless `skipBadRows=true`. " +
      "Re-importing the same file changes nothing. Formats: docs/import-formats.md. " +
      'Example: `curl -H "Authorization: Bearer $KEY" -F "file=@customers.csv" http://127.0.0.1:3000/api/import/customers`.',
    pathParameters: { table: `What the file holds: ${importKinds.join(", ")}.` },
    query: importQuerySchema,
    upload: { description: "The file: CSV, JSON or JSON Lines, optionally gzip-compressed.", rawTypes: RAW_UPLOAD_TYPES },
    responses: {
      200: { description: "The rows are in; the report says what changed.", schema: importReportSchema },
      404: { description: "Unknown table; the error lists the tables.", schema: errorBodySchema },
      409: { description: "Another import changed the same rows at the same time; retry.", schema: errorBodySchema },
      413: { description: "The file is larger than the upload limit.", schema: errorBodySchema },
      422: { description: "Some rows were bad and nothing was imported; the report lists them.", schema: importReportSchema },
    },
  },
];

/** The router with `POST /api/import/:table`. Mount it before the JSON body parser: it reads the body itself. */
export function importRouter(options: ImportRouteOptions): Router {
  const router = Router();

  router.post("/api/import/:table", async (request, response) => {
    const table = request.params.table;
    const kind = importKindOf(table);
    const query = parseQuery(importQuerySchema, request.query);
    const store = importableStore(options.store);
    const signal = disconnectSignal(response);
    const report = await withUploadedFile(request, response, { ...options.uploads, table }, async (file) => {
      // A form field works as well as the query parameter (curl -F skipBadRows=true).
      const field = file.fields.skipBadRows;
      if (field !== undefined && field !== "true" && field !== "false") {
        throw new ValidationError(`The form field skipBadRows must be true or false, not "${field.slice(0, 20)}".`, [
          { path: "skipBadRows", message: "must be true or false" },
        ]);
      }
      const skipBadRows = (query.skipBadRows ?? field) === "true";
      const imported = await importFile(store, { kind, source: file.path, skipBadRows, signal });
      return { ...imported, file: file.filename };
    });
    response.status(report.status === "imported" ? 200 : 422).json(report);
  });

  return router;
}
