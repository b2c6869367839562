import { describe, expect, it } from "vitest";
import { modelViewOfError, modelViewOfResult, parseModelView, redactContacts } from "../../src/core/model-view.ts";

describe("redactContacts", () => {
  it("removes emails and phone numbers", () => {
    const text = "Mail jo.bloggs@example.co.uk or call +44 7700 900123, 07700 900456, (0161) 496 0000 or 555-123-4567.";
    expect(redactContacts(text)).toBe("Mail [email] or call [phone], [phone], [phone] or [phone].");
  });

  it("keeps ids, prices, dates and quantities", () => {
    const text = "Customers 12347 12348 12349 spent £1,234.56 on 2011-12-09 (order 536365, 3.5.2024, 24 units).";
    expect(redactContacts(text)).toBe(text);
  });
});

describe("model view", () => {
  it("keeps the summary, cuts long lists and drops customer names and contacts", () => {
    const output = {
      summary: "3 customers",
      timingMs: 12,
      customers: [{ customerId: "17850", name: "Jo Bloggs", email: "jo@example.com", phone: "07700 900123", spend: 1234.56789 }],
      products: [{ productId: "85123A", name: "WHITE HANGING HEART T-LIGHT HOLDER" }],
      points: Array.from({ length: 40 }, (_, index) => index),
    };
    const view = parseModelView(modelViewOfResult("segment_customers", output));
    expect(view?.ok).toBe(true);
    if (view?.ok !== true) return;
    expect(view.summary).toBe("3 customers");
    const data = view.data as Record<string, unknown>;
    expect(data.customers).toEqual([{ customerId: "17850", spend: 1234.5679 }]);
    expect(data.products).toEqual([{ productId: "85123A", name: "WHITE HANGING HEART T-LIGHT HOLDER" }]);
    expect((data.points as unknown[]).at(-1)).toBe("… 28 more");
    expect(data).not.toHaveProperty("timingMs");
  });

  it("stays under the size bound", () => {
    const output = { summary: "big", rows: Array.from({ length: 200 }, (_, index) => ({ id: index, text: "x".repeat(300) })) };
    expect(modelViewOfResult("t", output, { maxChars: 2_000, maxItems: 12, maxString: 400 }).length).toBeLessThanOrEqual(2_000);
  });

  it("round-trips errors and refuses other text", () => {
    expect(parseModelView(modelViewOfError("t", { code: "unknown_segment", message: "Run segment_customers first." }))).toEqual({
      tool: "t",
      ok: false,
      error: { code: "unknown_segment", message: "Run segment_customers first." },
    });
    expect(parseModelView("plain text")).toBeUndefined();
    expect(parseModelView('{"ok":true}')).toBeUndefined();
  });
});
