/**
 * Marketing settings: what copy may promise (approved offers), how it should sound
 * (brand voices), who sends it and the channel limits. They come from the JSON file named
 * by `BULLSEYE_MARKETING_FILE` (see the README and `docs/marketing-settings.md`); without
 * one, there are no approved offers, one neutral voice and the default limits.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError, describeIssues, fieldIssuesFrom } from "./errors.ts";

/** An offer the copy may mention, from the request or config. Anything else in copy is invented. */
export const approvedOfferSchema = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{2,18}[A-Za-z0-9])$/)
    .optional()
    .describe("promo code, 4–20 letters, digits and inner hyphens, e.g. SPRING20"),
  description: z.string().trim().min(1).max(500).describe('what the offer is, e.g. "20% off candles until Sunday"'),
  discountPercent: z.number().gt(0).max(100).optional().describe("percentage off, e.g. 20"),
  amountOff: z.number().positive().optional().describe("money off in the shop's currency, e.g. 5"),
  freeShipping: z.boolean().optional().describe("true when the offer includes free delivery"),
});
export type ApprovedOffer = z.infer<typeof approvedOfferSchema>;

/** How a brand sounds, and the words its copy must not use. */
export const brandVoiceSchema = z.object({
  description: z
    .string()
    .trim()
    .min(1)
    .max(1_000)
    .describe('the voice in a sentence or two, e.g. "warm, plain-spoken, a little playful; never pushy"'),
  avoidWords: z
    .array(z.string().trim().min(1).max(60))
    .max(200)
    .default([])
    .describe("words and phrases the copy must not contain, e.g. cheap, hurry"),
});
export type BrandVoice = z.infer<typeof brandVoiceSchema>;

const voiceName = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "must be lowercase letters, digits, - or _, e.g. default");

/** The marketing settings file, with defaults for everything it leaves out. */
export const marketingSettingsSchema = z
  .object({
    shopName: z.string().trim().min(1).max(60).default("Bullseye Demo Shop").describe("the sender name copy signs with"),
    currencySymbol: z.string().trim().min(1).max(5).default("£").describe("the shop's currency symbol"),
    offers: z.array(approvedOfferSchema).max(100).default([]).describe("offers every draft may mention"),
    brandVoices: z
      .record(voiceName, brandVoiceSchema)
      .default({})
      .describe("named voices a request can pick with brandVoice; `default` is used when none is named"),
    maxRedrafts: z.number().int().min(0).max(5).default(2).describe("redrafts of a failing variant before it is returned as failing"),
    limits: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("channel and platform limits; the draft tool validates them (see tools/draft-campaign-copy/checks/limits.ts)"),
  })
  .strict();
export type MarketingSettings = z.output<typeof marketingSettingsSchema>;

/** The settings used when no file is configured. */
export const defaultMarketingSettings: MarketingSettings = marketingSettingsSchema.parse({});

/** Parses marketing settings from a value (already-read JSON); throws ConfigError naming the fields. */
export function parseMarketingSettings(value: unknown, source = "marketing settings"): MarketingSettings {
  const parsed = marketingSettingsSchema.safeParse(value);
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues);
    throw new ConfigError(`Invalid ${source}: ${describeIssues(issues)}. Fix the file and start again.`, issues);
  }
  return parsed.data;
}

/** Reads and validates the marketing settings file at `file`. */
export function readMarketingSettings(file: string): MarketingSettings {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `Cannot read the marketing settings file ${file} (BULLSEYE_MARKETING_FILE): ${(error as Error).message}.`,
      [{ path: "BULLSEYE_MARKETING_FILE", message: "must name a readable JSON file" }],
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `The marketing settings file ${file} is not valid JSON: ${(error as Error).message}.`,
      [{ path: "BULLSEYE_MARKETING_FILE", message: "must contain a JSON object" }],
      { cause: error },
    );
  }
  return parseMarketingSettings(json, `marketing settings in ${file}`);
}
