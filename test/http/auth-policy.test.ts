import { describe, expect, it } from "vitest";
import { type RouteRule, accessFor, routePolicy } from "../../src/http/auth.ts";

describe("routePolicy", () => {
  it.each([
    ["GET", "/health", "public"],
    ["HEAD", "/health", "public"],
    ["GET", "/openapi.json", "public"],
    ["GET", "/", "public"],
    ["GET", "/app.js", "public"],
    ["GET", "/api/tools", "viewer"],
    ["POST", "/api/tools/segment_customers", "viewer"],
    ["POST", "/api/chat", "viewer"],
    ["GET", "/api/conversations/c_1", "viewer"],
    ["GET", "/api/campaigns/cmp_1", "viewer"],
    ["POST", "/api/campaigns", "marketer"],
    ["POST", "/api/import/customers", "marketer"],
    ["DELETE", "/api/customers/12347", "admin"],
    ["GET", "/api/keys", "admin"],
    ["POST", "/api/keys", "admin"],
    ["DELETE", "/api/keys/key_abc", "admin"],
  ] as const)("%s %s needs %s", (method, path, access) => {
    expect(accessFor(method, path)).toBe(access);
  });

  it("closes /api routes nobody listed to everyone but admins", () => {
    expect(accessFor("GET", "/api/something-new")).toBe("admin");
    expect(accessFor("PUT", "/api/tools/segment_customers")).toBe("admin");
    expect(accessFor("GET", "/api")).toBe("admin");
  });

  it("matches the way express routes do: any case, optional trailing slash", () => {
    expect(accessFor("GET", "/API/KEYS")).toBe("admin");
    expect(accessFor("GET", "/api/keys/")).toBe("admin");
    expect(accessFor("GET", "/Health/")).toBe("public");
    expect(accessFor("POST", "/api/Import/Orders")).toBe("marketer");
  });

  it("does not let a prefix rule or a parameter swallow other paths", () => {
    // `/api/keys*` is not `/api/keysmith`; `:id` is one segment, not two.
    const policy: RouteRule[] = [
      { method: "GET", path: "/api/keys*", access: "viewer", reason: "test" },
      { method: "GET", path: "/api/items/:id", access: "viewer", reason: "test" },
    ];
    expect(accessFor("GET", "/api/keysmith", policy)).toBe("admin");
    expect(accessFor("GET", "/api/items/1", policy)).toBe("viewer");
    expect(accessFor("GET", "/api/items/1/secret", policy)).toBe("admin");
    expect(accessFor("GET", "/api/items/", policy)).toBe("admin");
  });

  it("gives every rule a reason and no public rule under /api", () => {
    for (const rule of routePolicy) {
      expect(rule.reason.length, rule.path).toBeGreaterThan(10);
      if (rule.path.startsWith("/api")) expect(rule.access, rule.path).not.toBe("public");
    }
  });
});
