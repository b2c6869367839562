import express, { type Express } from "express";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.ts";
import { type ApiKeyRole, createApiKey, revokeApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import {
  type AuthMode,
  assertSafeToListen,
  authModeForHost,
  authenticate,
  authorize,
  principalOf,
  requireRole,
} from "../../src/http/auth.ts";
import { errorHandler, notFoundHandler } from "../../src/http/errors.ts";
import { memoryStore } from "../helpers/context.ts";
import { type TestServer, listen } from "../helpers/http.ts";

/** An app wired the way createApp should be: authenticate → authorize → routes → error handler. */
function buildApp(store: DuckDbStore, mode: AuthMode): Express {
  const app = express();
  app.use(authenticate({ store, mode }));
  app.use(authorize());
  const answer: express.RequestHandler = (_request, response) => {
    response.json({ principal: principalOf(response) ?? null });
  };
  app.get("/health", answer);
  app.get("/api/tools", answer);
  app.post("/api/tools/:name", answer);
  app.post("/api/import/:table", answer);
  app.post("/api/campaigns", answer);
  app.delete("/api/customers/:id", answer);
  app.get("/api/keys", answer);
  app.get("/api/unlisted", answer);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

let store: DuckDbStore;
let server: TestServer;
let running: TestServer[] = [];

async function serve(app: Express): Promise<void> {
  server = await listen(app);
  running.push(server);
}

const start = (mode: AuthMode) => serve(buildApp(store, mode));

beforeEach(async () => {
  store = await memoryStore();
});

afterEach(async () => {
  await Promise.all(running.map((started) => started.close()));
  running = [];
  await store.close();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function keyFor(role: ApiKeyRole): Promise<string> {
  return (await createApiKey(store, { role, label: `${role} test` })).key;
}

describe("open local mode", () => {
  it("treats requests as the local admin on loopback while no key exists", async () => {
    await start("loopback");
    const response = await server.request("/api/keys");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ principal: { actor: "local", role: "admin", label: null } });
  });

  it("ends as soon as the first key exists, and comes back when the last is revoked", async () => {
    await start("loopback");
    const created = await createApiKey(store, { role: "admin" });
    const refused = await server.request("/api/tools");
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("missing_api_key");
    await revokeApiKey(store, created.keyId);
    expect((await server.request("/api/tools")).status).toBe(200);
  });

  it("still checks a key that is sent, so a wrong key never seems to work", async () => {
    await start("loopback");
    const response = await server.request("/api/tools", { headers: bearer("bsk_wrong") });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("invalid_api_key");
  });

  it("never applies to a network-facing server", async () => {
    await start("network");
    const response = await server.request("/api/tools");
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "missing_api_key", category: "auth" });
    expect(body.error.message).toContain("npx bullseye keys create --role marketer");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="bullseye"');
  });
});

describe("with keys configured", () => {
  beforeEach(async () => {
    await keyFor("admin");
    await start("network");
  });

  it("answers a request without a key with 401 missing_api_key", async () => {
    const response = await server.request("/api/tools");
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error.code).toBe("missing_api_key");
    expect(body.error.message).toMatch(/Authorization: Bearer <key>.*X-API-Key/);
  });

  it("answers unknown, revoked and malformed keys with 401 invalid_api_key", async () => {
    const revoked = await createApiKey(store, { role: "admin" });
    await revokeApiKey(store, revoked.keyId);
    const attempts: Record<string, string>[] = [
      bearer("bsk_000000000000_0000000000000000000000000000000000000000000"),
      bearer(revoked.key),
      { "x-api-key": "not-a-key" },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer" },
    ];
    for (const headers of attempts) {
      const response = await server.request("/api/tools", { headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      const body = await response.json();
      expect(body.error).toMatchObject({ code: "invalid_api_key", category: "auth" });
      expect(body.error.message).toContain("npx bullseye keys create --role marketer");
    }
  });

  it("accepts the key as a Bearer token (any case of the scheme) or in X-API-Key", async () => {
    const key = await keyFor("viewer");
    for (const headers of [bearer(key), { authorization: `bearer ${key}` }, { "x-api-key": key }, { ...bearer(key), "x-api-key": key }]) {
      const response = await server.request("/api/tools", { headers });
      expect(response.status).toBe(200);
      expect((await response.json()).principal).toMatchObject({ role: "viewer", label: "viewer test" });
    }
  });

  it("refuses two different keys in the two headers", async () => {
    const viewer = await keyFor("viewer");
    const admin = await keyFor("admin");
    const response = await server.request("/api/keys", { headers: { ...bearer(viewer), "x-api-key": admin } });
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toContain("different keys");
  });

  it("records the key id as the actor", async () => {
    const created = await createApiKey(store, { role: "marketer" });
    const response = await server.request("/api/tools", { headers: bearer(created.key) });
    expect((await response.json()).principal).toEqual({ actor: created.keyId, keyId: created.keyId, role: "marketer", label: null });
  });

  it("leaves public routes open", async () => {
    const response = await server.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ principal: null });
  });
});

describe("roles", () => {
  let keys: Record<ApiKeyRole, string>;

  beforeEach(async () => {
    keys = { viewer: await keyFor("viewer"), marketer: await keyFor("marketer"), admin: await keyFor("admin") };
    await start("network");
  });

  const routes: { method: string; path: string; needs: ApiKeyRole }[] = [
    { method: "GET", path: "/api/tools", needs: "viewer" },
    { method: "POST", path: "/api/tools/segment_customers", needs: "viewer" },
    { method: "POST", path: "/api/import/customers", needs: "marketer" },
    { method: "POST", path: "/api/campaigns", needs: "marketer" },
    { method: "DELETE", path: "/api/customers/12347", needs: "admin" },
    { method: "GET", path: "/api/keys", needs: "admin" },
    { method: "GET", path: "/api/unlisted", needs: "admin" },
  ];

  it("lets each role through exactly the routes at or below it", async () => {
    const order: ApiKeyRole[] = ["viewer", "marketer", "admin"];
    for (const route of routes) {
      for (const role of order) {
        const response = await server.request(route.path, { method: route.method, headers: bearer(keys[role]) });
        const allowed = order.indexOf(role) >= order.indexOf(route.needs);
        expect(response.status, `${role} ${route.method} ${route.path}`).toBe(allowed ? 200 : 403);
      }
    }
  });

  it("answers a viewer on a marketer route with 403 naming the role needed", async () => {
    const response = await server.request("/api/import/orders", { method: "POST", headers: bearer(keys.viewer) });
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error).toMatchObject({
      code: "insufficient_role",
      category: "forbidden",
      details: { neededRole: "marketer", role: "viewer" },
    });
    expect(body.error.message).toContain("needs the marketer role");
  });

  it("cannot be dodged with upper case or a trailing slash", async () => {
    for (const path of ["/API/KEYS", "/api/keys/", "/Api/Keys/"]) {
      const viewer = await server.request(path, { headers: bearer(keys.viewer) });
      expect(viewer.status, path).toBe(403);
      const anonymous = await server.request(path);
      expect(anonymous.status, path).toBe(401);
    }
  });
});

describe("requireRole", () => {
  it("guards a single route", async () => {
    const viewer = await keyFor("viewer");
    const marketer = await keyFor("marketer");
    const app = express();
    app.use(authenticate({ store, mode: "network" }));
    app.post("/api/export", requireRole("marketer"), (_request, response) => {
      response.json({ ok: true });
    });
    app.use(errorHandler);
    await serve(app);
    expect((await server.request("/api/export", { method: "POST", headers: bearer(viewer) })).status).toBe(403);
    expect((await server.request("/api/export", { method: "POST", headers: bearer(marketer) })).status).toBe(200);
  });

  it("fails loudly when nobody authenticated the request (a wiring bug)", async () => {
    const app = express();
    app.get("/api/tools", requireRole("viewer"), (_request, response) => {
      response.json({ ok: true });
    });
    app.use(errorHandler);
    await serve(app);
    const response = await server.request("/api/tools");
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe("auth_not_configured");
  });
});

describe("assertSafeToListen", () => {
  let ownStore: DuckDbStore;
  beforeAll(async () => {
    ownStore = await memoryStore();
  });
  afterAll(async () => {
    await ownStore.close();
  });

  it("allows loopback hosts with or without keys", async () => {
    for (const host of ["127.0.0.1", "localhost", "::1"]) {
      expect(authModeForHost(host)).toBe("loopback");
      await expect(assertSafeToListen(host, ownStore)).resolves.toBeUndefined();
    }
  });

  it("refuses a network host until a key exists", async () => {
    expect(authModeForHost("0.0.0.0")).toBe("network");
    const refusal = await assertSafeToListen("0.0.0.0", ownStore).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).message).toMatch(/HOST=0\.0\.0\.0.*keys create --role admin/);
    await createApiKey(ownStore, { role: "admin" });
    await expect(assertSafeToListen("0.0.0.0", ownStore)).resolves.toBeUndefined();
  });
});
