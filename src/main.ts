/**
 * Composition root: the one place that builds real dependencies (config, logger,
 * store, tools) and starts what was asked for. The CLI calls into it.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pino, type Logger } from "pino";
import { resolveLimits } from "../tools/draft-campaign-copy/settings.ts";
import { createToolRegistry } from "../tools/index.ts";
import { prepareCatalogSearch } from "../tools/search-catalog/index.ts";
import { type CampaignService, createCampaignService } from "./agent/campaign/index.ts";
import { createChatAgent } from "./agent/chat-agent.ts";
import type { ChatAgent } from "./agent/types.ts";
import type { Config } from "./core/config.ts";
import { AppError } from "./core/errors.ts";
import { defaultAsOf } from "./core/sales.ts";
import type { Logger as CoreLogger } from "./core/ports.ts";
import { type ToolRegistry, type ToolServices, createMemo } from "./core/tool.ts";
import { loadDemo } from "./data/demo/index.ts";
import { DuckDbStore } from "./data/store.ts";
import { createEmbedder } from "./models/embeddings/index.ts";
import { type ChatModelSetup, createChatModel } from "./models/index.ts";
import { createApp } from "./http/app.ts";
import { assertSafeToListen, authModeForHost } from "./http/auth.ts";

/** The package version, as `/health` and `--version` report it. */
export const version: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** A pino logger at the configured level, writing JSON lines to `destination` (stdout by default). */
export function createLogger(config: Pick<Config, "logLevel">, destination: NodeJS.WritableStream = process.stdout): Logger {
  return pino({ level: config.logLevel, base: { service: "bullseye" } }, destination);
}

/**
 * Opens the configured store, loading the demo shop into it when it is empty and the demo is enabled.
 * `check` runs on the opened store before the demo loads (the server refuses unsafe hosts there).
 */
export async function openConfiguredStore(
  config: Config,
  logger: CoreLogger,
  options: { onDemo?: (phase: "start" | "done") => void; check?: (store: DuckDbStore) => Promise<void> } = {},
): Promise<DuckDbStore> {
  const { onDemo, check } = options;
  const store = await DuckDbStore.open({ location: config.databasePath, logger });
  try {
    await check?.(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  if (config.demo) {
    const counts = await store.counts();
    if (Object.values(counts).every((count) => count === 0)) {
      onDemo?.("start");
      const summary = await loadDemo(store, { seed: config.demoSeed });
      logger.info({ ...summary }, "loaded the generated demo store");
      onDemo?.("done");
    }
  }
  return store;
}

/** Random, URL-safe ids such as `sgm_3f9a0c1d2e4b`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
}

/**
 * Builds what tools need, once per process: the store, clock, ids, embedder, a memo for fitted
 * state, the marketing settings and, when a chat model is configured, the writer for copy.
 */
export function createToolServices(config: Config, store: DuckDbStore, writer?: ChatModelSetup["writer"]): ToolServices {
  // Bad copy limits in the marketing file should stop the start, not the first draft.
  resolveLimits(config.marketing.limits);
  return {
    store,
    clock: () => new Date(),
    newId,
    memo: createMemo(),
    embedder: createEmbedder(config),
    marketing: config.marketing,
    ...(writer === undefined ? {} : { writer }),
    ...(config.databasePath === ":memory:" ? {} : { dataDirectory: path.dirname(config.databasePath) }),
  };
}

/** Everything the surfaces share: tools and their services, the chat model, the agent and campaign jobs. */
export interface Runtime {
  services: ToolServices;
  tools: ToolRegistry;
  chatModel: ChatModelSetup;
  agent: ChatAgent;
  campaigns: CampaignService;
}

/** Builds the runtime over an opened store (the server and the CLI's chat and campaign commands use it). */
export function createRuntime(config: Config, store: DuckDbStore, logger: CoreLogger): Runtime {
  const tools = createToolRegistry();
  const chatModel = createChatModel(config, tools.list(), { today: () => defaultAsOf(store, "to plan") });
  const services = createToolServices(config, store, chatModel.writer);
  const agent = createChatAgent({
    services,
    tools,
    model: chatModel.model,
    modelId: chatModel.modelId,
    external: chatModel.external,
    redactPii: config.redactPii,
    maxSteps: config.maxSteps,
    logger,
  });
  const campaigns = createCampaignService({ services, tools, logger, marketing: config.marketing });
  return { services, tools, chatModel, agent, campaigns };
}

/** A running server and how to stop it. */
export interface RunningServer {
  url: string;
  server: Server;
  store: DuckDbStore;
  close(): Promise<void>;
}

/** Starts the HTTP server on the configured host and port. */
export async function startServer(
  config: Config,
  options: { logger?: Logger; onDemo?: (phase: "start" | "done") => void } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  // A non-loopback host needs an API key; check before the (slow) demo load.
  const store = await openConfiguredStore(config, logger, {
    ...(options.onDemo ? { onDemo: options.onDemo } : {}),
    check: (opened) => assertSafeToListen(config.host, opened),
  });
  let runtime: Runtime;
  try {
    runtime = createRuntime(config, store, logger);
    // Jobs a crash left queued or running are marked failed before anyone can read them as pending.
    const interrupted = await runtime.campaigns.recoverInterrupted();
    if (interrupted.length > 0) logger.warn({ campaigns: interrupted }, "campaigns interrupted by the last shutdown are marked failed");
  } catch (error) {
    await store.close();
    throw error;
  }
  const { services, tools, agent, campaigns } = runtime;
  logger.info({ model: agent.modelId }, "chat model ready");
  const app = createApp({
    config,
    services,
    tools,
    logger,
    version,
    auth: { mode: authModeForHost(config.host), requestsPerMinute: config.rateLimitPerMinute },
    agent,
    campaigns,
    uploads: { maxBytes: config.uploadLimitBytes },
  });
  // Load (or build) the catalogue search index now rather than on the first search; a failure
  // only costs that head start, so it is logged, not fatal. Closing waits for it, so the store
  // and the index files are never closed or removed under a build.
  const preparing = prepareCatalogSearch({ ...services, logger }).catch((error: unknown) =>
    logger.warn({ err: error }, "could not prepare the catalogue search index; it will be built on the first search"),
  );
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
      listening.once("error", reject);
    });
  } catch (error) {
    await campaigns.close();
    await preparing;
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new AppError(
        "port_in_use",
        "conflict",
        `Port ${config.port} on ${config.host} is already in use. Stop the other program or start with PORT=<another port>.`,
        { cause: error },
      );
    }
    throw error;
  }
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    server,
    store,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
        .then(() => campaigns.close())
        .then(() => preparing)
        .then(() => store.close());
      return closing;
    },
  };
}
