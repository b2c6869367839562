/**
 * Erasure of one customer ("right to be forgotten"), in one transaction:
 *
 * 1. Delete the customer's rows from the business tables: `customers`, their `orders` and
 *    those orders' `order_items`, their `reviews`, and their `segment_assignments`.
 * 2. Scrub every stored result of the app (segmentations, campaigns, conversations and
 *    messages, drafts, and any table a later migration adds): wherever the customer id
 *    occurs as a whole token in a text or JSON column it becomes `[erased]`, and so does
 *    what the customer wrote or is: their name, email and phone, and their reviews' titles
 *    and phrases (a review quoted in a stored sentiment result or draft). In JSON, a string
 *    that contains such a phrase is replaced whole, so a shortened quote goes too.
 * 3. Record `customer.erase` in `audit_log` with the counts.
 *
 * Long-lived caches (fitted recommenders, memoised state) also hold purchase data; the
 * caller clears them after this returns (the HTTP route calls `memo.clear()`).
 *
 * What is scrubbed is found from the schema rather than a fixed list, so a table added by a
 * later migration is covered without changing this file. Left alone: the business tables
 * (handled by deleting rows, and other customers' rows are theirs), `api_keys`, the
 * migrations table, and `audit_log`, which is an append-only record; its erase row keeps
 * the id as the evidence that the erasure happened.
 */
import { NotFoundError, ValidationError } from "../core/errors.ts";
import type { Store, StoreWriter } from "../core/ports.ts";

/** What replaces the customer id in stored results. */
export const ERASED_MARKER = "[erased]";

/** Tables never scrubbed; see the module comment for why. */
const NOT_SCRUBBED = new Set([
  "customers",
  "orders",
  "order_items",
  "reviews",
  "products",
  "segment_assignments",
  "api_keys",
  "audit_log",
  "schema_migrations",
]);

/** What `eraseCustomer` removed and changed. */
export interface ErasureCounts {
  /** Rows deleted from `customers` (0 when only orders or reviews referred to the id). */
  customers: number;
  /** The customer's orders deleted. */
  orders: number;
  /** Lines of those orders deleted. */
  orderItems: number;
  /** The customer's reviews deleted. */
  reviews: number;
  /** Memberships in stored segmentations deleted. */
  segmentAssignments: number;
  /** Per table, rows of stored results in which the id was replaced by `[erased]` (tables with no change are left out). */
  scrubbed: Record<string, number>;
}

/** Who erases and when, for the audit log. */
export interface EraseOptions {
  /** Who asked, e.g. an API key id, `local` or `cli`. */
  actor: string;
  /** When; recorded in the audit log. */
  now: Date;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A pattern matching `id` as a whole token: not inside a longer word or number, so erasing
 * `C1` leaves `C12` alone and erasing `12347` leaves `12347.5` and `412347` alone.
 */
function tokenPattern(id: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_]|\\p{N}[.,])${escapeRegExp(id)}(?![\\p{L}\\p{N}_]|[.,]\\p{N})`, "gu");
}

/** Replaces whole-token occurrences of `id`, and every occurrence of each phrase (any letter case), in plain text. */
export function scrubText(text: string, id: string, phrases: readonly string[] = []): string {
  let scrubbed = text.replace(tokenPattern(id), ERASED_MARKER);
  for (const phrase of phrases) scrubbed = scrubbed.replace(new RegExp(escapeRegExp(phrase), "giu"), ERASED_MARKER);
  return scrubbed;
}

/** Shortest review fragment treated as the customer's words (shorter ones are too common to be theirs). */
const MIN_PHRASE_LENGTH = 15;

/**
 * The personal phrases of a customer, lowercased: name (when it has at least two words or
 * 5 characters), email, phone, review titles, and the clauses of their reviews.
 */
export function personalPhrases(
  customer: { name?: string | null; email?: string | null; phone?: string | null } | undefined,
  reviews: ReadonlyArray<{ title?: string | null; body: string }>,
): string[] {
  const phrases = new Set<string>();
  const add = (value: string | null | undefined, minimum: number) => {
    const trimmed = value?.trim().replace(/\s+/g, " ");
    if (trimmed !== undefined && trimmed.length >= minimum) phrases.add(trimmed.toLowerCase());
  };
  if (customer !== undefined) {
    add(customer.name, customer.name?.trim().includes(" ") === true ? 3 : 5);
    add(customer.email, 5);
    add(customer.phone, 7);
  }
  for (const review of reviews) {
    add(review.title, 12);
    for (const fragment of review.body.split(/[.!?;:\n]+|,\s+|\s+(?:but|and|although|though)\s+/i)) add(fragment, MIN_PHRASE_LENGTH);
  }
  // Longest first, so a clause is erased before a shorter phrase inside it.
  return [...phrases].sort((left, right) => right.length - left.length);
}

const JSON_STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/**
 * Replaces whole-token occurrences of `id` in stored text. JSON text is changed only inside
 * its string literals (keys and values), so a number that happens to equal the id
 * (`"orders": 12347`) is neither erased nor turned into invalid JSON; other text is
 * scrubbed as plain text.
 */
export function scrubStoredText(text: string, id: string, phrases: readonly string[] = []): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith('"')) {
    let isJson = true;
    try {
      JSON.parse(text);
    } catch {
      isJson = false;
    }
    if (isJson) {
      return text.replace(JSON_STRING_LITERAL, (literal) => {
        // Decode first: an escape such as \n right before the id must not count as a letter.
        const decoded = JSON.parse(literal) as string;
        const lowered = decoded.toLowerCase();
        if (phrases.some((phrase) => lowered.includes(phrase))) return JSON.stringify(ERASED_MARKER);
        const scrubbed = scrubText(decoded, id);
        return scrubbed === decoded ? literal : JSON.stringify(scrubbed);
      });
    }
  }
  return scrubText(text, id, phrases);
}

async function count(writer: StoreWriter, sql: string, id: string): Promise<number> {
  const [row] = await writer.query<{ n: number }>(sql, [id]);
  return Number(row?.n ?? 0);
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The text and JSON columns of the app's own tables, per table. */
async function scrubbableColumns(writer: StoreWriter): Promise<Map<string, { column: string; json: boolean }[]>> {
  const rows = await writer.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('VARCHAR', 'JSON')
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const columns = new Map<string, { column: string; json: boolean }[]>();
  for (const row of rows) {
    if (NOT_SCRUBBED.has(row.table_name)) continue;
    const list = columns.get(row.table_name) ?? [];
    list.push({ column: row.column_name, json: row.data_type === "JSON" });
    columns.set(row.table_name, list);
  }
  return columns;
}

/** Scrubs `id` from one table's text columns; returns the number of rows changed. */
async function scrubTable(
  writer: StoreWriter,
  table: string,
  columns: { column: string; json: boolean }[],
  id: string,
  phrases: readonly string[],
): Promise<number> {
  const changedRows = new Set<string>();
  for (const { column, json } of columns) {
    const quoted = quoteIdentifier(column);
    // A cheap substring filter in SQL; the token rule is applied in JS on the few candidates.
    // JSON escapes (\" \n) can hide a phrase from this filter, so phrases are matched on their first words too.
    const probes = [...new Set(phrases.map((phrase) => phrase.split(/["\\\n]/)[0] as string).filter((probe) => probe.length >= 5))];
    const phraseFilter = probes.map((_, index) => ` OR contains(lower(CAST(${quoted} AS VARCHAR)), $${index + 2})`).join("");
    const candidates = await writer.query<{ row_ref: number | string; value: string }>(
      `SELECT rowid AS row_ref, CAST(${quoted} AS VARCHAR) AS value FROM ${quoteIdentifier(table)}
        WHERE contains(CAST(${quoted} AS VARCHAR), $1)${phraseFilter}`,
      [id, ...probes],
    );
    for (const candidate of candidates) {
      const scrubbed = scrubStoredText(candidate.value, id, phrases);
      if (scrubbed === candidate.value) continue;
      await writer.run(
        `UPDATE ${quoteIdentifier(table)} SET ${quoted} = ${json ? "CAST($1 AS JSON)" : "$1"} WHERE rowid = $2`,
        [scrubbed, Number(candidate.row_ref)],
      );
      changedRows.add(String(candidate.row_ref));
    }
  }
  return changedRows.size;
}

/**
 * Erases customer `customerId` from every table and stored result, in one transaction, and
 * records `customer.erase` in the audit log. Throws `NotFoundError` (`unknown_customer`) when
 * no customer, order, review or segment membership has that id; nothing is changed then.
 */
export async function eraseCustomer(store: Store, customerId: string, options: EraseOptions): Promise<ErasureCounts> {
  if (customerId.trim() === "" || customerId !== customerId.trim()) {
    // An empty or padded id would match nothing (or, as a token, far too much).
    throw new ValidationError(`The customer id "${customerId}" is empty or has leading/trailing spaces; pass the id exactly as stored.`, [
      { path: "customerId", message: "must be a non-empty id without surrounding spaces" },
    ]);
  }
  return store.transaction(async (writer) => {
    const counts: Omit<ErasureCounts, "scrubbed"> = {
      customers: await count(writer, "SELECT count(*) AS n FROM customers WHERE customer_id = $1", customerId),
      orders: await count(writer, "SELECT count(*) AS n FROM orders WHERE customer_id = $1", customerId),
      orderItems: await count(
        writer,
        "SELECT count(*) AS n FROM order_items WHERE order_id IN (SELECT order_id FROM orders WHERE customer_id = $1)",
        customerId,
      ),
      reviews: await count(writer, "SELECT count(*) AS n FROM reviews WHERE customer_id = $1", customerId),
      segmentAssignments: await count(writer, "SELECT count(*) AS n FROM segment_assignments WHERE customer_id = $1", customerId),
    };
    if (counts.customers + counts.orders + counts.reviews + counts.segmentAssignments === 0) {
      throw new NotFoundError(
        "unknown_customer",
        `There is no customer "${customerId}": no customer row, order, review or segment membership has that id. ` +
          "Check the id (ids are case-sensitive, as in your customers file); nothing was changed.",
        { details: { customerId } },
      );
    }
    const [customer] = await writer.query<{ name: string | null; email: string | null; phone: string | null }>(
      "SELECT name, email, phone FROM customers WHERE customer_id = $1",
      [customerId],
    );
    const reviews = await writer.query<{ title: string | null; body: string }>("SELECT title, body FROM reviews WHERE customer_id = $1", [
      customerId,
    ]);
    const phrases = personalPhrases(customer, reviews);
    await writer.run(
      "DELETE FROM order_items WHERE order_id IN (SELECT order_id FROM orders WHERE customer_id = $1)",
      [customerId],
    );
    await writer.run("DELETE FROM orders WHERE customer_id = $1", [customerId]);
    await writer.run("DELETE FROM reviews WHERE customer_id = $1", [customerId]);
    await writer.run("DELETE FROM segment_assignments WHERE customer_id = $1", [customerId]);
    await writer.run("DELETE FROM customers WHERE customer_id = $1", [customerId]);

    const scrubbed: Record<string, number> = {};
    for (const [table, columns] of await scrubbableColumns(writer)) {
      const changed = await scrubTable(writer, table, columns, customerId, phrases);
      if (changed > 0) scrubbed[table] = changed;
    }
    const result: ErasureCounts = { ...counts, scrubbed };
    await writer.run("INSERT INTO audit_log (occurred_at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)", [
      options.now,
      options.actor,
      "customer.erase",
      customerId,
      JSON.stringify(result),
    ]);
    return result;
  });
}
