/**
 * The HTTP layer under the OpenAI-compatible chat model: a `fetch` that retries and
 * times out the way Bullseye promises, handed to the OpenAI SDK so the SDK and
 * LangChain above it need no retry logic of their own (both are set to 0 retries).
 *
 * - Each attempt has a deadline of `timeoutMs` for the response headers, and the same
 *   idle deadline between body chunks afterwards, so a server that stalls mid-answer
 *   (streamed or not) fails too, while a long answer that keeps streaming does not.
 * - 429 and 5xx answers and refused/reset connections are retried with exponential
 *   backoff that yields to the server's `Retry-After`/`retry-after-ms`.
 * - A timed-out attempt is not retried: the person has already waited the whole
 *   budget, and a model that could not answer in it once rarely does the next time.
 * - The caller's abort signal (the SDK forwards LangChain's) stops attempts and waits.
 */
import { type RetryPolicy, isRetryableStatus, retryAfterMs, retryDelayMs } from "../embeddings/retry-policy.ts";

/** Settings of `createModelFetch`. */
export interface ModelFetchOptions {
  /** Deadline for the response headers, and for each gap between body chunks, per attempt. */
  timeoutMs: number;
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** Wait before the first retry, doubling after; default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest single wait between attempts, whatever the server asks; default 20 s. */
  maxRetryDelayMs?: number;
  /** Drop the Authorization header: no key is configured and local servers want none. */
  omitAuthorization?: boolean;
  /** The fetch underneath; the global one by default. */
  fetch?: typeof fetch;
  /** How to wait between attempts; must reject when `signal` aborts. */
  sleep?: (milliseconds: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** The endpoint sent nothing (headers or the next body chunk) for `timeoutMs`. */
export class ModelTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the model endpoint sent nothing for ${timeoutMs} ms`);
    this.name = "ModelTimeoutError";
  }
}

/** Waits `milliseconds`, or rejects with the abort reason as soon as `signal` aborts. */
export function abortableSleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A `fetch` with Bullseye's per-attempt deadline and retry policy for model endpoints.
 * Retries resend `init.body`, so it must be replayable: the OpenAI SDK sends JSON strings.
 */
export function createModelFetch(options: ModelFetchOptions): typeof fetch {
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs ?? 500,
    maxDelayMs: options.maxRetryDelayMs ?? 20_000,
  };
  const baseFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? abortableSleep;

  return async function modelFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (options.omitAuthorization) headers.delete("authorization");
    const callerSignal = init.signal ?? undefined;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await attemptOnce(baseFetch, input, { ...init, headers }, callerSignal, options.timeoutMs);
      } catch (error) {
        // Timeouts and the caller's own abort end the call; a refused or reset connection may heal.
        if (error instanceof ModelTimeoutError || callerSignal?.aborted || attempt >= policy.maxRetries) throw error;
        await sleep(retryDelayMs(attempt + 1, policy), callerSignal);
        continue;
      }
      if (response.ok || !isRetryableStatus(response.status) || attempt >= policy.maxRetries) return response;
      const requested = retryAfterMs(response.headers);
      // Free the connection: the error body of a failed attempt is not needed.
      await response.body?.cancel().catch(() => undefined);
      await sleep(retryDelayMs(attempt + 1, policy, requested), callerSignal);
    }
  };
}

/** Rejects with `timeout` after `timeoutMs`; `cancel` stops the clock. */
function deadline(timeout: ModelTimeoutError): { expired: Promise<never>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(timeout), timeout.timeoutMs);
  });
  // Losing a race against a read that finished first is normal, not an unhandled rejection.
  expired.catch(() => undefined);
  return { expired, cancel: () => clearTimeout(timer) };
}

/** One request with a header deadline, returning a response whose body has an idle deadline. */
async function attemptOnce(
  baseFetch: typeof fetch,
  input: string | URL | Request,
  init: RequestInit,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Response> {
  if (callerSignal?.aborted) throw callerSignal.reason;
  const controller = new AbortController();
  const timeout = new ModelTimeoutError(timeoutMs);
  const forwardAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", forwardAbort, { once: true });
  const release = (): void => callerSignal?.removeEventListener("abort", forwardAbort);
  // Racing the deadline (not only aborting) keeps the promise honest even if a fetch ignores its signal.
  const expire = (reason: unknown): unknown => {
    if (reason === timeout) controller.abort(timeout);
    return reason;
  };

  const headers = deadline(timeout);
  let response: Response;
  try {
    response = await Promise.race([baseFetch(input, { ...init, signal: controller.signal }), headers.expired]);
  } catch (error) {
    release();
    throw expire(controller.signal.reason === timeout ? timeout : error);
  } finally {
    headers.cancel();
  }
  if (response.body === null) {
    release();
    return response;
  }

  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(stream) {
      // The clock runs only while we wait for the server, not while the consumer is busy.
      const chunk = deadline(timeout);
      try {
        const { done, value } = await Promise.race([reader.read(), chunk.expired]);
        if (done) {
          release();
          stream.close();
        } else {
          stream.enqueue(value);
        }
      } catch (error) {
        release();
        const reason = expire(controller.signal.reason === timeout ? timeout : error);
        reader.cancel(reason).catch(() => undefined);
        stream.error(reason);
      } finally {
        chunk.cancel();
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
