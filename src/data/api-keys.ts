/**
 * API keys: creation, lookup, listing and revocation, over the `api_keys` table, with
 * every change recorded in `audit_log`.
 *
 * A key looks like `bsk_<selector>_<secret>`: `bsk_` makes a leaked key easy to recognise
 * (and to find with secret scanners), the 12-character selector is the public key id
 * (`key_<selector>`, shown in listings and logs), and the 43-character secret carries
 * 256 random bits. Only the SHA-256 of the whole key is stored; the plaintext is returned
 * once by `createApiKey` and cannot be recovered.
 *
 * Why SHA-256 and not bcrypt/scrypt/argon2: those are slow on purpose so that guessing a
 * *password* from its hash costs too much. A key is not a password: it is 256 bits from
 * `crypto.randomBytes`, so no amount of hashing speed makes guessing feasible, and a fast
 * hash keeps the check cheap on every request.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError, NotFoundError, ValidationError, describeIssues, fieldIssuesFrom } from "../core/errors.ts";
import type { Store, StoreReader } from "../core/ports.ts";

/** Roles in increasing order of power: viewer (read, chat) < marketer (+ campaigns, import) < admin (+ keys, erasure). */
export const API_KEY_ROLES = ["viewer", "marketer", "admin"] as const;

/** What a key may do; see `API_KEY_ROLES`. */
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/** Whether `role` grants at least what `needed` grants. */
export function roleAllows(role: ApiKeyRole, needed: ApiKeyRole): boolean {
  return API_KEY_ROLES.indexOf(role) >= API_KEY_ROLES.indexOf(needed);
}

/** A stored key as listings show it: never the key, never its hash. */
export interface ApiKeyRecord {
  /** Public id, e.g. `key_4fT9qLm2Xa7B`; the selector part of the key. */
  keyId: string;
  role: ApiKeyRole;
  label: string | null;
  createdAt: Date;
  /** When the key was revoked; null while it is active. */
  revokedAt: Date | null;
}

/** A key record as JSON (dates as ISO strings, never the secret), as the CLI and the HTTP API print it. */
export function apiKeyJson(record: ApiKeyRecord): {
  keyId: string;
  role: ApiKeyRole;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
} {
  return {
    keyId: record.keyId,
    role: record.role,
    label: record.label,
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}

/** What `createApiKey` returns: the record and, this once only, the plaintext key. */
export interface CreatedApiKey {
  keyId: string;
  /** The plaintext key. It is not stored anywhere: show it to the person now. */
  key: string;
  role: ApiKeyRole;
  label: string | null;
  createdAt: Date;
}

/** The identity a valid key stands for. */
export interface ApiKeyIdentity {
  keyId: string;
  role: ApiKeyRole;
  label: string | null;
}

/** Who made a change and when; recorded in `audit_log`. */
export interface AuditOptions {
  /** Who did it, e.g. `cli`, `local`, `key_4fT9qLm2Xa7B`. Default `system`. */
  actor?: string;
  /** The current time; inject a fixed clock in tests. */
  clock?: () => Date;
}

/** The ways a key can be created; validated with `createApiKeyInput`. */
export interface CreateApiKeyOptions extends AuditOptions {
  role: ApiKeyRole;
  /** A note for people, e.g. "Slack bot" or "Dana's laptop". */
  label?: string | undefined;
}

/** Validation of what a caller asks for when creating a key. */
export const createApiKeyInput = z.object({
  role: z.enum(API_KEY_ROLES, { error: `role must be one of ${API_KEY_ROLES.join(", ")}` }),
  label: z
    .string()
    .trim()
    .min(1, "label must not be empty; leave it out instead")
    .max(100, "label must be at most 100 characters")
    // Labels end up in terminal tables and logs: control characters would garble both.
    .regex(/^[^\p{Cc}]*$/u, "label must not contain control characters")
    .optional(),
});

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SELECTOR_LENGTH = 12;
/** 43 base-62 characters carry 43·log2(62) ≈ 256.03 bits. */
const SECRET_LENGTH = 43;
const KEY_PREFIX = "bsk_";
const KEY_ID_PREFIX = "key_";
const KEY_PATTERN = new RegExp(`^${KEY_PREFIX}([0-9A-Za-z]{${SELECTOR_LENGTH}})_[0-9A-Za-z]{${SECRET_LENGTH}}$`);

/** `length` uniformly random base-62 characters. */
function randomBase62(length: number): string {
  let text = "";
  while (text.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // Bytes ≥ 248 are dropped: 248 = 4·62, so keeping them would make the first
      // eight characters of the alphabet slightly more likely than the rest.
      if (byte < 248) text += BASE62[byte % 62];
      if (text.length === length) break;
    }
  }
  return text;
}

function hashKey(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

type ApiKeyRow = {
  key_id: string;
  role: string;
  label: string | null;
  created_at: Date;
  revoked_at: Date | null;
};

/** A role read back from the table; anything else means the row was edited by hand. */
function storedRole(keyId: string, value: string): ApiKeyRole {
  if ((API_KEY_ROLES as readonly string[]).includes(value)) return value as ApiKeyRole;
  throw new AppError(
    "api_key_corrupt",
    "internal",
    `API key ${keyId} has the unknown role "${value}" in the api_keys table. Revoke it and create a new key.`,
    { details: { keyId } },
  );
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    role: storedRole(row.key_id, row.role),
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Creates a key with `role` and returns its plaintext, which is shown this once and never
 * stored. Records `api_key.create` in the audit log in the same transaction.
 * Throws `ValidationError` for an unknown role or a bad label.
 */
export async function createApiKey(store: Store, options: CreateApiKeyOptions): Promise<CreatedApiKey> {
  const parsed = createApiKeyInput.safeParse({ role: options.role, label: options.label });
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues);
    throw new ValidationError(`Cannot create the API key: ${describeIssues(issues)}.`, issues);
  }
  const { role } = parsed.data;
  const label = parsed.data.label ?? null;
  const createdAt = (options.clock ?? (() => new Date()))();
  const selector = randomBase62(SELECTOR_LENGTH);
  const keyId = `${KEY_ID_PREFIX}${selector}`;
  const key = `${KEY_PREFIX}${selector}_${randomBase62(SECRET_LENGTH)}`;
  await store.transaction(async (writer) => {
    await writer.run("INSERT INTO api_keys (key_id, key_hash, role, label, created_at) VALUES ($1, $2, $3, $4, $5)", [
      keyId,
      hashKey(key).toString("hex"),
      role,
      label,
      createdAt,
    ]);
    await writer.run("INSERT INTO audit_log (occurred_at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)", [
      createdAt,
      options.actor ?? "system",
      "api_key.create",
      keyId,
      JSON.stringify({ role, label }),
    ]);
  });
  return { keyId, key, role, label, createdAt };
}

/** Every key, active and revoked, oldest first. Never returns keys or hashes. */
export async function listApiKeys(store: StoreReader): Promise<ApiKeyRecord[]> {
  const rows = await store.query<ApiKeyRow>(
    "SELECT key_id, role, label, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id",
  );
  return rows.map(toRecord);
}

/** What `revokeApiKey` did. */
export interface RevokedApiKey {
  record: ApiKeyRecord;
  /** True when the key had been revoked before; nothing was changed then. */
  alreadyRevoked: boolean;
}

/**
 * Revokes the key `keyId`: it stops working at once. Revoking a revoked key changes
 * nothing (and is not an error), so retries are safe. Records `api_key.revoke` in the
 * audit log. Throws `NotFoundError` (`api_key_not_found`) for an unknown id.
 */
export async function revokeApiKey(store: Store, keyId: string, options: AuditOptions = {}): Promise<RevokedApiKey> {
  const revokedAt = (options.clock ?? (() => new Date()))();
  return store.transaction(async (writer) => {
    const [row] = await writer.query<ApiKeyRow>(
      "SELECT key_id, role, label, created_at, revoked_at FROM api_keys WHERE key_id = $1",
      [keyId],
    );
    if (row === undefined) {
      throw new NotFoundError(
        "api_key_not_found",
        `There is no API key "${keyId}". Key ids look like key_4fT9qLm2Xa7B; run \`npx bullseye keys list\` to see them.`,
        { details: { keyId } },
      );
    }
    if (row.revoked_at !== null) return { record: toRecord(row), alreadyRevoked: true };
    await writer.run("UPDATE api_keys SET revoked_at = $1 WHERE key_id = $2", [revokedAt, keyId]);
    await writer.run("INSERT INTO audit_log (occurred_at, actor, action, subject, details) VALUES ($1, $2, $3, $4, $5)", [
      revokedAt,
      options.actor ?? "system",
      "api_key.revoke",
      keyId,
      JSON.stringify({ role: row.role, label: row.label }),
    ]);
    return { record: toRecord({ ...row, revoked_at: revokedAt }), alreadyRevoked: false };
  });
}

/**
 * The identity of an active key, or undefined when `key` is malformed, unknown or revoked.
 *
 * The row is found by the selector, which is public, and only then is the stored hash
 * compared with the hash of the presented key, in constant time: how long a rejection
 * takes never depends on how many bytes of a guess were right.
 */
export async function findApiKey(store: StoreReader, key: string): Promise<ApiKeyIdentity | undefined> {
  const match = KEY_PATTERN.exec(key);
  if (match === null) return undefined;
  const [row] = await store.query<{ key_id: string; key_hash: string; role: string; label: string | null }>(
    "SELECT key_id, key_hash, role, label FROM api_keys WHERE key_id = $1 AND revoked_at IS NULL",
    [`${KEY_ID_PREFIX}${match[1]}`],
  );
  if (row === undefined) return undefined;
  const stored = Buffer.from(row.key_hash, "hex");
  const presented = hashKey(key);
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return undefined;
  return { keyId: row.key_id, role: storedRole(row.key_id, row.role), label: row.label };
}

/** Whether at least one key is active (created and not revoked). */
export async function hasActiveKeys(store: StoreReader): Promise<boolean> {
  const [row] = await store.query<{ active: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL) AS active",
  );
  return row?.active === true;
}
