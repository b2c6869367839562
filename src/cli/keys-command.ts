/**
 * `bullseye keys`: create, list and revoke API keys.
 *
 *   keys create --role viewer|marketer|admin [--label text] [--json]
 *   keys list [--json]
 *   keys revoke <keyId> [--json]
 *
 * `create` prints the key on stdout, alone on its line (so `KEY=$(bullseye keys create …)`
 * works), and the warning that it is shown only once on stderr. Exit codes: 0 done,
 * 1 failed, 2 wrong usage.
 */
import { parseArgs } from "node:util";
import { AppError, toAppError } from "../core/errors.ts";
import type { Store } from "../core/ports.ts";
import { API_KEY_ROLES, type ApiKeyRole, apiKeyJson, createApiKey, listApiKeys, revokeApiKey } from "../data/api-keys.ts";

/** What `runKeysCommand` works with; the CLI passes the opened store and its streams. */
export interface KeysCommandIo {
  store: Store;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The current time; tests pass a fixed clock. */
  clock?: () => Date;
  /** Recorded as the actor in the audit log. Default `cli`. */
  actor?: string;
}

const USAGE = `Usage:
  bullseye keys create --role ${API_KEY_ROLES.join("|")} [--label text] [--json]
  bullseye keys list [--json]
  bullseye keys revoke <keyId> [--json]
Roles: viewer (read, chat) < marketer (+ campaigns, import) < admin (+ keys, erasure).`;

class KeysUsageError extends AppError {
  constructor(message: string) {
    super("invalid_usage", "user", `${message}\n${USAGE}`);
  }
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** `2026-11-01 12:00 UTC`: minutes are precise enough to tell keys apart and short enough for a table. */
function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A plain-text table with columns padded to their widest cell. */
function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

function parseRole(value: string | undefined): ApiKeyRole {
  if (value === undefined) throw new KeysUsageError("keys create needs --role.");
  if (!(API_KEY_ROLES as readonly string[]).includes(value)) {
    throw new KeysUsageError(`Unknown role "${value}"; use one of ${API_KEY_ROLES.join(", ")}.`);
  }
  return value as ApiKeyRole;
}

async function create(
  options: { role?: string | undefined; label?: string | undefined },
  positionals: readonly string[],
  io: KeysCommandIo,
  asJson: boolean,
): Promise<number> {
  if (positionals.length > 0) throw new KeysUsageError(`keys create takes no arguments besides options, got "${positionals.join(" ")}".`);
  const created = await createApiKey(io.store, {
    role: parseRole(options.role),
    label: options.label,
    actor: io.actor ?? "cli",
    ...(io.clock ? { clock: io.clock } : {}),
  });
  const warning = "Copy this key now: it is shown only this once and cannot be recovered. If it is lost, revoke it and create another.";
  if (asJson) {
    write(io.stdout, JSON.stringify({ ...apiKeyJson({ ...created, revokedAt: null }), key: created.key, warning }));
    return 0;
  }
  write(
    io.stderr,
    `Created ${created.role} key ${created.keyId}${created.label === null ? "" : ` (${created.label})`}.\n${warning}`,
  );
  write(io.stdout, created.key);
  return 0;
}

async function list(positionals: readonly string[], io: KeysCommandIo, asJson: boolean): Promise<number> {
  if (positionals.length > 0) throw new KeysUsageError(`keys list takes no arguments, got "${positionals.join(" ")}".`);
  const records = await listApiKeys(io.store);
  if (asJson) {
    write(io.stdout, JSON.stringify({ keys: records.map(apiKeyJson) }));
    return 0;
  }
  if (records.length === 0) {
    write(
      io.stdout,
      "No API keys yet: the server runs in open local mode on 127.0.0.1. Create one with `bullseye keys create --role admin`.",
    );
    return 0;
  }
  const rows = records.map((record) => [
    record.keyId,
    record.role,
    record.label ?? "",
    formatTime(record.createdAt),
    record.revokedAt === null ? "" : formatTime(record.revokedAt),
  ]);
  write(io.stdout, formatTable(["ID", "ROLE", "LABEL", "CREATED", "REVOKED"], rows));
  return 0;
}

async function revoke(positionals: readonly string[], io: KeysCommandIo, asJson: boolean): Promise<number> {
  const [keyId, ...extra] = positionals;
  if (keyId === undefined || extra.length > 0) throw new KeysUsageError("keys revoke needs exactly one key id, e.g. key_4fT9qLm2Xa7B.");
  const { record, alreadyRevoked } = await revokeApiKey(io.store, keyId, {
    actor: io.actor ?? "cli",
    ...(io.clock ? { clock: io.clock } : {}),
  });
  if (asJson) {
    write(io.stdout, JSON.stringify({ ...apiKeyJson(record), alreadyRevoked }));
    return 0;
  }
  const when = record.revokedAt === null ? "" : ` at ${formatTime(record.revokedAt)}`;
  write(
    io.stdout,
    alreadyRevoked
      ? `Key ${record.keyId} was already revoked${when}; nothing changed.`
      : `Revoked ${record.role} key ${record.keyId}${when}: requests with it are refused from now on.`,
  );
  return 0;
}

/** Parses the options of every subcommand; unknown options are usage errors. */
function parseKeysArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { role: { type: "string" }, label: { type: "string" }, json: { type: "boolean" } },
    });
  } catch (error) {
    throw new KeysUsageError((error as Error).message);
  }
}

/** Runs `bullseye keys <args>` against `io.store` and returns the exit code. */
export async function runKeysCommand(args: readonly string[], io: KeysCommandIo): Promise<number> {
  // Read before parsing, so even a usage error comes out as JSON when JSON was asked for.
  const asJson = args.includes("--json");
  try {
    const { values, positionals } = parseKeysArgs(args);
    const [subcommand, ...rest] = positionals;
    if (subcommand !== "create" && (values.role !== undefined || values.label !== undefined)) {
      throw new KeysUsageError("--role and --label belong to keys create.");
    }
    switch (subcommand) {
      case "create":
        return await create(values, rest, io, asJson);
      case "list":
        return await list(rest, io, asJson);
      case "revoke":
        return await revoke(rest, io, asJson);
      case undefined:
        throw new KeysUsageError("keys needs a subcommand: create, list or revoke.");
      default:
        throw new KeysUsageError(`Unknown keys subcommand "${subcommand}".`);
    }
  } catch (error) {
    const appError = toAppError(error);
    write(io.stderr, asJson ? JSON.stringify(appError.toJSON()) : `error: ${appError.message}`);
    return error instanceof KeysUsageError ? 2 : 1;
  }
}
