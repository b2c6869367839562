/**
 * Answers of the builtin planner (pure): Markdown written from templates, one section
 * per tool result, with every number taken from the tool output (the model view's
 * `data` and `summary`). Numbers are only rounded for reading (money to whole units
 * above 1,000, shares shown as whole percentages); nothing is computed that the tool
 * did not report.
 *
 * Also the texts that need no tool: greetings, help, off-topic replies and clarifying
 * questions.
 */
import type { ModelView } from "../../core/model-view.ts";
import { type ExecutedCall, segmentationOf, viewData } from "./conversation.ts";
import type { PlanStep, TurnPlan } from "./plan.ts";
import type { SmallTalk } from "./routing.ts";
import { type SegmentMatch, type StepOutcome, matchSegment } from "./run.ts";

type Data = Record<string, unknown>;

function record(value: unknown): Data | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Data) : undefined;
}

function records(value: unknown): Data[] {
  return Array.isArray(value) ? value.flatMap((item) => (record(item) ? [item as Data] : [])) : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A number as reported, rounded for reading: whole units from 1,000, two decimals from 1, three below. */
export function formatNumber(value: number): string {
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) >= 1_000 ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** A share (0–1) as a whole percentage. */
function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function cell(value: string): string {
  return value.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function listed(value: unknown): string {
  const number = num(value);
  return number === undefined ? (text(value) ?? "—") : formatNumber(number);
}

/** Items of a compacted list, and how many more the model view left out ("… 4 more"). */
function moreNote(list: unknown): string {
  if (!Array.isArray(list)) return "";
  const last = list.at(-1);
  return typeof last === "string" && /^… \d+ more$/.test(last) ? ` (${last.slice(2)} not shown here; see the full result)` : "";
}

// ---------------------------------------------------------------- per tool

function segmentAnswer(data: Data, view: ModelView, step: PlanStep, match: SegmentMatch | undefined, currency: string): string {
  const segments = records(data.segments);
  const lines: string[] = [];
  const chosen =
    data.kChosenBy === "silhouette"
      ? "k chosen by the best silhouette score"
      : step.note?.kChosenForName === true
        ? `k=${listed(data.k)}, enough to find named groups such as "${step.note.segmentName ?? "at risk"}"; ask for another number if you like`
        : "k as asked";
  const quality = record(data.quality);
  lines.push(
    `**Customer segments**: ${listed(data.customerCount)} customers in ${listed(data.k)} segments (${chosen}; silhouette ${listed(quality?.silhouette)}), from orders before ${listed(data.asOf)}.`,
  );
  if (segments.length > 0) {
    lines.push("", `| # | Segment | Customers | Share | Days since last order | Orders | Spend (${currency}) |`, "| --- | --- | --- | --- | --- | --- | --- |");
    for (const segment of segments) {
      const medians = record(segment.medians) ?? {};
      const share = num(segment.share);
      lines.push(
        `| ${listed(segment.number)} | ${cell(listed(segment.name))} | ${listed(segment.size)} | ${share === undefined ? "—" : percent(share)} | ${listed(medians.recencyDays)} | ${listed(medians.frequency)} | ${listed(medians.monetary)} |`,
      );
    }
    lines.push("", "Medians per segment. What to do with them:");
    for (const segment of segments) {
      const action = text(segment.suggestedAction);
      if (action) lines.push(`- **${listed(segment.name)}**: ${action}`);
    }
    const more = moreNote(data.segments);
    if (more) lines.push(`- …${more}`);
  } else {
    lines.push("", view.ok ? view.summary : "");
  }
  const named = match ?? (step.note?.segmentName && segmentationOf(view) ? matchSegment(segmentationOf(view)!, step.note.segmentName) : undefined);
  if (named !== undefined) lines.push("", matchLine(named));
  const ids = segments.map((segment) => text(segment.segmentId)).filter((id): id is string => id !== undefined);
  if (ids.length > 0) lines.push("", `Segment ids for campaigns and other tools: ${ids.map((id) => `\`${id}\``).join(", ")}.`);
  return lines.join("\n");
}

function matchLine(match: SegmentMatch): string {
  const { segment } = match;
  const size = segment.size === undefined ? "" : `, ${formatNumber(segment.size)} customers`;
  return match.exact
    ? `**${match.asked}** is segment ${segment.number} (\`${segment.segmentId}\`${size}).`
    : `No segment is called “${match.asked}”; the closest profile is segment ${segment.number}, **${segment.name}** (\`${segment.segmentId}\`${size}).`;
}

function itemLines(items: Data[], withShare: boolean): string[] {
  return items.map((item) => {
    const share = withShare ? num(item.shareOfSegment) : undefined;
    const reason = text(item.reason);
    return `${listed(item.rank)}. **${listed(item.name)}** (${listed(item.productId)})${reason ? ` — ${reason}` : share === undefined ? "" : `, ${percent(share)} of the segment`}`;
  });
}

function recommendAnswer(data: Data, view: ModelView): string {
  const lines: string[] = [];
  const model = record(data.model);
  switch (data.kind) {
    case "customer": {
      const customer = record(data.customer) ?? {};
      const cold = customer.coldStart === true ? "; no purchases yet, so these are best-sellers" : "";
      lines.push(`**Recommendations for customer ${listed(customer.customerId)}** (${listed(customer.orders)} orders, ${listed(customer.productsBought)} different products bought${cold}):`, "");
      lines.push(...itemLines(records(customer.items), false));
      break;
    }
    case "customers": {
      lines.push(`**Recommendations per customer** (as of ${listed(data.asOf)}):`, "");
      for (const customer of records(data.customers)) {
        const names = records(customer.items)
          .slice(0, 5)
          .map((item) => `${listed(item.name)} (${listed(item.productId)})`);
        lines.push(`- **Customer ${listed(customer.customerId)}**${customer.coldStart === true ? " (no purchases yet: best-sellers)" : ""}: ${names.join("; ")}`);
      }
      const more = moreNote(data.customers);
      if (more) lines.push(`- …${more}`);
      break;
    }
    case "product": {
      const product = record(data.product) ?? {};
      lines.push(
        `**What goes with ${listed(product.name)}** (${listed(product.productId)}; in ${listed(product.orders)} orders from ${listed(product.customers)} customers):`,
        "",
      );
      const items = records(data.items);
      if (items.length === 0) lines.push(view.ok ? view.summary : "");
      lines.push(...itemLines(items, false));
      break;
    }
    case "segment": {
      const segment = record(data.segment) ?? {};
      lines.push(`**Top picks for segment \`${listed(segment.segmentId)}\`** (${listed(segment.customers)} customers):`, "");
      lines.push(...itemLines(records(data.items), true));
      break;
    }
    default:
      lines.push(view.ok ? view.summary : "");
  }
  const method = text(model?.method);
  if (method) lines.push("", `Method: ${method}.`);
  return lines.join("\n");
}

function sentimentAnswer(data: Data, view: ModelView, call: ExecutedCall): string {
  const lines: string[] = [];
  const shares = record(data.shares) ?? {};
  const split = ["positive", "neutral", "negative"]
    .map((label) => {
      const share = num(shares[label]);
      return share === undefined ? undefined : `${percent(share)} ${label}`;
    })
    .filter((part): part is string => part !== undefined)
    .join(", ");
  if (data.mode === "texts") {
    const texts = Array.isArray(call.args.texts) ? call.args.texts : [];
    lines.push(`**Sentiment of the texts**: ${split}; mean score ${listed(data.meanScore)} (−1 to 1).`, "");
    for (const result of records(data.results)) {
      const index = num(result.index);
      const quoted = index === undefined ? undefined : text(texts[index]);
      const aspects = records(result.aspects)
        .map((aspect) => `${listed(aspect.aspect)} ${listed(aspect.label)}`)
        .join(", ");
      lines.push(`- ${quoted ? `“${quoted}”: ` : ""}**${listed(result.label)}** (score ${listed(result.score)})${aspects ? `; ${aspects}` : ""}`);
    }
    return lines.join("\n");
  }
  const window = record(data.window) ?? {};
  const about = [
    text(data.productId) ? `of product ${text(data.productId)}` : "",
    text(data.aspect) ? `about ${text(data.aspect)}` : "",
  ]
    .filter((part) => part !== "")
    .join(" ");
  const rating = num(data.meanRating);
  lines.push(
    `**Review sentiment**${about ? ` ${about}` : ""}: ${listed(data.reviews)} reviews from ${listed(window.from)} to ${listed(window.to)}: ${split}; mean score ${listed(data.meanScore)} (−1 to 1)${rating === undefined ? "" : `, mean rating ${formatNumber(rating)} stars`}.`,
  );
  const aspects = records(data.aspects);
  if (aspects.length > 0) {
    lines.push("", "| Aspect | Mentions | Negative | Share negative | Mean score |", "| --- | --- | --- | --- | --- |");
    for (const aspect of aspects) {
      const share = num(aspect.negativeShare);
      lines.push(`| ${listed(aspect.aspect)} | ${listed(aspect.mentions)} | ${listed(aspect.negative)} | ${share === undefined ? "—" : percent(share)} | ${listed(aspect.meanScore)} |`);
    }
    const complaint = aspects.find((aspect) => (num(aspect.negative) ?? 0) > 0);
    const quotes = record(complaint?.examples);
    const negative = Array.isArray(quotes?.negative) ? quotes.negative.filter((quote): quote is string => typeof quote === "string").slice(0, 2) : [];
    if (complaint && negative.length > 0) {
      lines.push("", `What customers say about ${listed(complaint.aspect)} (quoted reviews):`);
      for (const quote of negative) lines.push(`> “${quote}”`);
    }
  }
  const worst = records(data.worstProducts).slice(0, 3);
  if (worst.length > 0) {
    lines.push("", "Lowest-scoring products:");
    for (const product of worst) {
      const complaint = text(product.topComplaint);
      lines.push(`- **${listed(product.name)}** (${listed(product.productId)}): mean score ${listed(product.meanScore)} over ${listed(product.reviews)} reviews${complaint ? `; most complaints about ${complaint}` : ""}`);
    }
  }
  const best = records(data.bestProducts).slice(0, 3);
  if (best.length > 0) {
    lines.push("", "Best-scoring products:");
    for (const product of best) lines.push(`- **${listed(product.name)}** (${listed(product.productId)}): mean score ${listed(product.meanScore)} over ${listed(product.reviews)} reviews`);
  }
  // The model view keeps the first months of a long trend; "recent" is only honest when the list is whole.
  const months = moreNote(data.monthly) === "" ? records(data.monthly).filter((month) => num(month.meanScore) !== undefined) : [];
  const recent = months.slice(-3);
  if (recent.length > 1) {
    lines.push("", `Recent months: ${recent.map((month) => `${listed(month.month)} mean ${listed(month.meanScore)} (${listed(month.reviews)} reviews)`).join("; ")}.`);
  }
  if (aspects.length === 0 && worst.length === 0) lines.push("", view.ok ? view.summary : "");
  return lines.join("\n");
}

function forecastAnswer(data: Data, view: ModelView, currency: string): string {
  const lines: string[] = [];
  // Revenue is money: written with the shop's currency symbol; units and orders are counts.
  const amount = (value: unknown) => (data.metric === "revenue" ? `${currency}${listed(value)}` : listed(value));
  const scope = record(data.scope) ?? {};
  const trend = record(data.trend);
  const level = num(data.intervalLevel);
  lines.push(
    `**${capitalize(listed(data.metric))} forecast** for ${listed(scope.description)}: ${listed(data.forecastDays)} days from ${listed(data.asOf)}, by ${data.granularity === "week" ? "week" : "day"}.`,
  );
  if (trend) {
    const change = num(trend.changePercent);
    const direction = text(trend.direction);
    lines.push(
      "",
      `Expected total **${amount(trend.forecastTotal)}**, against ${amount(trend.previousTotal)} in the comparison period ${listed(trend.previousFrom)} to ${listed(trend.previousTo)}${
        change === undefined ? "" : ` (${direction === "flat" ? "flat" : direction ?? "change"}: ${change > 0 ? "+" : ""}${formatNumber(change)}% on the daily average)`
      }.`,
    );
  }
  const points = records(data.points);
  if (points.length > 0) {
    const label = level === undefined ? "range" : `${percent(level)} range`;
    lines.push("", `| ${data.granularity === "week" ? "Week from" : "Day"} | Forecast | ${label} |`, "| --- | --- | --- |");
    for (const point of points) {
      lines.push(`| ${listed(point.date)}${point.closed === true ? " (closed)" : ""} | ${amount(point.value)} | ${amount(point.lower)} – ${amount(point.upper)} |`);
    }
    const more = moreNote(data.points);
    if (more) lines.push("", `Later periods${more}.`);
  } else {
    lines.push("", view.ok ? view.summary : "");
  }
  const backtest = record(data.backtest);
  const model = record(data.model);
  const evidence: string[] = [];
  if (backtest && num(backtest.mase) !== undefined) {
    const beats = backtest.beatsSeasonalNaive;
    evidence.push(
      `backtest MASE ${listed(backtest.mase)} against ${listed(backtest.seasonalNaiveMase)} for the seasonal naive rule (${beats === true ? "better" : beats === false ? "not better" : "not comparable"})`,
    );
  }
  if (model && num(model.rSquared) !== undefined) evidence.push(`R² ${listed(model.rSquared)}`);
  if (evidence.length > 0) lines.push("", `Evidence: ${evidence.join("; ")}.`);
  return lines.join("\n");
}

function searchAnswer(data: Data, view: ModelView, currency: string): string {
  const results = records(data.results);
  if (results.length === 0) return `No products matched “${listed(data.query)}”. ${view.ok ? view.summary : ""}`.trim();
  const lines = [`**Products for “${listed(data.query)}”**:`, ""];
  for (const result of results) {
    const price = num(result.price);
    const category = text(result.category);
    lines.push(
      `- **${listed(result.name)}** (${listed(result.productId)})${price === undefined ? "" : `, ${currency}${formatNumber(price)}`}${category ? `, ${category}` : ""}${result.inStock === false ? ", **out of stock**" : ""}`,
    );
  }
  const more = moreNote(data.results);
  if (more) lines.push(`- …${more}`);
  return lines.join("\n");
}

const CHANNEL_NAMES: Readonly<Record<string, string>> = { email: "Email", sms: "SMS", push: "Push notification", social: "Social post", ad: "Ad" };

function draftAnswer(data: Data, view: ModelView): string {
  const lines: string[] = [];
  const audience = record(data.audience);
  const products = records(data.products);
  const offer = record(data.offer);
  const channel = text(data.channel) ?? "";
  const about = [
    audience && text(audience.label) ? `for ${text(audience.label)}` : "",
    products.length > 0 ? `featuring ${products.map((product) => listed(product.name)).join(", ")}` : "",
    offer && text(offer.description) ? `with the offer “${text(offer.description)}”` : "",
  ]
    .filter((part) => part !== "")
    .join(", ");
  lines.push(`**${CHANNEL_NAMES[channel] ?? "Copy"} draft** \`${listed(data.draftId)}\`${about ? ` ${about}` : ""}: ${listed(data.readyCount)} ready to use.`);
  const variants = records(data.variants);
  if (variants.length === 0) lines.push("", view.ok ? view.summary : "");
  for (const variant of variants) {
    const content = record(variant.content) ?? {};
    const angle = text(variant.angle);
    lines.push("", `**Variant ${listed(variant.index)}**${angle ? ` (${angle})` : ""}: ${variant.status === "ready" ? "ready" : "**failing: do not send as is**"}`);
    const fields: Array<[string, unknown]> = [
      ["Subject", content.subject],
      ["Preheader", content.preheader],
      ["Title", content.title],
      ["Headline", content.headline],
      ["Description", content.description],
      ["Primary text", content.primaryText],
    ];
    for (const [label, value] of fields) if (text(value)) lines.push(`- ${label}: ${text(value)}`);
    const body = text(content.body) ?? text(content.text);
    if (body) lines.push("", ...body.split("\n").map((line) => `> ${line}`));
    const checks = records(record(variant.checks)?.results);
    const problems = checks.filter((check) => check.status === "fail" || check.status === "warn");
    for (const check of problems) lines.push(`- ${check.status === "fail" ? "Fails" : "Warning"}: ${listed(check.message)}`);
  }
  return lines.join("\n");
}

/** The section for one successful tool result. */
function resultSection(outcome: StepOutcome, currency: string): string {
  const call = outcome.call!;
  const view = call.view!;
  if (!view.ok) return "";
  const data = viewData(view);
  if (data === undefined) return `**${call.name}**: ${view.summary}`;
  switch (call.name) {
    case "segment_customers":
      return segmentAnswer(data, view, outcome.step, outcome.segmentMatch, currency);
    case "recommend_products":
      return recommendAnswer(data, view);
    case "analyze_sentiment":
      return sentimentAnswer(data, view, call);
    case "forecast_sales":
      return forecastAnswer(data, view, currency);
    case "search_catalog":
      return searchAnswer(data, view, currency);
    case "draft_campaign_copy":
      return draftAnswer(data, view);
    default:
      return `**${call.name}**: ${view.summary}`;
  }
}

/** A one-line section for a helper step: the product found, the segmentation made, the picks used. */
function helperSection(outcome: StepOutcome, currency: string): string {
  const call = outcome.call!;
  const data = viewData(call.view) ?? {};
  switch (call.name) {
    case "search_catalog": {
      const results = records(data.results).slice(0, 3);
      if (results.length === 0) return `No product matched “${listed(data.query)}”.`;
      const names = results.map((result) => {
        const price = num(result.price);
        return `**${listed(result.name)}** (${listed(result.productId)}${price === undefined ? "" : `, ${currency}${formatNumber(price)}`})`;
      });
      return `Catalogue match for “${listed(data.query)}”: ${names.join("; ")}.`;
    }
    case "segment_customers":
      return segmentAnswer(data, call.view!, outcome.step, outcome.segmentMatch, currency);
    case "recommend_products":
      return recommendAnswer(data, call.view!);
    default:
      return call.view?.ok ? call.view.summary : "";
  }
}

function failureSection(outcome: StepOutcome): string {
  const call = outcome.call;
  const error = call?.view && !call.view.ok ? call.view.error : undefined;
  const retried = outcome.firstAttempt && outcome.dropped ? ` I tried again without ${outcome.dropped.join(", ")}, and that failed too.` : "";
  return `**${outcome.step.tool}** did not work: ${error?.message ?? "no result came back"}${retried}`;
}

/** The closing suggestion after the main result, naming the tools that make sense next. */
function nextHint(tools: readonly string[], tool: string): string | undefined {
  const has = (name: string) => tools.includes(name);
  switch (tool) {
    case "segment_customers":
      return has("draft_campaign_copy") ? "Next, I can draft a campaign for one of these segments or pick products for it." : undefined;
    case "recommend_products":
      return has("draft_campaign_copy") ? "Want copy featuring these? Ask for an email, SMS, push or social post." : undefined;
    case "search_catalog":
      return has("draft_campaign_copy") ? "I can feature these in an email, SMS, push or social post." : undefined;
    case "draft_campaign_copy":
      return "Ask for changes such as “make it shorter”, a different tone, or another channel.";
    default:
      return undefined;
  }
}

/** Options of the answer texts. */
export interface AnswerOptions {
  /** Currency symbol for prices (the marketing settings' `currencySymbol`). */
  currency: string;
  /** Tools that can be called, for the capability list and suggestions. */
  tools: readonly string[];
}

/** The final answer of a tool turn, from its outcomes. */
export function answerFromOutcomes(plan: Extract<TurnPlan, { kind: "tools" }>, outcomes: readonly StepOutcome[], options: AnswerOptions): string {
  const sections: string[] = [];
  const done = outcomes.filter((outcome) => outcome.status === "done");
  const main = outcomes.filter((outcome) => outcome.step.role === "main");
  if (plan.followUp && main[0]?.step.note?.change) sections.push(`Same as before, with the change you asked for (${main[0].step.note.change}).`);
  for (const outcome of outcomes) {
    if (outcome.status === "done") {
      if (outcome.dropped && outcome.firstAttempt?.view && !outcome.firstAttempt.view.ok) {
        sections.push(`The first try failed (${outcome.firstAttempt.view.error.message}), so I ran it again without ${outcome.dropped.join(", ")}.`);
      }
      sections.push(outcome.step.role === "main" ? resultSection(outcome, options.currency) : helperSection(outcome, options.currency));
      if (outcome.segmentMatch && outcome.step.tool !== "segment_customers" && !outcome.segmentMatch.exact) sections.push(matchLine(outcome.segmentMatch));
    } else if (outcome.status === "failed") {
      sections.push(failureSection(outcome));
    } else {
      sections.push(`I did not run **${outcome.step.tool}**: ${outcome.reason ?? "it could not be prepared"}.`);
    }
  }
  const lastMain = [...main].reverse().find((outcome) => outcome.status === "done");
  const hint = lastMain ? nextHint(options.tools, lastMain.step.tool) : undefined;
  if (hint && done.length > 0) sections.push(hint);
  return sections.filter((section) => section.trim() !== "").join("\n\n");
}

/** The answer when the calls made this turn do not follow the plan: each result's summary or error. */
export function answerFromCalls(calls: readonly ExecutedCall[]): string {
  if (calls.length === 0) return "I could not work out what to run for that. Could you rephrase it?";
  return calls
    .map((call) => (call.view === undefined ? `**${call.name}**: no result.` : call.view.ok ? `**${call.name}**: ${call.view.summary}` : `**${call.name}** did not work: ${call.view.error.message}`))
    .join("\n\n");
}

const CAPABILITIES: Readonly<Record<string, { line: string; example: string }>> = {
  segment_customers: { line: "**segment customers** into named groups (champions, loyal, at risk, …) with sizes and suggested actions", example: "Segment our customers into 5 groups" },
  recommend_products: { line: "**recommend products** for a customer, a segment, or to go with a product", example: "What goes well with our best-selling candle?" },
  analyze_sentiment: { line: "**analyse reviews**: what customers praise and complain about, by aspect and product", example: "What are customers complaining about?" },
  forecast_sales: { line: "**forecast** revenue, units or orders, with ranges and a backtest", example: "What revenue should we expect next month?" },
  search_catalog: { line: "**search the catalogue** for products that fit a need or an occasion", example: "Find gifts for gardeners under £30" },
  draft_campaign_copy: {
    line: "**draft campaign copy** for email, SMS, push, social posts and ads, checked before you send it",
    example: "Find at-risk customers and write them a win-back SMS with products they'd like",
  },
};

/** The reply to small talk: what Bullseye can do, with example requests. */
export function smallTalkReply(talk: SmallTalk | "unclear", tools: readonly string[], describe: (tool: string) => string | undefined): string {
  const opening: Record<SmallTalk | "unclear", string> = {
    greeting: "Hello! I'm Bullseye, your marketing assistant. I work with your shop's customers, orders, products and reviews.",
    thanks: "You're welcome! Anything else I can look at?",
    help: "I'm Bullseye, your marketing assistant. I answer questions from your shop's customers, orders, products and reviews.",
    "off-topic": "That's outside what I can help with: I work with your shop's customer, order, product and review data.",
    unclear: "I'm not sure which analysis you need.",
  };
  const lines = [opening[talk]];
  if (tools.length === 0) {
    lines.push("No tools are available right now, so I can only chat.");
    return lines.join(" ");
  }
  lines.push("", "I can:");
  for (const tool of tools) {
    const known = CAPABILITIES[tool];
    const line = known?.line ?? describe(tool);
    if (line) lines.push(`- ${line}`);
  }
  const examples = tools.map((tool) => CAPABILITIES[tool]?.example).filter((example): example is string => example !== undefined);
  const picked = [examples.at(-1), examples[0], examples[3] ?? examples[1], examples[2]].filter((example, index, all): example is string => example !== undefined && all.indexOf(example) === index).slice(0, 4);
  if (picked.length > 0) lines.push("", "Try, for example:", ...picked.map((example) => `- “${example}”`));
  return lines.join("\n");
}
