/**
 * Per-request id and structured log line. The id comes from a well-formed
 * `X-Request-Id` header when the caller sends one (so ids follow a request across
 * services), else from the injected generator; it is echoed in the response header
 * and in error bodies.
 */
import type { RequestHandler } from "express";
import type { Logger } from "pino";

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(logger: Logger, newRequestId: () => string): RequestHandler {
  return (request, response, next) => {
    const incoming = request.get("x-request-id");
    const requestId = incoming !== undefined && ACCEPTABLE_ID.test(incoming) ? incoming : newRequestId();
    const started = performance.now();
    response.locals.requestId = requestId;
    response.locals.logger = logger.child({ requestId });
    response.setHeader("X-Request-Id", requestId);
    response.on("finish", () => {
      logger.info(
        {
          requestId,
          method: request.method,
          path: request.path,
          status: response.statusCode,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        },
        "request",
      );
    });
    next();
  };
}
