/**
 * `bullseye campaign` end to end through `main` on a small demo store (seed 42, scale 0.1:
 * ~480 customers, so a campaign runs in about a second), with the real tools and the
 * builtin (offline) copy writer. One store file is shared by the file's tests: each run
 * only adds its own campaign.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS, campaignJobSchema, createCampaignService } from "../../src/agent/campaign/index.ts";
import { CampaignUsageError, formatCampaignResult, parseCampaignArgs, runCampaignCommand } from "../../src/cli/campaign-command.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { loadDemo } from "../../src/data/demo/index.ts";
import { DuckDbStore } from "../../src/data/store.ts";
import { draftCampaignCopy } from "../../tools/draft-campaign-copy/index.ts";
import { parseCsv } from "../agent/campaign/csv-parse.ts";
import { campaignRegistry, demoStore, testServices } from "../agent/campaign/setup.ts";
import { Capture, runCli } from "../helpers/cli.ts";

let directory: string;
let environment: Record<string, string>;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "bullseye-cli-campaign-"));
  const marketingFile = path.join(directory, "marketing.json");
  await writeFile(
    marketingFile,
    JSON.stringify({
      offers: [
        { code: "SPRING20", description: "20% off everything until Sunday", discountPercent: 20 },
        { description: "Free delivery on orders over £30", freeShipping: true },
      ],
    }),
  );
  environment = { BULLSEYE_DB: path.join(directory, "shop.duckdb"), BULLSEYE_DEMO: "1", BULLSEYE_MARKETING_FILE: marketingFile };
  const store = await DuckDbStore.open({ location: environment.BULLSEYE_DB! });
  await loadDemo(store, { seed: 42, scale: 0.1 });
  await store.close();
}, 60_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("bullseye campaign (runs)", () => {
  it("runs k=4 × sms,email, prints every segment with its copy, and writes one CSV row per variant", async () => {
    const csvPath = path.join(directory, "spring.csv");
    const run = await runCli(
      ["campaign", "--brief", "Spring picks for every customer group", "--channels", "sms,email", "--k", "4", "--csv", csvPath],
      { environment },
    );
    expect(run.stderr).not.toContain("error:");
    expect(run.code).toBe(0);

    const rows = parseCsv((await readFile(csvPath, "utf8")).replace(/^\uFEFF/, ""));
    const [header, ...records] = rows;
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(4 * 2 * 2);
    const column = (name: string) => header!.indexOf(name);
    const segmentNames = [...new Set(records.map((record) => record[column("segment")]!))];
    expect(segmentNames).toHaveLength(4);
    expect(new Set(records.map((record) => `${record[column("segment")]}/${record[column("channel")]}`)).size).toBe(8);

    // The summary names each segment with its size, and shows copy and counts per channel.
    expect(run.stdout).toMatch(/^Campaign cmp_\w+ succeeded in [\d.]+ s: 4 segments, [\d,]+ customers, 16 variants \(\d+ ready, \d+ failing\)\./);
    for (const name of segmentNames) {
      const size = records.find((record) => record[column("segment")] === name)![column("size")]!;
      expect(run.stdout).toContain(`. ${name}: ${Number(size).toLocaleString("en")} customers`);
    }
    expect(run.stdout.match(/^ {3}sms: \d ready, \d failing; written by builtin$/gm)).toHaveLength(4);
    expect(run.stdout.match(/^ {3}email: \d ready, \d failing; written by builtin$/gm)).toHaveLength(4);
    expect(run.stdout).toContain("Reply STOP to opt out");
    expect(run.stdout).toMatch(/^ {7}Subject: .+$/m);
    const failing = records.filter((record) => record[column("status")] === "failing").length;
    expect(run.stdout).toContain(failing === 0 ? "Every variant passed its checks (16 of 16)." : `${failing} of 16 variants failed their checks`);

    // Not a terminal: one plain line per step seen, no bar.
    expect(run.stderr).toMatch(/^\[ {2}0%\] segmenting customers$/m);
    expect(run.stderr).not.toContain("\x1b[");
    expect(run.stderr).toContain(`Wrote 16 rows (one per variant) to ${csvPath}.`);
  }, 60_000);

  it("prints the job as JSON with --json, keeps the offers in flag order, and draws a bar on a terminal", async () => {
    const comeback = { code: "COMEBACK15", description: "15% off your next order", discountPercent: 15, segments: ["Hibernating"] };
    const run = await runCli(
      [
        "campaign",
        "--brief", "win back lapsed customers",
        "--channels", "PUSH",
        "--k", "4",
        "--segments", "At risk,Hibernating",
        "--variants", "1",
        "--offer", "spring20",
        "--offer-json", JSON.stringify(comeback),
        "--json",
      ],
      { environment },
      ({ stderr }) => Object.assign(stderr, { isTTY: true }),
    );
    expect(run.code).toBe(0);
    const job = campaignJobSchema.parse(JSON.parse(run.stdout));
    expect(job).toMatchObject({ status: "succeeded", progress: 1, step: "done", error: null });
    expect(job.request).toMatchObject({ channels: ["push"], segmentation: { k: 4 }, targetSegments: ["At risk", "Hibernating"], variants: 1 });
    expect(job.request.offers).toEqual(["spring20", comeback]);
    const offers = Object.fromEntries(job.result!.segments.map((segment) => [segment.name, segment.offer?.code]));
    expect(offers).toEqual({ "At risk": "SPRING20", Hibernating: "COMEBACK15" });
    expect(job.result!.totals).toMatchObject({ segments: 2, drafts: 2, variants: 1 * 2 });
    // On a terminal the step label is drawn in a bar on one line, cleared at the end.
    expect(run.stderr).toMatch(/\r\x1b\[2KCampaign \[[█░]+\] +\d+% segmenting customers/);
    expect(run.stderr).not.toMatch(/\[ *\d+%\] /);
  }, 60_000);

  it("exits 1 with the reason when the job fails (an empty store with the demo off)", async () => {
    const empty = { ...environment, BULLSEYE_DB: path.join(directory, "empty.duckdb"), BULLSEYE_DEMO: "0" };
    const run = await runCli(["campaign", "--brief", "hello everyone", "--channels", "sms"], { environment: empty });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/error: campaign cmp_\w+ failed while segmenting customers: not enough data/);

    const json = await runCli(["campaign", "--brief", "hello everyone", "--channels", "sms", "--json"], { environment: empty });
    expect(json.code).toBe(1);
    expect(campaignJobSchema.parse(JSON.parse(json.stdout))).toMatchObject({ status: "failed", result: null });
    expect(JSON.parse(json.stderr.trim().split("\n").at(-1)!).error.category).toBe("user");
  }, 60_000);
});

describe("bullseye campaign (refused requests)", () => {
  // A store path that is never created shows the request was refused before the store opened.
  const untouched = () => ({ ...environment, BULLSEYE_DB: path.join(directory, "never.duckdb") });

  it("refuses an unknown channel as wrong usage, naming the channels, without opening the store", async () => {
    const run = await runCli(["campaign", "--brief", "hello everyone", "--channels", "sms,fax"], { environment: untouched() });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('error: --channels: there is no channel "fax"; use any of sms, email, push, social, ad.');
    expect(existsSync(path.join(directory, "never.duckdb"))).toBe(false);
  });

  it("refuses an unknown offer with exit 1, naming the approved offers and --offer-json", async () => {
    const run = await runCli(["campaign", "--brief", "hello everyone", "--channels", "sms", "--offer", "HALFPRICE"], { environment: untouched() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"HALFPRICE" is not an approved offer. Approved offers: SPRING20, Free delivery on orders over £30');
    expect(run.stderr).toContain("(set by --offer HALFPRICE; --offer-json");

    const json = await runCli(["campaign", "--brief", "hello everyone", "--channels", "sms", "--offer", "HALFPRICE", "--json"], {
      environment: untouched(),
    });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr).error).toMatchObject({
      code: "unknown_offer",
      category: "user",
      details: { offer: "HALFPRICE", approved: ["SPRING20", "Free delivery on orders over £30"] },
    });
    expect(existsSync(path.join(directory, "never.duckdb"))).toBe(false);
  });

  it("names the flags behind request fields the schema refuses", async () => {
    const run = await runCli(["campaign", "--brief", "hello everyone", "--channels", "sms", "--k", "20", "--variants", "9"], { environment: untouched() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("segmentation.k: Too big");
    expect(run.stderr).toContain("variants: Too big");
    expect(run.stderr).toContain("(set by --k, --variants)");

    const segment = await runCli(["campaign", "--brief", "hello everyone", "--channels", "sms", "--segments", "Nobody"], { environment: untouched() });
    expect(segment.code).toBe(1);
    expect(segment.stderr).toContain('no segment can be called "Nobody"');
    expect(segment.stderr).toContain("(set by --segments)");

    const offer = await runCli(
      ["campaign", "--brief", "hello everyone", "--channels", "sms", "--offer-json", '{"description":"too much","discountPercent":150}'],
      { environment: untouched() },
    );
    expect(offer.code).toBe(1);
    expect(offer.stderr).toContain("offers.0.discountPercent");
    expect(offer.stderr).toContain("(set by --offer-json #1)");
  });

  it("refuses a --csv folder that does not exist before running anything", async () => {
    const run = await runCli(
      ["campaign", "--brief", "hello everyone", "--channels", "sms", "--csv", path.join(directory, "missing", "out.csv"), "--json"],
      { environment: untouched() },
    );
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr).error).toMatchObject({ code: "csv_unwritable", category: "user" });
    expect(existsSync(path.join(directory, "never.duckdb"))).toBe(false);
  });

  it.each([
    [["--channels", "sms"], "--brief is required"],
    [["--brief", "hello everyone"], "--channels is required"],
    [["--brief", "hello everyone", "--channels", "sms,,email"], "no empty entries"],
    [["--brief", "hello everyone", "--channels", "sms", "--k", "four"], '--k must be a whole number, got "four"'],
    [["--brief", "hello everyone", "--channels", "sms", "--k", "4", "--k", "5"], "--k is given more than once"],
    [["--brief", "hello everyone", "--channels", "sms", "--offer-json", "{code:"], "--offer-json #1 is not valid JSON"],
    [["--brief", "hello everyone", "--channels", "sms", "--platform", "instagram"], "--platform must look like social=instagram_post"],
    [["--brief", "hello everyone", "--channels", "sms", "--colour", "red"], "Unknown option '--colour'"],
    [["--brief", "hello", "everyone", "--channels", "sms"], 'Unexpected argument "everyone"'],
    [["--brief"], "argument missing"],
  ])("treats %j as wrong usage (exit 2)", async (args, message) => {
    const run = await runCli(["campaign", ...args], { environment: untouched() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Usage:\n  bullseye campaign --brief");
  });

  it("is listed in the help", async () => {
    const run = await runCli(["help"], { environment });
    expect(run.stdout).toContain('campaign --brief "…" --channels sms,email');
  });
});

describe("parseCampaignArgs", () => {
  it("builds the request from the flags", () => {
    const command = parseCampaignArgs([
      "--brief", "  Spring  ",
      "--channels", "Email, social",
      "--segments", "1, 3",
      "--offer-json", '{"description":"10% off candles","discountPercent":10}',
      "--offer", "SPRING20",
      "--products", "2",
      "--brand-voice", "default",
      "--tone", "warm",
      "--language", "en-GB",
      "--platform", "social=instagram_post",
      "--csv", "out/campaign.csv",
    ]);
    expect(command).toEqual({
      request: {
        brief: "  Spring  ",
        channels: ["email", "social"],
        targetSegments: ["1", "3"],
        offers: [{ description: "10% off candles", discountPercent: 10 }, "SPRING20"],
        productsPerSegment: 2,
        brandVoice: "default",
        tone: "warm",
        language: "en-GB",
        platforms: { social: "instagram_post" },
      },
      csvPath: path.resolve("out/campaign.csv"),
      json: false,
      offerFlags: ["--offer-json #1", "--offer SPRING20"],
    });
  });

  it("throws CampaignUsageError for a repeated platform", () => {
    expect(() =>
      parseCampaignArgs(["--brief", "b", "--channels", "ad", "--platform", "ad=google_search_ad", "--platform", "ad=meta_ad"]),
    ).toThrow(CampaignUsageError);
  });
});

describe("runCampaignCommand", () => {
  it("stops the job when its signal is aborted and exits 1 saying it was recorded as interrupted", async () => {
    const store = await demoStore(0.1);
    const campaigns = createCampaignService({ services: testServices(store), tools: campaignRegistry(draftCampaignCopy), logger: silentLogger });
    try {
      const stop = new AbortController();
      stop.abort();
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await runCampaignCommand(parseCampaignArgs(["--brief", "hello everyone", "--channels", "sms"]), {
        campaigns,
        stdout,
        stderr,
        signal: stop.signal,
      });
      expect(code).toBe(1);
      expect(stderr.text).toMatch(/^Stopped: campaign cmp_\d+ is recorded as failed \(interrupted\)/);
      const [job] = await campaigns.list();
      expect(job).toMatchObject({ status: "failed", errorCode: "interrupted" });
    } finally {
      await campaigns.close();
      await store.close();
    }
  }, 60_000);

  it("summarises a channel with no ready variant as failing, with its failed checks", async () => {
    const run = await runCli(
      ["campaign", "--brief", "hello everyone", "--channels", "sms", "--k", "3", "--segments", "1", "--variants", "2", "--json"],
      { environment },
    );
    expect(run.code).toBe(0);
    const job = campaignJobSchema.parse(JSON.parse(run.stdout));
    const result = structuredClone(job.result!);
    // Mark every variant of the one channel as failing a check, as a draft that kept failing is stored.
    const copy = result.segments[0]!.channels[0]!;
    for (const variant of copy.variants) {
      variant.status = "failing";
      variant.checks = { ok: false, results: [{ id: "sms.segments", status: "fail", message: "The SMS takes 3 parts; at most 2 are allowed." }] };
    }
    result.totals = { ...result.totals, ready: 0, failing: copy.variants.length };
    const text = formatCampaignResult(job.campaignId, result);
    expect(text).toContain("   sms: 0 ready, 2 failing; written by builtin");
    expect(text).toContain("No variant passed the checks; do not send this copy as it is.");
    expect(text).toContain("✗ variant 1: sms.segments: The SMS takes 3 parts; at most 2 are allowed.");
    expect(text).not.toContain("Reply STOP to opt out");
    expect(text).toContain("2 of 2 variants failed their checks after redrafting: never send those as they are");
  }, 60_000);
});
