/**
 * A scripted `TextGenerator` for the LLM sentiment scorer: each call's reply is made by a
 * function of the request (so a test can write a model that rates what it reads, or one that
 * misbehaves), and every request is recorded so tests can assert what the model was shown.
 */
import { ScriptedTextGenerator, type TextScript } from "../../fakes/text-generator.ts";

export { onlyInsideData } from "../../fakes/text-generator.ts";

/** Makes the reply to one request; `call` counts from 1. May throw, like a failing model. */
export type RaterScript = TextScript;

export class ScriptedRater extends ScriptedTextGenerator {
  constructor(script: RaterScript, id = "fake:rater", external = false) {
    super(script, id, external);
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
