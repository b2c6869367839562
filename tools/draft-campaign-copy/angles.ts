/**
 * The idea behind each variant (its angle) and how it sounds (its tone), chosen from the
 * brief, the audience and the facts. Both the builtin templates and the chat-model prompts
 * use the same plan, so variants of one call differ in idea, not just in wording.
 *
 * Angles that fit the request come first (a win-back brief or an "At risk" segment puts
 * the win-back angle first; an offer puts the offer-led angle near the top); ties are
 * broken by a seeded shuffle, so the same request always gets the same plan.
 */

/** The tones the builtin templates can write. */
export const TONES = ["friendly", "urgent", "premium", "playful", "calm"] as const;
export type Tone = (typeof TONES)[number];

/** The angles a variant can take. */
export const ANGLES = [
  "win_back",
  "thank_you",
  "welcome",
  "offer_led",
  "occasion",
  "new_in",
  "spotlight",
  "social_proof",
  "gift_guide",
  "season",
  "browse",
] as const;
export type Angle = (typeof ANGLES)[number];

/** What each angle is, for people comparing variants and for the model's prompt. */
export const ANGLE_DESCRIPTIONS: Readonly<Record<Angle, string>> = {
  win_back: 'win-back: "we miss you", a warm reason to come back',
  thank_you: "thank-you: recognise loyal customers and show them something first",
  welcome: "welcome: help a new customer find their next favourite",
  offer_led: "offer-led: lead with the approved offer",
  occasion: "occasion: tie the products to the occasion in the brief",
  new_in: "new in: present the products as fresh arrivals",
  spotlight: "product spotlight: one product, its name and price, and why it is worth a look",
  social_proof: "social proof: what customers' ratings say about the products",
  gift_guide: "gift guide: a small edit of the products for giving",
  season: "seasonal: the products for the time of year",
  browse: "picked for you: a friendly nudge to have a look",
};

/** Short labels for the `angle` field of a variant. */
export const ANGLE_LABELS: Readonly<Record<Angle, string>> = {
  win_back: "win-back",
  thank_you: "thank-you",
  welcome: "welcome",
  offer_led: "offer-led",
  occasion: "occasion",
  new_in: "new in",
  spotlight: "product spotlight",
  social_proof: "social proof",
  gift_guide: "gift guide",
  season: "seasonal",
  browse: "picked for you",
};

const TONE_WORDS: ReadonlyArray<readonly [Tone, RegExp]> = [
  ["urgent", /\b(?:urgent|urgency|fomo|last[- ]chance|hurry|now|limited|punchy|direct|bold)\b/i],
  ["premium", /\b(?:premium|luxury|luxurious|elegant|refined|sophisticated|upmarket|classy|exclusive|understated)\b/i],
  ["playful", /\b(?:playful|fun|funny|cheeky|witty|quirky|light[- ]?hearted|humou?r(?:ous)?|whimsical)\b/i],
  ["calm", /\b(?:calm|gentle|soft|relaxed|soothing|mindful|quiet|low[- ]key|reassuring|no[- ]pressure)\b/i],
  ["friendly", /\b(?:friendly|warm|casual|kind|chatty|approachable|plain[- ]spoken|upbeat|cheerful)\b/i],
];

/** The tone a phrase such as "warm and playful" or a brand voice description asks for, if any. */
export function toneFromWords(words: string | undefined): Tone | undefined {
  if (words === undefined) return undefined;
  const exact = TONES.find((tone) => tone === words.trim().toLowerCase());
  if (exact !== undefined) return exact;
  // The first match in the text wins, so "playful but calm" is playful.
  let best: { tone: Tone; index: number } | undefined;
  for (const [tone, pattern] of TONE_WORDS) {
    const match = pattern.exec(words);
    if (match !== null && (best === undefined || match.index < best.index)) best = { tone, index: match.index };
  }
  return best?.tone;
}

/** An occasion named in a brief. */
export interface Occasion {
  /** As it reads in copy, e.g. "Christmas", "Mother's Day". */
  name: string;
  /** True for occasions people give gifts for. */
  gifting: boolean;
}

const OCCASIONS: ReadonlyArray<readonly [RegExp, Occasion]> = [
  [/\b(?:christmas|xmas|festive|holiday season)\b/i, { name: "Christmas", gifting: true }],
  [/\bvalentine'?s?\b/i, { name: "Valentine's Day", gifting: true }],
  [/\bmother'?s'? ?day\b|\bmothering sunday\b/i, { name: "Mother's Day", gifting: true }],
  [/\bfather'?s'? ?day\b/i, { name: "Father's Day", gifting: true }],
  [/\beaster\b/i, { name: "Easter", gifting: true }],
  [/\bhalloween\b/i, { name: "Halloween", gifting: false }],
  [/\bblack friday\b/i, { name: "Black Friday", gifting: false }],
  [/\bnew year\b/i, { name: "the New Year", gifting: false }],
  [/\bback to school\b/i, { name: "back to school", gifting: false }],
  [/\bbirthday/i, { name: "birthdays", gifting: true }],
  [/\bwedding/i, { name: "weddings", gifting: true }],
  [/\b(?:house ?warming|new home)\b/i, { name: "a new home", gifting: true }],
  [/\bspring\b/i, { name: "spring", gifting: false }],
  [/\bsummer\b/i, { name: "summer", gifting: false }],
  [/\bautumn\b/i, { name: "autumn", gifting: false }],
  [/\bwinter\b/i, { name: "winter", gifting: false }],
];

/** The first occasion the brief names, if any. */
export function occasionFromBrief(brief: string): Occasion | undefined {
  return OCCASIONS.find(([pattern]) => pattern.test(brief))?.[1];
}

/** The season of `date` (northern hemisphere, by month), for seasonal copy when the brief names no occasion. */
export function seasonOf(date: Date): "spring" | "summer" | "autumn" | "winter" {
  const month = date.getUTCMonth();
  if (month >= 2 && month <= 4) return "spring";
  if (month >= 5 && month <= 7) return "summer";
  if (month >= 8 && month <= 10) return "autumn";
  return "winter";
}

/** Segment names (from segment_customers) whose customers have drifted away, and those who are loyal or new. */
const LAPSED_SEGMENTS = /\b(?:at risk|hibernating|lost|about to sleep|need attention|can't lose them|lapsed|lapsing|dormant|inactive)\b/i;
const LOYAL_SEGMENTS = /\b(?:champions|loyal|big spenders|can't lose them|vip)\b/i;
const NEW_SEGMENTS = /\b(?:new customers|promising|potential loyalists|first[- ]time)\b/i;

const WIN_BACK_BRIEF =
  /\b(?:win[- ]?back|lapsed|lapsing|churn\w*|miss(?:ed)? (?:you|them)|come back|coming back|inactive|dormant|at[- ]risk|re-?engage\w*|haven'?t (?:ordered|shopped|bought|visited)|stopped (?:ordering|buying|shopping))\b/i;
const THANK_BRIEF = /\b(?:thank|thanks|loyal\w*|vip|best customers|reward\w*|appreciat\w*)\b/i;
const WELCOME_BRIEF = /\b(?:welcome|new customers?|first (?:order|purchase)|onboard\w*|just signed up)\b/i;
const NEW_IN_BRIEF = /\b(?:new (?:in|arrivals?|range|collection|products?|season)|launch\w*|just (?:in|landed|arrived)|latest)\b/i;
const GIFT_BRIEF = /\b(?:gift\w*|present\w*)\b/i;

/** What the plan is chosen from. */
export interface PlanRequest {
  brief: string;
  /** The segment name, when the audience is a stored segment. */
  segmentName?: string | undefined;
  /** The marketer's words for the audience, when it is not a segment. */
  audienceWords?: string | undefined;
  productCount: number;
  /** True when the marketer named the products (only then may copy call them new). */
  productsNamed: boolean;
  /** Average rating and review count over the featured products. */
  rating: { average: number; count: number } | null;
  hasOffer: boolean;
  /** Tone asked for in the request. */
  tone?: Tone | undefined;
  /** Tone the brand voice description suggests. */
  voiceTone?: Tone | undefined;
}

/** The angle and tone of one variant. */
export interface VariantPlan {
  angle: Angle;
  tone: Tone;
}

/** How well each angle fits: higher first; 0 = does not apply. */
function angleScores(request: PlanRequest): Record<Angle, number> {
  const audience = `${request.segmentName ?? ""} ${request.audienceWords ?? ""}`;
  const lapsed = WIN_BACK_BRIEF.test(request.brief) || LAPSED_SEGMENTS.test(audience) || WIN_BACK_BRIEF.test(audience);
  const loyal = THANK_BRIEF.test(request.brief) || LOYAL_SEGMENTS.test(audience);
  const fresh = WELCOME_BRIEF.test(request.brief) || NEW_SEGMENTS.test(audience);
  const occasion = occasionFromBrief(request.brief);
  const products = request.productCount;
  const rated = request.rating !== null && request.rating.count >= 3 && request.rating.average >= 4;
  return {
    win_back: lapsed ? 10 : 0,
    thank_you: loyal ? 9 : 0,
    welcome: fresh && !lapsed ? 9 : 0,
    offer_led: request.hasOffer ? 8 : 0,
    occasion: occasion !== undefined ? 8.5 : 0,
    // Bestsellers picked for lack of named products are not new, so only named products can be "new in".
    new_in: NEW_IN_BRIEF.test(request.brief) && products > 0 && request.productsNamed ? 8 : 0,
    spotlight: products > 0 ? 6 : 0,
    social_proof: rated && products > 0 ? 5 : 0,
    gift_guide: products >= 2 ? (GIFT_BRIEF.test(request.brief) || occasion?.gifting === true ? 7 : 4) : 0,
    season: occasion === undefined ? 3 : 0,
    browse: 1,
  };
}

/** The angles that fit `request`, best first; equal scores in a seeded order. */
export function rankAngles(request: PlanRequest, random: () => number): Angle[] {
  const scores = angleScores(request);
  const jitter = new Map(ANGLES.map((angle) => [angle, random()]));
  return ANGLES.filter((angle) => scores[angle] > 0).sort(
    (left, right) => scores[right] - scores[left] || (jitter.get(left) ?? 0) - (jitter.get(right) ?? 0),
  );
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/**
 * The angle and tone of each of `count` variants. Angles are all different while there
 * are enough; tones follow the request's tone, else the brand voice's tone for the first
 * variant and a seeded mix for the rest.
 */
export function planVariants(request: PlanRequest, count: number, random: () => number): VariantPlan[] {
  const angles = rankAngles(request, random);
  const toneOrder = shuffled(
    TONES.filter((tone) => tone !== request.voiceTone),
    random,
  );
  if (request.voiceTone !== undefined) toneOrder.unshift(request.voiceTone);
  return Array.from({ length: count }, (_, index) => ({
    angle: angles[index % angles.length] as Angle,
    tone: request.tone ?? (toneOrder[index % toneOrder.length] as Tone),
  }));
}
