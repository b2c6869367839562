import { describe, expect, it } from "vitest";
import {
  DEFAULT_PLATFORMS,
  copyLimitsSchema,
  defaultCopyLimits,
} from "../../../../tools/draft-campaign-copy/checks/limits.ts";

describe("copy limits", () => {
  it("default to the documented numbers", () => {
    const limits = defaultCopyLimits();
    expect(limits.sms.maxSegments).toBe(2);
    expect(limits.email).toEqual({ subject: { warnAbove: 50, failAbove: 78 }, preheader: { warnAbove: 100, failAbove: 140 } });
    expect(limits.push).toEqual({ titleMax: 50, bodyMax: 110 });
    expect(Object.keys(limits.platforms)).toEqual([...DEFAULT_PLATFORMS]);
    expect(limits.platforms.google_search_ad?.fields).toEqual({
      headline: { max: 30, counting: "characters" },
      description: { max: 90, counting: "characters" },
    });
    expect(limits.platforms.x_post?.fields.text).toEqual({ max: 280, counting: "x_weighted" });
  });

  it("fill in the rest when a config changes one value, and keep default platforms beside added ones", () => {
    const limits = copyLimitsSchema.parse({
      email: { subject: { warnAbove: 40 } },
      platforms: { tiktok_caption: { kind: "social", label: "TikTok caption", source: "our guide", fields: { text: { max: 2_200 } } } },
    });
    expect(limits.email.subject).toEqual({ warnAbove: 40, failAbove: 78 });
    expect(limits.sms.maxSegments).toBe(2);
    expect(limits.platforms.tiktok_caption?.fields.text).toEqual({ max: 2_200, counting: "characters" });
    expect(limits.platforms.linkedin_post).toBeDefined();
  });

  it("reject inconsistent or impossible limits", () => {
    expect(copyLimitsSchema.safeParse({ email: { subject: { warnAbove: 90 } } }).success).toBe(false);
    expect(copyLimitsSchema.safeParse({ sms: { maxSegments: 0 } }).success).toBe(false);
    const field = (limit: object) => ({ platforms: { p: { kind: "ad", label: "P", source: "s", fields: { headline: limit } } } });
    expect(copyLimitsSchema.safeParse(field({ recommended: 50, max: 40 })).success).toBe(false);
    expect(copyLimitsSchema.safeParse(field({ counting: "characters" })).success).toBe(false);
  });
});
