/**
 * Server-Sent Events on an express response: `event: <name>` and one `data:` line of JSON
 * per event, each flushed as it is written, and a comment line as a heartbeat so proxies
 * and browsers keep an idle stream open while the model thinks.
 */
import { once } from "node:events";
import type { Response } from "express";

/** Default time between heartbeats. Proxies commonly drop connections idle for 30–60 s. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** One open event stream. `start` sends the headers; `send` writes events until `end` or the client leaves. */
export class EventStream {
  readonly #response: Response;
  readonly #heartbeatMs: number;
  #heartbeat: NodeJS.Timeout | undefined;
  #ended = false;

  constructor(response: Response, options: { heartbeatMs?: number } = {}) {
    this.#response = response;
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    response.on("close", () => this.#stopHeartbeat());
  }

  /** Sends the status and headers now, so the client sees the stream open before the first event. */
  start(): void {
    const response = this.#response;
    response.status(200);
    response.setHeader("Content-Type", "text/event-stream; charset=utf-8");
    response.setHeader("Cache-Control", "no-cache, no-transform");
    response.setHeader("Connection", "keep-alive");
    // nginx buffers proxied responses unless told not to, which would hold the stream back.
    response.setHeader("X-Accel-Buffering", "no");
    response.flushHeaders();
    this.#heartbeat = setInterval(() => {
      if (!this.closed) this.#response.write(": heartbeat\n\n");
    }, this.#heartbeatMs);
    this.#heartbeat.unref();
  }

  /** True once the stream ended or the client went away; further events are dropped. */
  get closed(): boolean {
    return this.#ended || this.#response.destroyed || this.#response.writableEnded;
  }

  /**
   * Writes one event. Waits while the socket's buffer is full (a slow client), so a long
   * answer is not piled up in memory; returns at once when the client has gone.
   */
  async send(event: string, data: unknown): Promise<void> {
    if (this.closed) return;
    // JSON.stringify never emits a raw newline, so the data always fits one `data:` line.
    const flushed = this.#response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (!flushed && !this.closed) {
      await Promise.race([once(this.#response, "drain"), once(this.#response, "close")]);
    }
  }

  /** Ends the stream (idempotent). */
  end(): void {
    this.#stopHeartbeat();
    if (this.#ended) return;
    this.#ended = true;
    if (!this.#response.writableEnded) this.#response.end();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
