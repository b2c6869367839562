/**
 * Matching a file's header (or the keys of its first JSON object) to a field set.
 */
import { duplicateColumns, missingColumns } from "./errors.ts";
import type { FieldSet } from "./fields.ts";

/** How header names compare: case, surrounding and inner spaces, `_` and `-` do not matter. */
export function normalizeColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, "");
}

/** Which fields a file provides and where. */
export interface ColumnMapping {
  /** Field names the file provides, in field-set order. */
  present: string[];
  /** `positions[i]` is the header position of `present[i]`. */
  positions: number[];
  /** `headers[i]` is the header name, as written in the file, of `present[i]`. */
  headers: string[];
  /** Header names that match no field; their values are ignored. */
  ignored: string[];
}

export interface MapHeaderOptions {
  file: string;
  kind: string;
  /** Required fields the file may leave out because the importer fills them in. */
  generated?: readonly string[];
}

/**
 * Maps header names to fields. Throws `missing_columns` when a required field has no
 * column and `duplicate_columns` when two header cells name the same field.
 */
export function mapHeader(headers: readonly string[], fields: FieldSet, options: MapHeaderOptions): ColumnMapping {
  const byNormalName = new Map<string, string>();
  for (const name of Object.keys(fields)) byNormalName.set(normalizeColumnName(name), name);

  const positionOf = new Map<string, number>();
  const ignored: string[] = [];
  headers.forEach((header, position) => {
    const name = byNormalName.get(normalizeColumnName(header));
    if (name === undefined) {
      if (header.trim() !== "") ignored.push(header.trim());
      return;
    }
    const earlier = positionOf.get(name);
    if (earlier !== undefined) throw duplicateColumns(options.file, name, [headers[earlier] ?? name, header]);
    positionOf.set(name, position);
  });

  const generated = new Set(options.generated ?? []);
  const missing = Object.entries(fields)
    .filter(([name, column]) => column.required && !positionOf.has(name) && !generated.has(name))
    .map(([name]) => name);
  if (missing.length > 0) {
    throw missingColumns(
      options.file,
      options.kind,
      missing,
      headers.map((header) => header.trim()).filter((header) => header !== ""),
      Object.entries(fields).map(([name, column]) => ({ name, required: column.required && !generated.has(name) })),
    );
  }

  const present = Object.keys(fields).filter((name) => positionOf.has(name));
  const positions = present.map((name) => positionOf.get(name) ?? -1);
  return { present, positions, headers: positions.map((position) => (headers[position] ?? "").trim()), ignored };
}
