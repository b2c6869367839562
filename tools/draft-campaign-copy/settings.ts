/**
 * What a draft may promise and how it must sound, resolved from the request and the
 * marketing settings: the one approved offer, the brand voice, the channel limits, the
 * ad or social platform, and whether the language can be written by whoever drafts.
 * World rules live here ("is this offer approved?"); shape rules are in `schema.ts`.
 */
import { AppError, NotFoundError, ValidationError, describeIssues, fieldIssuesFrom } from "../../src/core/errors.ts";
import { type ApprovedOffer, type BrandVoice, type MarketingSettings, defaultMarketingSettings } from "../../src/core/marketing.ts";
import { platformLimitsFor } from "./checks/ads.ts";
import { type CopyLimits, type PlatformLimits, copyLimitsSchema } from "./checks/limits.ts";
import type { Channel, DraftInput } from "./schema.ts";

/** The platform a social or ad draft uses when the request names none. */
export const DEFAULT_PLATFORM: Readonly<Partial<Record<Channel, string>>> = { social: "x_post", ad: "google_search_ad" };

/** A brand voice with its name, as drafting and the avoid-words check use it. */
export interface NamedVoice extends BrandVoice {
  name: string;
}

/** Everything the request and settings decide before any copy is written. */
export interface DraftSettings {
  shopName: string;
  currencySymbol: string;
  offer: ApprovedOffer | null;
  /** Where the offer came from, for the summary. */
  offerSource: "request" | "settings" | null;
  voice: NamedVoice | null;
  limits: CopyLimits;
  /** Platform id for social and ad drafts; undefined for the other channels. */
  platform: string | undefined;
  platformLimits: PlatformLimits | undefined;
  maxRedrafts: number;
}

function describeOffer(offer: ApprovedOffer): string {
  return offer.code === undefined ? `"${offer.description}"` : `${offer.code} ("${offer.description}")`;
}

/**
 * The offer the copy may mention: a string must be the code (any letter case) or the
 * exact description (spacing and case aside) of an offer in the settings; an object is
 * approved by the request itself. Anything else is refused with the approved list.
 */
export function resolveOffer(
  requested: DraftInput["offer"],
  approved: readonly ApprovedOffer[],
): { offer: ApprovedOffer | null; source: DraftSettings["offerSource"] } {
  if (requested === undefined) return { offer: null, source: null };
  if (typeof requested !== "string") return { offer: requested, source: "request" };
  const wanted = requested.trim().replace(/\s+/g, " ").toLowerCase();
  const found = approved.find(
    (offer) =>
      (offer.code !== undefined && offer.code.toLowerCase() === wanted) ||
      offer.description.trim().replace(/\s+/g, " ").toLowerCase() === wanted,
  );
  if (found !== undefined) return { offer: found, source: "settings" };
  const listed =
    approved.length === 0
      ? "No offers are approved in the marketing settings (BULLSEYE_MARKETING_FILE)"
      : `The approved offers are: ${approved.map(describeOffer).join("; ")}`;
  throw new NotFoundError(
    "unknown_offer",
    `The offer "${requested}" is not approved. ${listed}. Pass one of their codes or descriptions, leave offer out for copy ` +
      "without an offer, or pass the offer as an object ({description, code?, discountPercent?, amountOff?, freeShipping?}) if the marketer approves it for this request.",
    { details: { offer: requested, approved: approved.map((offer) => offer.code ?? offer.description) } },
  );
}

/** The named brand voice, the `default` voice when none is named, or null when there is none. */
export function resolveVoice(requested: string | undefined, voices: Readonly<Record<string, BrandVoice>>): NamedVoice | null {
  const names = Object.keys(voices);
  if (requested === undefined) {
    const fallback = Object.hasOwn(voices, "default") ? voices.default : undefined;
    return fallback === undefined ? null : { name: "default", ...fallback };
  }
  const voice = Object.hasOwn(voices, requested) ? voices[requested] : undefined;
  if (voice === undefined) {
    throw new NotFoundError(
      "unknown_brand_voice",
      names.length === 0
        ? `There is no brand voice "${requested}": the marketing settings define none. Leave brandVoice out, or add voices to the file named by BULLSEYE_MARKETING_FILE.`
        : `There is no brand voice "${requested}". The configured voices are: ${names.join(", ")}.`,
      { details: { brandVoice: requested, available: names } },
    );
  }
  return { name: requested, ...voice };
}

/** The copy limits from the marketing settings, with defaults; a bad limits block is a config error. */
export function resolveLimits(raw: Readonly<Record<string, unknown>>): CopyLimits {
  const parsed = copyLimitsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues).map((issue) => ({ ...issue, path: `limits.${issue.path}` }));
    throw new AppError(
      "invalid_config",
      "user",
      `The copy limits in the marketing settings are invalid: ${describeIssues(issues)}. Fix the file named by BULLSEYE_MARKETING_FILE.`,
      { details: { issues } },
    );
  }
  return parsed.data;
}

/** True for English language tags (`en`, `en-GB`, …). */
export function isEnglish(language: string): boolean {
  return /^en(?:-|$)/i.test(language);
}

/**
 * Resolves every setting of one draft request, or throws the error the caller can act
 * on: unknown offer, unknown brand voice, a platform on the wrong channel or an unknown
 * one, or a language the builtin templates cannot write (`hasWriter` false).
 */
export function resolveDraftSettings(input: DraftInput, marketing: MarketingSettings | undefined, hasWriter: boolean): DraftSettings {
  const settings = marketing ?? defaultMarketingSettings;
  if (!hasWriter && !isEnglish(input.language)) {
    throw new AppError(
      "language_needs_model",
      "user",
      `Offline drafting (the builtin templates) writes English only, so it cannot write "${input.language}". ` +
        "Configure a chat model (set BULLSEYE_MODEL, and OPENAI_BASE_URL / OPENAI_API_KEY for its server) to draft in other languages, or ask for language \"en\".",
      { details: { language: input.language } },
    );
  }
  const limits = resolveLimits(settings.limits);
  let platform: string | undefined;
  let platformLimits: PlatformLimits | undefined;
  if (input.channel === "social" || input.channel === "ad") {
    platform = input.platform ?? DEFAULT_PLATFORM[input.channel];
    platformLimits = platformLimitsFor(limits.platforms, platform ?? "", input.channel);
  } else if (input.platform !== undefined) {
    throw new ValidationError(
      `platform applies to social and ad copy only; leave it out for ${input.channel} (or set channel to social or ad).`,
      [{ path: "platform", message: `not used for channel ${input.channel}` }],
    );
  }
  const { offer, source } = resolveOffer(input.offer, settings.offers);
  return {
    shopName: settings.shopName,
    currencySymbol: settings.currencySymbol,
    offer,
    offerSource: source,
    voice: resolveVoice(input.brandVoice, settings.brandVoices),
    limits,
    platform,
    platformLimits,
    maxRedrafts: settings.maxRedrafts,
  };
}
