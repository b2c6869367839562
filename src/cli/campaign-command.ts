/**
 * `bullseye campaign`: generate a whole campaign from the terminal, without a chat.
 *
 *   campaign --brief "…" --channels sms,email [--k 4] [--segments "At risk,Champions" | 1,3]
 *            [--variants 2] [--products 3] [--offer CODE]… [--offer-json '{…}']…
 *            [--brand-voice name] [--tone …] [--language en] [--platform social=instagram_post]…
 *            [--csv out.csv] [--json]
 *
 * The flags build a `POST /api/campaigns` request (see src/agent/campaign/schema.ts), which
 * is checked before the store is opened so a typo costs no demo load, then run in this
 * process by the campaign service. Progress goes to stderr (a bar on a terminal, one line
 * per step elsewhere); stdout gets a readable summary, or the job as JSON with `--json`.
 * Exit codes: 0 the campaign succeeded (failing variants are counted, not fatal), 1 it
 * failed or was refused, 2 wrong usage.
 */
import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { CHANNELS, type CampaignJob, type CampaignRequest, type CampaignRequestInput, type CampaignResult, type CampaignSegment, campaignRequestSchema } from "../agent/campaign/schema.ts";
import { checkCampaignRequest } from "../agent/campaign/request-checks.ts";
import type { CampaignService } from "../agent/campaign/service.ts";
import { AppError, ValidationError, describeIssues, fieldIssuesFrom, toAppError } from "../core/errors.ts";
import type { MarketingSettings } from "../core/marketing.ts";
import { createProgressBar } from "./progress.ts";

export const CAMPAIGN_USAGE = `Usage:
  bullseye campaign --brief "…" --channels sms,email [--k 4] [--segments "At risk,Champions" | 1,3]
                    [--variants 2] [--products 3] [--offer CODE]… [--offer-json '{"description":"…","discountPercent":10}']…
                    [--brand-voice name] [--tone warm] [--language en] [--platform social=instagram_post]…
                    [--csv out.csv] [--json]
Channels: ${CHANNELS.join(", ")}. --offer names an offer approved in the marketing settings (code or description);
--offer-json approves one for this campaign. Both repeat; the first that fits a segment is used.`;

/** Wrong use of `bullseye campaign` (exit code 2). */
export class CampaignUsageError extends AppError {
  constructor(message: string) {
    super("invalid_usage", "user", `${message}\n${CAMPAIGN_USAGE}`);
  }
}

/** A parsed `bullseye campaign` command line. */
export interface CampaignCommand {
  /** The request as the flags give it; `checkCampaignCommand` validates it. */
  request: CampaignRequestInput;
  /** Where `--csv` writes the export, resolved against the working directory. */
  csvPath?: string;
  /** `--json`: print the job as JSON instead of the summary. */
  json: boolean;
  /** For each entry of `request.offers`, the flag that gave it (`--offer SPRING20`), for error messages. */
  offerFlags: string[];
}

/** Flags that take one value (`parseArgs` would silently keep the last of repeats). */
const SINGLE_OPTIONS = [
  "brief",
  "channels",
  "k",
  "segments",
  "variants",
  "products",
  "brand-voice",
  "tone",
  "language",
  "csv",
] as const;

/** Request fields and the flags that set them, to put service messages in the command's terms. */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  brief: "--brief",
  channels: "--channels",
  segmentation: "--k",
  targetSegments: "--segments",
  variants: "--variants",
  productsPerSegment: "--products",
  brandVoice: "--brand-voice",
  tone: "--tone",
  language: "--language",
  platforms: "--platform",
};

function list(flag: string, value: string): string[] {
  const items = value.split(",").map((item) => item.trim());
  if (items.some((item) => item === "")) {
    throw new CampaignUsageError(`${flag} is a comma-separated list with no empty entries, got "${value}".`);
  }
  return items;
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value.trim())) throw new CampaignUsageError(`${flag} must be a whole number, got "${value}".`);
  return Number(value.trim());
}

function parseOfferJson(value: string, position: number): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new CampaignUsageError(
      `--offer-json #${position} is not valid JSON (${(error as Error).message}). ` +
        `Pass an object such as '{"description":"10% off candles","discountPercent":10,"code":"CANDLE10"}'.`,
    );
  }
}

/**
 * Parses the flags of `bullseye campaign` into a request. Throws `CampaignUsageError` for
 * unknown or repeated flags, missing `--brief`/`--channels`, an unknown channel, a number
 * that is not one or `--offer-json` that is not JSON; everything else is left to the
 * request schema (`checkCampaignCommand`).
 */
export function parseCampaignArgs(args: readonly string[]): CampaignCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      tokens: true,
      options: {
        brief: { type: "string" },
        channels: { type: "string" },
        k: { type: "string" },
        segments: { type: "string" },
        variants: { type: "string" },
        products: { type: "string" },
        "brand-voice": { type: "string" },
        tone: { type: "string" },
        language: { type: "string" },
        csv: { type: "string" },
        offer: { type: "string", multiple: true },
        "offer-json": { type: "string", multiple: true },
        platform: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
    });
  } catch (error) {
    // node:util reports unknown flags and missing values as TypeErrors with readable messages.
    throw new CampaignUsageError((error as Error).message);
  }
  const { values, positionals, tokens } = parsed;
  if (positionals.length > 0) {
    throw new CampaignUsageError(`Unexpected argument "${positionals[0]}"; put the brief in --brief "…" (quoted).`);
  }
  for (const name of SINGLE_OPTIONS) {
    if (tokens.filter((token) => token.kind === "option" && token.name === name).length > 1) {
      throw new CampaignUsageError(`--${name} is given more than once; give it once (lists are comma-separated).`);
    }
  }
  const text = (name: (typeof SINGLE_OPTIONS)[number]): string | undefined => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };

  const brief = text("brief");
  if (brief === undefined) throw new CampaignUsageError('--brief is required: what the campaign is for, e.g. --brief "win back lapsed customers".');
  const channelsText = text("channels");
  if (channelsText === undefined) throw new CampaignUsageError(`--channels is required: any of ${CHANNELS.join(", ")}, comma-separated.`);
  const channels = list("--channels", channelsText).map((channel) => channel.toLowerCase());
  for (const channel of channels) {
    if (!(CHANNELS as readonly string[]).includes(channel)) {
      throw new CampaignUsageError(`--channels: there is no channel "${channel}"; use any of ${CHANNELS.join(", ")}.`);
    }
  }

  // Offers keep their command-line order across --offer and --offer-json: the first one
  // that fits a segment is the one its copy may mention.
  const offers: unknown[] = [];
  const offerFlags: string[] = [];
  let jsonOffers = 0;
  const platforms: Record<string, string> = {};
  for (const token of tokens) {
    if (token.kind !== "option" || token.value === undefined) continue;
    if (token.name === "offer") {
      offers.push(token.value);
      offerFlags.push(`--offer ${token.value}`);
    } else if (token.name === "offer-json") {
      jsonOffers += 1;
      offers.push(parseOfferJson(token.value, jsonOffers));
      offerFlags.push(`--offer-json #${jsonOffers}`);
    } else if (token.name === "platform") {
      const match = /^(social|ad)=(.+)$/.exec(token.value.trim());
      if (match === null) {
        throw new CampaignUsageError(`--platform must look like social=instagram_post or ad=google_search_ad, got "${token.value}".`);
      }
      if (platforms[match[1]!] !== undefined) throw new CampaignUsageError(`--platform ${match[1]}=… is given more than once.`);
      platforms[match[1]!] = match[2]!;
    }
  }

  const k = wholeNumber("--k", text("k"));
  const variants = wholeNumber("--variants", text("variants"));
  const products = wholeNumber("--products", text("products"));
  const segments = text("segments");
  const brandVoice = text("brand-voice");
  const tone = text("tone");
  const language = text("language");
  const csv = text("csv");
  if (csv !== undefined && csv.trim() === "") throw new CampaignUsageError("--csv needs a file name, e.g. --csv campaign.csv.");

  // Built loosely typed on purpose: the schema, not this parser, decides what is valid.
  const request: Record<string, unknown> = { brief, channels };
  if (k !== undefined) request.segmentation = { k };
  if (segments !== undefined) request.targetSegments = list("--segments", segments);
  if (offers.length > 0) request.offers = offers;
  if (variants !== undefined) request.variants = variants;
  if (products !== undefined) request.productsPerSegment = products;
  if (brandVoice !== undefined) request.brandVoice = brandVoice;
  if (tone !== undefined) request.tone = tone;
  if (language !== undefined) request.language = language;
  if (Object.keys(platforms).length > 0) request.platforms = platforms;
  return {
    request: request as CampaignRequestInput,
    ...(csv === undefined ? {} : { csvPath: path.resolve(csv) }),
    json: values.json === true,
    offerFlags,
  };
}

/** The flags behind the request fields an error names (`segmentation.k` → `--k`). */
function flagsFor(fieldPaths: readonly string[], command: CampaignCommand): string[] {
  const flags = new Set<string>();
  for (const fieldPath of fieldPaths) {
    const [field, index] = fieldPath.split(".");
    if (field === "offers") {
      const flag = index === undefined ? undefined : command.offerFlags[Number(index)];
      flags.add(flag ?? "--offer/--offer-json");
    } else if (field !== undefined && FLAG_OF_FIELD[field] !== undefined) {
      flags.add(FLAG_OF_FIELD[field]);
    }
  }
  return [...flags];
}

/**
 * A request error from the schema or the service, with the flags it is about named, so
 * "segmentation.k: Too big" also says "--k". Other errors pass through unchanged.
 */
export function inCommandTerms(error: unknown, command: CampaignCommand): AppError {
  const appError = toAppError(error);
  if (appError.category !== "user" || appError instanceof CampaignUsageError) return appError;
  const details = appError.details ?? {};
  const paths: string[] = [];
  if (Array.isArray(details.issues)) {
    for (const issue of details.issues as Array<{ path?: unknown }>) if (typeof issue.path === "string") paths.push(issue.path);
  }
  if (typeof details.path === "string") paths.push(details.path);
  const flags = flagsFor(paths, command);
  if (flags.length === 0) return appError;
  // The service suggests "an object in the request"; on the command line that is --offer-json.
  const hint = appError.code === "unknown_offer" ? `; --offer-json '{"description":"…","discountPercent":10}' approves a new offer for this campaign only` : "";
  return new AppError(appError.code, appError.category, `${appError.message}\n(set by ${flags.join(", ")}${hint})`, {
    ...(appError.details === undefined ? {} : { details: appError.details }),
    cause: appError,
  });
}

/**
 * Validates the command's request as the campaign service will (the request schema, then
 * the approved offers, brand voices and segment names in `marketing`), and checks that the
 * `--csv` folder exists, so mistakes surface before the store opens. Returns the request
 * with defaults filled in; throws the service's errors, with the flags named.
 */
export async function checkCampaignCommand(command: CampaignCommand, marketing: MarketingSettings): Promise<CampaignRequest> {
  try {
    const parsed = campaignRequestSchema.safeParse(command.request);
    if (!parsed.success) {
      const issues = fieldIssuesFrom(parsed.error.issues);
      throw new ValidationError(`Invalid campaign request: ${describeIssues(issues)}.`, issues);
    }
    checkCampaignRequest(parsed.data, marketing);
    if (command.csvPath !== undefined) await checkCsvTarget(command.csvPath);
    return parsed.data;
  } catch (error) {
    throw inCommandTerms(error, command);
  }
}

async function checkCsvTarget(file: string): Promise<void> {
  const folder = path.dirname(file);
  const folderStat = await stat(folder).catch(() => undefined);
  if (folderStat?.isDirectory() !== true) {
    throw new AppError("csv_unwritable", "user", `--csv: the folder ${folder} does not exist. Create it, or write the CSV somewhere else.`, {
      details: { path: file },
    });
  }
  const fileStat = await stat(file).catch(() => undefined);
  if (fileStat?.isDirectory() === true) {
    throw new AppError("csv_unwritable", "user", `--csv: ${file} is a folder; give a file name such as ${path.join(file, "campaign.csv")}.`, {
      details: { path: file },
    });
  }
}

/** What `runCampaignCommand` works with; the CLI passes the runtime's campaign service. */
export interface CampaignCommandIo {
  campaigns: CampaignService;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Recorded as the job's actor. Default `cli`. */
  actor?: string;
  /** Aborting it (Ctrl+C) stops the job; it is recorded as failed (interrupted). */
  signal?: AbortSignal;
  /** How often the job is read for progress, in ms. Default 100. */
  pollIntervalMs?: number;
}

function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** Waits `ms`, or less when `early` settles first; leaves no timer behind. */
function pause(ms: number, early: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
    early.then(() => undefined),
  ]).finally(() => clearTimeout(timer));
}

/** Follows a started job to its end, drawing progress on stderr. */
async function follow(campaignId: string, io: CampaignCommandIo): Promise<CampaignJob> {
  const bar = createProgressBar(io.stderr, "Campaign");
  const lines = io.stderr.isTTY !== true;
  const idle = io.campaigns.whenIdle();
  let lastStep = "";
  try {
    for (;;) {
      const job = await io.campaigns.get(campaignId);
      if (job.status === "succeeded" || job.status === "failed") return job;
      if (job.step !== lastStep && job.status === "running") {
        lastStep = job.step;
        if (lines) write(io.stderr, `[${`${Math.floor(job.progress * 100)}%`.padStart(4)}] ${job.step}`);
      }
      bar.update(job.progress, 1, job.step);
      await pause(io.pollIntervalMs ?? 100, idle);
    }
  } finally {
    bar.finish();
  }
}

const COPY_LABELS: Readonly<Record<string, string>> = {
  subject: "Subject",
  preheader: "Preheader",
  title: "Title",
  headline: "Headline",
  description: "Description",
  primaryText: "Primary text",
  text: "",
  body: "",
};

function indent(text: string, prefix: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() === "" ? "" : `${prefix}${line}`))
    .join("\n");
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;
}

function formatSegment(segment: CampaignSegment): string[] {
  const lines = [
    `${segment.number}. ${segment.name}: ${plural(segment.size, "customer")} (${(segment.share * 100).toFixed(0)}% of those segmented)`,
    indent(segment.description, "   "),
  ];
  if (segment.offer !== null) {
    lines.push(`   Offer: ${segment.offer.code === undefined ? "" : `${segment.offer.code}: `}${segment.offer.description}`);
  }
  lines.push(
    segment.products.length === 0
      ? "   Products: none recommended"
      : `   Products: ${segment.products.map((product) => `${product.name} (${product.productId})`).join("; ")}`,
  );
  for (const copy of segment.channels) {
    const ready = copy.variants.filter((variant) => variant.status === "ready");
    const failing = copy.variants.length - ready.length;
    const where = copy.platform === undefined ? copy.channel : `${copy.channel} (${copy.platform})`;
    lines.push(`   ${where}: ${ready.length} ready, ${failing} failing; written by ${copy.writer}`);
    const first = ready[0];
    if (first === undefined) {
      const variant = copy.variants[0];
      const failed = variant?.checks.results.filter((check) => check.status === "fail") ?? [];
      lines.push("     No variant passed the checks; do not send this copy as it is.");
      for (const check of failed.slice(0, 3)) lines.push(`     ✗ variant ${variant?.index}: ${check.id}: ${check.message}`);
      continue;
    }
    lines.push(`     Variant ${first.index}${first.angle === undefined ? "" : ` (${first.angle})`}:`);
    for (const [field, value] of Object.entries(first.content)) {
      const label = COPY_LABELS[field];
      if (label === undefined || typeof value !== "string") continue;
      lines.push(label === "" ? indent(value, "       ") : `       ${label}: ${value}`);
    }
  }
  return lines;
}

/** The readable summary of a finished campaign: totals, then per segment its products and first ready copy per channel. */
export function formatCampaignResult(campaignId: string, result: CampaignResult): string {
  const { totals, segmentation, targeting } = result;
  const lines = [
    `Campaign ${campaignId} succeeded in ${(result.durationMs / 1000).toFixed(1)} s: ` +
      `${plural(totals.segments, "segment")}, ${plural(totals.customers, "customer")}, ` +
      `${plural(totals.variants, "variant")} (${totals.ready.toLocaleString("en")} ready, ${totals.failing.toLocaleString("en")} failing).`,
    `Segmentation ${segmentation.segmentationId}: k = ${segmentation.k} (${segmentation.kChosenBy === "input" ? "as asked" : "chosen by silhouette"}), ` +
      `silhouette ${segmentation.silhouette.toFixed(2)}, ${plural(segmentation.customerCount, "customer")} as of ${segmentation.asOf.slice(0, 10)}.`,
    `Targeting: ${targeting.explanation}`,
    "",
  ];
  for (const segment of result.segments) lines.push(...formatSegment(segment), "");
  if (totals.failing > 0) {
    lines.push(
      `${totals.failing.toLocaleString("en")} of ${plural(totals.variants, "variant")} failed their checks after redrafting: ` +
        "never send those as they are (--json and --csv list the failed checks).",
    );
  } else {
    lines.push(`Every variant passed its checks (${totals.ready.toLocaleString("en")} of ${totals.variants.toLocaleString("en")}).`);
  }
  return lines.join("\n");
}

/**
 * Starts the campaign on the service, follows it to the end with progress on stderr, and
 * prints the summary (or the job as JSON) on stdout; writes `--csv` when it succeeded.
 * Returns the exit code: 0 succeeded, 1 failed or refused. Throws nothing: errors are
 * written to stderr (as JSON with `--json`).
 */
export async function runCampaignCommand(command: CampaignCommand, io: CampaignCommandIo): Promise<number> {
  const report = (error: unknown) => {
    const appError = inCommandTerms(error, command);
    write(io.stderr, command.json ? JSON.stringify(appError.toJSON()) : `error: ${appError.message}`);
    return 1;
  };
  let campaignId: string;
  try {
    ({ campaignId } = await io.campaigns.start(command.request, io.actor ?? "cli"));
  } catch (error) {
    return report(error);
  }
  const stop = () => void io.campaigns.close();
  if (io.signal?.aborted === true) stop();
  else io.signal?.addEventListener("abort", stop, { once: true });
  let job: CampaignJob;
  try {
    job = await follow(campaignId, io);
  } catch (error) {
    return report(error);
  } finally {
    io.signal?.removeEventListener("abort", stop);
  }

  if (command.json) write(io.stdout, JSON.stringify(job, null, 2));
  if (job.status === "failed" || job.result === null) {
    const reason = job.error ?? { code: "unknown", category: "internal" as const, message: "The campaign failed without a recorded reason." };
    if (io.signal?.aborted === true) {
      write(io.stderr, `Stopped: campaign ${campaignId} is recorded as failed (interrupted); run the command again to redo it.`);
    } else if (command.json) {
      write(io.stderr, JSON.stringify({ error: reason }));
    } else {
      write(io.stderr, `error: campaign ${campaignId} failed while ${job.step}: ${reason.message}`);
    }
    return 1;
  }

  if (!command.json) write(io.stdout, formatCampaignResult(campaignId, job.result));
  else if (job.result.totals.failing > 0) {
    write(io.stderr, `${job.result.totals.failing} of ${job.result.totals.variants} variants failed their checks; never send those as they are.`);
  }
  if (command.csvPath !== undefined) {
    try {
      const csv = await io.campaigns.toCsv(campaignId);
      await writeFile(command.csvPath, csv, "utf8");
      const rows = job.result.totals.variants;
      write(io.stderr, `Wrote ${plural(rows, "row")} (one per variant) to ${command.csvPath}.`);
    } catch (error) {
      const cause = error instanceof AppError ? error : undefined;
      return report(
        cause ??
          new AppError(
            "csv_unwritable",
            "user",
            `Campaign ${campaignId} succeeded, but the CSV could not be written to ${command.csvPath}: ${(error as Error).message}.`,
            { details: { path: command.csvPath, campaignId }, cause: error },
          ),
      );
    }
  }
  return 0;
}
