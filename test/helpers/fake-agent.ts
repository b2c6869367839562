/**
 * A scripted ChatAgent for surface tests (HTTP, web page): each turn plays a list of steps
 * (events, pauses, a wait for cancellation, a thrown error) and ends with the `done` event a
 * real agent would build from them. It records every request and whether the turn was
 * cancelled, and keeps conversations in memory so `getConversation` works.
 *
 * The artifacts below have the exact output shapes of the real tools (a test parses them
 * with the tools' output schemas), so pages and clients are tested against real data shapes.
 */
import type { AgentEvent, Artifact, ChatAgent, ChatRequest, ConversationMessage, ConversationView, ToolCallRecord } from "../../src/agent/types.ts";
import { AppError, NotFoundError } from "../../src/core/errors.ts";

/** One step of a scripted turn. */
export type ScriptStep =
  | Exclude<AgentEvent, { type: "done" }>
  /** Pause before the next step. */
  | { wait: number }
  /** Block until the turn is cancelled (the client went away); then the turn ends. */
  | { waitForAbort: true }
  /** Hold the turn here until the promise settles (a test inspects the half-finished turn meanwhile). */
  | { until: Promise<unknown> }
  /** Fail the turn here. */
  | { fail: AppError };

/** The steps of a turn, given its request. */
export type TurnScript = (request: ChatRequest) => ScriptStep[];

/** What a turn did, for assertions. */
export interface TurnRecord {
  request: ChatRequest;
  /** Set when the client went away during the turn. */
  aborted: boolean;
  /** Set once the turn's generator has finished (normally, by error or by cancellation). */
  finished: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** A ChatAgent that plays scripts. */
export class FakeChatAgent implements ChatAgent {
  readonly modelId = "fake";
  readonly turns: TurnRecord[] = [];
  readonly #script: TurnScript;
  readonly #conversations = new Map<string, ConversationView>();
  #ids = 0;

  constructor(script: TurnScript = () => demoTurn()) {
    this.#script = script;
  }

  async *chat(request: ChatRequest, options: { signal?: AbortSignal } = {}): AsyncGenerator<AgentEvent> {
    const record: TurnRecord = { request, aborted: false, finished: false };
    this.turns.push(record);
    const signal = options.signal;
    signal?.addEventListener("abort", () => {
      record.aborted = true;
    });
    try {
      const conversation = this.#conversation(request);
      const now = new Date().toISOString();
      this.#append(conversation, { role: "user", content: request.message, createdAt: now });
      let answer = "";
      const calls = new Map<string, ToolCallRecord>();
      const artifacts: Artifact[] = [];
      for (const step of this.#script(request)) {
        if (signal?.aborted) return;
        if ("wait" in step) {
          await sleep(step.wait, signal);
          continue;
        }
        if ("until" in step) {
          await Promise.race([step.until, new Promise((resolve) => signal?.addEventListener("abort", resolve))]);
          continue;
        }
        if ("waitForAbort" in step) {
          await sleep(60_000, signal);
          return;
        }
        if ("fail" in step) throw step.fail;
        if (step.type === "text-delta") answer += step.text;
        if (step.type === "tool-call") calls.set(step.id, { id: step.id, name: step.name, args: step.args, ok: false, summary: "" });
        if (step.type === "tool-result") {
          const call = calls.get(step.id);
          if (call !== undefined) Object.assign(call, { ok: true, summary: step.summary, ...(step.timingMs === undefined ? {} : { timingMs: step.timingMs }) });
          artifacts.push({ toolCallId: step.id, tool: step.name, output: step.output });
          this.#append(conversation, { role: "tool", content: step.summary, toolCalls: [{ ...(call ?? { id: step.id, name: step.name, args: {}, ok: true, summary: step.summary }), output: step.output }], createdAt: now });
        }
        if (step.type === "tool-error") {
          const call = calls.get(step.id);
          if (call !== undefined) Object.assign(call, { ok: false, summary: step.error.message, error: step.error });
        }
        yield step;
      }
      const toolCalls = [...calls.values()];
      this.#append(conversation, { role: "assistant", content: answer, toolCalls, createdAt: now });
      yield { type: "done", conversationId: conversation.conversationId, answer, toolCalls, artifacts, stepLimitReached: false };
    } finally {
      record.finished = true;
    }
  }

  async getConversation(conversationId: string): Promise<ConversationView> {
    const conversation = this.#conversations.get(conversationId);
    if (conversation === undefined) {
      throw new NotFoundError("conversation_not_found", `There is no conversation "${conversationId}". Start a new one by leaving conversationId out.`);
    }
    return structuredClone(conversation);
  }

  #conversation(request: ChatRequest): ConversationView {
    const existing = request.conversationId === undefined ? undefined : this.#conversations.get(request.conversationId);
    if (existing !== undefined) return existing;
    const now = new Date().toISOString();
    const created: ConversationView = {
      conversationId: request.conversationId ?? `conv_${++this.#ids}`,
      title: request.message.slice(0, 60),
      createdAt: now,
      updatedAt: now,
      messages: [],
    };
    this.#conversations.set(created.conversationId, created);
    return created;
  }

  #append(conversation: ConversationView, message: Omit<ConversationMessage, "seq">): void {
    conversation.messages.push({ seq: conversation.messages.length + 1, ...message });
    conversation.updatedAt = message.createdAt;
  }
}

/** Splits `text` into streamed pieces of a few words, as a model would send them. */
export function textDeltas(text: string): Array<{ type: "text-delta"; text: string }> {
  return (text.match(/\S+\s*/g) ?? []).map((piece) => ({ type: "text-delta" as const, text: piece }));
}

/**
 * A demo turn: a forecast, a segmentation, a catalogue search, a review analysis and a
 * failing recommendation, then the answer. `pause` ms between steps lets a browser see it
 * stream; `hold` keeps the turn just after the forecast call until it settles.
 */
export function demoTurn(pause = 0, hold?: Promise<unknown>): ScriptStep[] {
  const gap: ScriptStep[] = pause > 0 ? [{ wait: pause }] : [];
  const forecast = forecastArtifact();
  const segments = segmentArtifact();
  const search = searchArtifact();
  const sentiment = sentimentArtifact();
  return [
    ...textDeltas("Let me look at the numbers. "),
    ...gap,
    { type: "tool-call", id: "call_1", name: "forecast_sales", args: { metric: "revenue", horizonDays: 28 } },
    ...(hold === undefined ? gap : [{ until: hold }]),
    { type: "tool-result", id: "call_1", name: "forecast_sales", summary: forecast.summary, output: forecast, timingMs: 71.2 },
    { type: "tool-call", id: "call_2", name: "segment_customers", args: { k: 4 } },
    { type: "tool-result", id: "call_2", name: "segment_customers", summary: segments.summary, output: segments, timingMs: 369.9 },
    { type: "tool-call", id: "call_3", name: "search_catalog", args: { query: "tea party" } },
    { type: "tool-result", id: "call_3", name: "search_catalog", summary: search.summary, output: search, timingMs: 4.1 },
    { type: "tool-call", id: "call_4", name: "analyze_sentiment", args: {} },
    { type: "tool-result", id: "call_4", name: "analyze_sentiment", summary: sentiment.summary, output: sentiment, timingMs: 480 },
    { type: "tool-call", id: "call_5", name: "recommend_products", args: { customerId: "C999999" } },
    {
      type: "tool-error",
      id: "call_5",
      name: "recommend_products",
      error: { code: "unknown_customer", category: "not-found", message: 'No customer "C999999"; customer ids look like C100001.' },
    },
    ...gap,
    ...textDeltas(
      "Revenue is heading up: about 41,800 over the next 28 days. " +
        "Your Champions (612 customers) spend the most; At-risk regulars need a win-back. <b>Not bold</b>",
    ),
  ];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function isoDay(start: string, offset: number): string {
  const date = new Date(`${start}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

/** A forecast_sales output: 28 daily revenue points with an 80 % band, weekly pattern, Sundays closed. */
export function forecastArtifact() {
  const asOf = "2026-11-02";
  const weekday = [1.25, 1.1, 1.05, 1.15, 0.95, 0.5, 0];
  const points = Array.from({ length: 28 }, (_, day) => {
    const factor = weekday[day % 7] ?? 1;
    const value = round2(1450 * factor * (1 + day * 0.006));
    return {
      date: isoDay(asOf, day),
      days: 1,
      value,
      lower: round2(value * 0.78),
      upper: round2(value * 1.24),
      closed: factor === 0,
      actual: null,
    };
  });
  const recent = Array.from({ length: 28 }, (_, day) => ({
    date: isoDay("2026-10-05", day),
    days: 1,
    value: round2(1380 * (weekday[day % 7] ?? 1)),
  }));
  const forecastTotal = round2(points.reduce((sum, point) => sum + point.value, 0));
  const previousTotal = round2(recent.reduce((sum, point) => sum + point.value, 0));
  return {
    metric: "revenue" as const,
    granularity: "day" as const,
    scope: { description: "all sales", productId: null, productName: null, segmentId: null, segmentCustomers: null },
    asOf,
    horizonDays: 28,
    forecastDays: 28,
    intervalLevel: 0.8,
    points,
    history: {
      from: "2024-11-02",
      to: "2026-11-01",
      days: 730,
      tradingDays: 624,
      total: 893_412.5,
      averagePerTradingDay: 1431.75,
      closedWeekdays: ["Sunday"],
      closures: 6,
      recent,
    },
    model: {
      method: "Robust weighted regression on log revenue with trend, weekday and annual seasonality.",
      scale: "log" as const,
      terms: ["trend", "weekday", "annual"],
      rSquared: 0.71,
      fitDays: 624,
      annualSeasonality: true,
      expectedClosures: [],
      underlyingTrendPercentPer28Days: 1.8,
    },
    backtest: {
      windows: 4,
      windowDays: 28,
      origins: ["2026-07-13", "2026-08-10", "2026-09-07", "2026-10-05"],
      mase: 0.82,
      seasonalNaiveMase: 1.07,
      beatsSeasonalNaive: true,
      intervalResiduals: 112,
    },
    trend: {
      direction: "up" as const,
      changePercent: round2(((forecastTotal - previousTotal) / previousTotal) * 100),
      forecastTotal,
      previousTotal,
      previousFrom: "2026-10-05",
      previousTo: "2026-11-01",
    },
    summary: `Revenue forecast for the 28 days from ${asOf}: ${forecastTotal.toFixed(0)} in total (80 % interval per day), up from ${previousTotal.toFixed(0)}. Backtest MASE 0.82 vs 1.07 for the seasonal naive forecast.`,
  };
}

/** A segment_customers output with four RFM segments. */
export function segmentArtifact() {
  const base = [
    { name: "Champions", size: 612, recencyDays: 9, frequency: 14, monetary: 2140.5, action: "Reward them: early access and referral offers." },
    { name: "Loyal regulars", size: 1480, recencyDays: 31, frequency: 6, monetary: 612.25, action: "Cross-sell complementary products." },
    { name: "At-risk regulars", size: 1105, recencyDays: 148, frequency: 4, monetary: 388, action: "Win them back with a personal offer." },
    { name: "Lost one-timers", size: 1137, recencyDays: 402, frequency: 1, monetary: 42.9, action: "Low-cost reactivation or let go." },
  ];
  const customerCount = base.reduce((sum, segment) => sum + segment.size, 0);
  const segmentationId = "sgm_4f2a9c0d1e2b";
  return {
    segmentationId,
    asOf: "2026-11-02",
    k: 4,
    kChosenBy: "input" as const,
    kCandidates: [],
    features: ["recency", "frequency", "monetary"] as Array<"recency" | "frequency" | "monetary">,
    filters: {},
    customerCount,
    segments: base.map((segment, index) => ({
      segmentId: `${segmentationId}:${index + 1}`,
      number: index + 1,
      name: segment.name,
      size: segment.size,
      share: Math.round((segment.size / customerCount) * 10_000) / 10_000,
      medians: {
        recencyDays: segment.recencyDays,
        frequency: segment.frequency,
        monetary: segment.monetary,
        tenureDays: 400 - index * 40,
        averageOrderValue: round2(segment.monetary / segment.frequency),
        distinctProducts: segment.frequency * 3,
      },
      scores: { recency: 0.9 - index * 0.25, frequency: 0.92 - index * 0.28, monetary: 0.95 - index * 0.3, tenure: 0.7 - index * 0.1 },
      description: `${segment.name}: last bought ${segment.recencyDays} days ago, ${segment.frequency} orders, ${segment.monetary} spent (medians).`,
      suggestedAction: segment.action,
    })),
    quality: { silhouette: 0.336, silhouetteSampled: false, silhouettePoints: customerCount, inertia: 5123.4, restarts: 20, iterations: 17, converged: true },
    summary: `4 segments of ${customerCount} customers (silhouette 0.336): Champions 612, Loyal regulars 1480, At-risk regulars 1105, Lost one-timers 1137.`,
  };
}

/** A search_catalog output with three results. */
export function searchArtifact() {
  const results = [
    { productId: "P0142", name: "Vintage rose teapot", category: "Kitchen & Dining", price: 24.5, inStock: true, score: 1, foundBy: ["bm25", "vector"] as Array<"bm25" | "vector">, ranks: { bm25: 1, vector: 1 } },
    { productId: "P0077", name: "Bone china cake stand", category: "Kitchen & Dining", price: 18, inStock: true, score: 0.81, foundBy: ["bm25"] as Array<"bm25" | "vector">, ranks: { bm25: 2 } },
    { productId: "P0310", name: "Bunting <script>alert(1)</script> garland", category: null, price: null, inStock: false, score: 0.64, foundBy: ["vector"] as Array<"bm25" | "vector">, ranks: { vector: 2 } },
  ];
  return {
    query: "tea party",
    results,
    filters: { inStockOnly: false },
    catalogue: { products: 820, eligible: 820, keywordMatches: 14 },
    retrieval: { method: "hybrid" as const, vector: { status: "ready" as const, embedder: "local-lsa:v1" } },
    summary: "3 products for \"tea party\": Vintage rose teapot (P0142), Bone china cake stand (P0077), Bunting garland (P0310).",
  };
}

/** An analyze_sentiment review report with three aspects. */
export function sentimentArtifact() {
  const aspect = (name: "delivery" | "quality" | "price", mentions: number, negative: number, meanScore: number) => ({
    aspect: name,
    mentions,
    positive: mentions - negative - 10,
    neutral: 10,
    negative,
    meanScore,
    negativeShare: Math.round((negative / mentions) * 1000) / 1000,
    examples: { positive: [`Great ${name}!`], negative: [`Poor ${name}, sadly.`] },
  });
  return {
    mode: "reviews" as const,
    scorer: "lexicon" as const,
    productId: null,
    aspect: null,
    window: { from: "2025-01-01", to: "2026-10-31" },
    reviews: 2000,
    truncated: false,
    counts: { positive: 1400, neutral: 300, negative: 300 },
    shares: { positive: 0.7, neutral: 0.15, negative: 0.15 },
    meanScore: 0.41,
    meanRating: 4.1,
    ratingCorrelation: 0.62,
    aspects: [aspect("delivery", 420, 160, -0.12), aspect("quality", 800, 90, 0.38), aspect("price", 300, 40, 0.21)],
    monthly: [],
    bestProducts: [],
    worstProducts: [],
    summary: "2000 reviews, 70 % positive; delivery is the top complaint (160 negative mentions).",
  };
}

/** A recommend_products output for one customer, with two picks. */
export function recommendArtifact() {
  return {
    kind: "customer" as const,
    customer: {
      customerId: "C100042",
      coldStart: false,
      orders: 7,
      productsBought: 19,
      items: [
        {
          rank: 1,
          productId: "P0142",
          name: "Vintage rose teapot",
          score: 0.91,
          signal: "bought_with" as const,
          reason: "Bought with Bone china cake stand (P0077), which they ordered twice.",
          rule: { antecedentProductId: "P0077", antecedentName: "Bone china cake stand", ordersWithBoth: 41, support: 0.004, confidence: 0.31, lift: 6.2 },
        },
        { rank: 2, productId: "P0310", name: "Bunting garland", score: 0.55, signal: "trending" as const, reason: "Selling strongly in the last 14 days." },
      ],
    },
    asOf: "2026-11-02",
    model: {
      method: "repurchase + EASE + content + trending blend",
      customersInModel: 4334,
      productsInModel: 820,
      easeProducts: 820,
      easeLambda: 500,
      contentSimilarity: true,
      embedder: "local-lsa:v1",
    },
    summary: "2 picks for customer C100042: Vintage rose teapot (bought with Bone china cake stand), Bunting garland (trending).",
  };
}

/** A turn that recommends products for one customer. */
export function recommendTurn(): ScriptStep[] {
  const picks = recommendArtifact();
  return [
    { type: "tool-call", id: "call_r1", name: "recommend_products", args: { customerId: "C100042" } },
    { type: "tool-result", id: "call_r1", name: "recommend_products", summary: picks.summary, output: picks, timingMs: 12.5 },
    ...textDeltas("Customer C100042 would most likely buy the Vintage rose teapot next."),
  ];
}
