/**
 * Scores texts with the scorer a call chose, into one shape the aggregation uses whichever
 * scorer produced it: a score in −1..1, a label from VADER's ±0.05 thresholds, and aspect
 * mentions with a short quote each.
 *
 * - "lexicon": the offline lexicon-and-rules scorer (`scorer.ts`, `aspects.ts`).
 * - "llm": the chat model in `context.writer` rates the texts (`llm-scorer.ts`). Quotes are
 *   still taken from the text itself (the sentence that mentions the aspect, found as the
 *   lexicon does), never from the model's reply. A batch the model could not rate is scored
 *   by the lexicon, and the run counts those texts as `fallbacks`.
 */
import { AppError } from "../../src/core/errors.ts";
import type { TextGenerator } from "../../src/core/ports.ts";
import type { ToolContext } from "../../src/core/tool.ts";
import { type Aspect, type AspectMention, aspectsInWords, detectAspects, quoteOf } from "./aspects.ts";
import { type SentimentLexicon, loadLexicon } from "./lexicon.ts";
import { type ModelRating, rateWithModel } from "./llm-scorer.ts";
import { type SentimentLabel, analyzeText, labelOf } from "./scorer.ts";
import type { Scorer } from "./schema.ts";
import { normalizeText, tokenize } from "./tokenize.ts";

/** Score, label and aspects of one text, before rounding for output. */
export interface ScoredText {
  score: number;
  label: SentimentLabel;
  aspects: AspectMention[];
  /** Which scorer produced this text's score (the lexicon for an LLM batch that fell back). */
  scoredBy: Scorer;
}

/** Scored texts and how the scoring went. */
export interface ScoringRun {
  scorer: Scorer;
  /** One per input text, in input order. */
  scored: ScoredText[];
  /** With "llm": the model's id, the calls made and the texts that fell back to the lexicon. */
  llm?: { model: string; calls: number; batches: number; fallbacks: number };
}

/** Key of the lexicon in the context's memo: built once per app. */
const LEXICON_MEMO_KEY = "analyze_sentiment:lexicon";

function lexiconOf(context: ToolContext): SentimentLexicon {
  return context.memo(LEXICON_MEMO_KEY, loadLexicon);
}

/** Scores one text with the lexicon scorer. */
export function scoreWithLexicon(text: string, lexicon: SentimentLexicon): ScoredText {
  const analysis = analyzeText(text, lexicon);
  return { score: analysis.score, label: analysis.label, aspects: detectAspects(analysis), scoredBy: "lexicon" };
}

/**
 * The chat model the "llm" scorer uses, or a user error (`scorer_needs_model`) when none is
 * configured. Undefined for the lexicon scorer, which needs none.
 */
export function writerFor(scorer: Scorer, context: ToolContext): TextGenerator | undefined {
  if (scorer === "lexicon") return undefined;
  if (context.writer !== undefined) return context.writer;
  throw new AppError(
    "scorer_needs_model",
    "user",
    'The "llm" sentiment scorer needs a chat model, and none is configured (the builtin planner has none). ' +
      "Set BULLSEYE_MODEL to a model served at OPENAI_BASE_URL (e.g. gpt-4o-mini, or qwen2.5:7b on Ollama) and restart, " +
      'or use scorer "lexicon", which works offline.',
    { details: { scorer } },
  );
}

/**
 * Whether `text` mentions `aspect` by one of its keywords: the reviews an aspect query can
 * keep, found without scoring them, so the LLM scorer rates only those.
 */
export function mentionsAspect(text: string, aspect: Aspect): boolean {
  const words = tokenize(normalizeText(text))
    .filter((token) => token.kind === "word" || token.kind === "number")
    .map((token) => token.lower);
  return aspectsInWords(words).includes(aspect);
}

/** A model rating in the shared shape, with quotes from the text (the mentioning sentence, else the text's start). */
function fromRating(text: string, rating: ModelRating, lexicon: SentimentLexicon): ScoredText {
  const analysis = analyzeText(text, lexicon);
  const quotes = new Map(detectAspects(analysis).map((mention) => [mention.aspect, mention.quote]));
  const aspects = rating.aspects.map(({ aspect, score }) => ({
    aspect,
    score,
    label: labelOf(score),
    quote: quotes.get(aspect) ?? quoteOf(analysis.normalized),
  }));
  return { score: rating.score, label: labelOf(rating.score), aspects, scoredBy: "llm" };
}

/** Scores `texts` with `scorer`. The one place that branches on the scorer. */
export async function scoreAll(texts: readonly string[], scorer: Scorer, context: ToolContext): Promise<ScoringRun> {
  const lexicon = lexiconOf(context);
  const writer = writerFor(scorer, context);
  if (writer === undefined) {
    const scored: ScoredText[] = [];
    for (const [index, text] of texts.entries()) {
      // Checked every 1,000 texts: lets a caller that went away stop a big batch cheaply.
      if (index % 1000 === 0) context.signal?.throwIfAborted();
      scored.push(scoreWithLexicon(text, lexicon));
    }
    return { scorer, scored };
  }
  const run = await rateWithModel(texts, {
    writer,
    logger: context.logger,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  let fallbacks = 0;
  const scored = texts.map((text, index) => {
    const rating = run.ratings[index];
    if (rating !== undefined) return fromRating(text, rating, lexicon);
    fallbacks++;
    return scoreWithLexicon(text, lexicon);
  });
  return { scorer, scored, llm: { model: writer.id, calls: run.calls, batches: run.batches, fallbacks } };
}
