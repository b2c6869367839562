import express from "express";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { authenticate } from "../../src/http/auth.ts";
import { errorHandler } from "../../src/http/errors.ts";
import { RateLimiter, rateLimit } from "../../src/http/rate-limit.ts";
import { memoryStore } from "../helpers/context.ts";
import { type TestServer, listen } from "../helpers/http.ts";

/** A clock that only moves when the test says so. */
function fakeClock(start = Date.parse("2026-11-01T12:00:00Z")) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

describe("RateLimiter", () => {
  it("allows a burst of the per-minute rate, then refuses until a token is back", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 3, now: clock.now });
    expect([1, 2, 3].map(() => limiter.take("a"))).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
    // 3 per minute refills one token every 20 s.
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 20 });
    clock.advance(15);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 5 });
    clock.advance(5);
    expect(limiter.take("a")).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("keeps callers apart", () => {
    const limiter = new RateLimiter({ requestsPerMinute: 1, now: fakeClock().now });
    expect(limiter.take("a").allowed).toBe(true);
    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("never stores more than a minute's worth of tokens, and survives a clock stepping back", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 2, now: clock.now });
    limiter.take("a");
    clock.advance(3600);
    expect(limiter.take("a")).toEqual({ allowed: true, remaining: 1 });
    clock.advance(-600);
    expect(limiter.take("a")).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.take("a").allowed).toBe(false);
  });

  it("rounds Retry-After up to whole seconds, at least 1", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 7, now: clock.now });
    for (let i = 0; i < 7; i++) limiter.take("a");
    // One token every 60/7 ≈ 8.57 s.
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 9 });
    clock.advance(8.5);
    expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("forgets idle callers once it tracks too many", () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, now: clock.now, maxTrackedCallers: 3 });
    for (const caller of ["a", "b", "c"]) limiter.take(caller);
    clock.advance(2);
    limiter.take("d");
    expect(limiter.trackedCallers).toBe(1);
  });

  it("refuses a rate below one request a minute", () => {
    expect(() => new RateLimiter({ requestsPerMinute: 0 })).toThrow(RangeError);
  });
});

describe("rateLimit middleware", () => {
  let store: DuckDbStore;
  let server: TestServer;

  beforeEach(async () => {
    store = await memoryStore();
  });

  afterEach(async () => {
    await server.close();
    await store.close();
  });

  async function start(mode: "loopback" | "network", clock: ReturnType<typeof fakeClock>) {
    const app = express();
    app.use(authenticate({ store, mode }));
    app.use(rateLimit({ requestsPerMinute: 2, now: clock.now }));
    app.get("/api/tools", (_request, response) => {
      response.json({ ok: true });
    });
    app.use(errorHandler);
    server = await listen(app);
  }

  it("answers 429 with Retry-After through the central error handler, then allows again", async () => {
    const clock = fakeClock();
    const key = (await createApiKey(store, { role: "viewer" })).key;
    await start("network", clock);
    const call = () => server.request("/api/tools", { headers: { authorization: `Bearer ${key}` } });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    const body = await limited.json();
    expect(body.error).toMatchObject({
      code: "rate_limited",
      category: "rate-limited",
      details: { retryAfterSeconds: 30, requestsPerMinute: 2 },
    });
    expect(body.error.message).toContain("Retry after 30 s");
    clock.advance(30);
    const again = await call();
    expect(again.status).toBe(200);
    expect(again.headers.get("retry-after")).toBeNull();
  });

  it("counts each key separately", async () => {
    const clock = fakeClock();
    const first = (await createApiKey(store, { role: "viewer" })).key;
    const second = (await createApiKey(store, { role: "viewer" })).key;
    await start("network", clock);
    const call = (key: string) => server.request("/api/tools", { headers: { "x-api-key": key } });
    await call(first);
    await call(first);
    expect((await call(first)).status).toBe(429);
    expect((await call(second)).status).toBe(200);
  });

  it("counts by client address in open local mode", async () => {
    const clock = fakeClock();
    await start("loopback", clock);
    expect((await server.request("/api/tools")).status).toBe(200);
    expect((await server.request("/api/tools")).status).toBe(200);
    const limited = await server.request("/api/tools");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBe(30);
  });
});
