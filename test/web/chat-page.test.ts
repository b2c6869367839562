import type { Browser, Page } from "playwright-core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import { createApiKey } from "../../src/data/api-keys.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import type { AuthMode } from "../../src/http/auth.ts";
import { browserSkipReason, launchBrowser } from "../helpers/browser.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";
import { FakeChatAgent, type TurnScript, demoTurn, recommendTurn, textDeltas } from "../helpers/fake-agent.ts";
import { type TestServer, listen } from "../helpers/http.ts";

describe.skipIf(browserSkipReason !== undefined)(
  `chat page in headless Chromium${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ""}`,
  () => {
    let browser: Browser;
    const stores: DuckDbStore[] = [];
    const servers: TestServer[] = [];

    beforeAll(async () => {
      browser = await launchBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await Promise.all(servers.map((server) => server.close()));
      await Promise.all(stores.map((store) => store.close()));
    });

    async function start(agent: FakeChatAgent, mode: AuthMode = "loopback"): Promise<{ server: TestServer; store: DuckDbStore }> {
      const store = await memoryStore();
      stores.push(store);
      const app = createApp({
        config: { bodyLimit: "100kb" },
        services: testContext(store),
        tools: new ToolRegistry([countCustomersTool]),
        logger: pino({ level: "silent" }),
        version: "1.2.3",
        auth: { mode, requestsPerMinute: 1000 },
        agent,
      });
      const server = await listen(app);
      servers.push(server);
      return { server, store };
    }

    /** A page that records script errors and any dialog (an injected alert would open one). */
    async function openPage(url: string): Promise<{ page: Page; problems: string[] }> {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      // Console errors include Content-Security-Policy violations; failed requests (a 401 the
      // page handles) are logged there too and are expected.
      page.on("console", (message) => {
        if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(`console: ${message.text()}`);
      });
      page.on("dialog", (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      const response = await page.goto(url);
      expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
      await page.locator('[data-count="customers"] dd').waitFor();
      return { page, problems };
    }

    async function ask(page: Page, message: string): Promise<void> {
      await page.getByLabel("Your question").fill(message);
      await page.getByRole("button", { name: "Send" }).click();
    }

    it("streams the answer, shows tool chips, tables and charts, and keeps the conversation", async () => {
      let release = () => {};
      const hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      const agent = new FakeChatAgent((request) => (request.message.includes("buy next") ? recommendTurn() : demoTurn(50, hold)));
      const { server } = await start(agent);
      const { page, problems } = await openPage(server.url);

      await ask(page, "How will sales go, and who are our customers?");
      const answer = page.locator(".message.assistant .answer").first();
      // Mid-turn (the agent holds after calling forecast_sales): the first words are on screen,
      // the call shows as running, and the answer is marked busy for screen readers.
      await page.locator('.tool-chip[data-tool="forecast_sales"][data-state="running"]').waitFor();
      expect(await answer.textContent()).toBe("Let me look at the numbers. ");
      expect(await answer.getAttribute("aria-busy")).toBe("true");
      expect(await answer.getAttribute("aria-live")).toBe("polite");
      release();

      await page.waitForFunction(() => document.querySelector(".answer")?.getAttribute("aria-busy") === "false");
      expect(await answer.textContent()).toMatch(/^Let me look at the numbers\. Revenue is heading up: about 41,800/);
      // Model text is text: markup in it is shown, not interpreted.
      expect(await answer.textContent()).toContain("<b>Not bold</b>");
      expect(await answer.locator("b").count()).toBe(0);

      // One chip per call; the failed one shows its error when opened.
      const chips = page.locator(".tool-chip");
      expect(await chips.evaluateAll((nodes) => nodes.map((node) => `${(node as HTMLElement).dataset.tool}:${(node as HTMLElement).dataset.state}`))).toEqual([
        "forecast_sales:ok",
        "segment_customers:ok",
        "search_catalog:ok",
        "analyze_sentiment:ok",
        "recommend_products:error",
      ]);
      const failed = page.locator('.tool-chip[data-tool="recommend_products"]');
      await failed.locator("summary").click();
      expect(await failed.locator(".chip-error").textContent()).toContain('No customer "C999999"');
      expect(await failed.locator("pre").textContent()).toContain('"customerId": "C999999"');
      const forecastChip = page.locator('.tool-chip[data-tool="forecast_sales"]');
      expect(await forecastChip.locator(".chip-state").textContent()).toBe("done in 71.2 ms");

      // Forecast: a line chart with the observed history, the forecast and its band.
      const forecast = page.locator('.artifact[data-tool="forecast_sales"]');
      const line = forecast.locator("svg.line-chart");
      expect(await line.getAttribute("role")).toBe("img");
      expect(await line.locator("path.series.history").count()).toBe(1);
      expect(await line.locator("path.series.forecast").count()).toBe(1);
      const band = await line.locator("polygon.band").getAttribute("points");
      expect(band?.split(" ")).toHaveLength(56);
      expect(await line.locator("title").textContent()).toBe("Revenue forecast from 2026-11-02");
      const box = await line.boundingBox();
      expect(box?.width).toBeGreaterThan(200);

      // Segments: a bar per segment and a table with sizes, shares and medians.
      const segments = page.locator('.artifact[data-tool="segment_customers"]');
      expect(await segments.locator("svg.bar-chart rect.bar").count()).toBe(4);
      const rows = segments.locator("table tbody tr");
      expect(await rows.count()).toBe(4);
      expect(await rows.first().locator("td").allTextContents()).toEqual([
        "Champions",
        "612",
        "14.1%",
        "9",
        "14",
        "2,140.5",
        "Reward them: early access and referral offers.",
      ]);

      // Search results and sentiment aspects as tables; product names with markup stay text.
      const search = page.locator('.artifact[data-tool="search_catalog"] table tbody tr');
      expect(await search.count()).toBe(3);
      expect(await search.nth(2).locator("td").first().textContent()).toBe("Bunting <script>alert(1)</script> garland");
      const aspects = page.locator('.artifact[data-tool="analyze_sentiment"] table tbody tr');
      expect(await aspects.locator("td:first-child").allTextContents()).toEqual(["delivery", "quality", "price"]);

      // The conversation continues with its id, and a new chat starts without one.
      agent.turns.length = 0;
      await ask(page, "What will C100042 buy next?");
      await expect.poll(() => agent.turns[0]?.finished).toBe(true);
      expect(agent.turns[0]?.request.conversationId).toBe("conv_1");
      await page.waitForFunction(() => document.querySelectorAll(".answer[aria-busy='false']").length === 2);
      const picks = page.locator('.artifact[data-tool="recommend_products"] table tbody tr');
      expect(await picks.first().locator("td").allTextContents()).toEqual([
        "1",
        "Vintage rose teapot (P0142)",
        "Bought with Bone china cake stand (P0077), which they ordered twice.",
      ]);

      // A reload shows the conversation again, tables and charts included.
      await page.reload();
      await page.locator(".message.user").nth(1).waitFor();
      expect(await page.locator(".message.user p").allTextContents()).toEqual(["How will sales go, and who are our customers?", "What will C100042 buy next?"]);
      await page.locator('.artifact[data-tool="forecast_sales"] svg.line-chart').first().waitFor();
      expect(await page.locator('.artifact[data-tool="segment_customers"] table tbody tr').first().locator("td").first().textContent()).toBe("Champions");

      await page.getByRole("button", { name: "New chat" }).click();
      expect(await page.locator(".message").count()).toBe(0);
      await ask(page, "Start over");
      await expect.poll(() => agent.turns[1]?.finished).toBe(true);
      expect(agent.turns[1]?.request.conversationId).toBeUndefined();

      expect(problems).toEqual([]);
      await page.close();
    }, 120_000);

    it("stops a running answer, which cancels the turn on the server", async () => {
      const script: TurnScript = () => [...textDeltas("Thinking hard "), { waitForAbort: true }];
      const agent = new FakeChatAgent(script);
      const { server } = await start(agent);
      const { page, problems } = await openPage(server.url);
      await ask(page, "Take your time");
      await page.locator(".answer", { hasText: "Thinking hard" }).waitFor();
      await page.getByRole("button", { name: "Stop" }).click();
      await expect.poll(() => agent.turns[0]?.aborted, { timeout: 3000 }).toBe(true);
      await page.locator(".notice", { hasText: "Stopped." }).waitFor();
      expect(await page.getByRole("button", { name: "Send" }).isDisabled()).toBe(false);

      // A remembered conversation the server no longer has is dropped quietly on reload.
      await page.evaluate(() => localStorage.setItem("bullseye.conversationId", "conv_gone"));
      await page.reload();
      await page.locator('[data-count="customers"] dd').waitFor();
      await expect.poll(() => page.evaluate(() => localStorage.getItem("bullseye.conversationId"))).toBeNull();
      await ask(page, "Fresh start");
      await expect.poll(() => agent.turns.length).toBe(2);
      expect(agent.turns[1]?.request.conversationId).toBeUndefined();
      await page.getByRole("button", { name: "Stop" }).click();
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);

    it("asks for an API key when the server needs one, and works once it is saved", async () => {
      const agent = new FakeChatAgent(() => textDeltas("Hello with a key."));
      const { server, store } = await start(agent, "network");
      const { key } = await createApiKey(store, { role: "viewer" });
      const { page, problems } = await openPage(server.url);

      // The tool list needs a key: the page says so and opens the key box.
      await page.locator("#tools li.error").waitFor();
      expect(await page.locator("#tools li.error").textContent()).toContain("needs an API key");
      expect(await page.locator("#key-settings").getAttribute("open")).not.toBeNull();

      await ask(page, "Hi");
      const notice = page.locator(".notice[data-kind='needs-key']");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("This server needs an API key");
      expect(await notice.textContent()).toContain("npx bullseye keys create --role viewer");
      expect(agent.turns).toHaveLength(0);

      await page.getByLabel("API key", { exact: true }).fill(key);
      await page.getByRole("button", { name: "Save key" }).click();
      await page.locator("#tools li code", { hasText: "count_customers" }).waitFor();
      await ask(page, "Hi again");
      await page.locator(".answer", { hasText: "Hello with a key." }).waitFor();
      expect(agent.turns[0]?.request.actor).toMatch(/^key_/);
      expect(await page.evaluate(() => localStorage.getItem("bullseye.apiKey"))).toBe(key);

      // A wrong key is refused with the server's reason.
      await page.getByLabel("API key", { exact: true }).fill("bsk_wrong");
      await page.getByRole("button", { name: "Save key" }).click();
      await ask(page, "Still there?");
      await page.locator(".notice", { hasText: "The saved API key was refused" }).waitFor();
      expect(problems).toEqual([]);
      await page.close();
    }, 60_000);
  },
);
