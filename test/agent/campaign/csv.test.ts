import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, campaignCsv, csvField, defuseFormula } from "../../../src/agent/campaign/csv.ts";
import type { CampaignResult, CampaignSegment } from "../../../src/agent/campaign/schema.ts";
import { parseCsv } from "./csv-parse.ts";

const checks = (failed: string[] = []) => ({
  ok: failed.length === 0,
  results: [
    { id: "sms.segments", status: "pass" as const, message: "1 part." },
    ...failed.map((id) => ({ id, status: "fail" as const, message: `${id} failed, "badly", here` })),
  ],
});

function segmentFixture(number: number, name: string): CampaignSegment {
  return {
    segmentId: `sgm_1:${number}`,
    number,
    name,
    size: 100 * number,
    share: 0.25,
    profile: { recencyDays: 10, frequency: 3, monetary: 120, tenureDays: 300, averageOrderValue: 40, distinctProducts: 5 },
    description: "d",
    suggestedAction: "a",
    offer: { code: "SPRING20", description: "20% off, this week" },
    products: [
      { rank: 1, productId: "P1", name: 'Mug "Big", blue', signal: "repurchase", reason: "r", customersPicking: 10, shareOfSegment: 0.1 },
      { rank: 2, productId: "P2", name: "=HYPERLINK(\"x\")", signal: "popular", reason: "r", customersPicking: 5, shareOfSegment: 0.05 },
    ],
    channels: [
      {
        channel: "sms",
        draftId: "drf_1",
        writer: "builtin",
        readyCount: 1,
        variants: [
          { index: 1, status: "ready", content: { text: "Hi,\nour mug. Reply STOP to opt out" }, checks: checks(), attempts: 1 },
          { index: 2, status: "failing", content: { text: "=1+1 50% off" }, checks: checks(["grounding.discounts"]), attempts: 3, angle: "deal" },
        ],
      },
      {
        channel: "email",
        draftId: "drf_2",
        writer: "builtin",
        readyCount: 1,
        variants: [
          {
            index: 1,
            status: "ready",
            content: { subject: "Picked £ for you", preheader: "p", body: "b\r\nline 2", footer: "{{unsubscribe_url}} {{postal_address}}" },
            checks: checks(),
            attempts: 1,
          },
        ],
      },
    ],
    ready: 2,
    failing: 1,
  };
}

const result: CampaignResult = {
  brief: "b",
  segmentation: { segmentationId: "sgm_1", k: 2, kChosenBy: "input", silhouette: 0.4, customerCount: 300, asOf: "2026-11-01" },
  targeting: { rule: "all", intents: [], explanation: "e" },
  segments: [segmentFixture(1, "Champions"), segmentFixture(2, "At risk")],
  totals: { segments: 2, customers: 300, drafts: 4, variants: 6, ready: 4, failing: 2 },
  steps: [],
  durationMs: 1,
};

describe("campaignCsv", () => {
  const text = campaignCsv(result);

  it("is RFC 4180 with a BOM and a header, one row per segment × channel × variant", () => {
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 2 * 3);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it("keeps commas, quotes and line breaks inside fields, and names failed checks", () => {
    const rows = parseCsv(text.slice(1));
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const [first, second, third] = rows.slice(1);
    expect(first![column("segment")]).toBe("Champions");
    expect(first![column("channel")]).toBe("sms");
    expect(first![column("text")]).toBe("Hi,\nour mug. Reply STOP to opt out");
    expect(first![column("products")]).toBe('Mug "Big", blue (P1); =HYPERLINK("x") (P2)');
    expect(first![column("offer")]).toBe("SPRING20: 20% off, this week");
    expect(first![column("checks_failed")]).toBe("");
    expect(second![column("status")]).toBe("failing");
    expect(second![column("checks_failed")]).toBe("grounding.discounts");
    expect(second![column("check_notes")]).toBe('fail grounding.discounts: grounding.discounts failed, "badly", here');
    expect(second![column("angle")]).toBe("deal");
    expect(third![column("subject")]).toBe("Picked £ for you");
    expect(third![column("body")]).toBe("b\r\nline 2");
    expect(third![column("text")]).toBe("");
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    const rows = parseCsv(text.slice(1));
    expect(rows[2]![CSV_COLUMNS.indexOf("text")]).toBe("'=1+1 50% off");
    expect(defuseFormula("+44 7700")).toBe("'+44 7700");
    expect(defuseFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(defuseFormula("-1")).toBe("'-1");
    expect(defuseFormula("Plain")).toBe("Plain");
  });

  it("quotes only fields that need it", () => {
    expect(csvField("plain text")).toBe("plain text");
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a\nb")).toBe('"a\nb"');
  });
});
