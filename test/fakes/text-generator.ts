/**
 * A scripted `TextGenerator` (the port tools use to write free text): each call's reply is
 * made by a function of the request, so a test can write a model that obeys, rates or
 * misbehaves on what it reads; every request is recorded so tests can assert what the
 * model was shown, and overlapping calls are counted.
 */
import type { TextGenerator, TextRequest } from "../../src/core/ports.ts";

/** Makes the reply to one request; `call` counts from 1. May throw, like a failing model. */
export type TextScript = (request: TextRequest, call: number) => string | Promise<string>;

export class ScriptedTextGenerator implements TextGenerator {
  readonly requests: TextRequest[] = [];
  /** Most calls that were in flight at the same time. */
  maxInFlight = 0;
  #inFlight = 0;

  constructor(
    private readonly script: TextScript,
    readonly id = "fake:text-generator",
    readonly external = false,
  ) {}

  async generate(request: TextRequest): Promise<string> {
    this.requests.push(request);
    const call = this.requests.length;
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      // A turn of the event loop, so concurrent calls really overlap.
      await new Promise((resolve) => setTimeout(resolve, 1));
      return await this.script(request, call);
    } finally {
      this.#inFlight--;
    }
  }
}

/**
 * True when every occurrence of `needle` in `prompt` sits inside a `<data …>` … `</data>` block,
 * and there is at least one.
 */
export function onlyInsideData(prompt: string, needle: string): boolean {
  let from = prompt.indexOf(needle);
  if (from === -1) return false;
  while (from !== -1) {
    const opened = prompt.lastIndexOf("<data", from);
    const closedBefore = prompt.lastIndexOf("</data>", from);
    const closedAfter = prompt.indexOf("</data>", from);
    if (opened === -1 || closedBefore > opened || closedAfter === -1) return false;
    from = prompt.indexOf(needle, from + needle.length);
  }
  return true;
}
