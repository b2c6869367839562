import type { Browser } from "playwright-core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src/core/tool.ts";
import type { DuckDbStore } from "../../src/data/store.ts";
import { createApp } from "../../src/http/app.ts";
import { browserSkipReason, launchBrowser } from "../helpers/browser.ts";
import { memoryStore, testContext } from "../helpers/context.ts";
import { countCustomersTool } from "../helpers/echo-tool.ts";
import { type TestServer, listen } from "../helpers/http.ts";

describe.skipIf(browserSkipReason !== undefined)(
  `status page in headless Chromium${browserSkipReason ? ` (skipped: ${browserSkipReason})` : ""}`,
  () => {
    let store: DuckDbStore;
    let server: TestServer;
    let browser: Browser;

    beforeAll(async () => {
      store = await memoryStore();
      await store.run("INSERT INTO customers (customer_id) SELECT 'C' || range FROM range(1234)");
      const app = createApp({
        config: { bodyLimit: "1mb" },
        services: testContext(store),
        tools: new ToolRegistry([countCustomersTool]),
        logger: pino({ level: "silent" }),
        version: "1.2.3",
        auth: { mode: "loopback", requestsPerMinute: 1000 },
      });
      server = await listen(app);
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await store?.close();
    });

    it("shows the store counts and the installed tools", async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(server.url);
      await page.locator('[data-count="customers"] dd').waitFor();
      expect(await page.locator('[data-count="customers"] dd').textContent()).toBe("1,234");
      expect(await page.locator("#status").textContent()).toContain("Bullseye 1.2.3 is running");
      expect(await page.locator("#tools li code").first().textContent()).toBe("count_customers");
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
