import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/core/config.ts";
import { ConfigError } from "../../src/core/errors.ts";
import { defaultMarketingSettings, parseMarketingSettings, readMarketingSettings } from "../../src/core/marketing.ts";

const folder = mkdtempSync(path.join(tmpdir(), "bullseye-marketing-"));
const fileWith = (name: string, text: string) => {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
};

describe("marketing settings", () => {
  it("defaults to no approved offers, no voices, two redrafts and £", () => {
    expect(defaultMarketingSettings).toMatchObject({ offers: [], brandVoices: {}, maxRedrafts: 2, currencySymbol: "£" });
  });

  it("reads offers and brand voices from the configured file", () => {
    const file = fileWith(
      "good.json",
      JSON.stringify({
        shopName: "Hollybrook Home",
        offers: [{ code: "SPRING20", description: "20% off candles until Sunday", discountPercent: 20 }],
        brandVoices: { default: { description: "warm and plain", avoidWords: ["cheap"] } },
      }),
    );
    const config = loadConfig({}, { BULLSEYE_MARKETING_FILE: file });
    expect(config.marketing.shopName).toBe("Hollybrook Home");
    expect(config.marketing.offers[0]?.code).toBe("SPRING20");
    expect(config.marketing.brandVoices.default?.avoidWords).toEqual(["cheap"]);
  });

  it("names the field that is wrong", () => {
    expect(() => parseMarketingSettings({ offers: [{ code: "X", description: "bad code" }] })).toThrow(/offers\.0\.code/);
    expect(() => parseMarketingSettings({ maxRedrafts: 9 })).toThrow(ConfigError);
    expect(() => parseMarketingSettings({ offerz: [] })).toThrow(/offerz/);
  });

  it("says which file is missing or not JSON", () => {
    expect(() => readMarketingSettings(path.join(folder, "absent.json"))).toThrow(/Cannot read the marketing settings file .*absent\.json/);
    expect(() => readMarketingSettings(fileWith("broken.json", "{ offers: "))).toThrow(/not valid JSON/);
  });

  it("configures the model, step cap and redaction from the environment", () => {
    expect(loadConfig({}, {})).toMatchObject({ model: "builtin", maxSteps: 8, redactPii: true });
    expect(loadConfig({}, { BULLSEYE_MODEL: "gpt-4o-mini", BULLSEYE_MAX_STEPS: "3", BULLSEYE_REDACT_PII: "off" })).toMatchObject({
      model: "gpt-4o-mini",
      maxSteps: 3,
      redactPii: false,
    });
    expect(() => loadConfig({}, { BULLSEYE_MAX_STEPS: "0" })).toThrow(/BULLSEYE_MAX_STEPS/);
  });
});
