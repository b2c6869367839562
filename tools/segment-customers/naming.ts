/**
 * Plain-English segment names (pure).
 *
 * The names are the archetypes of the classic RFM segment map (Champions, Loyal
 * customers, At risk, Hibernating, …). Each archetype is a prototype profile: where a
 * typical member stands in the customer base on recency, frequency, spend and tenure,
 * as 0–1 percentile scores (see `profile.ts`; 1 = most recent / most orders / highest
 * spend / longest tenure). An archetype only constrains the scores it lists.
 *
 * Rules:
 * 1. The fit of a segment to an archetype is the mean squared difference between the
 *    segment's scores and the archetype's prototype over the listed scores (lower is better).
 * 2. Names are handed out greedily over all (segment, archetype) pairs, best fit first;
 *    ties go to the lower segment number, then to the earlier archetype. Each archetype
 *    is used at most once, so two segments never share a name. There are 12 archetypes
 *    and k is at most 12, so every segment gets one.
 */
import { AppError } from "../../src/core/errors.ts";
import type { ProfileScores } from "./profile.ts";

/** A named customer type with its prototype scores, meaning and the action it calls for. */
export interface Archetype {
  name: string;
  prototype: Partial<ProfileScores>;
  /** What members of the segment do, as the opening of the one-line description. */
  meaning: string;
  suggestedAction: string;
}

/** The archetypes, in tie-break order. */
export const ARCHETYPES: readonly Archetype[] = [
  {
    name: "Champions",
    prototype: { recency: 0.85, frequency: 0.85, monetary: 0.85 },
    meaning: "Bought recently, buy often and spend the most",
    suggestedAction: "Reward them: early access, loyalty perks and referral asks; they need no discount.",
  },
  {
    name: "Loyal customers",
    prototype: { recency: 0.65, frequency: 0.75, monetary: 0.7 },
    meaning: "Buy regularly and spend well",
    suggestedAction: "Keep them close with a loyalty tier, personalised recommendations and review requests.",
  },
  {
    name: "Big spenders",
    prototype: { recency: 0.5, frequency: 0.35, monetary: 0.85 },
    meaning: "Place few orders, but large ones",
    suggestedAction: "Offer premium products and bundles, and invite them to reorder with curated picks.",
  },
  {
    name: "Potential loyalists",
    prototype: { recency: 0.8, frequency: 0.55, monetary: 0.55 },
    meaning: "Bought recently, with a few orders and average spend",
    suggestedAction: "Build the habit: loyalty sign-up, cross-sell related products, an incentive for the next order.",
  },
  {
    name: "New customers",
    prototype: { recency: 0.9, frequency: 0.1, tenure: 0.1 },
    meaning: "Made their first purchase very recently",
    suggestedAction: "Send a welcome series: best-sellers, how-to content and a reason to come back for a second order.",
  },
  {
    name: "Promising",
    prototype: { recency: 0.65, frequency: 0.3, monetary: 0.3 },
    meaning: "Bought fairly recently, but only once or twice and for little",
    suggestedAction: "Raise awareness: show the range, recommend products like their first purchase, small first-repeat offer.",
  },
  {
    name: "Need attention",
    prototype: { recency: 0.5, frequency: 0.5, monetary: 0.5 },
    meaning: "Average on recency, frequency and spend",
    suggestedAction: "Re-engage with limited-time offers and recommendations based on what they bought before.",
  },
  {
    name: "About to sleep",
    prototype: { recency: 0.35, frequency: 0.3, monetary: 0.35 },
    meaning: "Below average on recency, frequency and spend, and drifting away",
    suggestedAction: "Reconnect before they lapse: popular products and a modest, time-limited incentive.",
  },
  {
    name: "At risk",
    prototype: { recency: 0.2, frequency: 0.65, monetary: 0.65 },
    meaning: "Used to buy often and spend well, but not for a long time",
    suggestedAction: "Win them back: personal emails, what is new since their last order, and a meaningful offer.",
  },
  {
    name: "Can't lose them",
    prototype: { recency: 0.15, frequency: 0.9, monetary: 0.9 },
    meaning: "Were among the best customers but have not bought for a long time",
    suggestedAction: "Reach out personally: a strong win-back offer and a request for feedback on why they stopped.",
  },
  {
    name: "Hibernating",
    prototype: { recency: 0.2, frequency: 0.25, monetary: 0.25 },
    meaning: "Last bought long ago, rarely and for little",
    suggestedAction: "Reactivate cheaply: seasonal campaigns with relevant products, at a low send frequency.",
  },
  {
    name: "Lost",
    prototype: { recency: 0.05, frequency: 0.1, monetary: 0.1 },
    meaning: "Lowest on recency, frequency and spend",
    suggestedAction: "Try one reactivation campaign; if they do not respond, stop paid outreach to them.",
  },
];

/** Mean squared difference between `scores` and the archetype's listed prototype scores. */
export function archetypeDistance(scores: ProfileScores, archetype: Archetype): number {
  const listed = Object.entries(archetype.prototype) as Array<[keyof ProfileScores, number]>;
  let sum = 0;
  for (const [score, target] of listed) sum += (scores[score] - target) ** 2;
  return sum / listed.length;
}

/**
 * One archetype per segment, by greedy best-fit matching (see the rules above).
 * `segmentScores[i]` are the scores of segment i (in segment order); the result is
 * the archetype of each segment, all different.
 */
export function nameSegments(segmentScores: readonly ProfileScores[], archetypes: readonly Archetype[] = ARCHETYPES): Archetype[] {
  if (segmentScores.length > archetypes.length) {
    throw new AppError(
      "too_many_segments_to_name",
      "internal",
      `Cannot name ${segmentScores.length} segments with ${archetypes.length} distinct names; k is limited to ${archetypes.length}.`,
    );
  }
  const candidates: Array<{ segment: number; archetype: number; distance: number }> = [];
  segmentScores.forEach((scores, segment) => {
    archetypes.forEach((archetype, index) => {
      candidates.push({ segment, archetype: index, distance: archetypeDistance(scores, archetype) });
    });
  });
  candidates.sort((a, b) => a.distance - b.distance || a.segment - b.segment || a.archetype - b.archetype);
  const chosen = new Array<Archetype | undefined>(segmentScores.length);
  const used = new Set<number>();
  for (const candidate of candidates) {
    if (chosen[candidate.segment] !== undefined || used.has(candidate.archetype)) continue;
    chosen[candidate.segment] = archetypes[candidate.archetype];
    used.add(candidate.archetype);
  }
  return chosen as Archetype[];
}
