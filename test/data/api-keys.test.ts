import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, ValidationError } from "../../src/core/errors.ts";
import {
  createApiKey,
  findApiKey,
  hasActiveKeys,
  listApiKeys,
  revokeApiKey,
  roleAllows,
} from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { memoryStore } from "../helpers/context.ts";

let store: DuckDbStore;
const created = new Date("2026-11-01T12:00:00Z");
const later = new Date("2026-11-02T08:30:00Z");

beforeEach(async () => {
  store = await memoryStore();
});

afterEach(async () => {
  await store.close();
});

describe("createApiKey", () => {
  it("returns a prefixed 256-bit key once and stores only its SHA-256", async () => {
    const key = await createApiKey(store, { role: "marketer", label: "Dana's laptop", clock: () => created });
    expect(key).toMatchObject({ role: "marketer", label: "Dana's laptop", createdAt: created });
    expect(key.key).toMatch(/^bsk_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(key.keyId).toBe(`key_${key.key.slice(4, 16)}`);

    const rows = await store.query("SELECT * FROM api_keys");
    expect(rows).toHaveLength(1);
    const secret = key.key.slice(17);
    const everything = JSON.stringify(rows) + JSON.stringify(await store.query("SELECT * FROM audit_log"));
    expect(everything).not.toContain(key.key);
    expect(everything).not.toContain(secret);
    expect(rows[0]?.key_hash).toBe(createHash("sha256").update(key.key).digest("hex"));
  });

  it("makes a different key every time", async () => {
    const keys = await Promise.all([1, 2, 3, 4, 5].map(() => createApiKey(store, { role: "viewer" })));
    expect(new Set(keys.map((key) => key.key)).size).toBe(5);
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(5);
  });

  it("records the creation in the audit log with actor, role and label", async () => {
    const key = await createApiKey(store, { role: "admin", label: "ops", actor: "cli", clock: () => created });
    const [entry] = await store.query<{ actor: string; action: string; subject: string; details: string }>(
      "SELECT actor, action, subject, details FROM audit_log",
    );
    expect(entry).toMatchObject({ actor: "cli", action: "api_key.create", subject: key.keyId });
    expect(JSON.parse(entry?.details ?? "null")).toEqual({ role: "admin", label: "ops" });
  });

  it("refuses an unknown role and a bad label, naming the field", async () => {
    // Callers outside TypeScript (HTTP bodies, CLI) can send anything.
    const badRole = createApiKey(store, { role: "owner" as "admin" });
    await expect(badRole).rejects.toBeInstanceOf(ValidationError);
    await expect(badRole).rejects.toThrow(/role must be one of viewer, marketer, admin/);
    await expect(createApiKey(store, { role: "viewer", label: "x".repeat(101) })).rejects.toThrow(/label: label must be at most 100/);
    await expect(createApiKey(store, { role: "viewer", label: "bell\u0007" })).rejects.toThrow(/control characters/);
    expect(await store.query("SELECT * FROM api_keys")).toEqual([]);
  });
});

describe("findApiKey", () => {
  it("finds an active key and nothing for near misses", async () => {
    const key = await createApiKey(store, { role: "viewer", label: "bot" });
    expect(await findApiKey(store, key.key)).toEqual({ keyId: key.keyId, role: "viewer", label: "bot" });

    const lastChar = key.key.at(-1) === "A" ? "B" : "A";
    const wrongSecret = `${key.key.slice(0, -1)}${lastChar}`;
    expect(await findApiKey(store, wrongSecret)).toBeUndefined();
    expect(await findApiKey(store, key.key.toLowerCase())).toBeUndefined();
    expect(await findApiKey(store, `${key.key} `)).toBeUndefined();
    expect(await findApiKey(store, "")).toBeUndefined();
    expect(await findApiKey(store, "bsk_' OR 1=1 --")).toBeUndefined();
  });

  it("ignores revoked keys", async () => {
    const key = await createApiKey(store, { role: "admin" });
    await revokeApiKey(store, key.keyId);
    expect(await findApiKey(store, key.key)).toBeUndefined();
  });
});

describe("revokeApiKey", () => {
  it("revokes, audits, and treats a second revoke as a no-op", async () => {
    const key = await createApiKey(store, { role: "marketer", clock: () => created });
    const first = await revokeApiKey(store, key.keyId, { actor: "cli", clock: () => later });
    expect(first).toEqual({
      record: { keyId: key.keyId, role: "marketer", label: null, createdAt: created, revokedAt: later },
      alreadyRevoked: false,
    });
    const second = await revokeApiKey(store, key.keyId, { clock: () => new Date("2027-01-01T00:00:00Z") });
    expect(second).toEqual({ record: first.record, alreadyRevoked: true });
    const actions = await store.query<{ action: string; actor: string }>("SELECT action, actor FROM audit_log ORDER BY occurred_at");
    expect(actions).toEqual([
      { action: "api_key.create", actor: "system" },
      { action: "api_key.revoke", actor: "cli" },
    ]);
  });

  it("answers an unknown id with a not-found error that says how to list ids", async () => {
    const error = await revokeApiKey(store, "key_nope").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "api_key_not_found", category: "not-found" });
    expect((error as AppError).message).toContain("keys list");
  });
});

describe("listApiKeys and hasActiveKeys", () => {
  it("lists every key oldest first, without keys or hashes", async () => {
    expect(await listApiKeys(store)).toEqual([]);
    const first = await createApiKey(store, { role: "viewer", clock: () => created });
    const second = await createApiKey(store, { role: "admin", label: "ops", clock: () => later });
    await revokeApiKey(store, first.keyId, { clock: () => later });
    const listed = await listApiKeys(store);
    expect(listed).toEqual([
      { keyId: first.keyId, role: "viewer", label: null, createdAt: created, revokedAt: later },
      { keyId: second.keyId, role: "admin", label: "ops", createdAt: later, revokedAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/bsk_|[0-9a-f]{64}/);
  });

  it("is true only while some key is unrevoked", async () => {
    expect(await hasActiveKeys(store)).toBe(false);
    const key = await createApiKey(store, { role: "viewer" });
    expect(await hasActiveKeys(store)).toBe(true);
    await revokeApiKey(store, key.keyId);
    expect(await hasActiveKeys(store)).toBe(false);
  });

  it("refuses rows whose role was edited by hand instead of guessing", async () => {
    const key = await createApiKey(store, { role: "viewer" });
    await store.run("UPDATE api_keys SET role = 'root'");
    await expect(findApiKey(store, key.key)).rejects.toMatchObject({ code: "api_key_corrupt", category: "internal" });
  });
});

describe("roleAllows", () => {
  it("orders viewer < marketer < admin", () => {
    expect(roleAllows("admin", "viewer")).toBe(true);
    expect(roleAllows("marketer", "marketer")).toBe(true);
    expect(roleAllows("marketer", "admin")).toBe(false);
    expect(roleAllows("viewer", "marketer")).toBe(false);
  });
});
