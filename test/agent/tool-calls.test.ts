import { ToolMessage } from "@langchain/core/messages";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseModelView } from "../../src/core/model-view.ts";
import { type ToolContext, defineTool } from "../../src/core/tool.ts";
import { executeToolCall, inputJsonSchema, toLangChainTool } from "../../src/agent/tool-calls.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";
import { recordingLogger } from "./agent-fixture.ts";

let store: DuckDbStore;
let context: ToolContext;

beforeAll(async () => {
  store = await memoryStore();
  await store.run("INSERT INTO customers (customer_id, country) VALUES ('1', 'France'), ('2', 'Spain')");
  context = testContext(store);
});

afterAll(async () => {
  await store.close();
});

const brokenTool = defineTool({
  name: "broken_tool",
  description: "Always fails with a bug.",
  inputSchema: z.object({}).strict(),
  outputSchema: z.object({ summary: z.string() }),
  examples: [],
  async execute() {
    throw new TypeError("Cannot read properties of undefined (reading 'rows') at /srv/secret/path.ts:12");
  },
});

describe("executeToolCall", () => {
  it("gives the model a compact view and people the full output", async () => {
    const result = await executeToolCall(countCustomersTool, { country: "France" }, context);
    expect(parseModelView(result.content)).toEqual({ tool: "count_customers", ok: true, summary: "1 customers", data: { customers: 1 } });
    expect(result.artifact).toEqual({ ok: true, summary: "1 customers", output: { summary: "1 customers", customers: 1 }, timingMs: expect.any(Number) });
  });

  it("returns world-rule and input errors as views the model can act on", async () => {
    const missing = await executeToolCall(countCustomersTool, { country: "Peru" }, context);
    expect(parseModelView(missing.content)).toEqual({ tool: "count_customers", ok: false, error: { code: "unknown_country", message: 'No customers in "Peru".' } });
    expect(missing.artifact).toMatchObject({ ok: false, error: { code: "unknown_country", category: "not-found" } });
    const invalid = await executeToolCall(countCustomersTool, { country: 7, colour: "red" }, context);
    expect(parseModelView(invalid.content)).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(/country: .*string/) } });
  });

  it("hides an unexpected error's details from the model and logs them", async () => {
    const logger = recordingLogger();
    const result = await executeToolCall(brokenTool, {}, { ...context, logger });
    const view = parseModelView(result.content);
    expect(view).toMatchObject({ ok: false, error: { code: "internal_error" } });
    expect(result.content).not.toMatch(/secret|TypeError|\.ts:/);
    expect(logger.entries).toEqual([expect.objectContaining({ level: "error", message: "tool failed unexpectedly" })]);
  });

  it("throws when the caller cancelled, instead of reporting a tool error", async () => {
    const controller = new AbortController();
    controller.abort(new Error("client went away"));
    await expect(executeToolCall(countCustomersTool, {}, { ...context, signal: controller.signal })).rejects.toThrow(/client went away|aborted/);
  });
});

describe("big outputs", () => {
  const bigTool = defineTool({
    name: "list_everything",
    description: "Lists many rows.",
    inputSchema: z.object({}).strict(),
    outputSchema: z.object({ summary: z.string(), rows: z.array(z.object({ customerId: z.string(), name: z.string(), spend: z.number() })) }),
    examples: [],
    async execute() {
      const rows = Array.from({ length: 2_000 }, (_, index) => ({ customerId: String(10_000 + index), name: `Person ${index}`, spend: index * 1.2345678 }));
      return { summary: "2000 customers listed.", rows };
    },
  });

  it("sends the model a bounded summary without names, and keeps every row for people", async () => {
    const result = await executeToolCall(bigTool, {}, context);
    expect(result.content.length).toBeLessThanOrEqual(6_000);
    expect(result.content).not.toContain("Person ");
    const view = parseModelView(result.content);
    expect(view).toMatchObject({ ok: true, summary: "2000 customers listed." });
    expect(JSON.stringify(view)).toMatch(/… 19\d\d more/);
    expect(result.artifact.ok && (result.artifact.output.rows as unknown[]).length).toBe(2_000);
  });
});

describe("toLangChainTool", () => {
  it("describes the tool with its input JSON schema (defaults optional) and answers with view and artifact", async () => {
    const adapted = toLangChainTool(countCustomersTool, () => context);
    expect(adapted.name).toBe("count_customers");
    expect(adapted.description).toBe(countCustomersTool.description);
    const schema = inputJsonSchema(countCustomersTool);
    expect(schema).toMatchObject({ type: "object", properties: { country: { type: "string" }, limit: { default: 10 } } });
    expect(schema.required ?? []).not.toContain("limit");
    // Invoked with a tool call, a LangChain tool answers with a ToolMessage (its declared type is the raw tuple).
    const message: unknown = await adapted.invoke({ id: "call_9", name: "count_customers", args: { country: "Spain" }, type: "tool_call" });
    if (!ToolMessage.isInstance(message)) throw new Error("expected a ToolMessage");
    const toolMessage = message;
    expect(toolMessage.tool_call_id).toBe("call_9");
    expect(parseModelView(String(toolMessage.content))).toMatchObject({ ok: true, summary: "1 customers" });
    expect(toolMessage.artifact).toMatchObject({ ok: true, output: { customers: 1 } });
  });
});
