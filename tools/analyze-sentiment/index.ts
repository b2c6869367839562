/**
 * `analyze_sentiment`: how customers feel, and about what.
 *
 * Two modes. With `texts`, it scores each text. With a review query (`productId`,
 * `from`/`to`, `aspect`; all optional) it scores the store's `reviews` and reports
 * counts and shares by label, the mean score, per-aspect sentiment with short
 * example quotes (complaints first), a monthly trend, and the best and worst products.
 *
 * Method (offline, the default `scorer`): a lexicon-and-rules
 * scorer in the style of VADER (Hutto & Gilbert, ICWSM 2014) — see `scorer.ts` for
 * the rules (negation scope, degree words, contrast and concession, counterfactuals,
 * irrealis, capitals, punctuation, emoji, cue scaling) and `lexicon.ts` for the lexicons (VADER's, AFINN-165,
 * an emoji list, and Bullseye's own review vocabulary). A score lies in −1..1;
 * labels use VADER's ±0.05 thresholds. Aspects (price/value, quality, delivery,
 * packaging, size/fit, service, design) are found by keyword per clause and scored
 * on the clauses that mention them (`aspects.ts`).
 *
 * Rules: a review is scored on its title and body together. The window defaults to
 * all reviews; `to` is inclusive. At most 100,000 reviews (the newest) are analysed
 * per call. Review text is customer data: it is returned only as short quotes
 * (≤ 200 characters) in the artifact, never in the summary, and never obeyed.
 *
 * Method on request (`scorer: "llm"`): the chat model in `context.writer` rates the
 * texts, 20 per call and two calls at a time, with the prompts in `prompts/sentiment/`
 * (`llm-scorer.ts`). It needs a configured chat model (`scorer_needs_model` otherwise)
 * and takes at most 500 texts or reviews per call; a review query with an aspect sends
 * only the reviews that mention one of the aspect's keywords. A batch whose replies are
 * unusable twice is scored by the lexicon and counted in `fallbacks`. Labels come from
 * the score with the same thresholds either way, and the aggregation does not know
 * which scorer ran (`scoring.ts`).
 *
 * Evidence (`bench/analyze-sentiment.ts`): Pearson r with the human ratings of the
 * four VADER corpora and binary accuracy on the three UCI sentence sets, next to VADER.
 */
import { AppError } from "../../src/core/errors.ts";
import { type ToolContext, defineTool } from "../../src/core/tool.ts";
import { ASPECT_NAMES } from "./aspects.ts";
import { type ScoredReview, countLabels, mean, round3, sharesOf, summarizeAspects, summarizeReviews } from "./aggregate.ts";
import { type ReviewRow, checkProduct, dayAfter, isoDay, notEnoughData, queryReviews, reviewText } from "./load-reviews.ts";
import {
  type AnalyzeSentimentInput,
  LLM_BATCH_SIZE,
  MAX_LLM_TEXTS,
  MAX_REVIEWS,
  type ReviewsOutput,
  type TextsOutput,
  analyzeSentimentInput,
  analyzeSentimentOutput,
} from "./schema.ts";
import { type ScoringRun, mentionsAspect, scoreAll, writerFor } from "./scoring.ts";

/** The output fields that say how the "llm" scorer went; none for the lexicon scorer. */
function llmFields(run: ScoringRun): { model?: string; modelCalls?: number; fallbacks?: number } {
  return run.llm === undefined ? {} : { model: run.llm.model, modelCalls: run.llm.calls, fallbacks: run.llm.fallbacks };
}

/** The summary sentence on the "llm" scorer (which model, how many calls, any fallbacks); empty for the lexicon. */
function scorerNote(run: ScoringRun, noun: "text" | "review"): string {
  if (run.llm === undefined) return "";
  const { model, calls, fallbacks } = run.llm;
  const note = `Rated by the chat model ${model} (${plural(calls, "model call")}).`;
  if (fallbacks === 0) return note;
  return `${note} ${fallbacks} of ${plural(run.scored.length, noun)} were scored by the lexicon instead, because the model's replies for their batches were unusable.`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function signed(value: number): string {
  return value > 0 ? `+${value.toFixed(2)}` : value.toFixed(2);
}

async function scoreTexts(input: AnalyzeSentimentInput, texts: readonly string[], context: ToolContext): Promise<TextsOutput> {
  const run = await scoreAll(texts, input.scorer, context);
  const scored = run.scored;
  const counts = countLabels(scored.map((item) => item.label));
  const shares = sharesOf(counts);
  const meanScore = round3(mean(scored.map((item) => item.score)));
  const aspects = summarizeAspects(
    // Texts have no dates; the zero-padded input position breaks ties between equal quotes in input order.
    scored.flatMap((item, index) => item.aspects.map((mention) => ({ mention, time: 0, id: String(index).padStart(6, "0") }))),
    input.examplesPerAspect,
  );
  const complaints = aspects.filter((aspect) => aspect.negative > 0).slice(0, 3);
  const summary = [
    `Scored ${plural(texts.length, "text")}: ${percent(shares.positive)} positive, ${percent(shares.neutral)} neutral, ${percent(shares.negative)} negative; mean score ${signed(meanScore)} (−1..1).`,
    complaints.length > 0
      ? `Most complaints: ${complaints.map((aspect) => `${ASPECT_NAMES[aspect.aspect]} (${aspect.negative} negative of ${aspect.mentions})`).join(", ")}.`
      : aspects.length > 0
        ? `Aspects mentioned: ${aspects.map((aspect) => ASPECT_NAMES[aspect.aspect]).join(", ")}; none negative.`
        : "No aspects (price, quality, delivery, packaging, size, service, design) mentioned.",
    scorerNote(run, "text"),
  ]
    .filter((part) => part !== "")
    .join(" ");
  return {
    mode: "texts",
    scorer: input.scorer,
    ...llmFields(run),
    results: scored.map((item, index) => ({
      index,
      score: round3(item.score),
      label: item.label,
      aspects: item.aspects.map((mention) => ({ aspect: mention.aspect, score: round3(mention.score), label: mention.label })),
      ...(run.llm === undefined ? {} : { scoredBy: item.scoredBy }),
    })),
    counts,
    shares,
    meanScore,
    aspects,
    summary,
  };
}


/** "1 review", "2 reviews". */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

async function analyzeReviews(input: AnalyzeSentimentInput, context: ToolContext): Promise<ReviewsOutput> {
  const store = context.store;
  if (input.productId !== undefined) await checkProduct(store, input.productId);
  const rows = await queryReviews(input, store);
  const truncated = rows.length > MAX_REVIEWS;
  let kept = truncated ? rows.slice(0, MAX_REVIEWS) : rows;
  if (input.scorer === "llm") {
    // Each batch is a model call: send only reviews that can count (those naming the aspect), and not too many.
    const aspect = input.aspect;
    if (aspect !== undefined) kept = kept.filter((row) => mentionsAspect(reviewText(row), aspect));
    if (kept.length === 0) throw await notEnoughData(input, store);
    if (kept.length > MAX_LLM_TEXTS) throw tooManyForModel(input, kept, truncated);
  }
  const run = await scoreAll(kept.map(reviewText), input.scorer, context);
  const reviews: ScoredReview[] = [];
  for (const [index, row] of kept.entries()) {
    const scored = run.scored[index]!;
    const focus = input.aspect === undefined ? undefined : scored.aspects.find((mention) => mention.aspect === input.aspect);
    if (input.aspect !== undefined && focus === undefined) continue;
    reviews.push({
      reviewId: row.review_id,
      productId: row.product_id,
      productName: row.product_name,
      rating: typeof row.rating === "number" ? row.rating : null,
      createdAt: row.created_at,
      // Asked about one aspect, a review counts with what it says about that aspect.
      score: focus?.score ?? scored.score,
      label: focus?.label ?? scored.label,
      aspects: focus === undefined ? scored.aspects : [focus],
    });
  }
  if (reviews.length === 0) throw await notEnoughData(input, store);

  // Oldest first, so the trend and quote ties read in time order.
  reviews.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.reviewId < b.reviewId ? -1 : 1));
  const report = summarizeReviews(reviews, {
    examplesPerAspect: input.examplesPerAspect,
    productLimit: input.productLimit,
    minReviewsPerProduct: input.minReviewsPerProduct,
  });
  const window = { from: isoDay(reviews[0]!.createdAt), to: isoDay(reviews[reviews.length - 1]!.createdAt) };
  return {
    mode: "reviews",
    scorer: input.scorer,
    ...llmFields(run),
    productId: input.productId ?? null,
    aspect: input.aspect ?? null,
    window,
    truncated,
    ...report,
    summary: [reviewSummary(input, report, window, truncated), scorerNote(run, "review")].filter((part) => part !== "").join(" "),
  };
}

/**
 * The user error for a review query too big for the "llm" scorer. `rows` are the reviews it
 * would rate, newest first; it suggests a `from` date that keeps the newest ones within the limit.
 */
function tooManyForModel(input: AnalyzeSentimentInput, rows: readonly ReviewRow[], truncated: boolean): AppError {
  // Cut at MAX_REVIEWS, the window holds more than were counted.
  const count = `${truncated ? "at least " : ""}${rows.length.toLocaleString("en")}`;
  const subject = input.aspect === undefined ? "reviews" : `reviews that mention ${ASPECT_NAMES[input.aspect]}`;
  // Reviews after the day of the limit-th newest one fit; none would if they all fall on one day.
  const edge = rows[MAX_LLM_TEXTS - 1];
  const from = edge === undefined ? undefined : dayAfter(isoDay(edge.created_at));
  const fits = from !== undefined && from <= isoDay(rows[0]!.created_at);
  return new AppError(
    "too_many_for_llm_scorer",
    "user",
    `This query matches ${count} ${subject}, but the "llm" scorer rates at most ${MAX_LLM_TEXTS} per call (every ${LLM_BATCH_SIZE} are one model call). ` +
      `Narrow it with productId or a shorter from/to window${fits ? ` (from "${from}" keeps the newest ones within the limit)` : ""}, ` +
      `or use scorer "lexicon" (offline, up to ${MAX_REVIEWS.toLocaleString("en")} reviews).`,
    { details: { reviews: rows.length, limit: MAX_LLM_TEXTS, ...(fits ? { suggestedFrom: from } : {}) } },
  );
}

function reviewSummary(
  input: AnalyzeSentimentInput,
  report: ReturnType<typeof summarizeReviews>,
  window: { from: string; to: string },
  truncated: boolean,
): string {
  const subject = [
    input.productId === undefined ? "" : ` of product ${input.productId}`,
    input.aspect === undefined ? "" : ` mentioning ${ASPECT_NAMES[input.aspect]}`,
  ].join("");
  const parts = [
    `${plural(report.reviews, "review")}${subject} (${window.from} to ${window.to}${truncated ? ", newest 100,000 only" : ""}): ${percent(report.shares.positive)} positive, ${percent(report.shares.neutral)} neutral, ${percent(report.shares.negative)} negative; mean score ${signed(report.meanScore)}.`,
  ];
  const complaints = report.aspects.filter((aspect) => aspect.negative > 0).slice(0, 3);
  if (complaints.length > 0) {
    parts.push(
      `Top complaints: ${complaints.map((aspect) => `${ASPECT_NAMES[aspect.aspect]} (${plural(aspect.negative, "negative mention")}, ${percent(aspect.negativeShare)})`).join(", ")}.`,
    );
  }
  const months = report.monthly.filter((point) => point.meanScore !== null);
  const latest = months[months.length - 1];
  if (months.length >= 2 && latest !== undefined && latest.meanScore !== null) {
    parts.push(`Latest month ${latest.month}: mean ${signed(latest.meanScore)} over ${plural(latest.reviews, "review")}.`);
  }
  const worst = report.worstProducts[0];
  if (worst !== undefined && input.productId === undefined) {
    parts.push(`Lowest-scoring product: ${worst.productId} (mean ${signed(worst.meanScore)}, ${plural(worst.reviews, "review")}).`);
  }
  if (report.ratingCorrelation !== null) parts.push(`Score vs stars r = ${report.ratingCorrelation.toFixed(2)}.`);
  return parts.join(" ");
}

/** The `analyze_sentiment` tool. */
export const analyzeSentimentTool = defineTool({
  name: "analyze_sentiment",
  description:
    "Measures how customers feel and about what. Pass `texts` to score given texts (reviews, survey answers, messages): " +
    "each gets a score from −1 to 1, a label (positive/neutral/negative) and the aspects it mentions. " +
    "Or query the store's product reviews (optionally one productId, a from/to date window, one aspect): returns the share " +
    "of positive/neutral/negative reviews, mean score, what people praise and complain about per aspect (price/value, " +
    "quality, delivery, packaging, size/fit, service, design) with short quotes, a monthly trend, and the best and worst " +
    "products. Use it for 'what are customers complaining about', 'how do people feel about product X', 'is sentiment " +
    "getting worse', 'which products have the worst reviews'. Scoring is offline (scorer \"lexicon\", the default); set " +
    `scorer "llm" only when the user asks for the language model to rate the texts: it needs a configured chat model and ` +
    `takes at most ${MAX_LLM_TEXTS} texts or reviews per call (narrow a review query with productId or from/to).`,
  inputSchema: analyzeSentimentInput,
  outputSchema: analyzeSentimentOutput,
  examples: [
    { request: "What are customers complaining about?", input: {} },
    { request: "How do people feel about product 85123A this year?", input: { productId: "85123A", from: "2026-01-01" } },
    { request: "Are people happy with our delivery lately?", input: { aspect: "delivery", from: "2026-08-01" } },
    { request: "Which products got the worst reviews last quarter?", input: { from: "2026-07-01", to: "2026-09-30", productLimit: 10 } },
    {
      request: "Score these two comments: 'Lovely mug, arrived quickly' and 'Broke after a week, waste of money'",
      input: { texts: ["Lovely mug, arrived quickly", "Broke after a week, waste of money"] },
    },
    {
      request: "Have the language model rate the reviews of product 85123A since September",
      input: { productId: "85123A", from: "2026-09-01", scorer: "llm" },
    },
  ],
  async execute(input, context) {
    // Fails before any store work when "llm" is asked for without a chat model.
    writerFor(input.scorer, context);
    if (input.texts !== undefined) return scoreTexts(input, input.texts, context);
    return analyzeReviews(input, context);
  },
});
