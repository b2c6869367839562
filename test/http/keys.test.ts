import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import { createApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import { createdKeyResponseSchema, keyListResponseSchema } from "../../src/http/schemas.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { type TestServer, listen } from "../helpers/http.ts";

let store: DuckDbStore;
let server: TestServer;
let admin: { key: string; keyId: string };

beforeEach(async () => {
  store = await memoryStore();
  admin = await createApiKey(store, { role: "admin", label: "root", clock: () => new Date("2026-01-01T00:00:00Z") });
  const app = createApp({
    config: { bodyLimit: "10kb" },
    services: testContext(store),
    tools: new ToolRegistry([]),
    logger: pino({ level: "silent" }),
    version: "1.0.0",
    auth: { mode: "network", requestsPerMinute: 1000 },
  });
  server = await listen(app);
});
afterEach(async () => {
  await server.close();
  await store.close();
});

const as = (key: string, method: string, path: string, body?: unknown) =>
  server.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("key routes", () => {
  it("creates a key shown once, lists keys without secrets, revokes, and audits each change", async () => {
    const created = await as(admin.key, "POST", "/api/keys", { role: "marketer", label: "Dana's laptop" });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const body = createdKeyResponseSchema.parse(await created.json());
    expect(body).toMatchObject({ role: "marketer", label: "Dana's laptop", createdAt: "2026-11-01T12:00:00.000Z" });
    expect(body.key).toMatch(/^bsk_/);

    // The new key works at once, with its role.
    expect((await as(body.key, "GET", "/api/tools")).status).toBe(200);
    expect((await as(body.key, "GET", "/api/keys")).status).toBe(403);

    const listing = await as(admin.key, "GET", "/api/keys");
    const text = await listing.text();
    expect(text).not.toContain(body.key);
    expect(text).not.toMatch(/hash/i);
    const { keys } = keyListResponseSchema.parse(JSON.parse(text));
    expect(keys.map((key) => [key.keyId, key.role, key.revokedAt])).toEqual([
      [admin.keyId, "admin", null],
      [body.keyId, "marketer", null],
    ]);

    const revoked = await as(admin.key, "DELETE", `/api/keys/${body.keyId}`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ key: { keyId: body.keyId, revokedAt: "2026-11-01T12:00:00.000Z" }, alreadyRevoked: false });
    expect((await as(body.key, "GET", "/api/tools")).status).toBe(401);
    const again = await as(admin.key, "DELETE", `/api/keys/${body.keyId}`);
    expect(await again.json()).toMatchObject({ alreadyRevoked: true });

    const audit = await store.query<{ actor: string; action: string; subject: string }>(
      "SELECT actor, action, subject FROM audit_log WHERE actor <> 'system' ORDER BY occurred_at, action",
    );
    expect(audit).toEqual([
      { actor: admin.keyId, action: "api_key.create", subject: body.keyId },
      { actor: admin.keyId, action: "api_key.revoke", subject: body.keyId },
    ]);
  });

  it("refuses a bad role or label with 400 naming the field, and an unknown key id with 404", async () => {
    const badRole = await as(admin.key, "POST", "/api/keys", { role: "owner" });
    expect(badRole.status).toBe(400);
    expect((await badRole.json()).error.details.issues[0].path).toBe("role");
    const badLabel = await as(admin.key, "POST", "/api/keys", { role: "viewer", label: "a\u0007b" });
    expect(badLabel.status).toBe(400);
    expect((await badLabel.json()).error.details.issues[0].path).toBe("label");
    const extra = await as(admin.key, "POST", "/api/keys", { role: "viewer", keyId: "key_mine" });
    expect(extra.status).toBe(400);
    const unknown = await as(admin.key, "DELETE", "/api/keys/key_AAAAAAAAAAAA");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("api_key_not_found");
  });
});
