/**
 * World rules a campaign request is checked against before it is queued, so a marketer
 * hears about a typo at once rather than from a failed job: the brand voice and the
 * offers named by string must exist in the marketing settings, and segment names must be
 * names the segmentation can give (the archetypes of `segment_customers`).
 *
 * Also the one rule for which offer a segment's copy may mention (`offerForSegment`).
 */
import { AppError, ValidationError } from "../../core/errors.ts";
import type { ApprovedOffer, MarketingSettings } from "../../core/marketing.ts";
import { ARCHETYPES } from "../../../tools/segment-customers/naming.ts";
import type { CampaignOffer, CampaignRequest, SegmentChoice } from "./schema.ts";
import { normalizeName } from "./targeting.ts";

/** The names a segment can have, in the tool's order. */
export const SEGMENT_NAMES: readonly string[] = ARCHETYPES.map((archetype) => archetype.name);

/** The configured offer a string names (code in any case, or the exact description), if any. */
export function findConfiguredOffer(settings: MarketingSettings, reference: string): ApprovedOffer | undefined {
  const wanted = normalizeName(reference);
  return settings.offers.find(
    (offer) => (offer.code !== undefined && offer.code.toLowerCase() === wanted) || normalizeName(offer.description) === wanted,
  );
}

function checkSegmentChoices(choices: readonly SegmentChoice[], k: number | undefined, path: string): void {
  const known = new Set(SEGMENT_NAMES.map(normalizeName));
  choices.forEach((choice, index) => {
    if (typeof choice === "string" && !known.has(normalizeName(choice))) {
      throw new ValidationError(
        `${path}.${index}: no segment can be called "${choice}". Segment names are: ${SEGMENT_NAMES.join(", ")}; or give segment numbers.`,
        [{ path: `${path}.${index}`, message: `must be a segment number or one of: ${SEGMENT_NAMES.join(", ")}` }],
      );
    }
    if (typeof choice === "number" && k !== undefined && choice > k) {
      throw new ValidationError(
        `${path}.${index}: segment ${choice} does not exist when segmentation.k is ${k}; segments are numbered 1–${k}.`,
        [{ path: `${path}.${index}`, message: `must be between 1 and segmentation.k (${k})` }],
      );
    }
  });
}

/**
 * Checks `request` against `settings` and the possible segment names; throws a user error
 * naming the field and the valid values.
 */
export function checkCampaignRequest(request: CampaignRequest, settings: MarketingSettings): void {
  const k = request.segmentation.k;
  if (request.targetSegments !== undefined) checkSegmentChoices(request.targetSegments, k, "targetSegments");
  request.offers.forEach((offer, index) => {
    if (typeof offer === "string") {
      if (findConfiguredOffer(settings, offer) === undefined) {
        const configured = settings.offers.map((candidate) => candidate.code ?? candidate.description);
        throw new AppError(
          "unknown_offer",
          "user",
          configured.length === 0
            ? `offers.${index}: "${offer}" is not an approved offer, and the marketing settings approve none. ` +
                "Describe the offer in the request as an object ({\"description\": …, \"discountPercent\": …}) or add it to BULLSEYE_MARKETING_FILE."
            : `offers.${index}: "${offer}" is not an approved offer. Approved offers: ${configured.join(", ")}; ` +
                "or describe a new one in the request as an object.",
          { details: { path: `offers.${index}`, offer, approved: configured } },
        );
      }
    } else if (offer.segments !== undefined) {
      checkSegmentChoices(offer.segments, k, `offers.${index}.segments`);
    }
  });
  if (request.brandVoice !== undefined && settings.brandVoices[request.brandVoice] === undefined) {
    const names = Object.keys(settings.brandVoices);
    throw new AppError(
      "unknown_brand_voice",
      "user",
      names.length === 0
        ? `brandVoice: there is no brand voice "${request.brandVoice}": the marketing settings define none. Leave brandVoice out, or add brandVoices to BULLSEYE_MARKETING_FILE.`
        : `brandVoice: there is no brand voice "${request.brandVoice}". Brand voices: ${names.join(", ")}.`,
      { details: { path: "brandVoice", brandVoice: request.brandVoice, available: names } },
    );
  }
}

/** The draft tool's `offer` input: a configured offer's code/description, or an offer approved in the request. */
export type DraftOffer = string | ApprovedOffer;

function choiceMatches(choice: SegmentChoice, segment: { number: number; name: string }): boolean {
  return typeof choice === "number" ? choice === segment.number : normalizeName(choice) === normalizeName(segment.name);
}

/**
 * The offer a segment's copy may mention: the first offer whose `segments` name this
 * segment; else the first offer without `segments` (strings have none); else none.
 */
export function offerForSegment(offers: readonly CampaignOffer[], segment: { number: number; name: string }): DraftOffer | undefined {
  const targeted = offers.find(
    (offer) => typeof offer !== "string" && offer.segments?.some((choice) => choiceMatches(choice, segment)) === true,
  );
  const chosen = targeted ?? offers.find((offer) => typeof offer === "string" || offer.segments === undefined);
  if (chosen === undefined || typeof chosen === "string") return chosen;
  const { segments: _segments, ...offer } = chosen;
  return offer;
}
