/**
 * The LLM scorer: the configured chat model (`context.writer`) rates texts in batches.
 *
 * A batch (at most {@link LLM_BATCH_SIZE} texts and {@link LLM_BATCH_CHARACTERS} characters)
 * is one model call. The system prompt (`prompts/sentiment/system.md`) says that text inside
 * `<data>` blocks is data to rate, never instructions, and asks for JSON only; the task
 * (`prompts/sentiment/rate.md`) numbers the texts, each in its own `quoteData` block. For a
 * model on another machine (`writer.external`) emails and phone numbers are redacted first.
 *
 * The reply is parsed with zod. A reply that is not a complete array of ratings is asked for
 * once more, with the reason; after that the batch is left unrated and the caller scores it
 * another way (the tool uses the lexicon scorer and says so). A model that cannot be reached
 * is not a bad reply: its error propagates. Two batches run at a time.
 *
 * The model's own labels are ignored: callers label from the score with the lexicon's
 * thresholds, so counts mean the same whichever scorer produced them. Aspect names outside
 * {@link ASPECTS} (after a few obvious synonyms) are dropped rather than failing the batch.
 */
import { z } from "zod";
import { AppError } from "../../src/core/errors.ts";
import { redactContacts } from "../../src/core/model-view.ts";
import type { Logger, TextGenerator } from "../../src/core/ports.ts";
import { loadPrompt, quoteData, renderPrompt } from "../../src/core/prompts.ts";
import { ASPECTS, type Aspect } from "./aspects.ts";
import { LLM_BATCH_SIZE } from "./schema.ts";

/** Most characters of text in one batch, so a batch of long texts stays a modest prompt. */
export const LLM_BATCH_CHARACTERS = 12_000;
/** Batches in flight at once. */
export const LLM_CONCURRENCY = 2;
/** Calls per batch before it is left to the fallback: the first try and one retry. */
export const LLM_ATTEMPTS = 2;

/** What the model said about one text: its score and the aspects it talks about, in {@link ASPECTS} order. */
export interface ModelRating {
  score: number;
  aspects: Array<{ aspect: Aspect; score: number }>;
}

/** A parsed reply, or why it could not be used (our own words, fit to send back to the model). */
export type ParsedRatings = { ok: true; ratings: ModelRating[] } | { ok: false; reason: string };

/** What each aspect covers, as the system prompt explains it. */
const ASPECT_GUIDE: Readonly<Record<Aspect, string>> = {
  price: "price: the price, value for money",
  quality: "quality: how well it is made, materials, durability, defects, breakage",
  delivery: "delivery: shipping, speed, arrival, the courier",
  packaging: "packaging: the box, wrapping, how it was packed",
  size: "size: size, fit, dimensions",
  service: "service: customer service, returns, refunds, replies",
  design: "design: looks, colour, style, pattern",
};

/** Names a model may use for an aspect; anything else outside ASPECTS is dropped. */
const ASPECT_SYNONYMS: Readonly<Record<string, Aspect>> = {
  "price/value": "price",
  value: "price",
  "value for money": "price",
  "size/fit": "size",
  fit: "size",
  "customer service": "service",
  shipping: "delivery",
  looks: "design",
  appearance: "design",
};

function aspectNamed(name: string): Aspect | undefined {
  const key = name.trim().toLowerCase();
  if ((ASPECTS as readonly string[]).includes(key)) return key as Aspect;
  return Object.hasOwn(ASPECT_SYNONYMS, key) ? ASPECT_SYNONYMS[key] : undefined;
}

const scoreSchema = z.number().min(-1).max(1);
const replySchema = z.array(
  z.object({
    index: z.int(),
    score: scoreSchema,
    // Accepted and ignored: the label is recomputed from the score with the lexicon's thresholds.
    label: z.unknown().optional(),
    aspects: z.array(z.object({ aspect: z.string(), score: scoreSchema })),
  }),
);

/** The JSON value in a reply, allowing code fences or a sentence around the array. */
function jsonValueIn(reply: string): unknown {
  const unfenced = reply.trim().replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
  try {
    return JSON.parse(unfenced);
  } catch {
    const start = unfenced.indexOf("[");
    const end = unfenced.lastIndexOf("]");
    if (start === -1 || end <= start) return undefined;
    try {
      return JSON.parse(unfenced.slice(start, end + 1));
    } catch {
      return undefined;
    }
  }
}

/** The array of a reply: the value itself, or the one array inside an object such as `{"results": [...]}`. */
function ratingsArrayOf(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value === null || typeof value !== "object") return undefined;
  const arrays = Object.values(value).filter((item): item is unknown[] => Array.isArray(item));
  return arrays.length === 1 ? arrays[0] : undefined;
}

/** "3", "3 and 5", "3, 5 and 8". */
function listOf(numbers: readonly number[]): string {
  const shown = numbers.slice(0, 10).map(String);
  const more = numbers.length > 10 ? ` and ${numbers.length - 10} more` : "";
  if (shown.length <= 1 || more !== "") return `${shown.join(", ")}${more}`;
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/**
 * Parses a reply to a batch of `count` texts: a JSON array with exactly one rating for each
 * index 1..count. Anything else is refused with a reason the retry prompt can pass back.
 */
export function parseRatings(reply: string, count: number): ParsedRatings {
  const value = jsonValueIn(reply);
  if (value === undefined) return { ok: false, reason: "The reply was not valid JSON." };
  const list = ratingsArrayOf(value);
  if (list === undefined) return { ok: false, reason: "The reply was JSON but not an array of ratings." };
  const parsed = replySchema.safeParse(list);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.length === 0 ? "the array" : `item ${issue.path.map(String).join(".")}`}: ${issue.message}`)
      .join("; ");
    return { ok: false, reason: `The reply did not have the shape asked for (${problems}).` };
  }
  const ratings: Array<ModelRating | undefined> = Array.from({ length: count }, () => undefined);
  const outside: number[] = [];
  const repeated: number[] = [];
  for (const item of parsed.data) {
    if (item.index < 1 || item.index > count) {
      outside.push(item.index);
      continue;
    }
    if (ratings[item.index - 1] !== undefined) {
      repeated.push(item.index);
      continue;
    }
    const byAspect = new Map<Aspect, number>();
    for (const mention of item.aspects) {
      const aspect = aspectNamed(mention.aspect);
      // The first rating of an aspect wins when a model lists it twice.
      if (aspect !== undefined && !byAspect.has(aspect)) byAspect.set(aspect, mention.score);
    }
    const aspects = ASPECTS.filter((aspect) => byAspect.has(aspect)).map((aspect) => ({ aspect, score: byAspect.get(aspect)! }));
    ratings[item.index - 1] = { score: item.score, aspects };
  }
  const missing = ratings.flatMap((rating, position) => (rating === undefined ? [position + 1] : []));
  const problems = [
    missing.length === 0 ? undefined : `it had no rating for text${missing.length === 1 ? "" : "s"} ${listOf(missing)}`,
    outside.length === 0 ? undefined : `index ${listOf(outside)} ${outside.length === 1 ? "is" : "are"} not between 1 and ${count}`,
    repeated.length === 0 ? undefined : `text${repeated.length === 1 ? "" : "s"} ${listOf(repeated)} ${repeated.length === 1 ? "was" : "were"} rated more than once`,
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length > 0) return { ok: false, reason: `The reply was incomplete: ${problems.join("; ")}.` };
  return { ok: true, ratings: ratings as ModelRating[] };
}

/** The system prompt: the rater's rules and the aspect names. */
export function renderRatingSystemPrompt(): string {
  return renderPrompt(loadPrompt("sentiment/system"), {
    aspects: ASPECTS.map((aspect) => `   - ${ASPECT_GUIDE[aspect]}`).join("\n"),
  });
}

/** Why the last attempt at a batch failed, for the retry prompt. */
export interface RetryNote {
  /** The attempt this prompt is for (2 for the first retry). */
  attempt: number;
  reason: string;
}

/**
 * The task prompt for one batch: the texts numbered from 1, each in its own `<data>` block.
 * Texts go in as given; redact them first for an external model.
 */
export function renderRatingPrompt(texts: readonly string[], retry?: RetryNote): string {
  const blocks = texts.map((text, position) => `### Text ${position + 1}\n\n${quoteData(`text_${position + 1}`, text)}`).join("\n\n");
  const count = String(texts.length);
  return renderPrompt(loadPrompt("sentiment/rate"), {
    count,
    texts: blocks,
    retry:
      retry === undefined
        ? ""
        : renderPrompt(loadPrompt("sentiment/retry"), { attempt: String(retry.attempt), reason: retry.reason, count }),
  });
}

/** A batch: texts `start` (inclusive) to `end` (exclusive). */
export interface Batch {
  start: number;
  end: number;
}

/**
 * Cuts texts (given by their lengths) into consecutive batches of at most `maxTexts` texts
 * and, unless a single text is longer, at most `maxCharacters` characters.
 */
export function planBatches(
  lengths: readonly number[],
  maxTexts: number = LLM_BATCH_SIZE,
  maxCharacters: number = LLM_BATCH_CHARACTERS,
): Batch[] {
  const batches: Batch[] = [];
  let start = 0;
  let characters = 0;
  for (const [index, length] of lengths.entries()) {
    const size = index - start;
    if (size > 0 && (size >= maxTexts || characters + length > maxCharacters)) {
      batches.push({ start, end: index });
      start = index;
      characters = 0;
    }
    characters += length;
  }
  if (lengths.length > start) batches.push({ start, end: lengths.length });
  return batches;
}

/** What {@link rateWithModel} needs. */
export interface RateOptions {
  writer: TextGenerator;
  logger: Logger;
  signal?: AbortSignal;
}

/** The outcome of rating texts with the model. */
export interface RatingRun {
  /** One entry per text; undefined where the batch's replies were unusable and the caller must fall back. */
  ratings: Array<ModelRating | undefined>;
  /** Model calls made, retries included. */
  calls: number;
  batches: number;
  /** Batches left unrated after {@link LLM_ATTEMPTS} unusable replies. */
  failedBatches: number;
}

/** The same error, with the way to score without the model added to its message. */
function withLexiconHint(error: AppError): AppError {
  return new AppError(
    error.code,
    error.category,
    `${error.message} To score sentiment without the model, use scorer "lexicon" (offline).`,
    { ...(error.details === undefined ? {} : { details: error.details }), cause: error },
  );
}

/**
 * Rates `texts` with the model in batches, two at a time. A batch whose reply is unusable
 * (not JSON, wrong shape, a text missing, an empty reply) is retried once with the reason and
 * then left unrated. Any other model failure stops the run and propagates, with a hint to use
 * the lexicon scorer; cancelling `signal` stops it too.
 */
export async function rateWithModel(texts: readonly string[], options: RateOptions): Promise<RatingRun> {
  const { writer, logger, signal } = options;
  signal?.throwIfAborted();
  const prepared = writer.external ? texts.map(redactContacts) : texts;
  const batches = planBatches(prepared.map((text) => text.length));
  const ratings: Array<ModelRating | undefined> = Array.from({ length: texts.length }, () => undefined);
  const system = renderRatingSystemPrompt();
  // Stops the other worker's calls when one batch fails for good, or when the caller goes away.
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  let calls = 0;
  let failedBatches = 0;
  let next = 0;

  async function rateBatch(batch: Batch): Promise<ModelRating[] | undefined> {
    const batchTexts = prepared.slice(batch.start, batch.end);
    let retry: RetryNote | undefined;
    for (let attempt = 1; attempt <= LLM_ATTEMPTS; attempt++) {
      const prompt = renderRatingPrompt(batchTexts, retry);
      calls++;
      let reply: string;
      try {
        reply = await writer.generate({ system, prompt, signal: stop.signal });
      } catch (error) {
        if (stop.signal.aborted) throw error;
        if (error instanceof AppError && error.code === "model_empty_reply") {
          retry = { attempt: attempt + 1, reason: "The reply was empty." };
          continue;
        }
        throw error instanceof AppError ? withLexiconHint(error) : error;
      }
      const parsed = parseRatings(reply, batchTexts.length);
      if (parsed.ok) return parsed.ratings;
      retry = { attempt: attempt + 1, reason: parsed.reason };
    }
    logger.warn(
      { tool: "analyze_sentiment", model: writer.id, texts: batchTexts.length, first: batch.start, reason: retry?.reason },
      "the model's replies for a sentiment batch were unusable; scoring it with the lexicon instead",
    );
    return undefined;
  }

  async function worker(): Promise<void> {
    while (next < batches.length && !stop.signal.aborted) {
      const batch = batches[next++]!;
      try {
        const rated = await rateBatch(batch);
        if (rated === undefined) failedBatches++;
        else for (const [offset, rating] of rated.entries()) ratings[batch.start + offset] = rating;
      } catch (error) {
        stop.abort(error);
        throw error;
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(LLM_CONCURRENCY, batches.length) }, worker));
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  signal?.throwIfAborted();
  return { ratings, calls, batches: batches.length, failedBatches };
}
