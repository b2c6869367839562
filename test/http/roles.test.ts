/**
 * The role matrix of the routes this app serves (viewer < marketer < admin), and the
 * per-key rate limit on chat, through the real createApp.
 */
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import { type ApiKeyRole, createApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";
import { FakeChatAgent, textDeltas } from "../helpers/fake-agent.ts";
import { type TestServer, listen } from "../helpers/http.ts";

let store: DuckDbStore;
let server: TestServer;
const keys = {} as Record<ApiKeyRole, string>;
let customerCounter = 0;
const agent = new FakeChatAgent(() => textDeltas("Hello."));

beforeAll(async () => {
  store = await memoryStore();
  for (const role of ["viewer", "marketer", "admin"] as const) keys[role] = (await createApiKey(store, { role })).key;
  const app = createApp({
    config: { bodyLimit: "100kb" },
    services: testContext(store),
    tools: new ToolRegistry([countCustomersTool]),
    logger: pino({ level: "silent" }),
    version: "1.0.0",
    auth: { mode: "network", requestsPerMinute: 1000 },
    agent,
  });
  server = await listen(app);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

interface Call {
  name: string;
  send: (headers: Record<string, string>) => Promise<Response>;
  /** The status each role gets. */
  expected: Record<ApiKeyRole, number>;
}

const json = (method: string, path: string, body?: unknown) => (headers: Record<string, string>) =>
  server.request(path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const calls: Call[] = [
  { name: "POST /api/chat", send: json("POST", "/api/chat", { message: "hi" }), expected: { viewer: 200, marketer: 200, admin: 200 } },
  { name: "GET /api/conversations/:id", send: json("GET", "/api/conversations/conv_none"), expected: { viewer: 404, marketer: 404, admin: 404 } },
  { name: "GET /api/tools", send: json("GET", "/api/tools"), expected: { viewer: 200, marketer: 200, admin: 200 } },
  { name: "POST /api/tools/:name", send: json("POST", "/api/tools/count_customers", { input: {} }), expected: { viewer: 200, marketer: 200, admin: 200 } },
  {
    name: "POST /api/import/:table",
    send: (headers) => {
      const form = new FormData();
      form.append("file", new Blob([`customer_id,name\nR${++customerCounter},Role test\n`]), "customers.csv");
      return server.request("/api/import/customers", { method: "POST", headers, body: form });
    },
    expected: { viewer: 403, marketer: 200, admin: 200 },
  },
  { name: "DELETE /api/customers/:id", send: json("DELETE", "/api/customers/NOBODY"), expected: { viewer: 403, marketer: 403, admin: 404 } },
  { name: "GET /api/keys", send: json("GET", "/api/keys"), expected: { viewer: 403, marketer: 403, admin: 200 } },
  { name: "POST /api/keys", send: json("POST", "/api/keys", { role: "viewer", label: "made in a test" }), expected: { viewer: 403, marketer: 403, admin: 201 } },
  { name: "DELETE /api/keys/:id", send: json("DELETE", "/api/keys/key_AAAAAAAAAAAA"), expected: { viewer: 403, marketer: 403, admin: 404 } },
];

describe("role matrix", () => {
  for (const call of calls) {
    it(`${call.name}: viewer ${call.expected.viewer}, marketer ${call.expected.marketer}, admin ${call.expected.admin}, no key 401`, async () => {
      for (const role of ["viewer", "marketer", "admin"] as const) {
        const response = await call.send({ authorization: `Bearer ${keys[role]}` });
        const body = await response.text();
        expect({ role, status: response.status, body: response.status === call.expected[role] ? "" : body }).toEqual({
          role,
          status: call.expected[role],
          body: "",
        });
        if (response.status === 403) {
          expect(JSON.parse(body).error).toMatchObject({ code: "insufficient_role", details: { role } });
        }
      }
      const anonymous = await call.send({});
      expect(anonymous.status).toBe(401);
      expect((await anonymous.json()).error.code).toBe("missing_api_key");
    });
  }

  it("keeps /openapi.json, /health and the web page public", async () => {
    for (const path of ["/openapi.json", "/health", "/", "/app.js"]) {
      expect((await server.request(path)).status, path).toBe(200);
    }
  });

  it("passes the caller's key id to the agent as the actor", async () => {
    const response = await json("POST", "/api/chat", { message: "who am I" })({ "x-api-key": keys.marketer });
    expect(response.status).toBe(200);
    const [row] = await store.query<{ key_id: string }>("SELECT key_id FROM api_keys WHERE role = 'marketer'");
    expect(row?.key_id).toMatch(/^key_/);
    expect(agent.turns.at(-1)?.request).toMatchObject({ message: "who am I", actor: row?.key_id });
  });
});

describe("rate limit on chat", () => {
  it("answers 429 with Retry-After over the per-key rate, per key, and recovers", async () => {
    const limited = await memoryStore();
    const viewer = (await createApiKey(limited, { role: "viewer" })).key;
    const other = (await createApiKey(limited, { role: "viewer" })).key;
    let now = 1_000_000;
    const app = createApp({
      config: { bodyLimit: "100kb" },
      services: testContext(limited),
      tools: new ToolRegistry([]),
      logger: pino({ level: "silent" }),
      version: "1.0.0",
      auth: { mode: "network", requestsPerMinute: 2, now: () => now },
      agent: new FakeChatAgent(() => textDeltas("ok")),
    });
    const limitedServer = await listen(app);
    try {
      const ask = (key: string) =>
        limitedServer.request("/api/chat", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "text/event-stream" },
          body: JSON.stringify({ message: "hi" }),
        });
      expect((await ask(viewer)).status).toBe(200);
      expect((await ask(viewer)).status).toBe(200);
      const refused = await ask(viewer);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("30");
      expect((await refused.json()).error).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: 30 } });
      expect((await ask(other)).status).toBe(200);
      now += 30_000;
      expect((await ask(viewer)).status).toBe(200);
    } finally {
      await limitedServer.close();
      await limited.close();
    }
  });
});
