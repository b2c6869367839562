/**
 * A scripted `TextGenerator` for the LLM sentiment scorer: each call's reply is made by a
 * function of the request (so a test can write a model that rates what it reads, or one that
 * misbehaves), and every request is recorded so tests can assert what the model was shown.
 */
import type { TextGenerator, TextRequest } from "../../../src/core/ports.ts";

/** Makes the reply to one request; `call` counts from 1. May throw, like a failing model. */
export type RaterScript = (request: TextRequest, call: number) => string | Promise<string>;

export class ScriptedRater implements TextGenerator {
  readonly requests: TextRequest[] = [];
  /** Most calls that were in flight at the same time. */
  maxInFlight = 0;
  #inFlight = 0;

  constructor(
    private readonly script: RaterScript,
    readonly id = "fake:rater",
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

/** The numbered texts of a rating prompt, as the model sees them (`### Text n` then a `<data>` block). */
export function textsInPrompt(prompt: string): string[] {
  const texts: string[] = [];
  for (const match of prompt.matchAll(/### Text (\d+)\n\n<data source="text_\d+">\n([\s\S]*?)\n<\/data>/g)) {
    texts[Number(match[1]) - 1] = match[2]!;
  }
  return texts;
}

/** A rating as the prompt asks for it. */
export interface FakeRating {
  score: number;
  label?: string;
  aspects?: Array<{ aspect: string; score: number }>;
}

/** A model that rates every text in the prompt with `rate`, replying with the JSON array asked for. */
export function ratingReply(rate: (text: string) => FakeRating): RaterScript {
  return (request) =>
    JSON.stringify(
      textsInPrompt(request.prompt).map((text, position) => {
        const rating = rate(text);
        return { index: position + 1, label: rating.label ?? "neutral", aspects: [], ...rating };
      }),
    );
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
