/**
 * Turn planning for the builtin planner (pure): from the conversation so far to the plan
 * of the current turn — the tool steps to run in order, a clarifying question, or a
 * small-talk reply.
 *
 * 1. A turn that answers the planner's own clarifying question is read together with the
 *    question's request ("Write a campaign message" → "Which channel?" → "email").
 * 2. Greetings, thanks, help and off-topic requests get a reply without tools.
 * 3. A short follow-up ("use segment 2 instead", "now make it shorter", "and for email?")
 *    repeats the previous turn's main call with the change.
 * 4. Otherwise the request is split into clauses, each clause is routed to a tool
 *    (`routing.ts`), and arguments are read from the clause (`extract.ts`, `phrases.ts`).
 * 5. Steps the main steps depend on are added in front: `segment_customers` when a named
 *    group ("at-risk customers") is needed and the conversation has no segmentation,
 *    `search_catalog` when a product is named in words, `recommend_products` when copy
 *    should feature "products they'd like".
 * 6. A main step missing a required argument (a recommendation with no customer, product
 *    or segment; copy with no channel) turns the plan into a short clarifying question.
 *
 * Values that only exist once earlier steps have run (the segment id of "at risk", the
 * product id of "the Fresh Linen candle") are `Need`s, filled by `run.ts`.
 */
import type { ExecutedCall, ConversationState, KnownProduct, KnownSegmentation } from "./conversation.ts";
import { latestProducts, latestSegmentation, previousCalls } from "./conversation.ts";
import {
  type ChannelChoice,
  type SegmentName,
  extractAsOf,
  extractAspect,
  extractChannels,
  extractCountry,
  extractCustomerIds,
  extractDateWindow,
  extractFeatures,
  extractGranularity,
  extractHorizonDays,
  extractInStockOnly,
  extractLimit,
  extractMetric,
  extractMetrics,
  extractOffer,
  extractPriceRange,
  extractProductIds,
  extractSegmentCount,
  extractSegmentName,
  extractSegmentNumber,
  extractTexts,
  extractTone,
  extractVariants,
} from "./extract.ts";
import { type PhraseContext, extractProductPhrase, extractProductReference, searchQueryOf, wantsRecommendedProducts } from "./phrases.ts";
import { type SmallTalk, type ToolRouter, detectSmallTalk, isOffTopicWriting, splitClauses } from "./routing.ts";
import { normalize, terms } from "./text.ts";

/** Tool names the planner knows how to fill arguments for. */
export const SEGMENT = "segment_customers";
export const RECOMMEND = "recommend_products";
export const SENTIMENT = "analyze_sentiment";
export const FORECAST = "forecast_sales";
export const SEARCH = "search_catalog";
export const DRAFT = "draft_campaign_copy";

/** Segments asked for when a named group is needed and the request gives no count: enough for the RFM map's main groups. */
export const NAMED_GROUP_K = 5;
/** Products a draft features when it takes them from a list. */
export const FEATURED_PRODUCTS = 3;

/** A value a step needs from an earlier result. */
export type Need =
  /** A segment id from the latest segmentation: by name (closest profile when no segment has it) or by number. */
  | { kind: "segment"; into: "segmentId" | "audience"; name?: SegmentName; number?: string }
  /** The top product of an earlier step's list (a search for a named product). */
  | { kind: "product"; into: "productId"; step: number }
  /** The first `count` products of an earlier step's list, or of the latest list in the conversation. */
  | { kind: "products"; into: "productIds"; source: number | "conversation"; count: number; prepend?: number };

/** One tool call of a plan. */
export interface PlanStep {
  tool: string;
  /** Arguments known when planning; `needs` add the rest. */
  args: Record<string, unknown>;
  needs: Need[];
  /** main: asked for; helper: needed by a main step (a search for a named product, a segmentation for a named group). */
  role: "main" | "helper";
  /** For answers: the group the person named, the product words searched for. */
  note?: { segmentName?: SegmentName; productPhrase?: string; change?: string; kChosenForName?: boolean };
}

/** What the current turn will do: run tools, ask a clarifying question, or reply to small talk (the text is written by `answers.ts`). */
export type TurnPlan =
  | { kind: "tools"; steps: PlanStep[]; followUp: boolean }
  | { kind: "clarify"; missing: "recommend-target" | "channel" | "brief"; text: string }
  | { kind: "reply"; talk: SmallTalk | "unclear" };

/** What planning knows besides the request. */
export interface PlanEnvironment {
  router: ToolRouter;
  /** Tools that can be called this turn. */
  tools: ReadonlySet<string>;
  /** Today as YYYY-MM-DD, for "last 90 days" and "since March". */
  today: string;
}

/** Facts from earlier turns. */
interface History {
  calls: ExecutedCall[];
  segmentation: KnownSegmentation | undefined;
  products: KnownProduct[];
  /** The previous turn, when there is one. */
  lastTurn: ConversationState["previous"][number] | undefined;
}

/** Who a step is for. */
type Audience =
  | { kind: "segment-number"; value: string }
  | { kind: "segment-name"; name: SegmentName }
  | { kind: "customers"; ids: string[] };

const PRONOUN_AUDIENCE =
  /\b(?:them|they|their|these customers|those customers|this segment|that segment|this group|that group|these people|those people|that audience|this audience|the segment|the group|those ones|these ones)\b/;

function historyOf(state: ConversationState): History {
  const calls = previousCalls(state);
  return {
    calls,
    segmentation: latestSegmentation(calls),
    products: latestProducts(calls),
    lastTurn: state.previous.at(-1),
  };
}

function audienceOf(clause: string): Audience | undefined {
  const customers = extractCustomerIds(clause);
  if (customers.length > 0) return { kind: "customers", ids: customers };
  const number = extractSegmentNumber(clause);
  if (number !== undefined) return { kind: "segment-number", value: number };
  const name = extractSegmentName(clause);
  if (name !== undefined) return { kind: "segment-name", name };
  return undefined;
}

/** Sets a step's segment target from an audience; returns false when the audience is not a segment. */
function targetSegment(step: PlanStep, audience: Audience, into: "segmentId" | "audience"): boolean {
  if (audience.kind === "segment-number") {
    step.needs.push({ kind: "segment", into, number: audience.value });
    return true;
  }
  if (audience.kind === "segment-name") {
    step.needs.push({ kind: "segment", into, name: audience.name });
    step.note = { ...step.note, segmentName: audience.name };
    return true;
  }
  return false;
}

/** Sets a recommendation's customer target: one customer, or a list. */
function targetCustomers(step: PlanStep, ids: readonly string[]): boolean {
  if (ids.length === 1) step.args.customerId = ids[0];
  else step.args.customerIds = [...ids];
  return ids.length > 0;
}

/** Plans of the main steps before helpers are added: one per routed clause. */
interface Intent {
  tool: string;
  clause: string;
}

const WRITING_VERB = /\b(?:write|draft|compose|create|craft|redraft|rewrite|put together|come up with|make|prepare|send|generate|produce|need|want|give me|get me)\b/;
const QUESTION_START = /^(?:what|what's|when|where|why|how|which|who|is|are|do|does|did|can|could|should|would|will)\b/;

/** The tool a clause goes to; a question that asks for no writing ("when should we post on Instagram?") is not a copy request. */
function routeClause(clause: string, environment: PlanEnvironment): string | undefined {
  const routed = environment.router.route(clause);
  if (routed === undefined) return undefined;
  const normal = normalize(clause);
  if (routed.tool === DRAFT && QUESTION_START.test(normal) && !WRITING_VERB.test(normal)) return undefined;
  return routed.tool;
}

/** Routes the clauses of `text`; consecutive clauses routed to the same tool are merged. */
function routeIntents(text: string, environment: PlanEnvironment): Intent[] {
  const intents: Intent[] = [];
  for (const clause of splitClauses(text)) {
    const tool = routeClause(clause, environment);
    const routed = tool === undefined ? undefined : { tool };
    if (routed === undefined) {
      // A clause with no tool of its own refines the previous one ("…, for the UK only").
      const previous = intents.at(-1);
      if (previous !== undefined) previous.clause = `${previous.clause} ${clause}`;
      continue;
    }
    const previous = intents.at(-1);
    if (previous !== undefined && previous.tool === routed.tool) previous.clause = `${previous.clause} ${clause}`;
    else intents.push({ tool: routed.tool, clause });
  }
  if (intents.length === 0) {
    const whole = routeClause(text, environment);
    if (whole !== undefined) intents.push({ tool: whole, clause: text });
  }
  return intents;
}

// ---------------------------------------------------------------- per-tool arguments

function segmentStep(clause: string, environment: PlanEnvironment): PlanStep {
  const args: Record<string, unknown> = {};
  const k = extractSegmentCount(clause);
  if (k !== undefined) args.k = Math.min(Math.max(k, 2), 12);
  const country = extractCountry(clause);
  if (country !== undefined) args.country = country;
  if (/\b(?:orders?|purchases?|sales|data|buying|bought)\b/.test(normalize(clause)) || /\bsince\b/.test(normalize(clause))) {
    const window = extractDateWindow(clause, environment.today);
    if (window?.from !== undefined) args.from = window.from;
    if (window?.to !== undefined) args.to = window.to;
  }
  const asOf = extractAsOf(clause);
  if (asOf !== undefined) args.asOf = asOf;
  const extra = extractFeatures(clause);
  if (extra.length > 0) args.features = ["recency", "frequency", "monetary", ...extra];
  const name = extractSegmentName(clause);
  if (name === undefined) return { tool: SEGMENT, args, needs: [], role: "main" };
  const kChosenForName = args.k === undefined;
  if (kChosenForName) args.k = NAMED_GROUP_K;
  return { tool: SEGMENT, args, needs: [], role: "main", note: { segmentName: name, ...(kChosenForName ? { kChosenForName } : {}) } };
}

function excludePurchasedOf(clause: string): boolean | undefined {
  return /\b(?:something new|new to them|haven'?t (?:bought|tried|ordered)|hasn'?t (?:bought|tried|ordered)|not (?:bought|purchased|ordered) (?:yet|before)|never (?:bought|ordered)|they don'?t (?:already )?(?:have|own)|exclud(?:e|ing) (?:what they(?: have| already| 've)* (?:bought|own|have)|(?:their |past |previous )?purchases|purchased|products they (?:already )?(?:bought|own))|not already (?:bought|owned))\b/.test(normalize(clause))
    ? true
    : undefined;
}

function recommendArgs(clause: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const limit = extractLimit(clause);
  if (limit !== undefined) args.limit = limit;
  const exclude = excludePurchasedOf(clause);
  if (exclude !== undefined) args.excludePurchased = exclude;
  const asOf = extractAsOf(clause);
  if (asOf !== undefined) args.asOf = asOf;
  return args;
}

/** Adds a search step for a product named in words; returns its index. */
function addSearch(steps: PlanStep[], phrase: string, limit: number): number {
  const existing = steps.findIndex((step) => step.tool === SEARCH && step.note?.productPhrase === phrase);
  if (existing >= 0) return existing;
  steps.push({ tool: SEARCH, args: { query: phrase, limit }, needs: [], role: "helper", note: { productPhrase: phrase } });
  return steps.length - 1;
}

/** Points a step at one product: an id in the clause, or the top search result for a product named in words. */
function targetProduct(steps: PlanStep[], step: PlanStep, clause: string, context: PhraseContext, into: "productId"): boolean {
  const ids = extractProductIds(clause);
  if (ids[0] !== undefined) {
    step.args[into] = ids[0];
    return true;
  }
  const phrase = extractProductPhrase(clause, context);
  if (phrase === undefined) return false;
  const search = addSearch(steps, phrase, 5);
  step.needs.push({ kind: "product", into, step: search });
  step.note = { ...step.note, productPhrase: phrase };
  return true;
}

// ---------------------------------------------------------------- the plan

const CLARIFY_RECOMMEND =
  "Who should the recommendations be for? Give me a customer (e.g. \"customer 12347\"), a product for cross-sell ideas " +
  '(a name or id, e.g. "what goes with the enamel mug"), or a customer group (e.g. "segment 2" or "at-risk customers").';

function clarifyChannel(clause: string): string {
  const about = normalize(clause).match(/\bfor (?:our |the )?([a-z0-9' -]{3,40}?)(?:[.?!,]|$)/)?.[1];
  return (
    `Which channel should I write${about ? ` the ${about} copy` : " it"} for: **email**, **SMS**, **push notification**, ` +
    "**social post** (e.g. Instagram) or **ad** (e.g. Google search ad)?"
  );
}

/**
 * Builds the main and helper steps for the routed intents. Returns a clarification when a
 * main step lacks a required argument.
 */
function planIntents(intents: readonly Intent[], request: string, environment: PlanEnvironment, history: History): TurnPlan {
  const steps: PlanStep[] = [];
  // The audience and products earlier clauses established, for "them"/"it" in later ones; to begin
  // with, a group named anywhere in the request ("show me our champions and email them").
  let sharedAudience: Audience | undefined = audienceOf(request);
  let productSource: { step: number; kind: "search" | "recommend"; productStep?: number } | undefined;

  for (const intent of intents) {
    const { clause } = intent;
    const ownAudience = audienceOf(clause);
    const audience = ownAudience ?? (PRONOUN_AUDIENCE.test(normalize(clause)) || intent.tool !== SEGMENT ? sharedAudience : undefined);
    switch (intent.tool) {
      case SEGMENT: {
        const step = segmentStep(clause, environment);
        steps.push(step);
        const name = step.note?.segmentName;
        if (name !== undefined) sharedAudience = { kind: "segment-name", name };
        break;
      }
      case RECOMMEND: {
        const step: PlanStep = { tool: RECOMMEND, args: recommendArgs(clause), needs: [], role: "main" };
        // Whom or what for: customers named in this clause, a product, then the audience of the request.
        let targeted = ownAudience?.kind === "customers" && targetCustomers(step, ownAudience.ids);
        if (!targeted) targeted = targetProduct(steps, step, clause, "recommend", "productId");
        if (!targeted && audience !== undefined) {
          targeted = audience.kind === "customers" ? targetCustomers(step, audience.ids) : targetSegment(step, audience, "segmentId");
        }
        if (!targeted) {
          // "Recommend a good book" is not about the shop's products.
          if (isOffTopicWriting(request)) return { kind: "reply", talk: "off-topic" };
          return { kind: "clarify", missing: "recommend-target", text: CLARIFY_RECOMMEND };
        }
        steps.push(step);
        const anchor = step.needs.find((need) => need.kind === "product");
        productSource = { step: steps.length - 1, kind: "recommend", ...(anchor?.kind === "product" ? { productStep: anchor.step } : {}) };
        if (ownAudience !== undefined) sharedAudience = ownAudience;
        break;
      }
      case SENTIMENT: {
        const step: PlanStep = { tool: SENTIMENT, args: {}, needs: [], role: "main" };
        const texts = extractTexts(clause);
        if (texts !== undefined) {
          step.args.texts = texts;
        } else {
          targetProduct(steps, step, clause, "sentiment", "productId");
          const aspect = extractAspect(clause.replace(/\b(?:quality|price|design|packaging) of (?:the |our )?.*$/i, (match) => match.split(" of ")[0] ?? ""));
          if (aspect !== undefined) step.args.aspect = aspect;
          const window = extractDateWindow(clause, environment.today);
          if (window?.from !== undefined) step.args.from = window.from;
          if (window?.to !== undefined) step.args.to = window.to;
          const worst = /\b(?:worst|best|top|lowest|highest)[- ](?:rated )?(\d{1,2})\b|\b(\d{1,2}) (?:worst|best|lowest|highest)/.exec(normalize(clause));
          const limit = Number(worst?.[1] ?? worst?.[2] ?? Number.NaN);
          if (Number.isInteger(limit) && limit >= 1 && limit <= 20) step.args.productLimit = limit;
        }
        steps.push(step);
        break;
      }
      case FORECAST: {
        const step: PlanStep = { tool: FORECAST, args: {}, needs: [], role: "main" };
        const metrics = extractMetrics(clause);
        if (metrics[0] !== undefined) step.args.metric = metrics[0];
        const horizon = extractHorizonDays(clause, environment.today);
        if (horizon !== undefined) step.args.horizonDays = horizon;
        const granularity = extractGranularity(clause);
        if (granularity !== undefined) step.args.granularity = granularity;
        const asOf = extractAsOf(clause);
        if (asOf !== undefined) step.args.asOf = asOf;
        targetProduct(steps, step, clause, "forecast", "productId");
        if (ownAudience !== undefined && ownAudience.kind !== "customers") targetSegment(step, ownAudience, "segmentId");
        steps.push(step);
        // "revenue and units": one forecast per metric, otherwise the same.
        for (const metric of metrics.slice(1)) steps.push({ ...step, args: { ...step.args, metric }, needs: step.needs.map((need) => ({ ...need })) });
        break;
      }
      case SEARCH: {
        const args: Record<string, unknown> = { query: searchQueryOf(clause) };
        const range = extractPriceRange(clause);
        if (range?.minPrice !== undefined) args.minPrice = range.minPrice;
        if (range?.maxPrice !== undefined) args.maxPrice = range.maxPrice;
        if (extractInStockOnly(clause)) args.inStockOnly = true;
        const limit = extractLimit(clause);
        if (limit !== undefined) args.limit = limit;
        steps.push({ tool: SEARCH, args, needs: [], role: "main" });
        productSource = { step: steps.length - 1, kind: "search" };
        break;
      }
      case DRAFT: {
        const channels = extractChannels(clause);
        if (channels.length === 0) {
          // "Write me a poem about the sea" is not marketing copy.
          if (isOffTopicWriting(request)) return { kind: "reply", talk: "off-topic" };
          return { kind: "clarify", missing: "channel", text: clarifyChannel(clause) };
        }
        const offer = extractOffer(request);
        if (audience === undefined && offer === undefined && !hasTopic(request)) {
          return { kind: "clarify", missing: "brief", text: clarifyBrief(channels[0]!) };
        }
        const base: PlanStep = { tool: DRAFT, args: { brief: briefOf(request) }, needs: [], role: "main" };
        const tone = extractTone(clause);
        if (tone !== undefined) base.args.tone = tone;
        const variants = extractVariants(clause);
        if (variants !== undefined) base.args.variants = Math.min(Math.max(variants, 1), 5);
        if (offer !== undefined) base.args.offer = offer;
        if (audience !== undefined) {
          if (audience.kind === "customers") base.args.audience = `customer${audience.ids.length > 1 ? "s" : ""} ${audience.ids.join(", ")}`;
          else targetSegment(base, audience, "audience");
        }
        // Products to feature: ids in the request, a product named in words, recommendations for the audience,
        // an earlier step's list, or the list shown in an earlier turn ("featuring the first three").
        const ids = extractProductIds(clause);
        const phrase = ids.length === 0 ? extractProductPhrase(clause, "draft") : undefined;
        const reference = extractProductReference(clause);
        if (ids.length > 0) base.args.productIds = ids.slice(0, 10);
        else if (phrase !== undefined) {
          const search = addSearch(steps, phrase, FEATURED_PRODUCTS);
          base.needs.push({ kind: "products", into: "productIds", source: search, count: FEATURED_PRODUCTS });
          base.note = { ...base.note, productPhrase: phrase };
        } else if (wantsRecommendedProducts(clause) && productSource?.kind !== "recommend") {
          const helper: PlanStep = { tool: RECOMMEND, args: { limit: 5 }, needs: [], role: "helper" };
          const targeted =
            audience === undefined ? false : audience.kind === "customers" ? targetCustomers(helper, audience.ids) : targetSegment(helper, audience, "segmentId");
          if (targeted) {
            steps.push(helper);
            base.needs.push({ kind: "products", into: "productIds", source: steps.length - 1, count: FEATURED_PRODUCTS });
          }
        } else if (productSource !== undefined && (reference !== undefined || wantsRecommendedProducts(clause) || PRONOUN_AUDIENCE.test(normalize(clause)) || /\b(?:it|them)\b/.test(normalize(clause)))) {
          base.needs.push({
            kind: "products",
            into: "productIds",
            source: productSource.step,
            count: reference ?? FEATURED_PRODUCTS,
            ...(productSource.productStep === undefined ? {} : { prepend: productSource.productStep }),
          });
        } else if (reference !== undefined && history.products.length > 0) {
          base.args.productIds = history.products.slice(0, reference).map((product) => product.productId);
        }
        for (const choice of channels) steps.push(draftFor(base, choice));
        break;
      }
      default:
        // A tool the planner has no argument rules for: call it with what its examples suggest (nothing).
        steps.push({ tool: intent.tool, args: {}, needs: [], role: "main" });
    }
  }
  return { kind: "tools", steps: addSegmentation(steps, history), followUp: false };
}

/** Words that only say "write some copy for a channel": a request made of them alone has no topic. */
const COPY_WORDS = new Set(
  terms(
    "write draft compose create craft redraft rewrite put together come up with prepare generate produce send need want give get " +
      "email e-mail newsletter sms text message push notification post social instagram facebook linkedin tweet twitter ad advert google " +
      "copy campaign message some new quick short please one version variant",
  ),
);

/** Whether a copy request says what the copy is about, beyond the channel. */
function hasTopic(request: string): boolean {
  return terms(request).some((term) => !COPY_WORDS.has(term));
}

const CHANNEL_NAMES: Readonly<Record<ChannelChoice["channel"], string>> = { email: "email", sms: "SMS", push: "push notification", social: "post", ad: "ad" };

function clarifyBrief(choice: ChannelChoice): string {
  return (
    `What should the ${CHANNEL_NAMES[choice.channel]} be about? Tell me the occasion or goal (e.g. "win back customers who stopped ordering" ` +
    'or "launch of our autumn range") and, if you like, who it is for, products to feature and any offer or code.'
  );
}

function draftFor(base: PlanStep, choice: ChannelChoice): PlanStep {
  const args: Record<string, unknown> = { ...base.args, channel: choice.channel };
  if (choice.platform !== undefined) args.platform = choice.platform;
  return { tool: DRAFT, args, needs: base.needs.map((need) => ({ ...need })), role: "main", ...(base.note ? { note: { ...base.note } } : {}) };
}

/** The brief of a draft: the request in the marketer's words, within the schema's 2,000 characters. */
function briefOf(request: string): string {
  const brief = request.replace(/\s+/g, " ").trim();
  return brief.length > 2_000 ? brief.slice(0, 2_000) : brief.length < 3 ? `${brief} campaign` : brief;
}

/**
 * Puts a segmentation in front when a step needs a named group and neither the
 * conversation nor the plan has one; asks a planned segmentation for enough segments
 * when a later step needs a group by name.
 */
function addSegmentation(steps: PlanStep[], history: History): PlanStep[] {
  const needsName = (step: PlanStep) => step.needs.some((need) => need.kind === "segment" && need.name !== undefined);
  const segmentIndex = steps.findIndex((step) => step.tool === SEGMENT);
  if (segmentIndex >= 0) {
    const segment = steps[segmentIndex]!;
    if (segment.args.k === undefined && steps.slice(segmentIndex + 1).some(needsName)) {
      segment.args.k = NAMED_GROUP_K;
      segment.note = { ...segment.note, kChosenForName: true };
    }
    return steps;
  }
  const first = steps.findIndex(needsName);
  if (first < 0 || history.segmentation !== undefined) return steps;
  const named = steps[first]!.needs.find((need) => need.kind === "segment" && need.name !== undefined) as { name: SegmentName };
  const helper: PlanStep = {
    tool: SEGMENT,
    args: { k: NAMED_GROUP_K },
    needs: [],
    role: "helper",
    note: { segmentName: named.name, kChosenForName: true },
  };
  // Needs that point at step indexes move with the insertion.
  const shifted = steps.map((step) => ({
    ...step,
    needs: step.needs.map((need) => (need.kind === "product" ? { ...need, step: need.step + 1 } : need.kind === "products" && typeof need.source === "number" ? { ...need, source: need.source + 1, ...(need.prepend === undefined ? {} : { prepend: need.prepend + 1 }) } : need)),
  }));
  return [helper, ...shifted];
}

// ---------------------------------------------------------------- follow-ups

const FOLLOW_UP_CUE =
  /^(?:and|now|ok(?:ay)?|so|but|what about|how about|what if|same|instead|use|try|make (?:it|them|this|that)|show (?:it|that|this|me that)|do (?:it|that|the same)|redo|again|only|just|with|without|for|as|in|by|over|change|switch|can you make|could you make|make the)\b|\binstead\b|\bsame\b|\bagain\b/;

/**
 * The main call of the latest turn that made one: its last call that succeeded (helpers run
 * first). Turns without tools in between ("thanks!") do not break the thread.
 */
function lastMainCall(state: ConversationState): ExecutedCall | undefined {
  for (let turnIndex = state.previous.length - 1; turnIndex >= 0; turnIndex--) {
    const turn = state.previous[turnIndex]!;
    for (let index = turn.calls.length - 1; index >= 0; index--) {
      const call = turn.calls[index]!;
      if (call.view?.ok === true) return call;
    }
    if (turn.calls.length > 0) return undefined;
  }
  return undefined;
}

/** The previous call with the changes `text` asks for, or undefined when it asks for none. */
function followUpStep(previous: ExecutedCall, text: string, environment: PlanEnvironment, history: History, steps: PlanStep[]): PlanStep | undefined {
  const normal = normalize(text);
  const args: Record<string, unknown> = { ...previous.args };
  const step: PlanStep = { tool: previous.name, args, needs: [], role: "main" };
  const changes: string[] = [];
  const audience = audienceOf(text);
  const setSegment = (into: "segmentId" | "audience") => {
    if (audience === undefined || audience.kind === "customers") return;
    delete args[into];
    if (audience.kind === "segment-number") {
      const known = history.segmentation?.segments.find((segment) => String(segment.number) === audience.value);
      if (known !== undefined) args[into] = known.segmentId;
      else step.needs.push({ kind: "segment", into, number: audience.value });
    } else targetSegment(step, audience, into);
    changes.push("audience");
  };
  switch (previous.name) {
    case DRAFT: {
      const [choice] = extractChannels(text);
      if (choice !== undefined && (choice.channel !== args.channel || (choice.platform !== undefined && choice.platform !== args.platform))) {
        args.channel = choice.channel;
        if (choice.platform !== undefined) args.platform = choice.platform;
        else delete args.platform;
        // The brief is in the marketer's words and may name the old channel ("a win-back SMS").
        const brief = typeof args.brief === "string" ? args.brief : "";
        args.brief = `${brief} Now for ${choice.platform ?? choice.channel} instead.`.trim().slice(0, 2_000);
        changes.push("channel");
      }
      const brief = typeof args.brief === "string" ? args.brief : "";
      if (/\b(?:shorter|more concise|briefer|trim(?:med)?|cut (?:it|them) down|tighter|less wordy|fewer words|punchier)\b/.test(normal)) {
        args.brief = `${brief} Make it shorter than the previous draft.`.trim().slice(0, 2_000);
        if (args.tone === undefined) args.tone = "concise";
        changes.push("shorter");
      } else if (/\b(?:longer|more detail(?:ed)?|expand|more words)\b/.test(normal)) {
        args.brief = `${brief} Make it longer, with more detail, than the previous draft.`.trim().slice(0, 2_000);
        changes.push("longer");
      }
      const tone = extractTone(text);
      if (tone !== undefined && tone !== "concise" && tone !== args.tone) {
        args.tone = tone;
        changes.push("tone");
      }
      const variants = extractVariants(text);
      if (variants !== undefined) {
        args.variants = Math.min(Math.max(variants, 1), 5);
        changes.push("variants");
      }
      if (/\b(?:without|no|drop|remove) (?:the )?(?:offer|discount|code|promo)\b/.test(normal)) {
        delete args.offer;
        changes.push("offer");
      } else {
        const offer = extractOffer(text);
        if (offer !== undefined) {
          args.offer = offer;
          changes.push("offer");
        }
      }
      if (audience?.kind === "customers") {
        args.audience = `customer${audience.ids.length > 1 ? "s" : ""} ${audience.ids.join(", ")}`;
        changes.push("audience");
      } else setSegment("audience");
      const phrase = extractProductPhrase(text, "draft");
      if (phrase !== undefined) {
        const search = addSearch(steps, phrase, FEATURED_PRODUCTS);
        delete args.productIds;
        step.needs.push({ kind: "products", into: "productIds", source: search, count: FEATURED_PRODUCTS });
        changes.push("products");
      }
      break;
    }
    case FORECAST: {
      const horizon = extractHorizonDays(text, environment.today);
      if (horizon !== undefined && horizon !== args.horizonDays) {
        args.horizonDays = horizon;
        changes.push("horizon");
      }
      const metric = extractMetric(text);
      if (metric !== undefined && metric !== args.metric) {
        args.metric = metric;
        changes.push("metric");
      }
      const granularity = extractGranularity(text);
      if (granularity !== undefined && granularity !== args.granularity) {
        args.granularity = granularity;
        changes.push("granularity");
      }
      setSegment("segmentId");
      const ids = extractProductIds(text);
      if (ids[0] !== undefined) {
        args.productId = ids[0];
        changes.push("product");
      } else {
        const phrase = /\b(?:what about|how about|and|for|of|instead)\b/.test(normal) ? extractProductPhrase(text, "forecast") : undefined;
        if (phrase !== undefined) {
          const search = addSearch(steps, phrase, 5);
          delete args.productId;
          step.needs.push({ kind: "product", into: "productId", step: search });
          changes.push("product");
        }
      }
      if (/\b(?:all products|whole shop|everything|overall|in total)\b/.test(normal) && args.productId !== undefined) {
        delete args.productId;
        changes.push("product");
      }
      break;
    }
    case RECOMMEND: {
      const ids = extractProductIds(text);
      const customers = extractCustomerIds(text);
      if (customers.length > 0 || ids.length > 0 || audience !== undefined) {
        for (const field of ["customerId", "customerIds", "productId", "segmentId"]) delete args[field];
      }
      if (customers.length === 1) args.customerId = customers[0];
      else if (customers.length > 1) args.customerIds = customers;
      else if (ids[0] !== undefined) args.productId = ids[0];
      else if (audience !== undefined) setSegment("segmentId");
      if (customers.length > 0 || ids.length > 0) changes.push("target");
      const limit = extractLimit(text);
      if (limit !== undefined && limit !== args.limit) {
        args.limit = limit;
        changes.push("limit");
      }
      const exclude = excludePurchasedOf(text);
      if (exclude !== undefined && args.excludePurchased !== true) {
        args.excludePurchased = true;
        changes.push("new only");
      }
      break;
    }
    case SENTIMENT: {
      if (Array.isArray(args.texts)) return undefined;
      const aspect = extractAspect(text);
      if (aspect !== undefined && aspect !== args.aspect) {
        args.aspect = aspect;
        changes.push("aspect");
      }
      const window = extractDateWindow(text, environment.today);
      if (window !== undefined) {
        delete args.from;
        delete args.to;
        if (window.from !== undefined) args.from = window.from;
        if (window.to !== undefined) args.to = window.to;
        changes.push("window");
      }
      const ids = extractProductIds(text);
      if (ids[0] !== undefined) {
        args.productId = ids[0];
        changes.push("product");
      }
      if (/\b(?:all|every) (?:aspects|reviews|products)\b|\boverall\b/.test(normal)) {
        delete args.aspect;
        delete args.productId;
        changes.push("everything");
      }
      break;
    }
    case SEGMENT: {
      const k = extractSegmentCount(text) ?? (/\b(\d{1,2})\b/.exec(normal) && /\b(?:segments?|groups?|clusters?|instead|try|with)\b/.test(normal) ? Number(/\b(\d{1,2})\b/.exec(normal)?.[1]) : undefined);
      if (k !== undefined && k >= 2 && k <= 12 && k !== args.k) {
        args.k = k;
        changes.push("k");
      }
      const country = extractCountry(text);
      if (country !== undefined && country !== args.country) {
        args.country = country;
        changes.push("country");
      }
      const window = extractDateWindow(text, environment.today);
      if (window?.from !== undefined) {
        args.from = window.from;
        if (window.to !== undefined) args.to = window.to;
        changes.push("window");
      }
      break;
    }
    case SEARCH: {
      const range = extractPriceRange(text);
      if (range !== undefined) {
        delete args.minPrice;
        delete args.maxPrice;
        Object.assign(args, range);
        changes.push("price");
      }
      if (extractInStockOnly(text) && args.inStockOnly !== true) {
        args.inStockOnly = true;
        changes.push("in stock");
      }
      const limit = extractLimit(text);
      if (limit !== undefined && limit !== args.limit) {
        args.limit = limit;
        changes.push("limit");
      }
      const about = /^(?:and |ok(?:ay)? |so )?(?:what about|how about|and|any|now)\s+(.+?)\s*\??$/.exec(normal)?.[1];
      if (changes.length === 0 && about !== undefined) {
        args.query = searchQueryOf(about);
        changes.push("query");
      }
      break;
    }
    default:
      return undefined;
  }
  if (changes.length === 0) return undefined;
  step.note = { ...step.note, change: changes.join(", ") };
  return step;
}

// ---------------------------------------------------------------- entry point

function smallTalkPlan(talk: SmallTalk | "unclear"): TurnPlan {
  return { kind: "reply", talk };
}

/** Plans the current turn of `state` (see the module comment). */
export function planTurn(state: ConversationState, environment: PlanEnvironment): TurnPlan {
  return planRequest(state, environment, true);
}

function planRequest(state: ConversationState, environment: PlanEnvironment, continueClarification: boolean): TurnPlan {
  const history = historyOf(state);
  const request = state.current.request.trim();

  // 1. An answer to our own clarifying question continues the request that raised it.
  const lastTurn = history.lastTurn;
  if (continueClarification && lastTurn !== undefined && lastTurn.calls.length === 0) {
    const earlier: ConversationState = { previous: state.previous.slice(0, -1), current: { ...lastTurn, calls: [], batches: [] } };
    const before = planRequest(earlier, environment, false);
    if (before.kind === "clarify" && detectSmallTalk(request, false) === undefined) {
      const combined: ConversationState = { ...earlier, current: { ...state.current, request: `${lastTurn.request.trim().replace(/[.?!]*$/, "")}, ${request}` } };
      const plan = planRequest(combined, environment, false);
      if (plan.kind !== "reply") return plan;
    }
  }

  // 2. Small talk: greetings, thanks and help are whole-message matches; off-topic only when no tool fits.
  const intents = routeIntents(request, environment);
  const talk = detectSmallTalk(request, intents.length > 0);
  if (talk !== undefined) return smallTalkPlan(talk);

  // 3. Follow-ups change the previous turn's main call.
  const previous = lastMainCall(state);
  const normal = normalize(request);
  const wordCount = normal.split(" ").length;
  if (previous !== undefined && environment.tools.has(previous.name) && (FOLLOW_UP_CUE.test(normal) || wordCount <= 5)) {
    const sameTool = intents.length === 0 || intents.every((intent) => intent.tool === previous.name);
    if (sameTool) {
      const steps: PlanStep[] = [];
      const step = followUpStep(previous, request, environment, history, steps);
      if (step !== undefined) {
        steps.push(step);
        return { kind: "tools", steps: addSegmentation(steps, history), followUp: true };
      }
    }
  }

  if (intents.length === 0) return smallTalkPlan(talk ?? "unclear");
  const usable = intents.filter((intent) => environment.tools.has(intent.tool));
  if (usable.length === 0) return smallTalkPlan("unclear");
  const plan = planIntents(usable, request, environment, history);
  if (plan.kind === "tools") plan.steps = plan.steps.filter((step) => environment.tools.has(step.tool));
  return plan;
}

/** The tool names a plan calls, in order, without repeats: what the routing benchmark compares with its labels. */
export function toolsOfPlan(plan: TurnPlan): string[] {
  if (plan.kind !== "tools") return [];
  return [...new Set(plan.steps.map((step) => step.tool))];
}
