/**
 * The scripted model of the draft tool tests: `ScriptedWriter` is the shared scripted
 * `TextGenerator` (test/fakes/text-generator.ts) under the name these tests use.
 */
import { ScriptedTextGenerator, type TextScript } from "../../fakes/text-generator.ts";

export { onlyInsideData } from "../../fakes/text-generator.ts";

/** Makes the reply to one request; `call` counts from 1. */
export type ReplyScript = TextScript;

export class ScriptedWriter extends ScriptedTextGenerator {
  constructor(script: ReplyScript, id = "fake:writer", external = false) {
    super(script, id, external);
  }
}
