import { describe, expect, it } from "vitest";
import { ModelTimeoutError, abortableSleep, createModelFetch } from "../../../src/models/chat/model-fetch.ts";

/** A fetch that answers from a list, one per call, recording the headers it got. */
function scriptedFetch(answers: Array<Response | Error | "hang">) {
  const calls: Headers[] = [];
  const fetch = (async (_input: string | URL | Request, init: RequestInit = {}) => {
    calls.push(new Headers(init.headers));
    const answer = answers.shift();
    if (answer === undefined) throw new Error("no scripted answer left");
    if (answer === "hang") {
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason), { once: true });
      });
    }
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (milliseconds: number): Promise<void> => {
    waits.push(milliseconds);
  };
  return { sleep, waits };
}

const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });

describe("createModelFetch", () => {
  it("retries 5xx and 429 with doubling backoff and returns the first success", async () => {
    const { fetch, calls } = scriptedFetch([new Response("", { status: 502 }), new Response("", { status: 429 }), new Response("ok")]);
    const { sleep, waits } = recordingSleep();
    const response = await createModelFetch({ timeoutMs: 1_000, maxRetries: 3, retryBaseDelayMs: 100, fetch, sleep })("http://x/v1/chat/completions");
    expect(await response.text()).toBe("ok");
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it("honours Retry-After and retry-after-ms, capped by maxRetryDelayMs", async () => {
    const { fetch } = scriptedFetch([
      new Response("", { status: 429, headers: { "retry-after": "2" } }),
      new Response("", { status: 503, headers: { "retry-after-ms": "150" } }),
      new Response("", { status: 429, headers: { "retry-after": "3600" } }),
      new Response("ok"),
    ]);
    const { sleep, waits } = recordingSleep();
    await createModelFetch({ timeoutMs: 1_000, maxRetries: 3, maxRetryDelayMs: 5_000, fetch, sleep })("http://x");
    expect(waits).toEqual([2_000, 150, 5_000]);
  });

  it("returns the last failed response once retries are used up, and never retries 4xx other than 408/409/429", async () => {
    const { fetch, calls } = scriptedFetch([new Response("", { status: 500 }), new Response("", { status: 500 })]);
    const { sleep } = recordingSleep();
    const response = await createModelFetch({ timeoutMs: 1_000, maxRetries: 1, fetch, sleep })("http://x");
    expect(response.status).toBe(500);
    expect(calls).toHaveLength(2);

    const rejected = scriptedFetch([new Response("", { status: 400 })]);
    expect((await createModelFetch({ timeoutMs: 1_000, maxRetries: 3, fetch: rejected.fetch, sleep })("http://x")).status).toBe(400);
    expect(rejected.calls).toHaveLength(1);
  });

  it("retries refused connections, then rethrows the network error", async () => {
    const { fetch, calls } = scriptedFetch([refused, refused]);
    const { sleep } = recordingSleep();
    await expect(createModelFetch({ timeoutMs: 1_000, maxRetries: 1, fetch, sleep })("http://x")).rejects.toBe(refused);
    expect(calls).toHaveLength(2);
  });

  it("times out an attempt with no headers after timeoutMs and does not retry it", async () => {
    const { fetch, calls } = scriptedFetch(["hang", new Response("late")]);
    const started = performance.now();
    const error = await createModelFetch({ timeoutMs: 50, maxRetries: 2, fetch })("http://x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelTimeoutError);
    expect((error as ModelTimeoutError).timeoutMs).toBe(50);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(calls).toHaveLength(1);
  });

  it("times out a body that stalls between chunks, but not one that keeps coming", async () => {
    const encoder = new TextEncoder();
    const stalled = new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode("first"));
        },
      }),
    );
    const { fetch } = scriptedFetch([stalled]);
    const response = await createModelFetch({ timeoutMs: 50, maxRetries: 0, fetch })("http://x");
    await expect(response.text()).rejects.toBeInstanceOf(ModelTimeoutError);

    let sent = 0;
    const slowButSteady = new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 30));
          if (++sent > 4) controller.close();
          else controller.enqueue(encoder.encode(`${sent}`));
        },
      }),
    );
    const steady = scriptedFetch([slowButSteady]);
    const steadyResponse = await createModelFetch({ timeoutMs: 50, maxRetries: 0, fetch: steady.fetch })("http://x");
    // 4 chunks × 30 ms is longer than the 50 ms deadline, but no single gap is.
    expect(await steadyResponse.text()).toBe("1234");
  });

  it("drops the Authorization header when asked and keeps it otherwise", async () => {
    const { fetch, calls } = scriptedFetch([new Response("ok"), new Response("ok")]);
    const headers = { authorization: "Bearer placeholder", "content-type": "application/json" };
    await createModelFetch({ timeoutMs: 1_000, maxRetries: 0, omitAuthorization: true, fetch })("http://x", { headers });
    await createModelFetch({ timeoutMs: 1_000, maxRetries: 0, fetch })("http://x", { headers });
    expect(calls[0]?.has("authorization")).toBe(false);
    expect(calls[0]?.get("content-type")).toBe("application/json");
    expect(calls[1]?.get("authorization")).toBe("Bearer placeholder");
  });

  it("stops waiting between attempts when the caller aborts", async () => {
    const { fetch, calls } = scriptedFetch([new Response("", { status: 500 }), new Response("ok")]);
    const controller = new AbortController();
    const pending = createModelFetch({ timeoutMs: 1_000, maxRetries: 1, retryBaseDelayMs: 10_000, fetch })("http://x", {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("caller went away")), 20);
    await expect(pending).rejects.toThrow("caller went away");
    expect(calls).toHaveLength(1);
  });
});

describe("abortableSleep", () => {
  it("resolves after the wait, or rejects at once with the abort reason", async () => {
    await expect(abortableSleep(1, undefined)).resolves.toBeUndefined();
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(abortableSleep(10_000, controller.signal)).rejects.toThrow("stop");
  });
});
