/**
 * Helpers shared by the end-to-end tests: an app over a real runtime, chat requests, and a
 * strict reader of the Server-Sent Events the chat route writes.
 */
import type { Express } from "express";
import { pino } from "pino";
import type { ChatAgent } from "../../src/agent/types.ts";
import type { CampaignService } from "../../src/agent/campaign/index.ts";
import type { ToolRegistry, ToolServices } from "../../src/core/tool.ts";
import { createApp } from "../../src/http/app.ts";
import type { TestServer } from "../helpers/http.ts";

/** A silent pino logger for apps under test. */
export const quietLogger = pino({ level: "silent" });

/** `createApp` as `startServer` calls it (open loopback mode), over the given pieces. */
export function appOver(pieces: { services: ToolServices; tools: ToolRegistry; agent: ChatAgent; campaigns?: CampaignService }): Express {
  return createApp({
    config: { bodyLimit: "1mb" },
    services: pieces.services,
    tools: pieces.tools,
    logger: quietLogger,
    version: "0.0.0-e2e",
    auth: { mode: "loopback", requestsPerMinute: 10_000 },
    agent: pieces.agent,
    ...(pieces.campaigns === undefined ? {} : { campaigns: pieces.campaigns }),
  });
}

/** POST /api/chat with a JSON body; `accept` picks JSON or the event stream. */
export function postChat(server: TestServer, body: { message: string; conversationId?: string }, accept: "application/json" | "text/event-stream" = "application/json") {
  return server.request("/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json", accept },
    body: JSON.stringify(body),
  });
}

/** One Server-Sent Event: its name and parsed JSON data. */
export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Parses a whole event-stream body. Every block must be a comment (heartbeat) or exactly one
 * `event:` line and one `data:` line of JSON; anything else throws, so a malformed stream fails the test.
 */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split("\n\n")) {
    if (block.trim() === "") continue;
    const lines = block.split("\n").filter((line) => !line.startsWith(":"));
    if (lines.length === 0) continue;
    const [eventLine, dataLine, ...rest] = lines;
    if (!eventLine?.startsWith("event: ") || !dataLine?.startsWith("data: ") || rest.length > 0) {
      throw new Error(`not a well-formed event block: ${JSON.stringify(block)}`);
    }
    events.push({ event: eventLine.slice(7), data: JSON.parse(dataLine.slice(6)) as Record<string, unknown> });
  }
  return events;
}

/** Event names with runs of `text-delta` collapsed to one, for asserting the shape of a turn. */
export function eventShape(events: readonly SseEvent[]): string[] {
  const shape: string[] = [];
  for (const { event } of events) if (!(event === "text-delta" && shape.at(-1) === "text-delta")) shape.push(event);
  return shape;
}

/** The concatenated text of a stream's `text-delta` events. */
export function streamedText(events: readonly SseEvent[]): string {
  return events.flatMap(({ event, data }) => (event === "text-delta" ? [String(data.text)] : [])).join("");
}
