/**
 * The web chat page end to end: headless Chromium against a real listening server started
 * by `startServer` (a temporary DuckDB file holding a small demo shop, port 0, the builtin
 * model), so the page, the HTTP API, the agent, the planner and the tools all run for real.
 * Skips itself with the reason when Chromium is missing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationView } from "../../src/agent/types.ts";
import { loadConfig } from "../../src/core/config.ts";
import { loadDemo } from "../../src/data/demo/index.ts";
import { DuckDbStore } from "../../src/data/store.ts";
import { type RunningServer, startServer } from "../../src/main.ts";
import type { ForecastSalesOutput } from "../../tools/forecast-sales/schema.ts";
import type { SegmentCustomersOutput } from "../../tools/segment-customers/schema.ts";
import { browserSkipReason, launchBrowser } from "../helpers/browser.ts";

describe.skipIf(browserSkipReason !== undefined)(
  `web chat on a real server${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ""}`,
  () => {
    let directory: string;
    let running: RunningServer;
    let browser: Browser;

    beforeAll(async () => {
      directory = await mkdtemp(path.join(tmpdir(), "bullseye-e2e-web-"));
      const databasePath = path.join(directory, "bullseye.duckdb");
      // A small demo shop written to the file first, so the server opens a non-empty store and skips the full demo.
      const seeded = await DuckDbStore.open({ location: databasePath });
      await loadDemo(seeded, { seed: 42, scale: 0.1 });
      await seeded.close();
      const config = loadConfig({ databasePath, port: 0, host: "127.0.0.1", demo: false, logLevel: "silent" }, {});
      running = await startServer(config, { logger: pino({ level: "silent" }) });
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await running?.close();
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    });

    /** The stored conversation the page is showing, read through the API. */
    async function shownConversation(page: Page): Promise<ConversationView> {
      const id = await page.evaluate(() => localStorage.getItem("bullseye.conversationId"));
      expect(id).toBeTruthy();
      const response = await fetch(`${running.url}/api/conversations/${encodeURIComponent(id!)}`);
      expect(response.status).toBe(200);
      return (await response.json()) as ConversationView;
    }

    function toolOutput<T>(view: ConversationView, tool: string): T {
      const call = view.messages.flatMap((message) => (message.role === "tool" ? (message.toolCalls ?? []) : [])).find((record) => record.name === tool);
      if (call?.output === undefined) throw new Error(`no stored ${tool} output`);
      return call.output as T;
    }

    async function ask(page: Page, message: string): Promise<void> {
      await page.getByLabel("Your question").fill(message);
      await page.getByRole("button", { name: "Send" }).click();
    }

    it("streams a forecast with its chip and chart, then shows a segmentation table", async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        // Failed requests are reported below with their URL.
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console: ${message.text()}`);
      });
      page.on("response", (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
      });
      await page.goto(running.url);
      await page.locator('[data-count="customers"] dd').waitFor();
      await page.locator("#tools li code", { hasText: "forecast_sales" }).waitFor();

      // Record every text the answer shows while it is written: each delta replaces its text node.
      await page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { answerLengths: number[] }).answerLengths = seen;
        new MutationObserver((records) => {
          for (const record of records) {
            const target = record.target as Element;
            if (target.classList?.contains("answer")) {
              record.addedNodes.forEach((node) => seen.push(node.textContent?.length ?? 0));
            }
          }
        }).observe(document.querySelector("#transcript")!, { childList: true, subtree: true });
      });

      await ask(page, "Forecast revenue for the next 4 weeks");
      const answer = page.locator(".message.assistant .answer").first();
      await page.waitForFunction(() => document.querySelector(".message.assistant .answer")?.getAttribute("aria-busy") === "false", undefined, { timeout: 30_000 });
      const text = (await answer.textContent()) ?? "";
      expect(text).toMatch(/^\*\*Revenue forecast\*\* for all sales: 28 days from \d{4}-\d{2}-\d{2}, by day\./);
      expect(text).toContain("Expected total");
      // The answer arrived in pieces, each extending the last, and ended as the whole answer.
      const lengths = await page.evaluate(() => (window as unknown as { answerLengths: number[] }).answerLengths);
      expect(lengths.length).toBeGreaterThan(5);
      expect(lengths.every((length, index) => index === 0 || length > lengths[index - 1]!)).toBe(true);
      expect(lengths.at(-1)).toBe(text.length);

      const chip = page.locator('.tool-chip[data-tool="forecast_sales"]');
      expect(await chip.getAttribute("data-state")).toBe("ok");
      expect(await chip.locator(".chip-state").textContent()).toMatch(/^done in [\d.,]+ ms$/);
      await chip.locator("summary").click();
      expect(JSON.parse((await chip.locator("pre").textContent()) ?? "{}")).toMatchObject({ metric: "revenue", horizonDays: 28 });

      // The chart is drawn from the stored tool output: a band over every forecast day.
      const forecast = toolOutput<ForecastSalesOutput>(await shownConversation(page), "forecast_sales");
      expect(await chip.locator(".chip-summary").textContent()).toBe(forecast.summary);
      const chart = page.locator('.artifact[data-tool="forecast_sales"] svg.line-chart');
      expect(await chart.getAttribute("role")).toBe("img");
      expect(await chart.locator("path.series.history").count()).toBe(1);
      expect(await chart.locator("path.series.forecast").count()).toBe(1);
      const band = (await chart.locator("polygon.band").getAttribute("points"))?.split(" ") ?? [];
      expect(band).toHaveLength(2 * forecast.points.length);
      expect((await chart.boundingBox())?.width).toBeGreaterThan(200);

      // Second turn in the same conversation: a segmentation, shown as a table and a bar chart.
      await ask(page, "Segment our customers into 4 groups");
      await page.waitForFunction(() => document.querySelectorAll(".message.assistant .answer[aria-busy='false']").length === 2, undefined, { timeout: 30_000 });
      const second = page.locator(".message.assistant").nth(1);
      expect(await second.locator(".tool-chip").evaluateAll((nodes) => nodes.map((node) => `${(node as HTMLElement).dataset.tool}:${(node as HTMLElement).dataset.state}`))).toEqual([
        "segment_customers:ok",
      ]);
      const segmentation = toolOutput<SegmentCustomersOutput>(await shownConversation(page), "segment_customers");
      expect(segmentation.k).toBe(4);
      const rows = second.locator('.artifact[data-tool="segment_customers"] table tbody tr');
      expect(await rows.count()).toBe(4);
      expect(await rows.locator("td:first-child").allTextContents()).toEqual(segmentation.segments.map((segment) => segment.name));
      expect(await rows.locator("td:nth-child(2)").allTextContents()).toEqual(segmentation.segments.map((segment) => segment.size.toLocaleString("en")));
      expect(await second.locator('.artifact[data-tool="segment_customers"] svg.bar-chart rect.bar').count()).toBe(4);
      expect(await second.locator(".answer").textContent()).toContain("4 segments");

      expect(problems).toEqual([]);
      await page.close();
    }, 90_000);
  },
);
