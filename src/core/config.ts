/**
 * Configuration: the only module that reads `process.env`.
 *
 * `loadConfig()` validates the environment with zod and returns a frozen object.
 * Explicit overrides beat environment values, so tests and the CLI pass what they
 * need without touching the environment. Every variable is documented in the
 * README's configuration table; error messages name the variable.
 */
import path from "node:path";
import { z } from "zod";
import { ConfigError, type FieldIssue } from "./errors.ts";
import { type MarketingSettings, defaultMarketingSettings, readMarketingSettings } from "./marketing.ts";

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
    error: "must be one of 1, 0, true, false, yes, no, on, off",
  })
  .transform((value) => ["1", "true", "yes", "on"].includes(value));

/** Schema of the environment variables Bullseye reads, with their defaults. */
const environmentSchema = z.object({
  BULLSEYE_DB: z.string().min(1).default("./data/bullseye.duckdb"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  BULLSEYE_DEMO: booleanFlag.default(true),
  BULLSEYE_DEMO_SEED: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(42),
  BULLSEYE_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, "must look like 100kb or 1mb")
    .default("1mb"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BULLSEYE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  BULLSEYE_EMBEDDER: z.enum(["local", "openai"]).default("local"),
  OPENAI_BASE_URL: z.url({ error: "must be a URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1" }).default(
    "https://api.openai.com/v1",
  ),
  OPENAI_API_KEY: z.string().optional(),
  BULLSEYE_EMBEDDING_MODEL: z.string().min(1).default("text-embedding-3-small"),
  BULLSEYE_MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  BULLSEYE_MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  BULLSEYE_MODEL: z.string().trim().min(1).default("builtin"),
  BULLSEYE_MAX_STEPS: z.coerce.number().int().min(1).max(50).default(8),
  BULLSEYE_REDACT_PII: booleanFlag.default(true),
  BULLSEYE_MARKETING_FILE: z.string().min(1).optional(),
  BULLSEYE_UPLOAD_LIMIT: z.string().regex(/^\d+(b|kb|mb|gb)$/i, "must look like 100mb or 1gb").default("100mb"),
});

/** Bytes in a size such as `100mb` (already validated by the schema). */
function byteSize(text: string): number {
  const match = /^(\d+)(b|kb|mb|gb)$/i.exec(text) as RegExpExecArray;
  const units = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;
  return Number(match[1]) * units[(match[2] as string).toLowerCase() as keyof typeof units];
}

/** Validated, frozen runtime configuration. */
export interface Config {
  /** Absolute path of the DuckDB file, or `:memory:`. */
  readonly databasePath: string;
  readonly port: number;
  readonly host: string;
  /** Load the generated demo store on first start when the store is empty. */
  readonly demo: boolean;
  /** Seed of the demo generator: the same seed gives the same store. */
  readonly demoSeed: number;
  /** Largest accepted JSON request body, e.g. `1mb`. */
  readonly bodyLimit: string;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Requests per minute allowed per API key (per address in open local mode). */
  readonly rateLimitPerMinute: number;
  /** Which embedder turns text into vectors: `local` (offline, no download) or `openai` (any compatible endpoint). */
  readonly embedder: "local" | "openai";
  /** Settings of OpenAI-compatible endpoints (OpenAI, Ollama, vLLM, LM Studio, llama.cpp server). */
  readonly openai: {
    readonly baseUrl: string;
    /** Undefined when not configured; never logged. */
    readonly apiKey: string | undefined;
    readonly embeddingModel: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
  };
  /**
   * The chat model: `builtin` (the offline planner, the default) or the name of a model served
   * at `openai.baseUrl` (e.g. `gpt-4o-mini`, `qwen2.5:7b`).
   */
  readonly model: string;
  /** Model calls per chat turn before the agent stops and says so. */
  readonly maxSteps: number;
  /** Redact customer emails and phone numbers from everything sent to an external model. */
  readonly redactPii: boolean;
  /** Approved offers, brand voices, sender name and copy limits (BULLSEYE_MARKETING_FILE). */
  readonly marketing: MarketingSettings;
  /** Largest import upload accepted by `POST /api/import/:table`, in bytes (BULLSEYE_UPLOAD_LIMIT). */
  readonly uploadLimitBytes: number;
}

/** Reads and validates configuration. Overrides win over the environment. */
export function loadConfig(
  overrides: Partial<Config> = {},
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  // Empty strings count as unset so `FOO= bullseye serve` falls back to the default.
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join("."),
      message: issue.message,
    }));
    const summary = issues.map((issue) => `${issue.path} ${issue.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${summary}. Fix the environment variable and start again.`, issues);
  }
  const env = parsed.data;
  const databasePath = overrides.databasePath ?? env.BULLSEYE_DB;
  return Object.freeze({
    databasePath: databasePath === ":memory:" ? databasePath : path.resolve(databasePath),
    port: overrides.port ?? env.PORT,
    host: overrides.host ?? env.HOST,
    demo: overrides.demo ?? env.BULLSEYE_DEMO,
    demoSeed: overrides.demoSeed ?? env.BULLSEYE_DEMO_SEED,
    bodyLimit: overrides.bodyLimit ?? env.BULLSEYE_BODY_LIMIT,
    logLevel: overrides.logLevel ?? env.LOG_LEVEL,
    rateLimitPerMinute: overrides.rateLimitPerMinute ?? env.BULLSEYE_RATE_LIMIT_PER_MINUTE,
    embedder: overrides.embedder ?? env.BULLSEYE_EMBEDDER,
    openai: Object.freeze(
      overrides.openai ?? {
        baseUrl: env.OPENAI_BASE_URL.replace(/\/+$/, ""),
        apiKey: env.OPENAI_API_KEY,
        embeddingModel: env.BULLSEYE_EMBEDDING_MODEL,
        timeoutMs: env.BULLSEYE_MODEL_TIMEOUT_MS,
        maxRetries: env.BULLSEYE_MODEL_MAX_RETRIES,
      },
    ),
    model: overrides.model ?? env.BULLSEYE_MODEL,
    maxSteps: overrides.maxSteps ?? env.BULLSEYE_MAX_STEPS,
    redactPii: overrides.redactPii ?? env.BULLSEYE_REDACT_PII,
    marketing:
      overrides.marketing ??
      (env.BULLSEYE_MARKETING_FILE === undefined ? defaultMarketingSettings : readMarketingSettings(env.BULLSEYE_MARKETING_FILE)),
    uploadLimitBytes: overrides.uploadLimitBytes ?? byteSize(env.BULLSEYE_UPLOAD_LIMIT),
  });
}

/** Whether a host name only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
