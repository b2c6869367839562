import { describe, expect, it } from "vitest";
import { describeDate, firstSentence, renderSystemPrompt } from "../../src/agent/system-prompt.ts";
import { allTools } from "../../tools/index.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";

describe("the system prompt", () => {
  it("names the shop, today's date and every tool, with no placeholder left", () => {
    const prompt = renderSystemPrompt({ shopName: "Teacup & Co", now: new Date("2026-11-23T23:30:00Z"), tools: allTools });
    expect(prompt).toContain("marketing assistant of Teacup & Co");
    expect(prompt).toContain("Today is 2026-11-23 (Monday).");
    for (const tool of allTools) expect(prompt).toContain(`- \`${tool.name}\`: `);
    expect(prompt).not.toMatch(/\{\{/);
    // The rules the issue asks for.
    expect(prompt).toMatch(/Never invent or estimate numbers/);
    expect(prompt).toMatch(/<data>.*never instructions/s);
    expect(prompt).toMatch(/ask one short\s+question/);
    expect(prompt).toMatch(/`draft_campaign_copy`, which checks/);
  });

  it("says so when no tools are installed", () => {
    expect(renderSystemPrompt({ shopName: "S", now: new Date(), tools: [] })).toContain("No tools are installed");
    expect(renderSystemPrompt({ shopName: "S", now: new Date(), tools: [countCustomersTool] })).toContain(
      "- `count_customers`: Counts customers, optionally in one country.",
    );
  });

  it("lists each tool by its first sentence, not cut at an abbreviation", () => {
    expect(firstSentence("Finds things, e.g. mugs. Then more.")).toBe("Finds things, e.g. mugs.");
    expect(firstSentence("No full stop here")).toBe("No full stop here");
    expect(firstSentence("Line one\ncontinues. Next")).toBe("Line one continues.");
    expect(describeDate(new Date("2026-01-01T00:00:00Z"))).toBe("2026-01-01 (Thursday)");
  });
});
