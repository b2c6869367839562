/**
 * When and how long to wait before retrying a call to a model endpoint (pure).
 * Rate limits (429) and server errors (5xx) are worth retrying; the server's own
 * `retry-after-ms` (OpenAI) or `Retry-After` (RFC 9110: seconds or an HTTP date)
 * wins over our exponential backoff, within a cap so one bad header cannot stall a
 * request for an hour.
 */

/** Backoff settings. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** Wait before the first retry; doubles each time. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever the server asks. */
  maxDelayMs: number;
}

/** HTTP statuses that a later attempt may get past: rate limits, timeouts, conflicts and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The wait the server asked for, in milliseconds, or undefined when it did not say
 * (or said something unreadable). `now` is injectable for tests of HTTP dates.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms");
  if (milliseconds !== null && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Number(milliseconds);
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** How long to wait before retry number `retry` (1-based), honouring a server-requested wait. */
export function retryDelayMs(retry: number, policy: RetryPolicy, requestedMs?: number): number {
  const backoff = policy.baseDelayMs * 2 ** (retry - 1);
  return Math.min(policy.maxDelayMs, requestedMs ?? backoff);
}
