/**
 * Which segments a campaign writes for (pure).
 *
 * Given `targetSegments`, those segments (by number or name, names in any letter case).
 * Otherwise the brief decides, by keywords:
 *
 * | intent | the brief says (whole words, any case) | segments named |
 * | --- | --- | --- |
 * | win-back | win back, winback, lapsed, churn…, dormant, inactive, reactivate…, re-engage…, come back, miss you, haven't bought/ordered/shopped, stopped buying/ordering/shopping, at risk, lost customers | At risk, Can't lose them, About to sleep, Hibernating, Lost |
 * | loyalty | VIP, loyal…, thank…, reward…, best/top customers, exclusive, early access, champions | Champions, Loyal customers, Big spenders |
 * | welcome | welcome, new customers/buyers/shoppers/subscribers/members, newcomers, first order/purchase/time, onboard…, second order | New customers, Promising |
 *
 * Every intent the brief matches contributes its segments (a brief can be both
 * "thank our VIPs" and "win back lapsed buyers"). When a matched intent finds none of
 * its names in this segmentation (small k gives coarse segments), it takes the one
 * segment that fits it best by score: win-back the lowest recency score, loyalty the
 * highest spend score, welcome the lowest tenure score. When no intent matches, the
 * campaign targets every segment. The bare word "new" is not a welcome signal: "our new
 * autumn range" is about products, not customers.
 */
import { AppError } from "../../core/errors.ts";
import type { SegmentChoice } from "./schema.ts";

/** What targeting needs of a segment: its number, name and standing scores (0–1). */
export interface TargetableSegment {
  number: number;
  name: string;
  scores: { recency: number; frequency: number; monetary: number; tenure: number };
}

/** A campaign intent recognised in a brief. */
export type CampaignIntent = "win-back" | "loyalty" | "welcome";

/** One row of the rule table above. */
export interface IntentRule {
  intent: CampaignIntent;
  /** Tested against the brief in lower case with curly apostrophes straightened. */
  patterns: readonly RegExp[];
  /** Segment names (from `tools/segment-customers/naming.ts`) this intent targets. */
  segmentNames: readonly string[];
  /** Lower is a better fit; used when none of `segmentNames` is present. */
  fallbackOrder: (segment: TargetableSegment) => number;
  /** How the fallback picks, for explanations. */
  fallbackText: string;
}

/** The rule table (documented above and in docs/decisions/campaigns.md). */
export const INTENT_RULES: readonly IntentRule[] = [
  {
    intent: "win-back",
    patterns: [
      /\bwin[\s-]?back\b/,
      /\blapsed?\b/,
      /\bchurn/,
      /\bdormant\b/,
      /\binactive\b/,
      /\breactivat/,
      /\bre-?engag/,
      /\bcome back\b/,
      /\bmiss(?:ed)? you\b/,
      /\bhaven'?t (?:bought|ordered|shopped)\b/,
      /\bstopped (?:buying|ordering|shopping)\b/,
      /\bat[\s-]risk\b/,
      /\blost customers?\b/,
    ],
    segmentNames: ["At risk", "Can't lose them", "About to sleep", "Hibernating", "Lost"],
    fallbackOrder: (segment) => segment.scores.recency,
    fallbackText: "the segment that bought least recently",
  },
  {
    intent: "loyalty",
    patterns: [
      /\bvips?\b/,
      /\bloyal/,
      /\bthank/,
      /\breward/,
      /\b(?:best|top) customers?\b/,
      /\bexclusive\b/,
      /\bearly access\b/,
      /\bchampions?\b/,
    ],
    segmentNames: ["Champions", "Loyal customers", "Big spenders"],
    fallbackOrder: (segment) => -segment.scores.monetary,
    fallbackText: "the segment that spends the most",
  },
  {
    intent: "welcome",
    patterns: [
      /\bwelcome\b/,
      /\bnew (?:customers?|buyers?|shoppers?|subscribers?|members?)\b/,
      /\bnewcomers?\b/,
      /\bfirst[\s-](?:order|purchase|time)\b/,
      /\bonboard/,
      /\bsecond order\b/,
    ],
    segmentNames: ["New customers", "Promising"],
    fallbackOrder: (segment) => segment.scores.tenure,
    fallbackText: "the segment with the newest customers",
  },
];

/** The segments a campaign targets and why. */
export interface TargetingDecision {
  rule: "request" | "brief" | "all";
  intents: CampaignIntent[];
  /** Segment numbers, ascending, no duplicates, at least one. */
  segmentNumbers: number[];
  explanation: string;
}

/** Lower case, curly apostrophes straightened, whitespace collapsed: the form names and briefs are compared in. */
export function normalizeName(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/\s+/g, " ").trim();
}

/** The intents whose keywords appear in `brief`, in table order. */
export function briefIntents(brief: string): CampaignIntent[] {
  const text = normalizeName(brief);
  return INTENT_RULES.filter((rule) => rule.patterns.some((pattern) => pattern.test(text))).map((rule) => rule.intent);
}

function segmentList(segments: readonly TargetableSegment[]): string {
  return segments.map((segment) => `${segment.number} ${segment.name}`).join(", ");
}

/**
 * The segment numbers `choices` name, or a user error (`unknown_target_segment`) that
 * lists this segmentation's segments.
 */
export function resolveSegmentChoices(segments: readonly TargetableSegment[], choices: readonly SegmentChoice[]): number[] {
  const numbers = new Set<number>();
  const unknown: string[] = [];
  for (const choice of choices) {
    const match =
      typeof choice === "number"
        ? segments.find((segment) => segment.number === choice)
        : segments.find((segment) => normalizeName(segment.name) === normalizeName(choice));
    if (match === undefined) unknown.push(typeof choice === "number" ? `number ${choice}` : `"${choice}"`);
    else numbers.add(match.number);
  }
  if (unknown.length > 0) {
    throw new AppError(
      "unknown_target_segment",
      "user",
      `This campaign's segmentation has no segment ${unknown.join(" or ")}. Its ${segments.length} segments are: ${segmentList(segments)}. ` +
        "Name target segments by these numbers or names, or leave targetSegments out to pick them from the brief.",
      { details: { unknown, segments: segments.map(({ number, name }) => ({ number, name })) } },
    );
  }
  return [...numbers].sort((left, right) => left - right);
}

/** Picks the target segments: the requested ones, or by the brief's intents (rule table above). */
export function pickTargetSegments(
  segments: readonly TargetableSegment[],
  brief: string,
  requested?: readonly SegmentChoice[],
): TargetingDecision {
  if (segments.length === 0) {
    throw new AppError("no_segments", "internal", "The segmentation has no segments, so there is nobody to write for.");
  }
  if (requested !== undefined) {
    const segmentNumbers = resolveSegmentChoices(segments, requested);
    const names = segments.filter((segment) => segmentNumbers.includes(segment.number)).map((segment) => segment.name);
    return { rule: "request", intents: [], segmentNumbers, explanation: `Targets chosen in the request: ${names.join(", ")}.` };
  }
  const intents = briefIntents(brief);
  if (intents.length === 0) {
    return {
      rule: "all",
      intents,
      segmentNumbers: segments.map((segment) => segment.number).sort((left, right) => left - right),
      explanation: "The brief names no win-back, loyalty or welcome audience, so every segment gets its own copy.",
    };
  }
  const chosen = new Set<number>();
  const reasons: string[] = [];
  for (const intent of intents) {
    const rule = INTENT_RULES.find((candidate) => candidate.intent === intent)!;
    const wanted = new Set(rule.segmentNames.map(normalizeName));
    const named = segments.filter((segment) => wanted.has(normalizeName(segment.name)));
    if (named.length > 0) {
      for (const segment of named) chosen.add(segment.number);
      reasons.push(`${intent} brief → ${named.map((segment) => segment.name).join(", ")}`);
    } else {
      const best = [...segments].sort((left, right) => rule.fallbackOrder(left) - rule.fallbackOrder(right) || left.number - right.number)[0]!;
      chosen.add(best.number);
      reasons.push(`${intent} brief → ${best.name} (no ${rule.segmentNames.join("/")} segment, so ${rule.fallbackText})`);
    }
  }
  return {
    rule: "brief",
    intents,
    segmentNumbers: [...chosen].sort((left, right) => left - right),
    explanation: `Picked from the brief: ${reasons.join("; ")}.`,
  };
}
