import { describe, expect, it } from "vitest";
import { AppError, ValidationError } from "../../../../src/core/errors.ts";
import {
  type GroundingFacts,
  checkVariant,
  copyChecksSchema,
} from "../../../../tools/draft-campaign-copy/checks/index.ts";
import { summarizeChecks } from "../../../../tools/draft-campaign-copy/checks/result.ts";

const facts: GroundingFacts = {
  currencySymbol: "£",
  products: [{ productId: "P1", name: "White Heart Lantern", price: 12.5 }],
  approvedOffers: [{ code: "SPRING20", description: "20% off lanterns", discountPercent: 20 }],
};

const ids = (checks: { results: Array<{ id: string; status: string }> }) =>
  checks.results.map((result) => `${result.id}:${result.status}`);

describe("checkVariant", () => {
  it("passes a good marketing SMS and returns schema-valid checks", () => {
    const checks = checkVariant(
      "sms",
      { text: "White Heart Lantern now 20% off with code SPRING20. Reply STOP to opt out" },
      { facts },
    );
    expect(copyChecksSchema.parse(checks)).toEqual(checks);
    expect(checks.ok).toBe(true);
    expect(ids(checks)).toEqual([
      "sms.encoding:pass",
      "sms.segments:pass",
      "sms.opt_out:pass",
      "grounding.prices:pass",
      "grounding.discounts:pass",
      "grounding.products:pass",
      "grounding.offer_codes:pass",
    ]);
  });

  it("is not ok when one check fails, and ok with warnings only", () => {
    const failing = checkVariant("sms", { text: "90% off everything! Reply STOP to opt out" }, { facts });
    expect(failing.ok).toBe(false);
    expect(failing.results.find((result) => result.id === "grounding.discounts")?.status).toBe("fail");
    const warned = checkVariant("sms", { text: "Lanterns are back 🎉 Reply STOP to opt out" }, { facts });
    expect(warned.ok).toBe(true);
    expect(warned.results[0]?.status).toBe("warn");
  });

  it("needs no STOP line for transactional SMS and applies a configured segment maximum", () => {
    expect(checkVariant("sms", { text: "Your order has shipped." }, { facts, marketing: false }).ok).toBe(true);
    expect(checkVariant("sms", { text: "Your order has shipped." }, { facts }).ok).toBe(false);
    const long = { text: `${"a".repeat(150)} Reply STOP to opt out` };
    expect(checkVariant("sms", long, { facts }).ok).toBe(true);
    expect(checkVariant("sms", long, { facts, limits: { sms: { maxSegments: 1 } } }).ok).toBe(false);
  });

  it("checks an email and grounds every field, footer included", () => {
    const email = {
      subject: "Lanterns for spring",
      preheader: "Soft light for longer evenings.",
      body: "Meet the White Heart Lantern.",
      footer: "Unsubscribe: {{unsubscribe_url}} · {{postal_address}}",
    };
    expect(checkVariant("email", email, { facts }).ok).toBe(true);
    const invented = checkVariant("email", { ...email, footer: `${email.footer} Use code FREE50.` }, { facts });
    expect(invented.ok).toBe(false);
    expect(invented.results.find((result) => result.id === "grounding.offer_codes")?.message).toContain("FREE50");
  });

  it("checks push, social and ad variants against the configured limits", () => {
    expect(ids(checkVariant("push", { title: "Lanterns are back", body: "Tap to see them." }, { facts }))).toContain("push.body_length:pass");
    expect(checkVariant("social", { platform: "x_post", text: "x".repeat(281) }, { facts }).ok).toBe(false);
    const ad = { platform: "google_search_ad", headline: "White Heart Lantern £12.50", description: "Soft light for spring." };
    expect(ids(checkVariant("ad", ad, { facts }))).toEqual([
      "ad.headline_length:pass",
      "ad.description_length:pass",
      "grounding.prices:pass",
      "grounding.discounts:pass",
      "grounding.products:pass",
      "grounding.offer_codes:pass",
    ]);
    const tight = { platforms: { google_search_ad: { kind: "ad" as const, label: "Google", source: "test", fields: { headline: { max: 10 }, description: { max: 90 } } } } };
    expect(checkVariant("ad", ad, { facts, limits: tight }).ok).toBe(false);
  });

  it("throws a ValidationError for malformed options or variants, and a user error for unknown platforms", () => {
    expect(() => checkVariant("sms", { text: "hi" }, { facts: { ...facts, currencySymbol: "" } })).toThrow(ValidationError);
    expect(() => checkVariant("push", { title: "hi" } as never, { facts })).toThrow(/Invalid push variant/);
    expect(() => checkVariant("social", { platform: "myspace", text: "hi" }, { facts })).toThrow(AppError);
  });
});

describe("summarizeChecks", () => {
  it("is ok unless a result failed", () => {
    expect(summarizeChecks([]).ok).toBe(true);
    expect(summarizeChecks([{ id: "sms.encoding", status: "warn", message: "w" }]).ok).toBe(true);
    expect(summarizeChecks([{ id: "sms.encoding", status: "fail", message: "f" }]).ok).toBe(false);
  });
});

describe("checkVariant on oversized input", () => {
  it("refuses a 2 MB field with a ValidationError naming the field", () => {
    const huge = "Buy now £12 ".repeat(200_000);
    expect(() => checkVariant("email", { subject: "s", preheader: "p", body: huge, footer: "f" }, { facts })).toThrow(
      /Invalid email variant for the copy checks: body: /,
    );
  });
});
