import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { modelViewOfError, modelViewOfResult } from "../../../src/core/model-view.ts";
import { Planner } from "../../../src/models/builtin/index.ts";
import { TODAY, TOOLS, messages } from "./helpers.ts";

const planner = new Planner({ tools: TOOLS, today: () => TODAY });

/** A segment_customers model view with the given segment names (numbered 1…n). */
function segmentationView(id: string, segments: Array<{ name: string; recency: number; frequency: number; monetary: number }>): string {
  return modelViewOfResult("segment_customers", {
    summary: `Segmented 100 customers into ${segments.length} segments.`,
    segmentationId: id,
    k: segments.length,
    customerCount: 100,
    segments: segments.map((segment, index) => ({
      segmentId: `${id}:${index + 1}`,
      number: index + 1,
      name: segment.name,
      size: 10 * (index + 1),
      share: 0.1,
      scores: { recency: segment.recency, frequency: segment.frequency, monetary: segment.monetary, tenure: 0.5 },
    })),
  });
}

const FOUR_SEGMENTS = segmentationView("sgm_a1", [
  { name: "Champions", recency: 0.85, frequency: 0.9, monetary: 0.9 },
  { name: "Loyal customers", recency: 0.6, frequency: 0.7, monetary: 0.7 },
  { name: "Promising", recency: 0.7, frequency: 0.3, monetary: 0.3 },
  { name: "Hibernating", recency: 0.2, frequency: 0.2, monetary: 0.2 },
]);

function searchView(query: string, ids: string[]): string {
  return modelViewOfResult("search_catalog", {
    summary: `${ids.length} products for "${query}".`,
    query,
    results: ids.map((productId, index) => ({ productId, name: `Product ${productId}`, price: 10 + index, category: "Candles", inStock: true, score: 1 })),
  });
}

function recommendView(ids: string[]): string {
  return modelViewOfResult("recommend_products", {
    summary: `Top ${ids.length} picks.`,
    kind: "segment",
    segment: { segmentId: "x:1", customers: 10, coldStartCustomers: 0 },
    items: ids.map((productId, index) => ({ rank: index + 1, productId, name: `Pick ${productId}`, score: 1, signal: "repurchase", reason: "bought often" })),
  });
}

const genericView = (tool: string) => modelViewOfResult(tool, { summary: `${tool} ran.` });

/**
 * Runs the planner over scripted tool results until it answers; `results` gives each call's
 * model view. Returns the calls made and the final answer.
 */
function drive(history: BaseMessage[], request: string, results: (name: string, args: Record<string, unknown>, index: number) => string) {
  const all = [...history, new HumanMessage(request)];
  const calls: Array<{ id: string; name: string; args: Record<string, unknown> }> = [];
  for (let step = 0; step < 10; step++) {
    const action = planner.next(all);
    if (action.kind === "answer") return { calls, answer: action.text, messages: all };
    all.push(new AIMessage({ content: "", tool_calls: action.calls.map((call) => ({ ...call, type: "tool_call" as const })) }));
    for (const call of action.calls) {
      calls.push(call);
      all.push(new ToolMessage({ content: results(call.name, call.args, calls.length - 1), tool_call_id: call.id, name: call.name }));
    }
  }
  throw new Error("the planner did not finish within 10 steps");
}

describe("compound requests", () => {
  it("chains segmentation → recommendations → copy and passes values along", () => {
    const plan = planner.planTurn([new HumanMessage("Find lapsed customers and send them an SMS featuring products they'd love")]);
    expect(plan.kind).toBe("tools");
    const { calls } = drive([], "Find lapsed customers and send them an SMS featuring products they'd love", (name) =>
      name === "segment_customers" ? FOUR_SEGMENTS : name === "recommend_products" ? recommendView(["P1", "P2", "P3", "P4"]) : genericView(name),
    );
    expect(calls.map((call) => call.name)).toEqual(["segment_customers", "recommend_products", "draft_campaign_copy"]);
    // A named group with no count asks for enough segments to have one that matches.
    expect(calls[0]!.args).toEqual({ k: 5 });
    expect(calls[1]!.args).toMatchObject({ segmentId: "sgm_a1:4" });
    expect(calls[2]!.args).toMatchObject({ channel: "sms", audience: "sgm_a1:4", productIds: ["P1", "P2", "P3"] });
  });

  it("looks a product named in words up in the catalogue first", () => {
    const { calls } = drive([], "What do people usually buy together with the blue enamel mug?", (name) =>
      name === "search_catalog" ? searchView("blue enamel mug", ["HW1", "HW2"]) : genericView(name),
    );
    expect(calls.map((call) => [call.name, call.args])).toEqual([
      ["search_catalog", { query: "blue enamel mug", limit: 5 }],
      ["recommend_products", { productId: "HW1" }],
    ]);
  });

  it("uses the segment number of a segmentation made in the same turn", () => {
    const { calls } = drive([], "Split customers into 4 groups and then forecast revenue of segment 2 for the next 2 weeks", (name) =>
      name === "segment_customers" ? FOUR_SEGMENTS : genericView(name),
    );
    expect(calls.map((call) => call.name)).toEqual(["segment_customers", "forecast_sales"]);
    expect(calls[0]!.args).toEqual({ k: 4 });
    expect(calls[1]!.args).toEqual({ metric: "revenue", horizonDays: 14, segmentId: "sgm_a1:2" });
  });

  it("takes a segment from an earlier turn instead of segmenting again, and says when the name is only the closest", () => {
    const history = messages("Segment our customers", { calls: [{ id: "c1", name: "segment_customers", args: {}, result: FOUR_SEGMENTS }] }, { answer: "Here are 4 segments." });
    const { calls, answer } = drive(history, "Draft a win-back email for customers at risk of churning", (name) => genericView(name));
    expect(calls.map((call) => call.name)).toEqual(["draft_campaign_copy"]);
    // No segment is called "At risk"; Hibernating has the closest profile (long since the last order).
    expect(calls[0]!.args).toMatchObject({ channel: "email", audience: "sgm_a1:4" });
    expect(answer).toContain("No segment is called “At risk”");
  });

  it("features products shown in an earlier turn", () => {
    const history = messages(
      "Find presents for cat lovers",
      { calls: [{ id: "c1", name: "search_catalog", args: { query: "presents for cat lovers" }, result: searchView("presents for cat lovers", ["A1", "A2", "A3", "A4"]) }] },
      { answer: "Found 4." },
    );
    const { calls } = drive(history, "write a LinkedIn post featuring the first two", (name) => genericView(name));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args).toMatchObject({ channel: "social", platform: "linkedin_post", productIds: ["A1", "A2"] });
  });
});

describe("clarifying questions", () => {
  it("asks whom to recommend for, and offers the options", () => {
    const action = planner.next([new HumanMessage("Suggest some products please")]);
    expect(action.kind).toBe("answer");
    expect(action.kind === "answer" && action.text).toMatch(/customer.*product.*segment/s);
  });

  it("asks for the channel, then continues the request with the answer", () => {
    const first = planner.next([new HumanMessage("Draft some copy for our anniversary")]);
    expect(first.kind === "answer" && first.text).toMatch(/Which channel/);
    const history = messages("Draft some copy for our anniversary", { answer: first.kind === "answer" ? first.text : "" });
    const { calls } = drive(history, "email please", (name) => genericView(name));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe("draft_campaign_copy");
    expect(calls[0]!.args).toMatchObject({ channel: "email" });
    expect(String(calls[0]!.args.brief)).toContain("anniversary");
  });
});

describe("copy without a topic", () => {
  it("asks what the copy is about, then drafts with the answer", () => {
    const first = planner.next([new HumanMessage("Write an email")]);
    expect(first.kind === "answer" && first.text).toMatch(/What should the email be about/);
    const history = messages("Write an email", { answer: first.kind === "answer" ? first.text : "" });
    const { calls } = drive(history, "our garden furniture sale", (name) => genericView(name));
    expect(calls).toEqual([expect.objectContaining({ name: "draft_campaign_copy", args: expect.objectContaining({ channel: "email", brief: "Write an email, our garden furniture sale" }) })]);
  });
});

describe("small talk", () => {
  it.each(["Hello there", "thank you!", "What can you do?", "What's the capital of France?"])("answers %j without tools, listing what it can do", (request) => {
    const action = planner.next([new HumanMessage(request)]);
    expect(action.kind).toBe("answer");
    if (action.kind !== "answer") return;
    expect(action.text).toContain("segment customers");
    expect(action.text).toContain("Try, for example");
  });
});

describe("follow-ups", () => {
  const draftArgs = { channel: "sms", brief: "Spring sale", audience: "sgm_a1:2", productIds: ["P1"] };
  const draftHistory = messages("Write an SMS for the spring sale to segment 2", { calls: [{ id: "d1", name: "draft_campaign_copy", args: draftArgs, result: genericView("draft_campaign_copy") }] }, { answer: "Here is the SMS." });

  it("redrafts with a new tone and keeps everything else", () => {
    const { calls } = drive(draftHistory, "now make it more playful", (name) => genericView(name));
    expect(calls).toEqual([expect.objectContaining({ name: "draft_campaign_copy", args: { ...draftArgs, tone: "playful" } })]);
  });

  it("redrafts shorter and for another channel", () => {
    const shorter = drive(draftHistory, "make it shorter", (name) => genericView(name)).calls[0]!;
    expect(shorter.args).toMatchObject({ channel: "sms", tone: "concise" });
    expect(String(shorter.args.brief)).toMatch(/shorter/);
    const push = drive(draftHistory, "and as a push notification?", (name) => genericView(name)).calls[0]!;
    expect(push.args).toMatchObject({ channel: "push", audience: "sgm_a1:2", productIds: ["P1"] });
  });

  it("changes the segment, the horizon and the aspect of the previous call", () => {
    const recommend = messages(
      "Segment our customers",
      { calls: [{ id: "s1", name: "segment_customers", args: {}, result: FOUR_SEGMENTS }] },
      { answer: "4 segments." },
      "Top products for segment 1",
      { calls: [{ id: "r1", name: "recommend_products", args: { segmentId: "sgm_a1:1" }, result: genericView("recommend_products") }] },
      { answer: "Picks." },
    );
    expect(drive(recommend, "use segment 3 instead", (name) => genericView(name)).calls[0]!.args).toEqual({ segmentId: "sgm_a1:3" });

    const forecast = messages("Forecast revenue for two weeks", { calls: [{ id: "f1", name: "forecast_sales", args: { metric: "revenue", horizonDays: 14 }, result: genericView("forecast_sales") }] }, { answer: "Forecast." });
    expect(drive(forecast, "what about next quarter?", (name) => genericView(name)).calls[0]!.args).toEqual({ metric: "revenue", horizonDays: 90 });
    expect(drive(forecast, "by week please", (name) => genericView(name)).calls[0]!.args).toEqual({ metric: "revenue", horizonDays: 14, granularity: "week" });

    const reviews = messages("Summarise our reviews", { calls: [{ id: "a1", name: "analyze_sentiment", args: {}, result: genericView("analyze_sentiment") }] }, { answer: "Reviews." });
    expect(drive(reviews, "and only packaging?", (name) => genericView(name)).calls[0]!.args).toEqual({ aspect: "packaging" });
  });

  it("keeps the thread across a turn without tools", () => {
    const withThanks = [...draftHistory, ...messages("thanks!", { answer: "You're welcome!" })];
    const { calls } = drive(withThanks, "now make it more urgent", (name) => genericView(name));
    expect(calls).toEqual([expect.objectContaining({ name: "draft_campaign_copy", args: { ...draftArgs, tone: "urgent" } })]);
  });

  it("treats a new, complete request after a result as a new request", () => {
    const { calls } = drive(draftHistory, "What revenue should we expect over the next 3 weeks?", (name) => genericView(name));
    expect(calls).toEqual([expect.objectContaining({ name: "forecast_sales", args: { metric: "revenue", horizonDays: 21 } })]);
  });
});

describe("tool errors", () => {
  it("retries once without the filter the error names, then explains a second failure", () => {
    const failures = (name: string, args: Record<string, unknown>) =>
      name === "segment_customers" && args.country !== undefined
        ? modelViewOfError(name, { code: "unknown_country", message: `No orders were shipped to "${String(args.country)}".` })
        : modelViewOfError(name, { code: "not_enough_data", message: "not enough data: no customer has a sale in orders before 2026-11-01." });
    const { calls, answer } = drive([], "Segment our German customers", failures);
    expect(calls.map((call) => call.args)).toEqual([{ country: "Germany" }, {}]);
    expect(answer).toContain("not enough data");
    expect(answer).toContain("tried again without country");
  });

  it("answers from a successful retry and says what it dropped", () => {
    const { calls, answer } = drive([], "Find bamboo gifts in the Bathroom category under £20", (name, args) =>
      args.maxPrice !== undefined ? modelViewOfError(name, { code: "not_enough_data", message: "No products cost at most 20 in that category." }) : searchView("bamboo gifts", ["B1"]),
    );
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args).not.toHaveProperty("maxPrice");
    expect(answer).toMatch(/ran it again without maxPrice/);
  });

  it("skips steps that depend on a failed step", () => {
    const { calls, answer } = drive([], "Write an email featuring our velvet cushions", (name) =>
      name === "search_catalog" ? modelViewOfError(name, { code: "empty_catalogue", message: "The catalogue has no products to search yet." }) : genericView(name),
    );
    expect(calls.map((call) => call.name)).toEqual(["search_catalog"]);
    expect(answer).toContain("The catalogue has no products to search yet.");
    expect(answer).toContain("did not run **draft_campaign_copy**");
  });
});

describe("tool-call ids and determinism", () => {
  it("gives each call of a conversation its own id and repeats itself on the same messages", () => {
    const { calls, messages: all } = drive([], "Find lapsed customers and send them an SMS featuring products they'd love", (name) =>
      name === "segment_customers" ? FOUR_SEGMENTS : name === "recommend_products" ? recommendView(["P1"]) : genericView(name),
    );
    expect(new Set(calls.map((call) => call.id)).size).toBe(calls.length);
    const again = drive([], "Find lapsed customers and send them an SMS featuring products they'd love", (name) =>
      name === "segment_customers" ? FOUR_SEGMENTS : name === "recommend_products" ? recommendView(["P1"]) : genericView(name),
    );
    expect(again.calls).toEqual(calls);
    const next = drive(all, "now make it shorter", (name) => genericView(name));
    expect(calls.map((call) => call.id)).not.toContain(next.calls[0]!.id);
  });

  it("only calls tools it was given", () => {
    const limited = new Planner({ tools: TOOLS.filter((tool) => tool.name !== "draft_campaign_copy"), today: () => TODAY });
    expect(limited.plannedTools([new HumanMessage("Find lapsed customers and send them an SMS featuring products they'd love")])).not.toContain("draft_campaign_copy");
  });
});
