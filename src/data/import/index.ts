/**
 * Importers: CSV and JSON files (plain or gzip) into the store's business tables, and the
 * UCI Online Retail transaction format into all of them. See `docs/import-formats.md`.
 *
 * ```ts
 * const report = await importFile(store, { kind: "products", source: "products.csv" });
 * if (report.status === "rejected") for (const row of report.rejected) console.log(describeRejectedRow(row));
 * ```
 */
export { importFile } from "./import-file.ts";
export { describeRejectedRow } from "./rejections.ts";
export {
  type BusinessTable,
  type ImportKind,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type ImportSource,
  type RejectedRow,
  type TableChanges,
  importKinds,
  maxRejectedListed,
} from "./types.ts";
export {
  customerRowSchema,
  onlineRetailRowSchema,
  orderItemRowSchema,
  orderRowSchema,
  productRowSchema,
  reviewRowSchema,
  tableSpecs,
} from "./tables.ts";
export { nonProductCodes } from "./online-retail.ts";
