import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";
import { type TestServer, listen } from "../helpers/http.ts";

let store: DuckDbStore;
let server: TestServer;

beforeAll(async () => {
  store = await memoryStore();
  await store.run(`INSERT INTO customers (customer_id, country) VALUES ('12347', 'Iceland'), ('12348', 'Finland'), ('12349', 'Finland')`);
  await store.run(`INSERT INTO products (product_id, name, price) VALUES ('85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 2.55)`);
  let ids = 0;
  const app = createApp({
    config: { bodyLimit: "2kb" },
    services: testContext(store),
    tools: new ToolRegistry([countCustomersTool]),
    logger: pino({ level: "silent" }),
    version: "9.9.9",
    auth: { mode: "loopback", requestsPerMinute: 1000 },
    newRequestId: () => `req-${++ids}`,
  });
  server = await listen(app);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

const postJson = (path: string, body: string) =>
  server.request(path, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("GET /health", () => {
  it("reports status, version and the business table counts", async () => {
    const response = await server.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      version: "9.9.9",
      model: null,
      data: { customers: 3, products: 1, orders: 0, orderItems: 0, reviews: 0 },
    });
  });

  it("echoes a request id, generating one when none is sent", async () => {
    const generated = await server.request("/health");
    expect(generated.headers.get("x-request-id")).toMatch(/^req-\d+$/);
    const passed = await server.request("/health", { headers: { "x-request-id": "abc-123" } });
    expect(passed.headers.get("x-request-id")).toBe("abc-123");
    const unsafe = await server.request("/health", { headers: { "x-request-id": "<script>" } });
    expect(unsafe.headers.get("x-request-id")).toMatch(/^req-\d+$/);
  });
});

describe("errors", () => {
  it("answers an oversized body with 413 and a JSON error", async () => {
    const response = await postJson("/api/tools/count_customers", JSON.stringify({ input: { country: "x".repeat(5000) } }));
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "body_too_large", category: "too-large" });
    expect(body.error.message).toContain("BULLSEYE_BODY_LIMIT");
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("answers malformed JSON with 400 and no stack trace", async () => {
    const response = await postJson("/api/tools/count_customers", '{"input": {');
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe("invalid_json");
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("answers invalid tool input with 400 naming the field and the limit", async () => {
    const response = await postJson("/api/tools/count_customers", JSON.stringify({ input: { limit: 51 } }));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.details.issues).toEqual([{ path: "limit", message: expect.stringContaining("50") }]);
  });

  it("refuses unknown fields in the request body", async () => {
    const response = await postJson("/api/tools/count_customers", JSON.stringify({ input: {}, extra: 1 }));
    expect(response.status).toBe(400);
  });

  it("answers unknown tools, including prototype names, with 404 and the real list", async () => {
    for (const name of ["nope", "__proto__", "constructor"]) {
      const response = await postJson(`/api/tools/${name}`, JSON.stringify({ input: {} }));
      expect(response.status).toBe(404);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: "unknown_tool", details: { available: ["count_customers"] } });
    }
  });

  it("answers unknown routes with a JSON 404", async () => {
    const response = await server.request("/api/nothing-here");
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("route_not_found");
  });

  it("maps a tool's not-found error to 404", async () => {
    const response = await postJson("/api/tools/count_customers", JSON.stringify({ input: { country: "Atlantis" } }));
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: "unknown_country", category: "not-found" });
  });
});

describe("tools API", () => {
  it("lists tools with JSON Schemas and examples", async () => {
    const body = await (await server.request("/api/tools")).json();
    expect(body.tools).toHaveLength(1);
    expect(body.tools[0]).toMatchObject({ name: "count_customers", examples: [{ input: { country: "France" } }] });
    expect(body.tools[0].inputSchema.properties.limit).toMatchObject({ type: "integer", maximum: 50 });
  });

  it("runs a tool and returns its output with timing", async () => {
    const response = await postJson("/api/tools/count_customers", JSON.stringify({ input: { country: "Finland" } }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.output).toMatchObject({ customers: 2, summary: "2 customers" });
    expect(typeof body.output.timingMs).toBe("number");
  });
});

describe("web page", () => {
  it("serves the status page at /", async () => {
    const response = await server.request("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("Bullseye");
  });
});

describe("authentication wiring", () => {
  it("requires a key on a network-facing app, keeps /health public, and accepts a created key", async () => {
    const { createApiKey } = await import("../../src/data/api-keys.ts");
    const networkStore = await memoryStore();
    const networkApp = createApp({
      config: { bodyLimit: "2kb" },
      services: testContext(networkStore),
      tools: new ToolRegistry([countCustomersTool]),
      logger: pino({ level: "silent" }),
      version: "9.9.9",
      auth: { mode: "network", requestsPerMinute: 1000 },
    });
    const networkServer = await listen(networkApp);
    try {
      expect((await networkServer.request("/health")).status).toBe(200);
      const anonymous = await networkServer.request("/api/tools");
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error.code).toBe("missing_api_key");
      const { key } = await createApiKey(networkStore, { role: "viewer" });
      const authorised = await networkServer.request("/api/tools", { headers: { authorization: `Bearer ${key}` } });
      expect(authorised.status).toBe(200);
    } finally {
      await networkServer.close();
      await networkStore.close();
    }
  });
});
