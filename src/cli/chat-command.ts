/**
 * `bullseye chat`: talk to the agent in the terminal.
 *
 *   chat "message" [--conversation ID] [--json]   one turn, then exit
 *   chat [--conversation ID]                       interactive: one turn per line until `exit` or end of input
 *
 * The answer streams to stdout as it is written; tool calls and their outcomes go to stderr
 * (`→ segment_customers {"k":4}`, `✓ …summary`, `✗ …error`), so `bullseye chat "…" > answer.md`
 * keeps only the answer. `--json` prints the final `done` event as JSON instead.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { AgentEvent, ChatAgent } from "../agent/types.ts";
import { AppError, toAppError } from "../core/errors.ts";

/** What `runChatCommand` works with; the CLI passes a real agent, tests may pass another. */
export interface ChatCommandIo {
  agent: ChatAgent;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const CHAT_USAGE = `Usage:
  bullseye chat "message" [--conversation ID] [--json]   ask once
  bullseye chat [--conversation ID]                      interactive; type exit or press Ctrl+D to stop`;

export class ChatUsageError extends AppError {
  constructor(message: string) {
    super("invalid_usage", "user", `${message}\n${CHAT_USAGE}`);
  }
}

const shorten = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Runs one turn, rendering events; returns the conversation id. */
async function turn(io: ChatCommandIo, message: string, conversationId: string | undefined, asJson: boolean): Promise<string> {
  let done: Extract<AgentEvent, { type: "done" }> | undefined;
  let wroteText = false;
  for await (const event of io.agent.chat({ conversationId, message, actor: "cli" })) {
    switch (event.type) {
      case "text-delta":
        if (!asJson) {
          io.stdout.write(event.text);
          wroteText = true;
        }
        break;
      case "tool-call":
        if (!asJson) io.stderr.write(`→ ${event.name} ${shorten(JSON.stringify(event.args))}\n`);
        break;
      case "tool-result":
        if (!asJson) io.stderr.write(`✓ ${event.name}: ${shorten(event.summary)}\n`);
        break;
      case "tool-error":
        if (!asJson) io.stderr.write(`✗ ${event.name}: ${shorten(event.error.message)}\n`);
        break;
      case "done":
        done = event;
        break;
    }
  }
  if (done === undefined) throw new AppError("chat_incomplete", "internal", "The agent ended the turn without an answer.");
  if (asJson) io.stdout.write(`${JSON.stringify(done, null, 2)}\n`);
  else io.stdout.write(wroteText ? "\n" : `${done.answer}\n`);
  return done.conversationId;
}

/** `bullseye chat …`; returns the exit code (0 done, 1 failed, 2 wrong usage). */
export async function runChatCommand(args: string[], io: ChatCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { conversation: { type: "string" }, json: { type: "boolean", default: false } },
    strict: false,
  });
  const conversation = typeof values.conversation === "string" ? values.conversation : undefined;
  const asJson = values.json === true;
  const message = positionals.join(" ").trim();
  if (message !== "") {
    await turn(io, message, conversation, asJson);
    return 0;
  }
  if (asJson) throw new ChatUsageError("--json needs a message.");
  let conversationId = conversation;
  const lines = createInterface({ input: io.stdin, terminal: false });
  const prompt = () => {
    if (io.stdin.isTTY === true) io.stderr.write("you> ");
  };
  io.stderr.write(`Bullseye chat (${io.agent.modelId}). Ask about segments, products, sentiment, forecasts or campaign copy; type exit to stop.\n`);
  prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (text === "exit" || text === "quit") break;
    if (text !== "") {
      try {
        conversationId = await turn(io, text, conversationId, false);
      } catch (error) {
        // One failed turn (a model timeout, a bad id) does not end the session.
        io.stderr.write(`error: ${toAppError(error).message}\n`);
      }
    }
    prompt();
  }
  if (conversationId !== undefined) io.stderr.write(`Conversation ${conversationId} is saved; continue it with --conversation ${conversationId}.\n`);
  return 0;
}
