import { describe, expect, it } from "vitest";
import { analyzeSms } from "../../../../tools/draft-campaign-copy/checks/encoding.ts";
import {
  checkSms,
  checkSmsEncoding,
  checkSmsOptOut,
  checkSmsSegments,
  hasStopOptOut,
} from "../../../../tools/draft-campaign-copy/checks/sms.ts";

describe("hasStopOptOut", () => {
  it.each([
    "Reply STOP to opt out",
    "reply stop to unsubscribe",
    "Text STOP to 80082",
    "Txt STOP 2 end",
    "STOP to end",
    "Send “STOP” to quit",
    "Opt-out: reply STOP",
    "To opt out, STOP",
  ])("accepts %j", (text) => {
    expect(hasStopOptOut(`Sale on now. ${text}`)).toBe(true);
  });

  it.each(["Don't stop shopping!", "STOPWATCH sale", "Unsubscribe at example.com", "Stop by our shop today"])(
    "rejects %j",
    (text) => {
      expect(hasStopOptOut(text)).toBe(false);
    },
  );
});

describe("checkSmsOptOut", () => {
  it("fails a marketing SMS without a STOP line and says what to add", () => {
    const result = checkSmsOptOut("Big sale this weekend!", true);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Reply STOP to opt out");
  });

  it("passes a transactional SMS without one", () => {
    expect(checkSmsOptOut("Your order has shipped.", false).status).toBe("pass");
  });
});

describe("checkSmsEncoding", () => {
  it("passes GSM-7 with the counts", () => {
    const result = checkSmsEncoding(analyzeSms("Hello €"));
    expect(result.status).toBe("pass");
    expect(result.details).toMatchObject({ encoding: "GSM-7", characters: 7, units: 8 });
  });

  it("warns on UCS-2 and names the characters and their replacements", () => {
    const result = checkSmsEncoding(analyzeSms("Don’t miss it 🎉"));
    expect(result.status).toBe("warn");
    expect(result.message).toContain("’ (U+2019, use \"'\")");
    expect(result.message).toContain("🎉 (U+1F389, remove it)");
    expect(result.message).toContain("70 units instead of 160");
  });
});

describe("checkSmsSegments", () => {
  it("passes up to the maximum and reports the parts", () => {
    const text = "a".repeat(161);
    const result = checkSmsSegments(text, analyzeSms(text), 2);
    expect(result.status).toBe("pass");
    expect(result.details).toMatchObject({ segments: 2, maxSegments: 2, units: 161 });
  });

  it("fails above the maximum with the septets to cut", () => {
    const text = "a".repeat(310);
    const result = checkSmsSegments(text, analyzeSms(text), 2);
    expect(result.status).toBe("fail");
    expect(result.message).toBe(
      "GSM-7 text of 310 septets takes 3 SMS parts; the limit is 2 (306 septets). Shorten it by at least 4 septets.",
    );
  });

  it("uses the single-SMS capacity when the maximum is 1", () => {
    const text = "ł".repeat(71);
    const result = checkSmsSegments(text, analyzeSms(text), 1);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("the limit is 1 (70 UTF-16 units)");
    expect(result.message).toContain("replace the non-GSM characters");
  });

  it("fails an empty SMS", () => {
    expect(checkSmsSegments("  ", analyzeSms("  "), 2).status).toBe("fail");
  });
});

describe("checkSms", () => {
  it("runs encoding, segments and opt-out in order", () => {
    const results = checkSms("Spring sale: 20% off. Reply STOP to opt out", { maxSegments: 2, marketing: true });
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ["sms.encoding", "pass"],
      ["sms.segments", "pass"],
      ["sms.opt_out", "pass"],
    ]);
  });
});
