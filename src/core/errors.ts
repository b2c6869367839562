/**
 * The one error family of Bullseye.
 *
 * Every error a person or a model may see is an `AppError` with a stable `code`
 * (snake_case, part of the API) and a `category`. Surfaces decide how to show an
 * error from its category alone: `src/http/errors.ts` maps categories to HTTP
 * status codes (the only such map), the CLI and Slack render the same fields as text.
 *
 * Messages say what was wrong and how to fix it. `details` carries structured
 * extras (the failing field, the rejected rows) that are safe to show to clients;
 * `cause` keeps the original error for logs and is never sent to clients.
 */

/** What kind of failure this is; decides HTTP status and exit codes. */
export type ErrorCategory =
  /** The request was wrong: bad input, bad file, missing argument. */
  | "user"
  /** Something named in the request does not exist. */
  | "not-found"
  /** No or bad credentials. */
  | "auth"
  /** Credentials are fine but the role does not allow this. */
  | "forbidden"
  /** The request clashes with current state (a lock, a duplicate, a running job). */
  | "conflict"
  /** The request body or file is larger than allowed. */
  | "too-large"
  /** Too many requests; retry later. */
  | "rate-limited"
  /** A service we depend on (model API, Slack) failed or timed out. */
  | "upstream"
  /** A bug or an unexpected state on our side. */
  | "internal";

export const ERROR_CATEGORIES: readonly ErrorCategory[] = [
  "user",
  "not-found",
  "auth",
  "forbidden",
  "conflict",
  "too-large",
  "rate-limited",
  "upstream",
  "internal",
];

/** Options accepted by every `AppError` constructor. */
export interface AppErrorOptions {
  /** Structured, client-safe extras (field names, row reports, limits). */
  details?: Record<string, unknown>;
  /** The underlying error, kept for logs only. */
  cause?: unknown;
}

/** The JSON shape of an error on every surface (HTTP bodies, CLI stderr, tool errors). */
export interface ErrorBody {
  error: {
    code: string;
    category: ErrorCategory;
    message: string;
    details?: Record<string, unknown>;
    requestId?: string;
  };
}

/** Base class: a coded, categorised error whose message is fit for the person who caused it. */
export class AppError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, category: ErrorCategory, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.category = category;
    this.details = options.details;
  }

  /** The client-safe JSON form: no stack, no cause. */
  toJSON(): ErrorBody {
    return {
      error: {
        code: this.code,
        category: this.category,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

/** One problem with one field of some input. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `k` or `items.0.price`; empty for the whole value. */
  path: string;
  message: string;
}

/** Input failed validation (HTTP body, tool input, CLI argument, config). */
export class ValidationError extends AppError {
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = [], options: AppErrorOptions = {}) {
    super("invalid_input", "user", message, {
      ...options,
      details: { ...options.details, issues },
    });
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/** A named thing (customer, product, tool, segment) does not exist. */
export class NotFoundError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, "not-found", message, options);
    this.name = "NotFoundError";
  }
}

/** Configuration (environment variables) is invalid; names the variable. */
export class ConfigError extends AppError {
  constructor(message: string, issues: FieldIssue[] = [], options: { cause?: unknown } = {}) {
    super("invalid_config", "user", message, { details: { issues }, ...options });
    this.name = "ConfigError";
  }
}

/** A dependency outside our process (model API, Slack, embeddings endpoint) failed. */
export class UpstreamError extends AppError {
  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(code, "upstream", message, options);
    this.name = "UpstreamError";
  }
}

/** Wraps anything thrown into an AppError; unknown errors become a generic internal error. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(
    "internal_error",
    "internal",
    "Something went wrong on our side. The error has been logged; please try again or report it.",
    { cause: error },
  );
}

/** Turns zod-style issues into `FieldIssue`s without importing zod here. */
export function fieldIssuesFrom(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): FieldIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((part) => String(part)).join("."),
    message: issue.message,
  }));
}

/** A readable one-line summary of field issues: "k: Too big: expected number to be <=12; …". */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => (issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`)).join("; ");
}
