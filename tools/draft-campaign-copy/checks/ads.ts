/**
 * Ad and social checks: each copy field against the platform's configured limit
 * (`limits.ts`). Fields the platform does not have fail, so copy is never silently dropped.
 */
import { AppError } from "../../../src/core/errors.ts";
import type { FieldLimit, PlatformField, PlatformLimits } from "./limits.ts";
import { type CheckResult, checkResult } from "./result.ts";
import { countCharacters, graphemesOf, plural } from "./text.ts";

/** X counts every URL as this many characters, whatever its length. */
const X_URL_LENGTH = 23;
/** Code point ranges X counts as 1; everything else (CJK, most symbols) counts 2. */
const X_LIGHT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
const URL_PATTERN = /https?:\/\/[^\s]+/g;
const EMOJI_PATTERN = /\p{Extended_Pictographic}/u;

/**
 * Length as X counts it (twitter-text v3 weighting): URLs 23, an emoji sequence 2,
 * code points in the Latin/punctuation ranges 1, all others 2. Bare domains without
 * http(s):// are counted as text, which can only over-count.
 */
export function xWeightedLength(text: string): number {
  let length = 0;
  const withoutUrls = text.replace(URL_PATTERN, () => {
    length += X_URL_LENGTH;
    return "";
  });
  for (const segment of graphemesOf(withoutUrls)) {
    if (EMOJI_PATTERN.test(segment)) {
      length += 2;
      continue;
    }
    for (const character of segment) {
      const value = character.codePointAt(0) ?? 0;
      length += X_LIGHT_RANGES.some(([low, high]) => value >= low && value <= high) ? 1 : 2;
    }
  }
  return length;
}

/** Length of `text` the way `limit` counts it. */
export function measure(text: string, limit: FieldLimit): number {
  return limit.counting === "x_weighted" ? xWeightedLength(text.trim()) : countCharacters(text.trim());
}

const FIELD_NAMES: Readonly<Record<PlatformField, { id: string; label: string }>> = {
  text: { id: "text_length", label: "text" },
  headline: { id: "headline_length", label: "headline" },
  description: { id: "description_length", label: "description" },
  primaryText: { id: "primary_text_length", label: "primary text" },
};

/** Checks one field against its limit: empty or above `max` fails, above `recommended` warns. */
export function checkField(
  prefix: "ad" | "social",
  platform: PlatformLimits,
  field: PlatformField,
  text: string,
): CheckResult {
  const { id, label } = FIELD_NAMES[field];
  const checkId = `${prefix}.${id}`;
  const limit = platform.fields[field];
  if (limit === undefined) {
    return checkResult(
      checkId,
      "fail",
      `${platform.label} has no ${label} field; remove it or pick a platform that has one.`,
      { field },
    );
  }
  const length = measure(text, limit);
  const unit = limit.counting === "x_weighted" ? "weighted character" : "character";
  const details = { field, length, counting: limit.counting, recommended: limit.recommended, max: limit.max };
  const name = `${platform.label} ${label}`;
  if (length === 0) return checkResult(checkId, "fail", `The ${name} is empty; write one.`, details);
  if (limit.max !== undefined && length > limit.max) {
    return checkResult(
      checkId,
      "fail",
      `${name} is ${plural(length, unit)}; the limit is ${limit.max}. Cut at least ${length - limit.max}.`,
      details,
    );
  }
  if (limit.recommended !== undefined && length > limit.recommended) {
    return checkResult(
      checkId,
      "warn",
      `${name} is ${plural(length, unit)}; above ${limit.recommended} it is truncated. Cut ${length - limit.recommended} to show it whole.`,
      details,
    );
  }
  const bound = limit.max ?? limit.recommended;
  return checkResult(checkId, "pass", `${name} is ${plural(length, unit)} (limit ${bound}).`, details);
}

/** Looks up a platform's limits, or throws a user error listing the configured platforms of that kind. */
export function platformLimitsFor(
  platforms: Readonly<Record<string, PlatformLimits>>,
  platform: string,
  kind: PlatformLimits["kind"],
): PlatformLimits {
  const limits = Object.hasOwn(platforms, platform) ? platforms[platform] : undefined;
  if (limits === undefined || limits.kind !== kind) {
    const known = Object.entries(platforms)
      .filter(([, candidate]) => candidate.kind === kind)
      .map(([name]) => name);
    throw new AppError(
      "unknown_platform",
      "user",
      `No ${kind} platform "${platform}" is configured. Use one of: ${known.join(", ")}, or add its limits to the copy limits config.`,
      { details: { platform, kind, available: known } },
    );
  }
  return limits;
}

/** A social post as drafted. */
export interface SocialCopy {
  platform: string;
  text: string;
}

/** An ad as drafted; `primaryText` is the text above the creative on platforms that have it (Meta). */
export interface AdCopy {
  platform: string;
  headline: string;
  description: string;
  primaryText?: string;
}

/** Checks a social post's text against its platform. */
export function checkSocial(post: SocialCopy, platforms: Readonly<Record<string, PlatformLimits>>): CheckResult[] {
  const limits = platformLimitsFor(platforms, post.platform, "social");
  return [checkField("social", limits, "text", post.text)];
}

/**
 * Checks an ad's headline, description and primary text against its platform. A primary
 * text the platform lacks fails; one the platform has but the ad leaves out warns, since
 * the ad still runs, just without the text above the creative.
 */
export function checkAd(ad: AdCopy, platforms: Readonly<Record<string, PlatformLimits>>): CheckResult[] {
  const limits = platformLimitsFor(platforms, ad.platform, "ad");
  const results = [
    checkField("ad", limits, "headline", ad.headline),
    checkField("ad", limits, "description", ad.description),
  ];
  const primaryLimit = limits.fields.primaryText;
  if (ad.primaryText !== undefined) {
    results.push(checkField("ad", limits, "primaryText", ad.primaryText));
  } else if (primaryLimit !== undefined) {
    const bound = primaryLimit.recommended ?? primaryLimit.max;
    results.push(
      checkResult(
        "ad.primary_text_length",
        "warn",
        `No primary text: ${limits.label} shows it above the image. Add one of up to ${bound} characters.`,
        { field: "primaryText", length: 0, recommended: primaryLimit.recommended, max: primaryLimit.max },
      ),
    );
  }
  return results;
}
