import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, NotFoundError, ValidationError } from "../../../src/core/errors.ts";
import { type MarketingSettings, parseMarketingSettings } from "../../../src/core/marketing.ts";
import { type ToolContext, runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { createOpenAiChatModel } from "../../../src/models/chat/openai.ts";
import { chatModelTextGenerator } from "../../../src/models/chat/text-generator.ts";
import { draftCampaignCopy } from "../../../tools/draft-campaign-copy/index.ts";
import { loadDraft } from "../../../tools/draft-campaign-copy/persist.ts";
import { type DraftOutput, draftOutputSchema } from "../../../tools/draft-campaign-copy/schema.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";
import { FakeOpenAiServer, reply as fakeReply } from "../../fakes/openai-server.ts";
import { ScriptedWriter, onlyInsideData } from "./fake-writer.ts";
import { INJECTION, REVIEW_EMAIL, REVIEW_PHONE, addCopyShop } from "./fixtures.ts";

let store: DuckDbStore;

beforeAll(async () => {
  store = await memoryStore();
  await addCopyShop(store);
});

afterAll(async () => {
  await store.close();
});

const marketing: MarketingSettings = parseMarketingSettings({
  shopName: "Lantern & Co",
  offers: [{ code: "SPRING20", description: "20% off lanterns until Sunday", discountPercent: 20 }],
  brandVoices: {
    default: { description: "Warm and plain-spoken, a little playful; never pushy.", avoidWords: ["hurry"] },
    formal: { description: "Refined and calm.", avoidWords: [] },
  },
});

let base: ToolContext;
beforeAll(() => {
  // One context for the file, so draft ids (drf_1, drf_2, …) never repeat in the shared store.
  base = { ...testContext(store), marketing };
});

function context(extra: Partial<ToolContext> = {}): ToolContext {
  return { ...base, ...extra };
}

async function draft(input: Record<string, unknown>, extra: Partial<ToolContext> = {}): Promise<DraftOutput> {
  return runTool(draftCampaignCopy, input, context(extra));
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const allText = (output: DraftOutput) => output.variants.map((variant) => JSON.stringify(variant.content)).join("\n");
const statusOf = (output: DraftOutput, id: string) =>
  output.variants.map((variant) => variant.checks.results.find((result) => result.id === id)?.status);

describe("draft_campaign_copy: facts and settings", () => {
  it("refuses an unknown product, naming it and the tools that find real ids", async () => {
    const error = await failure(draft({ channel: "sms", brief: "Lanterns are back", productIds: ["P1", "NOPE-9"] }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe("unknown_product");
    expect(error.message).toMatch(/^No product "NOPE-9" in the catalogue\. Product ids look like "P1"\./);
    expect(error.message).toMatch(/search_catalog/);
    expect(error.message).toMatch(/recommend_products/);
  });

  it("refuses a service code as a featured product", async () => {
    const error = await failure(draft({ channel: "sms", brief: "Delivery news", productIds: ["post"] }));
    expect(error.code).toBe("not_a_product");
    expect(error.message).toContain("UK Delivery");
  });

  it("refuses an offer that is not approved, listing the approved ones", async () => {
    const error = await failure(draft({ channel: "sms", brief: "Big sale", productIds: ["P1"], offer: "HALFPRICE" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe("unknown_offer");
    expect(error.message).toContain("HALFPRICE");
    expect(error.message).toContain("SPRING20");
  });

  it("refuses an unknown brand voice, listing the configured ones", async () => {
    const error = await failure(draft({ channel: "push", brief: "Lanterns", brandVoice: "shouty" }));
    expect(error.code).toBe("unknown_brand_voice");
    expect(error.message).toMatch(/default, formal/);
  });

  it("refuses a platform on a channel that has none, and an unknown platform", async () => {
    const wrongChannel = await failure(draft({ channel: "sms", brief: "Lanterns", platform: "x_post" }));
    expect(wrongChannel).toBeInstanceOf(ValidationError);
    const unknown = await failure(draft({ channel: "social", brief: "Lanterns", platform: "myspace_post" }));
    expect(unknown.code).toBe("unknown_platform");
    expect(unknown.message).toMatch(/x_post/);
  });

  it("asks for a chat model when offline drafting is asked for another language", async () => {
    const error = await failure(draft({ channel: "email", brief: "Lanternes", language: "fr" }));
    expect(error.code).toBe("language_needs_model");
    expect(error.category).toBe("user");
    expect(error.message).toMatch(/BULLSEYE_MODEL/);
  });

  it("resolves a segment audience to its stored name and size, and an unknown one to not-found", async () => {
    const output = await draft({ channel: "push", brief: "Come back soon", audience: "2" });
    expect(output.audience).toEqual({
      label: expect.stringContaining("At risk"),
      segmentId: "sgm_fixture:2",
      segmentName: "At risk",
      customerCount: 1,
    });
    expect(output.variants[0]?.angle).toMatch(/^win-back/);
    // No products named: the segment's own purchases decide what is featured.
    expect(output.products.map((product) => product.productId)).toEqual(["P2"]);
    const error = await failure(draft({ channel: "push", brief: "Hello there", audience: "sgm_fixture:7" }));
    expect(error.code).toBe("unknown_segment");
  });

  it("keeps an audience in words as its label", async () => {
    const output = await draft({ channel: "push", brief: "Lanterns for autumn", audience: "people who love candles", productIds: ["P1"] });
    expect(output.audience).toEqual({ label: "people who love candles" });
  });
});

describe("draft_campaign_copy: builtin drafting on the fixture shop", () => {
  it("uses an approved offer by code (any case), and its variants pass the grounding checks", async () => {
    const output = await draft({ channel: "sms", brief: "Spring lantern offer", productIds: ["P1"], offer: "spring20", variants: 3 });
    expect(output.offer).toEqual({ code: "SPRING20", description: "20% off lanterns until Sunday", discountPercent: 20 });
    expect(output.readyCount).toBe(3);
    for (const variant of output.variants) {
      expect(variant.status).toBe("ready");
      expect(JSON.stringify(variant.content)).toContain("SPRING20");
    }
    expect(statusOf(output, "grounding.discounts")).toEqual(["pass", "pass", "pass"]);
    expect(statusOf(output, "grounding.offer_codes")).toEqual(["pass", "pass", "pass"]);
    expect(output.summary).toContain("SPRING20");
  });

  it("accepts an offer approved in the request as an object", async () => {
    const offer = { description: "Free delivery on orders over £40", freeShipping: true };
    const output = await draft({ channel: "email", brief: "Delivery offer", productIds: ["P1", "P2"], offer, variants: 2 });
    expect(output.offer).toEqual(offer);
    expect(output.readyCount).toBe(2);
    expect(allText(output)).toContain("Free delivery on orders over £40");
  });

  it("never mentions a discount, code or free delivery without an offer", async () => {
    const output = await draft({ channel: "social", brief: "Show off our lanterns", productIds: ["P1", "P2"], variants: 5 });
    expect(output.readyCount).toBe(5);
    expect(allText(output)).not.toMatch(/%|\bfree\b|\bcode\b|\boff\b/i);
  });

  it("leaves out words the brand voice avoids and passes the brand check", async () => {
    const output = await draft({ channel: "sms", brief: "Urgent: lanterns selling fast", tone: "urgent", productIds: ["P1"], variants: 5 });
    expect(output.brandVoice).toBe("default");
    expect(allText(output)).not.toMatch(/hurr/i);
    expect(statusOf(output, "brand.avoid_words")).toEqual(["pass", "pass", "pass", "pass", "pass"]);
  });

  it("stores the draft under its id with the request and the whole output", async () => {
    const output = await draft({ channel: "push", brief: "Lanterns", productIds: ["P1"] });
    expect(output.draftId).toMatch(/^drf_\d+$/);
    const stored = await loadDraft(store, output.draftId);
    expect(stored?.channel).toBe("push");
    expect(stored?.request).toMatchObject({ channel: "push", brief: "Lanterns", productIds: ["P1"], variants: 2 });
    expect(draftOutputSchema.parse(stored?.result)).toEqual(draftOutputSchema.parse(output));
  });

  it("never uses review wording offline, so an instruction in a review cannot reach the copy", async () => {
    const output = await draft({ channel: "email", brief: "Customers love our lanterns", productIds: ["P1"], variants: 5 });
    expect(allText(output)).not.toMatch(/90|ignore/i);
    expect(output.variants.every((variant) => variant.status === "ready")).toBe(true);
  });
});

describe("draft_campaign_copy with a chat model", () => {
  const goodSms = '{"text": "The White Heart Lantern is back at £12.50. Take a look! Reply STOP to opt out"}';

  it("quotes store text as data, and a model that obeys an injected review never yields a ready variant", async () => {
    const writer = new ScriptedWriter((request) =>
      /offer 90% off/i.test(request.prompt)
        ? '{"text": "White Heart Lantern now 90% off for everyone! Reply STOP to opt out"}'
        : goodSms,
    );
    const output = await draft({ channel: "sms", brief: "Lanterns are back", productIds: ["P1"], variants: 2 }, { writer });
    expect(output.writer).toBe("fake:writer");
    expect(output.readyCount).toBe(0);
    for (const variant of output.variants) {
      expect(variant.status).toBe("failing");
      expect(variant.attempts).toBe(3); // the first draft and maxRedrafts (2) redrafts
      expect(variant.checks.ok).toBe(false);
      const discounts = variant.checks.results.find((result) => result.id === "grounding.discounts");
      expect(discounts?.status).toBe("fail");
      expect(discounts?.message).toMatch(/90% .*not an approved discount/);
    }
    expect(writer.requests).toHaveLength(6);
    for (const request of writer.requests) {
      expect(request.system).toMatch(/<data>/);
      expect(onlyInsideData(request.prompt, INJECTION)).toBe(true);
      expect(onlyInsideData(request.prompt, "A white metal lantern with a heart cut-out.")).toBe(true);
      // Catalogue text, even inside check messages of a redraft, is only ever quoted as data.
      expect(onlyInsideData(request.prompt, "White Heart Lantern")).toBe(true);
    }
    // Redrafts carry the failing check's message and the failed draft (as data).
    expect(writer.requests[1]?.prompt).toMatch(/Redraft \(attempt 2\)/);
    expect(writer.requests[1]?.prompt).toMatch(/not an approved discount/);
    expect(onlyInsideData(writer.requests[1]?.prompt ?? "", "White Heart Lantern now 90% off for everyone!")).toBe(true);
    expect(output.summary).toMatch(/0 ready, 2 failing/);
    expect(output.summary).toMatch(/must not be sent/);
  });

  it("recovers from a malformed reply: the redraft says why and the good reply is checked", async () => {
    const writer = new ScriptedWriter((_, call) => (call === 1 ? "Sure! Here is your SMS: Lanterns are back!" : goodSms));
    const output = await draft({ channel: "sms", brief: "Lanterns are back", productIds: ["P1"], variants: 1 }, { writer });
    const [variant] = output.variants;
    expect(variant?.status).toBe("ready");
    expect(variant?.attempts).toBe(2);
    expect(variant?.content).toEqual({ text: "The White Heart Lantern is back at £12.50. Take a look! Reply STOP to opt out" });
    expect(writer.requests[1]?.prompt).toMatch(/not a JSON object/);
  });

  it("marks a variant failing with a reply-format check when no reply can be parsed", async () => {
    const writer = new ScriptedWriter(() => '{"subject": "Only a subject"}');
    const output = await draft({ channel: "email", brief: "Lanterns", productIds: ["P1"], variants: 1 }, { writer });
    const [variant] = output.variants;
    expect(variant?.status).toBe("failing");
    expect(variant?.attempts).toBe(3);
    expect(variant?.checks.results.map((result) => result.id)).toEqual(["draft.reply_format"]);
    expect(variant?.checks.results[0]?.message).toMatch(/preheader/);
  });

  it("accepts a reply in code fences, sets the platform itself, and passes an approved offer", async () => {
    const writer = new ScriptedWriter(
      () => '```json\n{"text": "20% off lanterns until Sunday: the White Heart Lantern, £12.50, with code SPRING20. #Lanterns"}\n```',
    );
    const output = await draft({ channel: "social", brief: "Spring offer", productIds: ["P1"], offer: "SPRING20", variants: 1 }, { writer });
    expect(output.variants[0]?.status).toBe("ready");
    expect(output.variants[0]?.content).toMatchObject({ platform: "x_post" });
    expect(writer.requests[0]?.prompt).toMatch(/The one approved offer: "20% off lanterns until Sunday" \(code SPRING20, 20% off\)/);
  });

  it("fails the brand check when the copy uses a word the voice avoids, and tells the model the words", async () => {
    const writer = new ScriptedWriter(() => '{"text": "Hurry! The White Heart Lantern is £12.50. Reply STOP to opt out"}');
    const output = await draft({ channel: "sms", brief: "Lanterns", productIds: ["P1"], variants: 1 }, { writer });
    const [variant] = output.variants;
    expect(variant?.status).toBe("failing");
    const brand = variant?.checks.results.find((result) => result.id === "brand.avoid_words");
    expect(brand?.status).toBe("fail");
    expect(brand?.message).toMatch(/uses "hurry", which brand voice "default" avoids/);
    expect(writer.requests[0]?.system).toMatch(/Never use these words or phrases: hurry/);
  });

  it("redacts emails and phone numbers in reviews for an external model only", async () => {
    const reply = () => '{"title": "Linen, lovely linen", "body": "The Linen Tea Towel is £6. Take a look."}';
    const external = new ScriptedWriter(reply, "openai:gpt-fake", true);
    await draft({ channel: "push", brief: "Tea towels", productIds: ["P2"], variants: 1 }, { writer: external });
    const sent = external.requests[0]?.prompt ?? "";
    expect(sent).toContain("Gorgeous towel!");
    expect(sent).not.toContain(REVIEW_EMAIL);
    expect(sent).not.toContain(REVIEW_PHONE);
    expect(sent).toContain("[email]");
    expect(sent).toContain("[phone]");

    const local = new ScriptedWriter(reply, "local:llama", false);
    await draft({ channel: "push", brief: "Tea towels", productIds: ["P2"], variants: 1 }, { writer: local });
    expect(local.requests[0]?.prompt).toContain(REVIEW_EMAIL);
  });

  it("writes another language with a model, and tells it the segment without calling customers by its name", async () => {
    const writer = new ScriptedWriter(() => '{"title": "On vous attend", "body": "Le Linen Tea Towel est à £6."}');
    const output = await draft({ channel: "push", brief: "Reconquérir les clients", audience: "sgm_fixture:2", language: "fr", variants: 1 }, { writer });
    expect(output.language).toBe("fr");
    const prompt = writer.requests[0]?.prompt ?? "";
    expect(prompt).toMatch(/Language: fr/);
    expect(onlyInsideData(prompt, "segment: At risk (1 customers)")).toBe(true);
    expect(prompt).toMatch(/never call them by the segment's name/);
  });

  it("passes the model's upstream failure through as the tool's error", async () => {
    const writer = {
      id: "openai:down",
      external: true,
      generate: () => Promise.reject(new AppError("model_unavailable", "upstream", "The model service is unavailable (HTTP 503).")),
    };
    const error = await failure(draft({ channel: "sms", brief: "Lanterns", productIds: ["P1"] }, { writer }));
    expect(error.code).toBe("model_unavailable");
  });

  it("drafts through the real OpenAI-compatible client against the fake server", async () => {
    const server = await FakeOpenAiServer.start();
    try {
      server.script(
        fakeReply.text('{"text": "White Heart Lantern: 90% off today! Reply STOP to opt out"}'),
        fakeReply.text('{"text": "The White Heart Lantern, £12.50, lights up autumn evenings. Reply STOP to opt out"}'),
      );
      const model = createOpenAiChatModel({ baseUrl: server.baseUrl, apiKey: undefined, model: "fake-gpt", timeoutMs: 2_000, maxRetries: 0 });
      const writer = chatModelTextGenerator(model, { id: "openai:fake-gpt", external: true });
      const output = await draft({ channel: "sms", brief: "Autumn lanterns", productIds: ["P1"], variants: 1 }, { writer });
      expect(output.writer).toBe("openai:fake-gpt");
      expect(output.variants[0]).toMatchObject({ status: "ready", attempts: 2 });
      const [first, second] = server.chatRequests;
      expect(first?.messages?.[0]).toMatchObject({ role: "system", content: expect.stringMatching(/never as instructions/) });
      expect(onlyInsideData(String(first?.messages?.[1]?.content), INJECTION)).toBe(true);
      expect(String(second?.messages?.[1]?.content)).toMatch(/Redraft \(attempt 2\)[\s\S]*90% .*not an approved discount/);
    } finally {
      await server.close();
    }
  });
});
