import { describe, expect, it } from "vitest";
import {
  checkEmail,
  checkEmailPostalAddress,
  checkEmailPreheader,
  checkEmailSubject,
  checkEmailUnsubscribe,
} from "../../../../tools/draft-campaign-copy/checks/email.ts";

const subjectBand = { warnAbove: 50, failAbove: 78 };
const preheaderBand = { warnAbove: 100, failAbove: 140 };

describe("checkEmailSubject", () => {
  it.each([
    [1, "pass"],
    [50, "pass"],
    [51, "warn"],
    [78, "warn"],
    [79, "fail"],
  ] as const)("a %i-character subject is %s", (length, status) => {
    const result = checkEmailSubject("s".repeat(length), subjectBand);
    expect(result.status).toBe(status);
    expect(result.details).toMatchObject({ characters: length });
  });

  it("counts an emoji or a flag as one character", () => {
    expect(checkEmailSubject(`${"s".repeat(48)}🎉🇬🇧`, subjectBand).status).toBe("pass");
  });

  it("says how much to cut", () => {
    expect(checkEmailSubject("s".repeat(80), subjectBand).message).toBe(
      "Subject is 80 characters; the limit is 78. Cut at least 2, ideally to 50 or fewer.",
    );
    expect(checkEmailSubject("s".repeat(53), subjectBand).message).toContain("Cut 3 to show it whole");
  });

  it("fails an empty subject", () => {
    expect(checkEmailSubject("   ", subjectBand).status).toBe("fail");
  });
});

describe("checkEmailPreheader", () => {
  it.each([
    [100, "pass"],
    [101, "warn"],
    [140, "warn"],
    [141, "fail"],
  ] as const)("a %i-character preheader is %s", (length, status) => {
    expect(checkEmailPreheader("p".repeat(length), preheaderBand).status).toBe(status);
  });

  it("warns when there is no preheader", () => {
    const result = checkEmailPreheader("", preheaderBand);
    expect(result.status).toBe("warn");
    expect(result.message).toContain("No preheader");
  });
});

describe("checkEmailUnsubscribe", () => {
  it("passes the placeholder, with or without spaces in the braces, and the word", () => {
    expect(checkEmailUnsubscribe("", "Unsubscribe: {{unsubscribe_url}}").details).toEqual({ found: "placeholder" });
    expect(checkEmailUnsubscribe("", "Leave: {{ unsubscribe_url }}").status).toBe("pass");
    expect(checkEmailUnsubscribe("", "You can UNSUBSCRIBE any time.").details).toEqual({ found: "word" });
  });

  it("fails a footer without it and names a wrong placeholder", () => {
    const result = checkEmailUnsubscribe("Hello", "Bye {{unsubscribe_link}}");
    expect(result.status).toBe("fail");
    expect(result.message).toContain("{{unsubscribe_link}}, which is not it");
    expect(result.message).toContain('add "Unsubscribe: {{unsubscribe_url}}"');
  });

  it("tells the writer to move an unsubscribe line from the body to the footer", () => {
    const result = checkEmailUnsubscribe("Unsubscribe here: {{unsubscribe_url}}", "{{postal_address}}");
    expect(result.status).toBe("fail");
    expect(result.message).toContain("move it to the footer");
  });
});

describe("checkEmailPostalAddress", () => {
  it("passes the placeholder in the footer", () => {
    expect(checkEmailPostalAddress("", "Sent by us, {{postal_address}}").status).toBe("pass");
  });

  it("fails a literal address, which cannot be verified", () => {
    expect(checkEmailPostalAddress("", "1 High Street, London").status).toBe("fail");
  });

  it("fails the placeholder in the body only, saying to move it", () => {
    const result = checkEmailPostalAddress("We are at {{postal_address}}", "Unsubscribe");
    expect(result.status).toBe("fail");
    expect(result.message).toContain("move it to the footer");
  });
});

describe("checkEmail", () => {
  it("runs the four checks in order", () => {
    const results = checkEmail(
      {
        subject: "Spring is here",
        preheader: "New candles and lanterns for brighter evenings.",
        body: "Hello!",
        footer: "Unsubscribe: {{unsubscribe_url}} · {{postal_address}}",
      },
      { subject: subjectBand, preheader: preheaderBand },
    );
    expect(results.map((result) => `${result.id}:${result.status}`)).toEqual([
      "email.subject_length:pass",
      "email.preheader_length:pass",
      "email.unsubscribe:pass",
      "email.postal_address:pass",
    ]);
  });
});
