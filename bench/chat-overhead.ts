/**
 * Bench of the chat API's own overhead: what `POST /api/chat` costs per request when the
 * model and the tool cost nothing.
 *
 * An in-process chat model answers at once (no network, no tokens): on the first call of a
 * turn it calls a trivial tool, and once the tool has answered it writes a short text,
 * streamed in a few chunks as the builtin planner streams. Everything else is the real
 * thing: `createChatAgent` (LangChain's `createAgent` graph, the turn middleware, the model
 * view) and `createApp` (request id, auth, rate limit, JSON parser, the chat route, SSE)
 * listening on 127.0.0.1, over a DuckDB file in a temporary folder, so storing the
 * conversation (user message, assistant message with its call, tool message with its
 * output, answer) is part of every request.
 *
 * Measured, sequentially over keep-alive fetch from the same process: 200 JSON turns with a
 * tool call, 100 SSE turns with a tool call (until the stream ends), 200 JSON turns with text
 * only; p50 and p99 per request in ms, and for tool turns the same after subtracting the tool's
 * own `timingMs` from each request. The baseline is a bare express app in the same process
 * with one `express.json()` route echoing the body, measured the same way; the ratio is chat
 * p50 / baseline p50. The agent turn alone (no HTTP), on the file and on an in-memory store,
 * shows how the overhead splits between HTTP, persistence and the agent loop.
 * The app logs at level `silent`: a production server's info log lines cost a little more.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import { BaseChatModel, type BaseChatModelCallOptions } from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import express, { type Express } from "express";
import { pino } from "pino";
import { z } from "zod";
import { createChatAgent } from "../src/agent/chat-agent.ts";
import type { AgentEvent, ChatAgent } from "../src/agent/types.ts";
import { loadConfig } from "../src/core/config.ts";
import { AppError } from "../src/core/errors.ts";
import { silentLogger } from "../src/core/ports.ts";
import { ToolRegistry, defineTool } from "../src/core/tool.ts";
import { DuckDbStore } from "../src/data/store.ts";
import { createApp } from "../src/http/app.ts";
import { createToolServices } from "../src/main.ts";
import { type BenchContext, type BenchModule, type BenchRow, round } from "./lib.ts";

const TOOL = "chat_overhead";
const JSON_TURNS = 200;
const SSE_TURNS = 100;
const TEXT_TURNS = 200;
const BASELINE_REQUESTS = 200;
const WARMUP = 20;

/** The trivial tool every tool turn calls: it measures a text, touching nothing. */
const echoTool = defineTool({
  name: "echo_text",
  description: "Returns the length of a text. Used only to measure the chat API's overhead.",
  inputSchema: z.object({ text: z.string().min(1).max(200).describe("Any text") }).strict(),
  outputSchema: z.object({ summary: z.string(), characters: z.number() }),
  examples: [{ request: "how long is 'hello'", input: { text: "hello" } }],
  async execute(input) {
    return { summary: `${input.text.length} characters`, characters: input.text.length };
  },
});

const ANSWER_CHUNKS = ["The text ", "has 11 characters, ", "as the tool ", "measured."];

/**
 * A chat model that answers instantly. With `callTool`, the first call of a turn (the last
 * message is the user's) asks for `echo_text`; a call after the tool answered writes the
 * text. Without it, it always writes the text. Stateless, so one instance serves every turn.
 */
class InstantChatModel extends BaseChatModel {
  #calls = 0;

  constructor(private readonly callTool: boolean) {
    super({});
  }

  _llmType(): string {
    return "instant";
  }

  /** `createAgent` binds the agent's tools on every call; the script already knows them. */
  override bindTools(): this {
    return this;
  }

  #wantsTool(messages: BaseMessage[]): boolean {
    return this.callTool && !ToolMessage.isInstance(messages.at(-1));
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    if (this.#wantsTool(messages)) {
      const message = new AIMessage({ content: "", tool_calls: [{ id: `call_${++this.#calls}`, name: echoTool.name, args: { text: "hello world" }, type: "tool_call" }] });
      return { generations: [{ text: "", message }] };
    }
    const text = ANSWER_CHUNKS.join("");
    return { generations: [{ text, message: new AIMessage(text) }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: BaseChatModelCallOptions,
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    if (this.#wantsTool(messages)) {
      const chunk = { id: `call_${++this.#calls}`, name: echoTool.name, args: JSON.stringify({ text: "hello world" }), index: 0, type: "tool_call_chunk" as const };
      yield new ChatGenerationChunk({ text: "", message: new AIMessageChunk({ content: "", tool_call_chunks: [chunk] }) });
      return;
    }
    for (const piece of ANSWER_CHUNKS) {
      yield new ChatGenerationChunk({ text: piece, message: new AIMessageChunk({ content: piece }) });
      await runManager?.handleLLMNewToken(piece);
    }
  }
}

/** Nearest-rank percentile of `values` (0 < p ≤ 100). */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function listenOnLoopback(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const started = app.listen(0, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(started)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One measured request: wall-clock ms and the tool's own ms inside it. */
interface Sample {
  ms: number;
  toolMs: number;
}

interface DoneData {
  answer: string;
  toolCalls: Array<{ ok: boolean; timingMs?: number }>;
}

function toolMsOf(done: DoneData, expectTool: boolean): number {
  if (done.answer !== ANSWER_CHUNKS.join("")) throw new AppError("bench_failed", "internal", `Unexpected chat answer: ${JSON.stringify(done.answer)}`);
  if (!expectTool) return 0;
  const [call] = done.toolCalls;
  if (call?.ok !== true || typeof call.timingMs !== "number") {
    throw new AppError("bench_failed", "internal", `The tool turn did not report one successful call: ${JSON.stringify(done.toolCalls)}`);
  }
  return call.timingMs;
}

async function chatJson(url: string, expectTool: boolean): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ message: "How long is 'hello world'?" }),
  });
  const body = (await response.json()) as DoneData;
  const ms = performance.now() - started;
  if (response.status !== 200) throw new AppError("bench_failed", "internal", `POST /api/chat answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms, toolMs: toolMsOf(body, expectTool) };
}

async function chatSse(url: string): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ message: "How long is 'hello world'?" }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  const doneLine = text
    .split("\n\n")
    .find((block) => block.startsWith("event: done\n"))
    ?.split("\n")[1];
  if (response.status !== 200 || doneLine === undefined) throw new AppError("bench_failed", "internal", `The event stream had no done event: ${text.slice(0, 500)}`);
  return { ms, toolMs: toolMsOf(JSON.parse(doneLine.slice("data: ".length)) as DoneData, true) };
}

async function agentTurn(agent: ChatAgent): Promise<Sample> {
  const started = performance.now();
  let done: Extract<AgentEvent, { type: "done" }> | undefined;
  for await (const event of agent.chat({ message: "How long is 'hello world'?", actor: "bench" })) if (event.type === "done") done = event;
  const ms = performance.now() - started;
  if (done === undefined) throw new AppError("bench_failed", "internal", "The agent turn ended without done.");
  return { ms, toolMs: toolMsOf(done, true) };
}

async function echo(url: string): Promise<Sample> {
  const started = performance.now();
  const response = await fetch(`${url}/echo`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ message: "How long is 'hello world'?" }),
  });
  const body = (await response.json()) as { message?: string };
  const ms = performance.now() - started;
  if (body.message !== "How long is 'hello world'?") throw new AppError("bench_failed", "internal", "The echo route did not echo.");
  return { ms, toolMs: 0 };
}

/** Runs `once` sequentially: `WARMUP` unmeasured times, then `count` measured ones. */
async function measure(count: number, once: () => Promise<Sample>): Promise<Sample[]> {
  for (let index = 0; index < WARMUP; index++) await once();
  const samples: Sample[] = [];
  for (let index = 0; index < count; index++) samples.push(await once());
  return samples;
}

export const bench: BenchModule = async (context: BenchContext): Promise<BenchRow[]> => {
  const directory = await mkdtemp(path.join(tmpdir(), "bullseye-bench-chat-"));
  const databasePath = path.join(directory, "chat.duckdb");
  const store = await DuckDbStore.open({ location: databasePath });
  const servers: Array<{ close(): Promise<void> }> = [];
  try {
    const config = loadConfig({ databasePath, demo: false, logLevel: "silent" }, {});
    const services = createToolServices(config, store);
    const tools = new ToolRegistry([echoTool]);
    const makeAgent = (callTool: boolean) =>
      createChatAgent({
        services,
        tools,
        model: new InstantChatModel(callTool),
        modelId: "instant",
        external: false,
        redactPii: true,
        maxSteps: 8,
        logger: silentLogger,
      });
    const serve = async (agent: ChatAgent) => {
      const app = createApp({
        config: { bodyLimit: config.bodyLimit },
        services,
        tools,
        logger: pino({ level: "silent" }),
        version: "bench",
        auth: { mode: "loopback", requestsPerMinute: 100_000 },
        agent,
      });
      const server = await listenOnLoopback(app);
      servers.push(server);
      return server.url;
    };

    const baselineApp = express();
    baselineApp.use(express.json({ limit: config.bodyLimit }));
    baselineApp.post("/echo", (request, response) => {
      response.json(request.body);
    });
    const baselineServer = await listenOnLoopback(baselineApp);
    servers.push(baselineServer);

    const toolAgent = makeAgent(true);
    const toolUrl = await serve(toolAgent);
    const textUrl = await serve(makeAgent(false));

    context.log(`chat_overhead: baseline, ${BASELINE_REQUESTS} bare express JSON echo requests…`);
    const baseline = await measure(BASELINE_REQUESTS, () => echo(baselineServer.url));
    context.log(`chat_overhead: ${JSON_TURNS} JSON chat turns with a tool call…`);
    const json = await measure(JSON_TURNS, () => chatJson(toolUrl, true));
    context.log(`chat_overhead: ${SSE_TURNS} SSE chat turns with a tool call…`);
    const sse = await measure(SSE_TURNS, () => chatSse(toolUrl));
    context.log(`chat_overhead: ${TEXT_TURNS} JSON chat turns, text only…`);
    const text = await measure(TEXT_TURNS, () => chatJson(textUrl, false));
    context.log(`chat_overhead: ${JSON_TURNS} agent turns with a tool call, no HTTP…`);
    const direct = await measure(JSON_TURNS, () => agentTurn(toolAgent));
    context.log(`chat_overhead: ${JSON_TURNS} agent turns with a tool call, no HTTP, in-memory store…`);
    const memoryStore = await DuckDbStore.open({ location: ":memory:" });
    let inMemory: Sample[];
    try {
      const memoryServices = createToolServices(loadConfig({ databasePath: ":memory:", demo: false, logLevel: "silent" }, {}), memoryStore);
      const memoryAgent = createChatAgent({
        services: memoryServices,
        tools,
        model: new InstantChatModel(true),
        modelId: "instant",
        external: false,
        redactPii: true,
        maxSteps: 8,
        logger: silentLogger,
      });
      inMemory = await measure(JSON_TURNS, () => agentTurn(memoryAgent));
    } finally {
      await memoryStore.close();
    }

    // Every turn was stored: a conversation each, 4 messages with a tool call, 2 without.
    const turns = 3 * WARMUP + JSON_TURNS + SSE_TURNS + TEXT_TURNS + WARMUP + JSON_TURNS;
    const [stored] = await store.query<{ conversations: number; messages: number }>(
      "SELECT (SELECT count(*) FROM conversations)::INTEGER AS conversations, (SELECT count(*) FROM messages)::INTEGER AS messages",
    );
    const expectedMessages = 4 * (turns - WARMUP - TEXT_TURNS) + 2 * (WARMUP + TEXT_TURNS);
    if (stored?.conversations !== turns || stored.messages !== expectedMessages) {
      throw new AppError(
        "bench_failed",
        "internal",
        `Expected ${turns} conversations and ${expectedMessages} messages stored, found ${stored?.conversations} and ${stored?.messages}.`,
      );
    }

    const baseP50 = percentile(baseline.map((sample) => sample.ms), 50);
    const rows: BenchRow[] = [
      { tool: TOOL, metric: `bare express JSON echo, same process, p50 (${BASELINE_REQUESTS} requests)`, ours: round(baseP50, 3), unit: "ms" },
      { tool: TOOL, metric: "bare express JSON echo, p99", ours: round(percentile(baseline.map((sample) => sample.ms), 99), 3), unit: "ms" },
    ];
    const report = (label: string, samples: readonly Sample[], withTool: boolean) => {
      const total = samples.map((sample) => sample.ms);
      const p50 = percentile(total, 50);
      rows.push(
        { tool: TOOL, metric: `${label}, p50 (${samples.length} sequential requests)`, ours: round(p50, 3), unit: "ms", reference: round(baseP50, 3), referenceName: "bare express echo p50" },
        { tool: TOOL, metric: `${label}, p99`, ours: round(percentile(total, 99), 3), unit: "ms" },
      );
      if (withTool) {
        const overhead = samples.map((sample) => sample.ms - sample.toolMs);
        rows.push(
          { tool: TOOL, metric: `${label}, excluding the tool's own time, p50`, ours: round(percentile(overhead, 50), 3), unit: "ms" },
          { tool: TOOL, metric: `${label}, excluding the tool's own time, p99`, ours: round(percentile(overhead, 99), 3), unit: "ms" },
        );
      }
      rows.push({ tool: TOOL, metric: `${label}, p50 / bare express echo p50`, ours: round(p50 / baseP50, 1), unit: "×" });
    };
    report("POST /api/chat JSON, instant model, 1 tool call + text", json, true);
    report("POST /api/chat SSE, instant model, 1 tool call + text (until the stream ends)", sse, true);
    report("POST /api/chat JSON, instant model, text only", text, false);
    report("agent turn without HTTP (agent.chat), 1 tool call + text", direct, true);
    report("agent turn without HTTP, in-memory DuckDB instead of the file, 1 tool call + text", inMemory, true);
    rows.push({
      tool: TOOL,
      metric: "tool's own time per call (echo_text), p50",
      ours: round(percentile(json.map((sample) => sample.toolMs), 50), 3),
      unit: "ms",
      note: "schema validation and execution, as timed by runTool",
    });
    return rows;
  } finally {
    for (const server of servers) await server.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  }
};
