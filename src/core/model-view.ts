/**
 * The model's view of a tool result: what goes back to the chat model after a tool runs.
 *
 * People get the tool's full artifact; the model gets `{tool, ok, summary, data}` as JSON,
 * where `data` is the artifact compacted (long lists cut to their first items with a count of
 * the rest, long strings shortened, customer names and contact details dropped) and the
 * whole text bounded. Errors go back as `{tool, ok: false, error: {code, message}}` so the
 * model can fix its call. The agent writes these; the builtin planner reads them.
 */
import { z } from "zod";

/** Keys never sent to a model: people's names and contact details. Tool outputs refer to customers by id. */
const PERSONAL_KEYS = new Set(["email", "phone", "customerName", "firstName", "lastName", "fullName", "address", "postcode"]);
/** `name` is personal on a customer object (one with a customerId and no productId). */
const isCustomerObject = (value: Record<string, unknown>) => "customerId" in value && !("productId" in value);

const DROPPED_KEYS = new Set(["summary", "timingMs"]);

/** Bounds of the model view. */
export interface ModelViewLimits {
  /** Longest text of the whole view, in characters. */
  maxChars: number;
  /** Items kept from each array before the "… N more" note (reduced further when the view is too long). */
  maxItems: number;
  /** Longest string value, in characters. */
  maxString: number;
}

export const DEFAULT_MODEL_VIEW_LIMITS: ModelViewLimits = { maxChars: 6_000, maxItems: 12, maxString: 400 };

function compact(value: unknown, items: number, maxString: number, depth: number): unknown {
  if (typeof value === "string") return value.length > maxString ? `${value.slice(0, maxString - 1)}…` : value;
  if (typeof value === "number") return Number.isInteger(value) ? value : Math.round(value * 10_000) / 10_000;
  if (value === null || typeof value !== "object") return value;
  if (depth > 6) return Array.isArray(value) ? `[${value.length} items]` : "{…}";
  if (Array.isArray(value)) {
    const kept = value.slice(0, items).map((item) => compact(item, items, maxString, depth + 1));
    if (value.length > items) kept.push(`… ${value.length - items} more`);
    return kept;
  }
  const record = value as Record<string, unknown>;
  const customer = isCustomerObject(record);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (depth === 0 && DROPPED_KEYS.has(key)) continue;
    if (PERSONAL_KEYS.has(key) || (customer && key === "name")) continue;
    if (item === undefined) continue;
    out[key] = compact(item, items, maxString, depth + 1);
  }
  return out;
}

/** The JSON text sent to the model for a successful tool call. */
export function modelViewOfResult(
  tool: string,
  output: { summary: string } & Record<string, unknown>,
  limits: ModelViewLimits = DEFAULT_MODEL_VIEW_LIMITS,
): string {
  for (let items = limits.maxItems; ; items = Math.floor(items / 2)) {
    const text = JSON.stringify({ tool, ok: true, summary: output.summary, data: compact(output, items, limits.maxString, 0) });
    if (text.length <= limits.maxChars || items <= 1) {
      return text.length <= limits.maxChars
        ? text
        : JSON.stringify({ tool, ok: true, summary: output.summary, data: { note: "full result shown to the user, too long for the model" } });
    }
  }
}

/** The JSON text sent to the model for a failed tool call: what went wrong and how to fix it. */
export function modelViewOfError(tool: string, error: { code: string; message: string }): string {
  return JSON.stringify({ tool, ok: false, error: { code: error.code, message: error.message } });
}

/** The parsed form of a model view; `parseModelView` returns undefined for anything else. */
export const modelViewSchema = z.discriminatedUnion("ok", [
  z.object({ tool: z.string(), ok: z.literal(true), summary: z.string(), data: z.unknown() }),
  z.object({ tool: z.string(), ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ModelView = z.infer<typeof modelViewSchema>;

/** Reads a tool message written by `modelViewOfResult`/`modelViewOfError`. */
export function parseModelView(content: string): ModelView | undefined {
  try {
    const parsed = modelViewSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
// Phone numbers: international (+44 …), national with a trunk 0 or brackets (07700 900123, (0161) 496 0000),
// or digit groups joined by dashes or dots (555-123-4567). Space-separated ids ("12347 12348") are not phones.
const PHONE =
  /(?<![\w£$€.,+])(?:\+\d{1,3}[\s.-]?(?:\(?\d{1,5}\)?[\s.-]?){1,5}\d{2,5}|\(?0\d{1,5}\)?(?:[\s.-]?\d{2,5}){1,4}|\d{2,5}(?:[.-]\d{2,5}){2,4})(?![\w%])/g;

/**
 * Replaces email addresses and phone numbers in `text` with `[email]` and `[phone]`.
 * A digit run counts as a phone number only with at least 9 digits, so prices, years,
 * dates, quantities and customer ids (e.g. 17850) are left alone.
 */
export function redactContacts(text: string): string {
  return text.replace(EMAIL, "[email]").replace(PHONE, (match) => (match.replace(/\D/g, "").length >= 9 ? "[phone]" : match));
}
