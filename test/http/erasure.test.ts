import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ToolRegistry, type ToolServices } from "../../src/core/tool.ts";
import { createApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import { erasureResponseSchema } from "../../src/http/schemas.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { type TestServer, listen } from "../helpers/http.ts";

let store: DuckDbStore;
let server: TestServer;
let services: ToolServices;
let admin: { key: string; keyId: string };

beforeEach(async () => {
  store = await memoryStore();
  admin = await createApiKey(store, { role: "admin" });
  await store.run("INSERT INTO customers (customer_id, name) VALUES ('17850', 'Ada'), ('17851', 'Grace')");
  await store.run("INSERT INTO products (product_id, name) VALUES ('P1', 'Mug')");
  await store.run("INSERT INTO orders (order_id, customer_id, ordered_at) VALUES ('O1', '17850', '2026-01-01'), ('O2', '17851', '2026-01-02')");
  await store.run("INSERT INTO order_items VALUES ('O1', 1, 'P1', 2, 5), ('O2', 1, 'P1', 1, 5)");
  await store.run("INSERT INTO conversations VALUES ('conv_1', '2026-03-03', '2026-03-03', 'Picks for 17850')");
  services = testContext(store);
  const app = createApp({
    config: { bodyLimit: "10kb" },
    services,
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

const erase = (id: string) => server.request(`/api/customers/${encodeURIComponent(id)}`, { method: "DELETE", headers: { authorization: `Bearer ${admin.key}` } });

describe("DELETE /api/customers/:id", () => {
  it("erases the customer, scrubs stored results, clears cached models and audits the caller", async () => {
    const fitted = services.memo("recommend_products:fits", () => ({ customers: ["17850", "17851"] }));
    const response = await erase("17850");
    expect(response.status).toBe(200);
    const body = erasureResponseSchema.parse(await response.json());
    expect(body.erased).toEqual({ customers: 1, orders: 1, orderItems: 1, reviews: 0, segmentAssignments: 0, scrubbed: { conversations: 1 } });
    // The memo was cleared: asking again creates a fresh value.
    expect(services.memo("recommend_products:fits", () => ({ customers: [] }))).not.toBe(fitted);
    expect(await store.counts()).toMatchObject({ customers: 1, orders: 1, orderItems: 1 });
    const [title] = await store.query<{ title: string }>("SELECT title FROM conversations");
    expect(title?.title).toBe("Picks for [erased]");
    const [audit] = await store.query<{ actor: string; subject: string }>("SELECT actor, subject FROM audit_log WHERE action = 'customer.erase'");
    expect(audit).toEqual({ actor: admin.keyId, subject: "17850" });
  });

  it("answers 404 for an unknown customer and keeps the caches", async () => {
    const fitted = services.memo("recommend_products:fits", () => ({}));
    const response = await erase("99999");
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: "unknown_customer" });
    expect(services.memo("recommend_products:fits", () => ({}))).toBe(fitted);
    expect(await store.counts()).toMatchObject({ customers: 2, orders: 2 });
  });
});
