/**
 * Per-caller rate limiting with token buckets.
 *
 * Each caller (an API key, or the client address in open local mode) has a bucket that
 * holds up to `requestsPerMinute` tokens and refills continuously at `requestsPerMinute`
 * per minute. A request takes one token; with none left it is refused with 429, a
 * `Retry-After` header (whole seconds until a token is back) and an AppError of category
 * `rate-limited`. Buckets allow a short burst after a quiet spell while capping the
 * sustained rate, and unlike fixed windows they cannot be gamed at window edges.
 */
import type { Request, RequestHandler, Response } from "express";
import { AppError } from "../core/errors.ts";
import { principalOf } from "./auth.ts";

/** Settings of a `RateLimiter`. */
export interface RateLimitOptions {
  /** Sustained requests per minute per caller, also the largest burst. Default 120. */
  requestsPerMinute?: number;
  /** The current time in milliseconds; inject a fake in tests. Default `Date.now`. */
  now?: () => number;
  /** Buckets kept before idle (full) ones are dropped, bounding memory. Default 10,000. */
  maxTrackedCallers?: number;
}

/** What `RateLimiter.take` decided. */
export type RateDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Default sustained rate: two requests a second, ample for people, a brake on runaway scripts. */
export const DEFAULT_REQUESTS_PER_MINUTE = 120;

/** Token buckets keyed by caller; pure bookkeeping, no HTTP. */
export class RateLimiter {
  readonly requestsPerMinute: number;
  readonly #now: () => number;
  readonly #maxTrackedCallers: number;
  readonly #tokensPerMs: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}) {
    const requestsPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    if (!Number.isFinite(requestsPerMinute) || requestsPerMinute < 1) {
      throw new RangeError(`requestsPerMinute must be a number ≥ 1, got ${requestsPerMinute}.`);
    }
    this.requestsPerMinute = requestsPerMinute;
    this.#now = options.now ?? Date.now;
    this.#maxTrackedCallers = options.maxTrackedCallers ?? 10_000;
    this.#tokensPerMs = requestsPerMinute / 60_000;
  }

  /** Takes a token for `caller` if one is left. */
  take(caller: string): RateDecision {
    const now = this.#now();
    const bucket = this.#refilled(caller, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    // Rounded up, and at least 1: a client that waits exactly this long gets a token.
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.#tokensPerMs / 1000));
    return { allowed: false, retryAfterSeconds };
  }

  /** Number of callers currently tracked. */
  get trackedCallers(): number {
    return this.#buckets.size;
  }

  #refilled(caller: string, now: number): Bucket {
    let bucket = this.#buckets.get(caller);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#maxTrackedCallers) this.#forgetIdle(now);
      bucket = { tokens: this.requestsPerMinute, updatedAt: now };
      this.#buckets.set(caller, bucket);
      return bucket;
    }
    // A clock that steps backwards (NTP) must not drain or overfill the bucket.
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.requestsPerMinute, bucket.tokens + elapsed * this.#tokensPerMs);
    bucket.updatedAt = now;
    return bucket;
  }

  /** Drops buckets that have refilled completely: forgetting them changes no decision. */
  #forgetIdle(now: number): void {
    for (const [caller, bucket] of this.#buckets) {
      const tokens = bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.#tokensPerMs;
      if (tokens >= this.requestsPerMinute) this.#buckets.delete(caller);
    }
  }
}

/**
 * Who a request counts against: its API key, else (open local mode, or a public route)
 * the client address.
 */
export function rateLimitCaller(request: Request, response: Response): string {
  const keyId = principalOf(response)?.keyId;
  return keyId === undefined ? `address:${request.ip ?? request.socket.remoteAddress ?? "unknown"}` : `key:${keyId}`;
}

/** Settings of the `rateLimit` middleware. */
export interface RateLimitMiddlewareOptions extends RateLimitOptions {
  /** Who a request counts against. Default `rateLimitCaller`. */
  callerOf?: (request: Request, response: Response) => string;
}

/**
 * Middleware that refuses requests over the caller's rate with 429 `rate_limited`.
 * Mount it after `authenticate`, so requests count against their key. `Retry-After` is
 * set here, before the error reaches the central error handler, which keeps headers.
 */
export function rateLimit(options: RateLimitMiddlewareOptions = {}): RequestHandler {
  const limiter = new RateLimiter(options);
  const callerOf = options.callerOf ?? rateLimitCaller;
  return (request, response, next) => {
    const decision = limiter.take(callerOf(request, response));
    if (decision.allowed) {
      next();
      return;
    }
    response.setHeader("Retry-After", String(decision.retryAfterSeconds));
    next(
      new AppError(
        "rate_limited",
        "rate-limited",
        `Too many requests: the limit is ${limiter.requestsPerMinute} per minute for each API key. ` +
          `Retry after ${decision.retryAfterSeconds} s, or ask the administrator to raise the limit.`,
        { details: { retryAfterSeconds: decision.retryAfterSeconds, requestsPerMinute: limiter.requestsPerMinute } },
      ),
    );
  };
}
