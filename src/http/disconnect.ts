/** Cancellation of server-side work when an HTTP client goes away. */
import type { Response } from "express";
import { AppError } from "../core/errors.ts";

/**
 * An AbortSignal that fires when the client goes away before the answer is complete.
 * The request's own "close" fires as soon as its body has been read, which is not a
 * cancellation; the response closing before it finished is.
 */
export function disconnectSignal(response: Response): AbortSignal {
  const controller = new AbortController();
  response.on("close", () => {
    if (!response.writableFinished) {
      controller.abort(new AppError("client_disconnected", "user", "The client closed the connection before the answer was complete."));
    }
  });
  return controller.signal;
}
