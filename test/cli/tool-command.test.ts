import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import { DuckDbStore } from "../../src/data/store.ts";
import { runCli } from "../helpers/cli.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";

let directory: string;
let environment: Record<string, string>;
const tools = new ToolRegistry([countCustomersTool]);

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "bullseye-cli-tool-"));
  environment = { BULLSEYE_DB: path.join(directory, "shop.duckdb") };
  const store = await DuckDbStore.open({ location: environment.BULLSEYE_DB! });
  await store.run("INSERT INTO customers (customer_id, country) VALUES ('1', 'France'), ('2', 'France'), ('3', 'Spain')");
  await store.close();
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("bullseye tool", () => {
  it("runs a tool with JSON input from the argument and prints JSON output", async () => {
    const run = await runCli(["tool", "count_customers", '{"country":"France"}'], { environment, tools });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ customers: 2, summary: "2 customers" });
  });

  it("reads JSON input from stdin when no argument is given", async () => {
    const run = await runCli(["tool", "count_customers"], { environment, tools, stdin: '{"country":"Spain"}' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).customers).toBe(1);
  });

  it("prints invalid input as a JSON error on stderr naming the field, with exit code 1", async () => {
    const run = await runCli(["tool", "count_customers", '{"limit": 0}'], { environment, tools });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const { error } = JSON.parse(run.stderr);
    expect(error).toMatchObject({ code: "invalid_input", category: "user" });
    expect(error.details.issues[0].path).toBe("limit");
  });

  it("prints malformed JSON input as a JSON error", async () => {
    const run = await runCli(["tool", "count_customers", "{country:"], { environment, tools });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr).error.code).toBe("invalid_input");
  });

  it("refuses unknown tools with the list of real ones", async () => {
    const run = await runCli(["tool", "__proto__", "{}"], { environment, tools });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr).error).toMatchObject({ code: "unknown_tool", details: { available: ["count_customers"] } });
  });

  it("passes a tool's world-rule error through as JSON", async () => {
    const run = await runCli(["tool", "count_customers", '{"country":"Atlantis"}'], { environment, tools });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stderr).error).toMatchObject({ code: "unknown_country", category: "not-found" });
  });

  it("reports usage errors with exit code 2", async () => {
    const run = await runCli(["tool"], { environment, tools });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).error.code).toBe("invalid_usage");
  });
});

describe("bullseye (other commands)", () => {
  it("prints help, the version, and rejects unknown commands", async () => {
    expect((await runCli(["help"], { environment })).stdout).toContain("import <kind> <file> [--skip-bad-rows]");
    expect((await runCli(["--version"], { environment })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = await runCli(["frobnicate"], { environment });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it("reports a bad environment variable by name", async () => {
    const run = await runCli(["tools"], { environment: { ...environment, PORT: "eighty" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PORT/);
  });
});
