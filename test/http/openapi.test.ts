import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import { accessFor, routePolicy } from "../../src/http/auth.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";
import { FakeChatAgent } from "../helpers/fake-agent.ts";
import { type TestServer, listen } from "../helpers/http.ts";

type Json = Record<string, unknown>;

let store: DuckDbStore;
let server: TestServer;
let document: Json;

beforeAll(async () => {
  store = await memoryStore();
  const app = createApp({
    config: { bodyLimit: "10kb" },
    services: testContext(store),
    tools: new ToolRegistry([countCustomersTool]),
    logger: pino({ level: "silent" }),
    version: "4.5.6",
    auth: { mode: "loopback", requestsPerMinute: 1000 },
    agent: new FakeChatAgent(),
  });
  server = await listen(app);
  const response = await server.request("/openapi.json");
  expect(response.status).toBe(200);
  document = (await response.json()) as Json;
});
afterAll(async () => {
  await server.close();
  await store.close();
});

const paths = () => document.paths as Record<string, Record<string, Json>>;
const operations = () =>
  Object.entries(paths()).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })));

/** Whether a policy pattern (`:param`, trailing `*`) covers a documented path (`{param}`). */
function covers(pattern: string, documented: string): boolean {
  const concrete = documented.replace(/\{[^}]+\}/g, "sample");
  if (pattern.endsWith("*")) {
    const base = pattern.slice(0, -1).replace(/\/$/, "");
    return concrete === base || concrete.startsWith(`${base}/`);
  }
  const patternParts = pattern.split("/");
  const parts = concrete.split("/");
  return patternParts.length === parts.length && patternParts.every((part, index) => part.startsWith(":") || part === parts[index]);
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document with info, bearer security and the error schema", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: "Bullseye API", version: "4.5.6" });
    const components = document.components as Json;
    expect((components.securitySchemes as Json).bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect((components.schemas as Json).Error).toMatchObject({ type: "object", required: ["error"] });
  });

  it("documents every route of the policy that this app serves, and the rest are not served", async () => {
    for (const rule of routePolicy) {
      const methods = rule.method === "*" ? ["get", "post", "delete"] : [rule.method.toLowerCase()];
      const documented = operations().some(({ path, method }) => methods.includes(method) && covers(rule.path, path));
      if (documented) continue;
      // Undocumented is only acceptable for a route no router serves yet (the campaigns router mounts later).
      const sample = rule.path.replace(/:[^/]+/g, "sample").replace(/\*$/, "");
      const response = await server.request(sample, { method: methods[0]?.toUpperCase() ?? "GET" });
      expect({ rule: `${rule.method} ${rule.path}`, code: (await response.json()).error?.code }).toEqual({
        rule: `${rule.method} ${rule.path}`,
        code: "route_not_found",
      });
    }
    for (const path of ["/api/chat", "/api/conversations/{id}", "/api/import/{table}", "/api/customers/{id}", "/api/keys", "/api/keys/{id}", "/openapi.json", "/health"]) {
      expect(paths()[path], path).toBeDefined();
    }
  });

  it("states each operation's role as the policy gives it, and security only where a key is needed", () => {
    for (const { path, method, operation } of operations()) {
      const access = accessFor(method.toUpperCase(), path.replace(/\{[^}]+\}/g, "sample"));
      expect(operation["x-required-role"], `${method} ${path}`).toBe(access);
      expect((operation.security as unknown[]).length === 0, `${method} ${path}`).toBe(access === "public");
      const responses = operation.responses as Json;
      if (access !== "public") expect(responses["401"], `${method} ${path}`).toBeDefined();
      if (access === "admin" || access === "marketer") expect(responses["403"], `${method} ${path}`).toBeDefined();
    }
    expect(paths()["/api/customers/{id}"]?.delete?.["x-required-role"]).toBe("admin");
  });

  it("generates request bodies from the zod schemas", () => {
    const chat = paths()["/api/chat"]?.post as Json;
    const schema = ((chat.requestBody as Json).content as Json)["application/json"] as Json;
    expect(schema.schema).toMatchObject({
      type: "object",
      required: ["message"],
      additionalProperties: false,
      properties: { message: { type: "string", minLength: 1, maxLength: 4000 }, conversationId: { type: "string" } },
    });
    const responses = chat.responses as Json;
    expect(Object.keys((responses["200"] as Json).content as Json)).toEqual(["application/json", "text/event-stream"]);

    const importOperation = paths()["/api/import/{table}"]?.post as Json;
    const content = (importOperation.requestBody as Json).content as Json;
    expect(content["multipart/form-data"]).toMatchObject({ schema: { required: ["file"] } });
    expect(importOperation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "table", in: "path", required: true }),
        expect.objectContaining({ name: "skipBadRows", in: "query", required: false }),
      ]),
    );
    expect(Object.keys(importOperation.responses as Json)).toEqual(expect.arrayContaining(["200", "413", "422"]));
  });

  it("has one path per tool with the tool's own input and output schema", async () => {
    const toolList = (await (await server.request("/api/tools")).json()) as { tools: Array<{ name: string; inputSchema: Json }> };
    for (const tool of toolList.tools) {
      const operation = paths()[`/api/tools/${tool.name}`]?.post as Json;
      expect(operation, tool.name).toBeDefined();
      const body = (((operation.requestBody as Json).content as Json)["application/json"] as Json).schema as Json;
      const { $schema: _ignored, ...input } = tool.inputSchema;
      expect((body.properties as Json).input).toEqual(input);
      expect(operation.operationId).toBe(`call_${tool.name}`);
    }
  });

  it("has unique operation ids and only references that resolve", () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const text = JSON.stringify(document);
    for (const [, reference] of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      const target = (reference ?? "").replace(/^#\//, "").split("/").reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
      expect(target, reference).toBeDefined();
    }
  });
});
