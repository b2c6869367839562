/**
 * A scripted `TextGenerator` for the draft tool tests: each call gets the next reply, made
 * by a function of the request (so a test can write a model that "obeys" what it reads),
 * and every request is recorded so tests can assert what the model was shown.
 */
import type { TextGenerator, TextRequest } from "../../../src/core/ports.ts";

/** Makes the reply to one request; `call` counts from 1. */
export type ReplyScript = (request: TextRequest, call: number) => string;

export class ScriptedWriter implements TextGenerator {
  readonly requests: TextRequest[] = [];

  constructor(
    private readonly script: ReplyScript,
    readonly id = "fake:writer",
    readonly external = false,
  ) {}

  async generate(request: TextRequest): Promise<string> {
    this.requests.push(request);
    return this.script(request, this.requests.length);
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
