import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "bullseye-cli-serve-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const started = Date.now();
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; got: ${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("bullseye serve", () => {
  it("starts on the configured store, serves /health, and stops cleanly", async () => {
    let stop!: () => void;
    const untilStopped = new Promise<void>((resolve) => (stop = resolve));
    let stderr = { text: "" };
    const environment = { BULLSEYE_DB: path.join(directory, "empty.duckdb"), BULLSEYE_DEMO: "0", PORT: "0" };
    const finished = runCli(["serve"], { environment, untilStopped }, (io) => (stderr = io.stderr));
    const [, url] = await waitFor(() => stderr.text, /running at (http:\/\/127\.0\.0\.1:\d+)/);
    const health = await (await fetch(`${url}/health`)).json();
    expect(health).toMatchObject({ status: "ok", data: { customers: 0, products: 0, orders: 0, orderItems: 0, reviews: 0 } });
    stop();
    expect((await finished).code).toBe(0);
  });

  it("refuses to listen on a non-loopback address while no API key exists", async () => {
    const environment = { BULLSEYE_DB: path.join(directory, "exposed.duckdb"), BULLSEYE_DEMO: "0", PORT: "0", HOST: "0.0.0.0" };
    const run = await runCli(["serve"], { environment, untilStopped: Promise.resolve() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HOST=0\.0\.0\.0 would expose your customer data.*keys create --role admin/);
  });

  it("loads the demo store on first start when the store is empty", async () => {
    let stop!: () => void;
    const untilStopped = new Promise<void>((resolve) => (stop = resolve));
    let stderr = { text: "" };
    const environment = { BULLSEYE_DB: path.join(directory, "demo.duckdb"), PORT: "0" };
    const finished = runCli(["serve"], { environment, untilStopped }, (io) => (stderr = io.stderr));
    const [, url] = await waitFor(() => stderr.text, /running at (http:\/\/127\.0\.0\.1:\d+)/, 60_000);
    expect(stderr.text).toContain("generating the demo shop");
    const health = await (await fetch(`${url}/health`)).json();
    expect(health.data.customers).toBeGreaterThan(4000);
    expect(health.data.products).toBeGreaterThan(1000);
    expect(health.data.reviews).toBeGreaterThan(1000);
    stop();
    expect((await finished).code).toBe(0);
  }, 90_000);
});
