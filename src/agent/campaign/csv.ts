/**
 * CSV export of a finished campaign (pure): one row per segment × channel × variant.
 *
 * RFC 4180: CRLF line ends, a header row, fields with a comma, quote, CR or LF quoted,
 * quotes doubled. The text starts with a UTF-8 byte order mark so spreadsheet programs
 * read "£" and accents right. A field that starts with `=`, `+`, `-`, `@`, tab or CR gets
 * a leading apostrophe: spreadsheets would otherwise run it as a formula, and copy comes
 * from a model that reads review text, product names from imported files (OWASP "CSV
 * injection").
 */
import type { CampaignResult } from "./schema.ts";

/** The columns, in order. Copy fields a channel does not have stay empty. */
export const CSV_COLUMNS = [
  "segment_number",
  "segment",
  "segment_id",
  "size",
  "channel",
  "platform",
  "variant",
  "status",
  "checks_failed",
  "check_notes",
  "products",
  "offer",
  "subject",
  "preheader",
  "title",
  "headline",
  "text",
  "body",
  "description",
  "primary_text",
  "footer",
  "angle",
] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** The copy fields of every channel and the column each goes to. */
const COPY_FIELDS: Readonly<Record<string, Column>> = {
  subject: "subject",
  preheader: "preheader",
  title: "title",
  headline: "headline",
  text: "text",
  body: "body",
  description: "description",
  primaryText: "primary_text",
  footer: "footer",
};

/** Quotes one field when RFC 4180 needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Neutralises text a spreadsheet would run as a formula. */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The CSV text of a campaign result (BOM, header, CRLF rows). */
export function campaignCsv(result: CampaignResult): string {
  const lines: string[] = [CSV_COLUMNS.join(",")];
  for (const segment of result.segments) {
    const products = segment.products.map((product) => `${product.name} (${product.productId})`).join("; ");
    const offer = segment.offer === null ? "" : segment.offer.code === undefined ? segment.offer.description : `${segment.offer.code}: ${segment.offer.description}`;
    for (const copy of segment.channels) {
      for (const variant of copy.variants) {
        const row: Record<Column, string> = Object.fromEntries(CSV_COLUMNS.map((column) => [column, ""])) as Record<Column, string>;
        row.segment_number = String(segment.number);
        row.segment = segment.name;
        row.segment_id = segment.segmentId;
        row.size = String(segment.size);
        row.channel = copy.channel;
        row.platform = copy.platform ?? "";
        row.variant = String(variant.index);
        row.status = variant.status;
        row.checks_failed = variant.checks.results
          .filter((check) => check.status === "fail")
          .map((check) => check.id)
          .join("; ");
        row.check_notes = variant.checks.results
          .filter((check) => check.status !== "pass")
          .map((check) => `${check.status} ${check.id}: ${check.message}`)
          .join(" | ");
        row.products = products;
        row.offer = offer;
        row.angle = variant.angle ?? "";
        for (const [field, value] of Object.entries(variant.content)) {
          const column = COPY_FIELDS[field];
          if (column !== undefined && typeof value === "string") row[column] = value;
        }
        lines.push(CSV_COLUMNS.map((column) => csvField(defuseFormula(row[column]))).join(","));
      }
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
