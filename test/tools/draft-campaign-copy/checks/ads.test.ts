import { describe, expect, it } from "vitest";
import { AppError } from "../../../../src/core/errors.ts";
import { checkAd, checkSocial, xWeightedLength } from "../../../../tools/draft-campaign-copy/checks/ads.ts";
import { defaultCopyLimits } from "../../../../tools/draft-campaign-copy/checks/limits.ts";

const platforms = defaultCopyLimits().platforms;
const text = (length: number) => "x".repeat(length);

function statuses(results: ReadonlyArray<{ id: string; status: string }>): string[] {
  return results.map((result) => `${result.id}:${result.status}`);
}

describe("xWeightedLength", () => {
  it("counts Latin text 1, URLs 23, emoji 2 and CJK 2", () => {
    expect(xWeightedLength("hello")).toBe(5);
    expect(xWeightedLength("see https://example.com/a/very/long/path/indeed")).toBe(4 + 23);
    expect(xWeightedLength("🎉")).toBe(2);
    expect(xWeightedLength("👍🏽")).toBe(2);
    expect(xWeightedLength("日本")).toBe(4);
    expect(xWeightedLength("“quoted” — £5")).toBe(13);
  });
});

describe("checkAd on google_search_ad", () => {
  it("passes a 30-character headline and 90-character description", () => {
    expect(statuses(checkAd({ platform: "google_search_ad", headline: text(30), description: text(90) }, platforms))).toEqual([
      "ad.headline_length:pass",
      "ad.description_length:pass",
    ]);
  });

  it("fails 31 and 91 with the excess", () => {
    const [headline, description] = checkAd(
      { platform: "google_search_ad", headline: text(31), description: text(91) },
      platforms,
    );
    expect(headline?.message).toBe("Google search ad headline is 31 characters; the limit is 30. Cut at least 1.");
    expect(description?.status).toBe("fail");
  });

  it("fails a primary text, which Google search ads do not have", () => {
    const results = checkAd({ platform: "google_search_ad", headline: "a", description: "b", primaryText: "c" }, platforms);
    expect(results[2]).toMatchObject({ id: "ad.primary_text_length", status: "fail" });
    expect(results[2]?.message).toContain("has no primary text field");
  });
});

describe("checkAd on meta_ad", () => {
  it("passes at the recommended lengths and warns just above them", () => {
    const ok = checkAd({ platform: "meta_ad", headline: text(40), description: text(30), primaryText: text(125) }, platforms);
    expect(statuses(ok)).toEqual(["ad.headline_length:pass", "ad.description_length:pass", "ad.primary_text_length:pass"]);
    const long = checkAd({ platform: "meta_ad", headline: text(41), description: text(31), primaryText: text(126) }, platforms);
    expect(long.map((result) => result.status)).toEqual(["warn", "warn", "warn"]);
    expect(long[2]?.message).toContain("above 125 it is truncated");
  });

  it("warns on a missing primary text and fails an empty one", () => {
    const missing = checkAd({ platform: "meta_ad", headline: "New lanterns", description: "Shop now" }, platforms);
    expect(missing[2]).toMatchObject({ id: "ad.primary_text_length", status: "warn" });
    expect(missing[2]?.message).toContain("up to 125 characters");
    const empty = checkAd({ platform: "meta_ad", headline: "New lanterns", description: "Shop now", primaryText: " " }, platforms);
    expect(empty[2]).toMatchObject({ id: "ad.primary_text_length", status: "fail" });
  });
});

describe("checkSocial", () => {
  it.each([
    ["x_post", 280],
    ["instagram_post", 2_200],
    ["linkedin_post", 3_000],
  ] as const)("%s passes at %i and fails one above", (platform, limit) => {
    expect(checkSocial({ platform, text: text(limit) }, platforms)[0]?.status).toBe("pass");
    expect(checkSocial({ platform, text: text(limit + 1) }, platforms)[0]).toMatchObject({
      id: "social.text_length",
      status: "fail",
    });
  });

  it("counts an X post's emoji as 2", () => {
    expect(checkSocial({ platform: "x_post", text: `${text(278)}🎉` }, platforms)[0]?.status).toBe("pass");
    expect(checkSocial({ platform: "x_post", text: `${text(279)}🎉` }, platforms)[0]?.status).toBe("fail");
  });

  it("refuses an unknown platform, or one of the wrong kind, listing the configured ones", () => {
    const unknown = () => checkSocial({ platform: "myspace", text: "hi" }, platforms);
    expect(unknown).toThrow(AppError);
    expect(unknown).toThrow(/Use one of: x_post, instagram_post, linkedin_post/);
    expect(() => checkSocial({ platform: "google_search_ad", text: "hi" }, platforms)).toThrow(/No social platform/);
    expect(() => checkAd({ platform: "__proto__", headline: "a", description: "b" }, platforms)).toThrow(/No ad platform/);
  });
});
