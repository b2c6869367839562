/**
 * The `bullseye` command line. `main(argv, io)` returns the exit code instead of
 * exiting, so tests run it in-process with their own streams and environment.
 *
 * Exit codes: 0 done, 1 failed (an error, or an import that rejected rows),
 * 2 wrong usage.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createToolRegistry } from "../../tools/index.ts";
import { type Config, loadConfig } from "../core/config.ts";
import { AppError, ValidationError, toAppError } from "../core/errors.ts";
import { silentLogger } from "../core/ports.ts";
import { type ToolRegistry, runTool } from "../core/tool.ts";
import { loadDemo } from "../data/demo/index.ts";
import { type ImportReport, importFile, importKinds, type ImportKind } from "../data/import/index.ts";
import { DuckDbStore } from "../data/store.ts";
import { createLogger, createRuntime, createToolServices, openConfiguredStore, startServer, version } from "../main.ts";
import { createChatModel } from "../models/index.ts";
import { CampaignUsageError, checkCampaignCommand, parseCampaignArgs, runCampaignCommand } from "./campaign-command.ts";
import { ChatUsageError, runChatCommand } from "./chat-command.ts";
import { runKeysCommand } from "./keys-command.ts";
import { createProgressBar } from "./progress.ts";

/** Streams and environment the CLI works with; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  environment: Readonly<Record<string, string | undefined>>;
  /** Overrides the tool registry (tests register their own tools). */
  tools?: ToolRegistry;
  /** Resolves when `serve` should stop (tests); by default SIGINT/SIGTERM. */
  untilStopped?: Promise<void>;
}

const USAGE = `Bullseye ${version}: a marketing assistant over your own data.

Usage: bullseye <command> [options]

Commands:
  serve                                 Start the HTTP server and web page (loads the demo store on first start)
  import <kind> <file> [--skip-bad-rows] [--json]
                                        Import a CSV or JSON file (optionally .gz); kind is one of:
                                        ${importKinds.join(", ")}
  demo [--seed N] [--end-date YYYY-MM-DD] [--json]
                                        Load the generated demo shop into an empty store
  tool <name> [json]                    Run one tool with JSON input (argument or stdin); prints JSON
  tools                                 List the tools and what they answer
  chat ["message"] [--conversation ID] [--json]
                                        Ask the agent once, or chat interactively (type exit to stop)
  campaign --brief "…" --channels sms,email [--k 4] [--segments "At risk,Champions" | 1,3] [--variants 2]
           [--offer CODE]… [--offer-json '{"description":"…","discountPercent":10}']… [--brand-voice name]
           [--tone warm] [--csv out.csv] [--json]
                                        Generate a campaign (segments → products → checked copy per channel);
                                        prints a summary, or the job as JSON; --csv writes the export
  keys create --role viewer|marketer|admin [--label text] | keys list | keys revoke <keyId> [--json]
                                        Manage API keys (a new key is shown once)
  bench                                 Run the benchmarks (same as npm run bench)
  help                                  Show this help

Options:
  --version                             Print the version
  The store and server are configured with environment variables (BULLSEYE_DB, PORT, HOST, …): see the README.
`;

class UsageError extends AppError {
  constructor(message: string) {
    super("invalid_usage", "user", `${message}\nRun \`bullseye help\` for usage.`);
  }
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

function printError(io: CliIo, error: AppError, asJson: boolean): void {
  if (asJson) write(io.stderr, JSON.stringify(error.toJSON()));
  else write(io.stderr, `error: ${error.message}`);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function withStore<T>(config: Config, work: (store: DuckDbStore) => Promise<T>): Promise<T> {
  const store = await DuckDbStore.open({ location: config.databasePath, logger: silentLogger });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function formatReport(report: ImportReport): string {
  const lines = [
    `${report.status === "imported" ? "Imported" : "Rejected"} ${report.file} (${report.kind}, ${report.format}): ` +
      `${report.rowsRead.toLocaleString("en")} rows read, ${report.rowsAccepted.toLocaleString("en")} accepted, ` +
      `${report.rowsRejected.toLocaleString("en")} rejected in ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  for (const [table, change] of Object.entries(report.changes)) {
    lines.push(`  ${table}: ${change.inserted} inserted, ${change.updated} updated, ${change.unchanged} unchanged`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  if (report.rejected.length > 0) {
    lines.push(report.skippedBadRows ? "Skipped rows:" : "Rejected rows (nothing was changed):");
    for (const row of report.rejected.slice(0, 50)) {
      lines.push(`  line ${row.line}${row.column ? `, column ${row.column}` : ""}: ${row.reason}`);
    }
    const more = report.rowsRejected - Math.min(50, report.rejected.length);
    if (more > 0) lines.push(`  … and ${more.toLocaleString("en")} more (use --json for the full list).`);
    if (!report.skippedBadRows) lines.push("Fix these rows, or re-run with --skip-bad-rows to import the good rows only.");
  }
  return lines.join("\n");
}

async function commandImport(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "skip-bad-rows": { type: "boolean" }, json: { type: "boolean" } },
  });
  const asJson = values.json === true;
  try {
    const [kind, file, ...extra] = positionals;
    if (kind === undefined || file === undefined || extra.length > 0) {
      throw new UsageError("Usage: bullseye import <kind> <file> [--skip-bad-rows] [--json]");
    }
    if (!(importKinds as readonly string[]).includes(kind)) {
      throw new UsageError(`Unknown import kind "${kind}". Use one of: ${importKinds.join(", ")}.`);
    }
    const progress = createProgressBar(io.stderr, "Importing", !asJson);
    const report = await withStore(config, (store) =>
      importFile(store, {
        kind: kind as ImportKind,
        source: file,
        skipBadRows: values["skip-bad-rows"] === true,
        onProgress: ({ bytesRead, totalBytes, rowsRead }) =>
          progress.update(bytesRead, totalBytes, `${rowsRead.toLocaleString("en")} rows`),
      }),
    );
    progress.finish();
    write(io.stdout, asJson ? JSON.stringify(report) : formatReport(report));
    return report.status === "imported" ? 0 : 1;
  } catch (error) {
    const appError = toAppError(error);
    printError(io, appError, asJson);
    return error instanceof UsageError ? 2 : 1;
  }
}

async function commandDemo(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { seed: { type: "string" }, "end-date": { type: "string" }, json: { type: "boolean" } },
  });
  const asJson = values.json === true;
  try {
    if (positionals.length > 0) throw new UsageError("Usage: bullseye demo [--seed N] [--end-date YYYY-MM-DD] [--json]");
    const seed = values.seed === undefined ? config.demoSeed : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number ≥ 0, got "${values.seed}".`);
    const endDate = values["end-date"];
    if (endDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(endDate)) {
      throw new UsageError(`--end-date must look like 2026-10-31, got "${endDate}".`);
    }
    const summary = await withStore(config, (store) => loadDemo(store, { seed, ...(endDate ? { endDate } : {}) }));
    write(
      io.stdout,
      asJson
        ? JSON.stringify(summary)
        : `Loaded the generated demo shop (seed ${summary.seed}, orders up to ${summary.endDate}) into ${config.databasePath}: ` +
            `${summary.customers} customers, ${summary.products} products, ${summary.orders} orders, ` +
            `${summary.orderItems} order lines, ${summary.reviews} reviews in ${(summary.durationMs / 1000).toFixed(1)} s.`,
    );
    return 0;
  } catch (error) {
    printError(io, toAppError(error), asJson);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** `bullseye tool <name> [json]`: errors are always JSON on stderr, output JSON on stdout. */
async function commandTool(args: string[], config: Config, io: CliIo): Promise<number> {
  try {
    const [name, json, ...extra] = args;
    if (name === undefined || extra.length > 0) throw new UsageError("Usage: bullseye tool <name> [json]");
    const tool = (io.tools ?? createToolRegistry()).get(name);
    const text = json ?? (io.stdin.isTTY === true ? "{}" : await readAll(io.stdin));
    let input: unknown;
    try {
      input = text.trim() === "" ? {} : JSON.parse(text);
    } catch (error) {
      throw new ValidationError(
        `The input for ${name} is not valid JSON (${(error as Error).message}). Pass an object such as '{"limit": 10}'.`,
        [{ path: "", message: "invalid JSON" }],
      );
    }
    // With a chat model configured, draft_campaign_copy writes with it, as it does in the server.
    const { writer } = createChatModel(config, []);
    const output = await withStore(config, (store) =>
      runTool(tool, input, { ...createToolServices(config, store, writer), logger: silentLogger }),
    );
    write(io.stdout, JSON.stringify(output, null, 2));
    return 0;
  } catch (error) {
    printError(io, toAppError(error), true);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** `bullseye chat …`: the agent in the terminal, on the configured store and model. */
async function commandChat(args: string[], config: Config, io: CliIo): Promise<number> {
  try {
    // Like `serve`, the first run on an empty store loads the demo shop (unless BULLSEYE_DEMO=0).
    const store = await openConfiguredStore(config, silentLogger, {
      onDemo: (phase) => {
        if (phase === "start") write(io.stderr, "First run with an empty store: generating the demo shop (synthetic data)…");
      },
    });
    const runtime = createRuntime(config, store, silentLogger);
    try {
      return await runChatCommand(args, { agent: runtime.agent, stdout: io.stdout, stderr: io.stderr, stdin: io.stdin });
    } finally {
      await runtime.campaigns.close();
      await store.close();
    }
  } catch (error) {
    printError(io, toAppError(error), args.includes("--json"));
    return error instanceof ChatUsageError ? 2 : 1;
  }
}

/** `bullseye campaign …`: the campaign workflow in this process, on the configured store and model. */
async function commandCampaign(args: string[], config: Config, io: CliIo): Promise<number> {
  let asJson = args.includes("--json");
  try {
    // Flags and the request are checked before the store opens, so a typo costs no demo load.
    const command = parseCampaignArgs(args);
    asJson = command.json;
    await checkCampaignCommand(command, config.marketing);
    const store = await openConfiguredStore(config, silentLogger, {
      onDemo: (phase) => {
        if (phase === "start") write(io.stderr, "First run with an empty store: generating the demo shop (synthetic data)…");
      },
    });
    const stop = new AbortController();
    const onInterrupt = () => stop.abort();
    process.once("SIGINT", onInterrupt);
    let runtime: ReturnType<typeof createRuntime> | undefined;
    try {
      runtime = createRuntime(config, store, silentLogger);
      // As at server start: a job an earlier, killed run left unfinished is marked failed.
      await runtime.campaigns.recoverInterrupted();
      return await runCampaignCommand(command, { campaigns: runtime.campaigns, stdout: io.stdout, stderr: io.stderr, signal: stop.signal });
    } finally {
      process.off("SIGINT", onInterrupt);
      await runtime?.campaigns.close();
      await store.close();
    }
  } catch (error) {
    printError(io, toAppError(error), asJson);
    return error instanceof CampaignUsageError ? 2 : 1;
  }
}

async function commandKeys(args: string[], config: Config, io: CliIo): Promise<number> {
  try {
    return await withStore(config, (store) => runKeysCommand(args, { store, stdout: io.stdout, stderr: io.stderr }));
  } catch (error) {
    printError(io, toAppError(error), args.includes("--json"));
    return 1;
  }
}

function commandTools(io: CliIo): number {
  const tools = (io.tools ?? createToolRegistry()).list();
  if (tools.length === 0) write(io.stdout, "No tools are installed yet.");
  for (const tool of tools) write(io.stdout, `${tool.name}\n  ${tool.description}\n`);
  return 0;
}

async function commandServe(config: Config, io: CliIo): Promise<number> {
  try {
    const running = await startServer(config, {
      logger: createLogger(config, io.stdout),
      onDemo: (phase) => {
        if (phase === "start") write(io.stderr, "First start with an empty store: generating the demo shop (synthetic data)…");
      },
    });
    write(io.stderr, `Bullseye ${version} is running at ${running.url} (data: ${config.databasePath}). Press Ctrl+C to stop.`);
    await (io.untilStopped ??
      new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      }));
    await running.close();
    return 0;
  } catch (error) {
    printError(io, toAppError(error), false);
    return 1;
  }
}

async function commandBench(args: string[], io: CliIo): Promise<number> {
  const script = fileURLToPath(new URL("../../bench/run.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: "inherit" });
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", (error) => {
      write(io.stderr, `error: could not start the benchmarks: ${error.message}`);
      resolve(1);
    });
  });
}

const defaultIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  environment: process.env,
};

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === "--version" || command === "-v") {
    write(io.stdout, version);
    return 0;
  }
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    write(io.stdout, USAGE);
    return command === undefined ? 2 : 0;
  }
  let config: Config;
  try {
    config = loadConfig({}, io.environment);
  } catch (error) {
    printError(io, toAppError(error), command === "tool" || args.includes("--json"));
    return 1;
  }
  switch (command) {
    case "serve":
      return commandServe(config, io);
    case "import":
      return commandImport(args, config, io);
    case "demo":
      return commandDemo(args, config, io);
    case "tool":
      return commandTool(args, config, io);
    case "tools":
      return commandTools(io);
    case "keys":
      return commandKeys(args, config, io);
    case "chat":
      return commandChat(args, config, io);
    case "campaign":
      return commandCampaign(args, config, io);
    case "bench":
      return commandBench(args, io);
    default:
      write(io.stderr, `error: unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}
