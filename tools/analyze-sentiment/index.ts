/**
 * `analyze_sentiment`: how customers feel, and about what.
 *
 * Two modes. With `texts`, it scores each text. With a review query (`productId`,
 * `from`/`to`, `aspect`; all optional) it scores the store's `reviews` and reports
 * counts and shares by label, the mean score, per-aspect sentiment with short
 * example quotes (complaints first), a monthly trend, and the best and worst products.
 *
 * Method (offline, the default and today the only `scorer`): a lexicon-and-rules
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
 * Seam for a model-based scorer: `scorer` is an enum with only "lexicon" today.
 * An LLM scorer needs a chat-model port in the tool context, which does not exist
 * yet; when it does, add "llm" to the enum and branch in `scoreAll`.
 *
 * Evidence (`bench/analyze-sentiment.ts`): Pearson r with the human ratings of the
 * four VADER corpora and binary accuracy on the three UCI sentence sets, next to VADER.
 */
import { type ToolContext, defineTool } from "../../src/core/tool.ts";
import { ASPECT_NAMES, type AspectMention, detectAspects } from "./aspects.ts";
import { type ScoredReview, countLabels, mean, round3, sharesOf, summarizeAspects, summarizeReviews } from "./aggregate.ts";
import { type SentimentLexicon, loadLexicon } from "./lexicon.ts";
import { checkProduct, isoDay, notEnoughData, queryReviews, reviewText } from "./load-reviews.ts";
import { type SentimentLabel, analyzeText } from "./scorer.ts";
import {
  type AnalyzeSentimentInput,
  MAX_REVIEWS,
  type ReviewsOutput,
  type TextsOutput,
  analyzeSentimentInput,
  analyzeSentimentOutput,
} from "./schema.ts";

/** Score, label and aspects of one text, before rounding for output. */
interface ScoredText {
  score: number;
  label: SentimentLabel;
  aspects: AspectMention[];
}

/** Key of the lexicon in the context's memo: built once per app. */
const LEXICON_MEMO_KEY = "analyze_sentiment:lexicon";

function scoreOne(text: string, lexicon: SentimentLexicon): ScoredText {
  const analysis = analyzeText(text, lexicon);
  return { score: analysis.score, label: analysis.label, aspects: detectAspects(analysis) };
}

/** Scores texts with the chosen scorer. The one place to branch when another scorer exists. */
function scoreAll(texts: readonly string[], scorer: AnalyzeSentimentInput["scorer"], context: ToolContext): ScoredText[] {
  switch (scorer) {
    case "lexicon": {
      const lexicon = context.memo(LEXICON_MEMO_KEY, loadLexicon);
      const results: ScoredText[] = [];
      for (const [index, text] of texts.entries()) {
        // Checked every 1,000 texts: lets a caller that went away stop a big batch cheaply.
        if (index % 1000 === 0) context.signal?.throwIfAborted();
        results.push(scoreOne(text, lexicon));
      }
      return results;
    }
  }
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function signed(value: number): string {
  return value > 0 ? `+${value.toFixed(2)}` : value.toFixed(2);
}

function scoreTexts(input: AnalyzeSentimentInput, texts: readonly string[], context: ToolContext): TextsOutput {
  const scored = scoreAll(texts, input.scorer, context);
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
  ].join(" ");
  return {
    mode: "texts",
    scorer: input.scorer,
    results: scored.map((item, index) => ({
      index,
      score: round3(item.score),
      label: item.label,
      aspects: item.aspects.map((mention) => ({ aspect: mention.aspect, score: round3(mention.score), label: mention.label })),
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
  const kept = truncated ? rows.slice(0, MAX_REVIEWS) : rows;
  const scoredTexts = scoreAll(kept.map(reviewText), input.scorer, context);
  const reviews: ScoredReview[] = [];
  for (const [index, row] of kept.entries()) {
    const scored = scoredTexts[index]!;
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
    productId: input.productId ?? null,
    aspect: input.aspect ?? null,
    window,
    truncated,
    ...report,
    summary: reviewSummary(input, report, window, truncated),
  };
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
    "getting worse', 'which products have the worst reviews'.",
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
  ],
  async execute(input, context) {
    if (input.texts !== undefined) return scoreTexts(input, input.texts, context);
    return analyzeReviews(input, context);
  },
});
