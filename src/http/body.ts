/**
 * Request parsing shared by the routes: bodies and query strings are checked with zod,
 * and a failure names the fields in a `ValidationError` (400).
 */
import type { z } from "zod";
import { ValidationError, describeIssues, fieldIssuesFrom } from "../core/errors.ts";

/** Parses a JSON request body with `schema`, or throws a ValidationError naming the fields. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseWith(schema, body ?? {}, "request body");
}

/** Parses query parameters with `schema`, or throws a ValidationError naming the parameters. */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  return parseWith(schema, query ?? {}, "query string");
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues);
    throw new ValidationError(`Invalid ${what}: ${describeIssues(issues)}.`, issues);
  }
  return parsed.data;
}
