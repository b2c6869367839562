import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runKeysCommand } from "../../src/cli/keys-command.ts";
import { findApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { memoryStore } from "../helpers/context.ts";

let store: DuckDbStore;
let now = new Date("2026-11-01T12:00:00Z");

beforeEach(async () => {
  store = await memoryStore();
  now = new Date("2026-11-01T12:00:00Z");
});

afterEach(async () => {
  await store.close();
});

/** A stream that keeps what is written, synchronously, so output is complete when the command returns. */
class TextSink extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
}

/** Runs `bullseye keys …` against the test store and captures what it writes. */
async function keys(...args: string[]) {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await runKeysCommand(args, { store, stdout, stderr, clock: () => now });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("keys create", () => {
  it("prints the key alone on stdout and the only-once warning on stderr", async () => {
    const run = await keys("create", "--role", "marketer", "--label", "Dana's laptop");
    expect(run.code).toBe(0);
    const key = run.stdout.trim();
    expect(key).toMatch(/^bsk_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
    expect(run.stderr).toMatch(/Created marketer key key_\w{12} \(Dana's laptop\)/);
    expect(run.stderr).toContain("shown only this once");
    expect(run.stderr).not.toContain(key);
    expect(await findApiKey(store, key)).toMatchObject({ role: "marketer", label: "Dana's laptop" });
    const [audit] = await store.query<{ actor: string }>("SELECT actor FROM audit_log");
    expect(audit?.actor).toBe("cli");
  });

  it("gives machine output with --json", async () => {
    const run = await keys("create", "--role=viewer", "--json");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const output = JSON.parse(run.stdout);
    expect(output).toMatchObject({ role: "viewer", label: null, createdAt: "2026-11-01T12:00:00.000Z", revokedAt: null });
    expect(output.keyId).toMatch(/^key_/);
    expect(output.warning).toContain("shown only this once");
    expect(await findApiKey(store, output.key)).toMatchObject({ keyId: output.keyId });
  });

  it("exits 2 with usage for a missing or unknown role", async () => {
    const missing = await keys("create");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("keys create needs --role");
    const unknown = await keys("create", "--role", "owner", "--json");
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr).error).toMatchObject({ code: "invalid_usage", category: "user" });
    expect(unknown.stdout).toBe("");
    expect(await store.query("SELECT * FROM api_keys")).toEqual([]);
  });

  it("exits 1 with the validation message for a bad label", async () => {
    const run = await keys("create", "--role", "viewer", "--label", "x".repeat(200));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Cannot create the API key: label: label must be at most 100 characters/);
  });
});

describe("keys list", () => {
  it("says how to start when there are no keys", async () => {
    const run = await keys("list");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No API keys yet");
  });

  it("shows a table of id, role, label, created and revoked, and JSON with --json", async () => {
    const first = JSON.parse((await keys("create", "--role", "admin", "--label", "ops", "--json")).stdout);
    now = new Date("2026-11-02T09:15:00Z");
    const second = JSON.parse((await keys("create", "--role", "viewer", "--json")).stdout);
    now = new Date("2026-11-03T10:00:00Z");
    await keys("revoke", first.keyId);

    const table = await keys("list");
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+ROLE\s+LABEL\s+CREATED\s+REVOKED$/);
    expect(lines[1]).toMatch(new RegExp(`^${first.keyId}\\s+admin\\s+ops\\s+2026-11-01 12:00 UTC\\s+2026-11-03 10:00 UTC$`));
    expect(lines[2]).toMatch(new RegExp(`^${second.keyId}\\s+viewer\\s+2026-11-02 09:15 UTC$`));
    expect(table.stdout).not.toContain("bsk_");

    const json = JSON.parse((await keys("list", "--json")).stdout);
    expect(json).toEqual({
      keys: [
        { keyId: first.keyId, role: "admin", label: "ops", createdAt: "2026-11-01T12:00:00.000Z", revokedAt: "2026-11-03T10:00:00.000Z" },
        { keyId: second.keyId, role: "viewer", label: null, createdAt: "2026-11-02T09:15:00.000Z", revokedAt: null },
      ],
    });
  });
});

describe("keys revoke", () => {
  it("revokes a key so it stops working, and says so when it was already revoked", async () => {
    const created = JSON.parse((await keys("create", "--role", "marketer", "--json")).stdout);
    const run = await keys("revoke", created.keyId);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Revoked marketer key ${created.keyId}`);
    expect(await findApiKey(store, created.key)).toBeUndefined();

    const again = await keys("revoke", created.keyId, "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ keyId: created.keyId, alreadyRevoked: true });
  });

  it("exits 1 with a not-found error for an unknown id", async () => {
    const run = await keys("revoke", "key_unknown", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr).error).toMatchObject({ code: "api_key_not_found", category: "not-found" });
  });

  it("exits 2 without an id", async () => {
    const run = await keys("revoke");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("needs exactly one key id");
  });
});

describe("usage", () => {
  it("exits 2 for a missing or unknown subcommand, an unknown option, or a stray option", async () => {
    for (const args of [[], ["rotate"], ["list", "--force"], ["list", "--role", "admin"]]) {
      const run = await keys(...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toContain("Usage:");
    }
  });
});
