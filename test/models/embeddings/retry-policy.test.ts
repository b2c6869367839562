import { describe, expect, it } from "vitest";
import { isRetryableStatus, retryAfterMs, retryDelayMs } from "../../../src/models/embeddings/retry-policy.ts";

describe("retry policy", () => {
  it("retries rate limits, timeouts, conflicts and server errors only", () => {
    expect([408, 409, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it("reads retry-after-ms, Retry-After seconds and Retry-After dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500" }))).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": "0.5" }))).toBe(500);
    const now = Date.parse("2026-11-01T12:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 01 Nov 2026 12:00:07 GMT" }), now)).toBe(7000);
    expect(retryAfterMs(new Headers({ "retry-after": "Sun, 01 Nov 2026 11:00:00 GMT" }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it("doubles the wait each retry, lets the server's wait win and caps both", () => {
    const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((retry) => retryDelayMs(retry, policy))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelayMs(1, policy, 750)).toBe(750);
    expect(retryDelayMs(1, policy, 60_000)).toBe(1000);
  });
});
