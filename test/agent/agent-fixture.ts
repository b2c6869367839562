/**
 * A chat agent wired to the fake OpenAI-compatible server through the real client
 * (`createOpenAiChatModel`), over a small in-memory store with three customers and two
 * real tools: `count_customers` (test/helpers/echo-tool.ts) and `find_customer`, which
 * returns a customer's contact details the way a careless tool might.
 */
import { z } from "zod";
import { NotFoundError } from "../../src/core/errors.ts";
import { type Logger, silentLogger } from "../../src/core/ports.ts";
import { type AnyTool, type ToolServices, ToolRegistry, defineTool } from "../../src/core/tool.ts";
import { type ChatAgentDependencies, createChatAgent } from "../../src/agent/chat-agent.ts";
import type { AgentEvent, ChatAgent, ChatRequest } from "../../src/agent/types.ts";
import { type OpenAiCompatibleChatModel, createOpenAiChatModel } from "../../src/models/chat/openai.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { FakeOpenAiServer } from "../fakes/openai-server.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";

/** Contact details of the first customer, which must never reach an external model. */
export const ANN = { id: "12347", name: "Ann Lee", email: "ann.lee@example.com", phone: "+44 7700 900123" };

/** A tool whose output carries a customer's name, email and phone (in the data and in the summary). */
export const findCustomerTool = defineTool({
  name: "find_customer",
  description: "Looks a customer up by id. Returns the customer's country and contact details.",
  inputSchema: z.object({ customerId: z.string().min(1).max(20).describe("Customer id, e.g. 12347") }).strict(),
  outputSchema: z.object({
    summary: z.string(),
    customer: z.object({ customerId: z.string(), name: z.string(), email: z.string(), phone: z.string(), country: z.string() }),
  }),
  examples: [{ request: "who is customer 12347", input: { customerId: "12347" } }],
  async execute(input, context) {
    const [row] = await context.store.query<{ customer_id: string; name: string; email: string; phone: string; country: string }>(
      "SELECT customer_id, name, email, phone, country FROM customers WHERE customer_id = $1",
      [input.customerId],
    );
    if (row === undefined) throw new NotFoundError("unknown_customer", `No customer ${input.customerId}; customer ids look like 12347.`);
    return {
      summary: `Customer ${row.customer_id} lives in ${row.country}; reach them at ${row.email} or ${row.phone}.`,
      customer: { customerId: row.customer_id, name: row.name, email: row.email, phone: row.phone, country: row.country },
    };
  },
});

export interface AgentFixture {
  server: FakeOpenAiServer;
  store: DuckDbStore;
  services: ToolServices;
  /** The real OpenAI-compatible client pointed at the fake server. */
  model(settings?: { timeoutMs?: number | undefined; maxRetries?: number | undefined }): OpenAiCompatibleChatModel;
  make(overrides?: Partial<ChatAgentDependencies> & { timeoutMs?: number; maxRetries?: number }): ChatAgent;
  close(): Promise<void>;
}

/** A logger that keeps what it is given, for tests that check what was logged. */
export function recordingLogger(): Logger & { entries: Array<{ level: string; object: object; message?: string | undefined }> } {
  const entries: Array<{ level: string; object: object; message?: string | undefined }> = [];
  const at = (level: string) => (object: object, message?: string) => void entries.push({ level, object, message });
  return { entries, info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
}

export async function startAgentFixture(tools: readonly AnyTool[] = [countCustomersTool, findCustomerTool]): Promise<AgentFixture> {
  const server = await FakeOpenAiServer.start();
  const store = await memoryStore();
  await store.run(
    `INSERT INTO customers (customer_id, name, email, phone, country) VALUES
      ('12347', 'Ann Lee', 'ann.lee@example.com', '+44 7700 900123', 'France'),
      ('12348', 'Bo Chan', 'bo@example.org', '+44 7700 900456', 'France'),
      ('12349', 'Cy Dorn', 'cy@example.net', '+44 7700 900789', 'Germany')`,
  );
  const { logger: _logger, ...services } = testContext(store);
  const model = ({ timeoutMs = 2_000, maxRetries = 2 }: { timeoutMs?: number | undefined; maxRetries?: number | undefined } = {}) =>
    createOpenAiChatModel(
      { baseUrl: server.baseUrl, apiKey: undefined, model: "fake-gpt", timeoutMs, maxRetries },
      { retryBaseDelayMs: 10, maxRetryDelayMs: 50 },
    );
  return {
    server,
    store,
    services,
    model,
    make(overrides = {}) {
      const { timeoutMs, maxRetries, ...rest } = overrides;
      return createChatAgent({
        services,
        tools: new ToolRegistry(tools),
        model: model({ timeoutMs, maxRetries }),
        modelId: "openai:fake-gpt",
        external: true,
        redactPii: true,
        maxSteps: 6,
        logger: silentLogger,
        ...rest,
      });
    },
    async close() {
      await server.close();
      await store.close();
    },
  };
}

/** Runs one turn and collects its events. */
export async function collect(agent: ChatAgent, request: Omit<ChatRequest, "actor"> & { actor?: string }, signal?: AbortSignal): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of agent.chat({ actor: "test", ...request }, signal === undefined ? {} : { signal })) events.push(event);
  return events;
}

/** The `done` event of a turn (the last one). */
export function doneOf(events: readonly AgentEvent[]): Extract<AgentEvent, { type: "done" }> {
  const last = events.at(-1);
  if (last?.type !== "done") throw new Error(`The turn did not end with done: ${JSON.stringify(events.map((event) => event.type))}`);
  return last;
}

/** The error a turn throws. */
export async function failureOf(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => {
      throw new Error("expected the turn to fail");
    },
    (error: unknown) => error,
  );
}
