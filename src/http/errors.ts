/**
 * The one place where errors become HTTP responses.
 *
 * Every failure is turned into an `AppError` (`toAppError`), its category picks the
 * status code from `statusByCategory` (a few codes override it in `statusByCode`), and
 * the client gets the JSON `ErrorBody` with the request id. Stack traces and causes go
 * to the log only.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError, type ErrorCategory, toAppError } from "../core/errors.ts";

/** HTTP status for each error category. */
export const statusByCategory: Readonly<Record<ErrorCategory, number>> = {
  user: 400,
  "not-found": 404,
  auth: 401,
  forbidden: 403,
  conflict: 409,
  "too-large": 413,
  "rate-limited": 429,
  upstream: 502,
  internal: 500,
};

/**
 * The few codes whose status is not their category's. `agent_unavailable` is a server that
 * was started without a chat agent: nothing the client did wrong (not 4xx) and no bug (not
 * 500), so 503 tells clients and load balancers that the feature is off here.
 */
export const statusByCode: Readonly<Record<string, number>> = {
  agent_unavailable: 503,
};

/** The HTTP status of an error: its code's override, else its category's. */
export function statusOf(error: AppError): number {
  return Object.hasOwn(statusByCode, error.code) ? (statusByCode[error.code] as number) : statusByCategory[error.category];
}

/** Errors raised by express's body parser carry a `type`; map the ones a client can cause. */
function fromBodyParser(error: unknown): AppError | undefined {
  if (typeof error !== "object" || error === null || !("type" in error)) return undefined;
  const { type } = error as { type: unknown; limit?: unknown };
  if (type === "entity.too.large") {
    const limit = (error as { limit?: unknown }).limit;
    return new AppError(
      "body_too_large",
      "too-large",
      `The request body is larger than the ${typeof limit === "number" ? `${limit}-byte` : "configured"} limit. Send less data, or raise BULLSEYE_BODY_LIMIT.`,
      { details: typeof limit === "number" ? { limitBytes: limit } : {}, cause: error },
    );
  }
  if (type === "entity.parse.failed") {
    return new AppError("invalid_json", "user", "The request body is not valid JSON. Check quotes, commas and brackets.", {
      cause: error,
    });
  }
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new AppError("unsupported_encoding", "user", "The request body must be UTF-8 encoded JSON.", { cause: error });
  }
  return undefined;
}

/** Final error handler: logs, then answers with the mapped status and JSON body. */
export const errorHandler: ErrorRequestHandler = (error, request, response, _next) => {
  const appError = fromBodyParser(error) ?? toAppError(error);
  const status = statusOf(appError);
  const requestId = response.locals.requestId as string | undefined;
  const log = response.locals.logger ?? request.app.locals.logger;
  if (status >= 500) log?.error({ err: error, requestId, code: appError.code }, "request failed");
  else log?.info({ requestId, code: appError.code, status }, "request rejected");
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = appError.toJSON();
  response.status(status).json({ error: { ...body.error, ...(requestId ? { requestId } : {}) } });
};

/** Answers unknown routes with a JSON 404 rather than express's HTML page. */
export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(
    new AppError("route_not_found", "not-found", `There is no ${request.method} ${request.path}. See /openapi.json or the README for the API.`, {
      details: { method: request.method, path: request.path },
    }),
  );
};
