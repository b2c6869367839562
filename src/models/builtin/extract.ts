/**
 * Argument extraction for the builtin planner (pure): reads counts, horizons, metrics,
 * channels, ids, offers, tones, dates, price ranges and aspects out of a marketer's
 * request. Each function returns undefined when the request does not say.
 *
 * Functions take the request as typed (ids and promo codes keep their case) and
 * normalise internally. Dates are resolved against `today` (an ISO date the caller
 * passes), never the system clock.
 */
import { COUNT_PATTERN, normalize, parseCount } from "./text.ts";

// ---------------------------------------------------------------- counts

/** k from "5 segments", "five groups", "into 3 tiers", "k=4". */
export function extractSegmentCount(text: string): number | undefined {
  const normal = normalize(text);
  const explicit = /\bk\s*=\s*(\d{1,2})\b/.exec(normal);
  if (explicit) return Number(explicit[1]);
  const match = new RegExp(
    `\\b${COUNT_PATTERN}\\s+(?:[a-z-]+\\s+)?(?:customer\\s+)?(?:segments?|groups?|clusters?|tiers?|buckets?|personas?|cohorts?|types of customers|kinds of customers)\\b`,
  ).exec(normal);
  if (!match) return undefined;
  const count = parseCount(match[1] ?? "");
  // "a segment" is not a count of segments.
  return count === undefined || count < 2 ? undefined : count;
}

/** How many variants: "3 versions", "two options", "5 subject lines". Clamped to 1–5 by the caller's schema. */
export function extractVariants(text: string): number | undefined {
  const normal = normalize(text);
  const match = new RegExp(
    `\\b${COUNT_PATTERN}\\s+(?:[a-z-]+\\s+){0,2}(?:versions?|variants?|variations?|options?|drafts?|alternatives?|subject lines?|takes?|headlines?)\\b`,
  ).exec(normal);
  if (!match) return undefined;
  return parseCount(match[1] ?? "");
}

/** A list length: "top 10", "5 products", "give me 5 cross-sell ideas", "show me 20 candles". */
export function extractLimit(text: string): number | undefined {
  const normal = normalize(text);
  const top = new RegExp(`\\b(?:top|best|first)\\s+${COUNT_PATTERN}\\b`).exec(normal);
  const counted =
    top ??
    new RegExp(
      `\\b(?:show me|find me|find|give me|suggest|recommend|list|pick|get me|need|want|with)\\s+${COUNT_PATTERN}\\s+(?!days?\\b|weeks?\\b|months?\\b|years?\\b|segments?\\b|groups?\\b|clusters?\\b|versions?\\b|variants?\\b|%|percent\\b|orders?\\b|customers?\\b)[a-z]`,
    ).exec(normal) ??
    new RegExp(`\\b${COUNT_PATTERN}\\s+(?:[a-z-]+\\s+)?(?:products?|items?|picks?|ideas?|suggestions?|recommendations?|results?)\\b`).exec(normal);
  if (!counted) return undefined;
  // "suggest a few items": an article is not a count.
  if (/^(?:a|an)$/.test(counted[1] ?? "")) return undefined;
  const count = parseCount(counted[1] ?? "");
  if (count === undefined || count < 1) return undefined;
  return Math.min(count, 50);
}

// ---------------------------------------------------------------- forecasts

const UNIT_DAYS: Readonly<Record<string, number>> = { day: 1, week: 7, fortnight: 14, month: 30, quarter: 90, year: 365 };

/** Days from `today` (YYYY-MM-DD) to `end` inclusive, or undefined when `end` is not after today. */
function daysUntil(today: string, end: Date): number | undefined {
  const start = Date.parse(`${today}T00:00:00Z`);
  const days = Math.round((end.getTime() - start) / 86_400_000) + 1;
  return days >= 1 ? Math.min(days, 365) : undefined;
}

/**
 * The forecast horizon in days: "next quarter" → 90, "next month" → 30, "2 weeks" → 14,
 * "next 10 days" → 10, "6 months" → 180, "next year" → 365 (the tool's maximum). With
 * `today` (YYYY-MM-DD), also "for December" / "until Christmas" / "the rest of the year":
 * the days from today to that date.
 */
export function extractHorizonDays(text: string, today?: string): number | undefined {
  const normal = normalize(text);
  if (today !== undefined) {
    const [year, month] = today.split("-").map(Number) as [number, number];
    const until = new RegExp(`\\b(?:for|in|through|until|till|to the end of|over) (?:the end of )?${MONTH_PATTERN}\\b(?! \\d)`).exec(normal);
    if (until) {
      const index = monthIndex(until[1] ?? "");
      const endYear = index + 1 >= month ? year : year + 1;
      const days = daysUntil(today, new Date(Date.UTC(endYear, index + 1, 0)));
      if (days !== undefined) return days;
    }
    if (/\b(?:until|till|before|up to|leading up to|in the run-up to) christmas\b/.test(normal)) {
      const christmasYear = month === 12 && Number(today.slice(8, 10)) > 25 ? year + 1 : year;
      const days = daysUntil(today, new Date(Date.UTC(christmasYear, 11, 25)));
      if (days !== undefined) return days;
    }
    if (/\b(?:rest of the year|end of the year|year[- ]end|until new year)\b/.test(normal)) {
      const days = daysUntil(today, new Date(Date.UTC(year, 11, 31)));
      if (days !== undefined) return days;
    }
  }
  const counted = new RegExp(`\\b${COUNT_PATTERN}\\s+(day|week|fortnight|month|quarter|year)s?\\b`).exec(normal);
  if (counted) {
    const count = parseCount(counted[1] ?? "");
    const unit = UNIT_DAYS[counted[2] ?? ""];
    if (count !== undefined && count > 0 && unit !== undefined) return Math.min(count * unit, 365);
  }
  const single = /\b(?:next|coming|following|upcoming|the) (day|week|fortnight|month|quarter|year)\b/.exec(normal);
  if (single) return UNIT_DAYS[single[1] ?? ""];
  if (/\btomorrow\b/.test(normal)) return 1;
  if (/\bfortnight\b/.test(normal)) return 14;
  return undefined;
}

/** Every metric the request names, in the order it names them ("revenue and units" → revenue, units). */
export function extractMetrics(text: string): Array<"revenue" | "units" | "orders"> {
  const normal = normalize(text);
  const found: Array<{ metric: "revenue" | "units" | "orders"; index: number }> = [];
  const orders = /\b(?:order volume|number of orders|order numbers?|order count|orders)\b(?! (?:since|from|placed|before))/.exec(normal);
  if (orders) found.push({ metric: "orders", index: orders.index });
  const units = /\b(?:units?|items sold|pieces|quantity|quantities)\b/.exec(normal);
  if (units) found.push({ metric: "units", index: units.index });
  const revenue = /\b(?:revenue|turnover|income|takings)\b/.exec(normal);
  if (revenue) found.push({ metric: "revenue", index: revenue.index });
  if (found.length < 2) {
    const single = extractMetric(text);
    return single === undefined ? [] : [single];
  }
  return found.sort((a, b) => a.index - b.index).map((entry) => entry.metric);
}

/** What to forecast: orders ("order volume", "how many orders"), units ("units", "how many X will we sell") or revenue. */
export function extractMetric(text: string): "revenue" | "units" | "orders" | undefined {
  const normal = normalize(text);
  if (/\b(?:order volume|number of orders|order numbers?|order count|orders)\b(?! (?:since|from|placed|before))/.test(normal)) return "orders";
  if (/\b(?:units?|items sold|pieces|quantity|quantities|how many\b.*\b(?:sell|sold|move))\b/.test(normal)) return "units";
  if (/\b(?:revenue|sales|turnover|income|takings|money)\b/.test(normal)) return "revenue";
  return undefined;
}

/** Output periods: "weekly", "by week" → week; "daily", "per day" → day. */
export function extractGranularity(text: string): "day" | "week" | undefined {
  const normal = normalize(text);
  if (/\b(?:weekly|by week|per week|each week|week by week|week-by-week|in weeks|weeks? breakdown)\b/.test(normal)) return "week";
  if (/\b(?:daily|by day|per day|each day|day by day|day-by-day)\b/.test(normal)) return "day";
  return undefined;
}

// ---------------------------------------------------------------- channels

/** A channel of `draft_campaign_copy` and, for social and ads, the platform whose limits apply. */
export interface ChannelChoice {
  channel: "sms" | "email" | "push" | "social" | "ad";
  platform?: string;
}

const CHANNEL_PATTERNS: ReadonlyArray<{ pattern: RegExp; choice: ChannelChoice }> = [
  { pattern: /\b(?:google|search|ppc|adwords)(?: search)? ads?\b/, choice: { channel: "ad", platform: "google_search_ad" } },
  { pattern: /\b(?:facebook|meta|instagram|fb) ads?\b/, choice: { channel: "ad", platform: "meta_ad" } },
  { pattern: /\b(?:ads?|adverts?|advertisements?|banner ads?|display ads?)\b/, choice: { channel: "ad" } },
  { pattern: /\b(?:instagram|insta|ig)(?: post| caption| story)?\b/, choice: { channel: "social", platform: "instagram_post" } },
  { pattern: /\b(?:tweets?|x post|twitter(?: post)?)\b/, choice: { channel: "social", platform: "x_post" } },
  { pattern: /\blinkedin(?: post)?\b/, choice: { channel: "social", platform: "linkedin_post" } },
  { pattern: /\b(?:social(?: media)?(?: posts?)?|facebook posts?|tiktok(?: caption)?|posts?)\b/, choice: { channel: "social" } },
  { pattern: /\b(?:sms|text messages?|texts?|txts?|mobile messages?)\b/, choice: { channel: "sms" } },
  { pattern: /\b(?:push(?: notifications?| messages?| alerts?)?|app notifications?|notifications?)\b/, choice: { channel: "push" } },
  { pattern: /\b(?:e-?mails?|newsletters?|mailers?|mailshots?|subject lines?|edms?)\b/, choice: { channel: "email" } },
];

/**
 * Every channel the request names, in the order they appear ("an SMS and an email" →
 * sms, email). Synonyms: "text message" → sms, "newsletter" → email, "instagram post" →
 * social/instagram_post, "google ad" → ad/google_search_ad.
 */
export function extractChannels(text: string): ChannelChoice[] {
  const normal = normalize(text)
    // "text" in "score this text", "free text" and "the text of" is not an SMS.
    .replace(/\b(?:this|these|the following|free|the) texts?\b/g, " ")
    // "post" as in "post office", "by post" is not a social post; "posted" is not either.
    .replace(/\bby post\b|\bpost office\b|\bpostage\b/g, " ");
  const found: Array<{ index: number; choice: ChannelChoice }> = [];
  let remaining = normal;
  for (const { pattern, choice } of CHANNEL_PATTERNS) {
    const global = new RegExp(pattern.source, "g");
    for (const match of remaining.matchAll(global)) {
      found.push({ index: match.index, choice });
    }
    // A phrase claimed by a more specific pattern ("google ad") is blanked for the general ones.
    remaining = remaining.replace(global, (match) => " ".repeat(match.length));
  }
  found.sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  const result: ChannelChoice[] = [];
  for (const { choice } of found) {
    const key = choice.channel;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(choice);
  }
  return result;
}

// ---------------------------------------------------------------- ids

const CUSTOMER_LIST =
  /\bcustomers?\s+(?:(?:id|ids|number|numbers|no\.?|#)\s*)?((?:[a-z]?\d{4,}[a-z]?)(?:(?:\s*,\s*(?:and\s+)?|\s*,?\s+and\s+|\s*&\s*|\s+)[a-z]?\d{4,}[a-z]?)*)/gi;

/** Customer ids after "customer"/"customers": "customer 17850", "customers C1, C2 and C3" (case kept). */
export function extractCustomerIds(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(CUSTOMER_LIST)) {
    for (const id of (match[1] ?? "").split(/\s*,\s*(?:and\s+)?|\s*,?\s+and\s+|\s*&\s*|\s+/)) {
      if (id !== "" && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

const PRODUCT_ID = /\b(?:[A-Za-z]{1,4}\d{4,}[A-Za-z]?|\d{5}[A-Za-z]{0,2})\b/g;
const CODE_BEFORE = /(?:code|coupon|voucher|promo|discount)\s*:?\s*$/i;

/** Product ids / SKUs in the text ("HW10568", "85123A"), upper-cased; customer ids and promo codes are not products. */
export function extractProductIds(text: string): string[] {
  const customers = new Set(extractCustomerIds(text).map((id) => id.toLowerCase()));
  const ids: string[] = [];
  for (const match of text.matchAll(PRODUCT_ID)) {
    const token = match[0];
    if (customers.has(token.toLowerCase())) continue;
    if (CODE_BEFORE.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
    // Years and plain numbers of four digits are not ids; the pattern already needs five digits or a letter prefix.
    const id = token.toUpperCase();
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A segment referred to by number: "segment 2", "segment #3", "segment sgm_4f2a9c:2" → "2" / "sgm_4f2a9c:2". */
export function extractSegmentNumber(text: string): string | undefined {
  const match = /\bsegments?\s*(?:#|no\.?|number)?\s*((?:[A-Za-z0-9_-]+:)?\d{1,2})\b/i.exec(text);
  return match?.[1];
}

// ---------------------------------------------------------------- offers, tone

/** An offer the request approves, in the shape of `approvedOfferSchema`. */
export interface ExtractedOffer {
  description: string;
  code?: string;
  discountPercent?: number;
  amountOff?: number;
  freeShipping?: boolean;
}

/**
 * The offer stated in the request: "20% off with code SPRING20", "£5 off", "free delivery
 * this weekend", "use code WELCOME10". Undefined when the request states none, so the copy
 * mentions no discount.
 */
export function extractOffer(text: string): ExtractedOffer | undefined {
  const normal = normalize(text);
  const percent = /\b(\d{1,3}(?:\.\d)?)\s?(?:%|percent)\s?off\b/.exec(normal);
  const amount = /(?:£|\$|€)\s?(\d{1,4}(?:\.\d{1,2})?)\s?off\b/.exec(normal) ?? /\b(\d{1,4}(?:\.\d{1,2})?)\s?(?:pounds?|euros?|dollars?)\s?off\b/.exec(normal);
  const free = /\bfree (?:delivery|shipping|postage|p&p)\b/.exec(normal);
  const code = /\b(?:promo code|discount code|voucher code|coupon code|code|coupon|voucher)\s*:?\s*([A-Za-z0-9](?:[A-Za-z0-9-]{2,18}[A-Za-z0-9]))\b/i.exec(text);
  const codeValue = code?.[1];
  const codeIsWord = codeValue !== undefined && /^[a-z]+$/.test(codeValue) && !/\d/.test(codeValue) && codeValue === codeValue.toLowerCase();
  const usableCode = codeValue !== undefined && !codeIsWord ? codeValue : undefined;
  if (!percent && !amount && !free && usableCode === undefined) return undefined;

  const parts: string[] = [];
  const offer: ExtractedOffer = { description: "" };
  if (percent) {
    offer.discountPercent = Number(percent[1]);
    parts.push(`${percent[1]}% off`);
  }
  if (amount) {
    offer.amountOff = Number(amount[1]);
    parts.push(`${/€/.test(amount[0]) ? "€" : /\$/.test(amount[0]) ? "$" : "£"}${amount[1]} off`);
  }
  if (free) {
    offer.freeShipping = true;
    parts.push(free[0]);
  }
  // What the offer applies to or when it ends, as the marketer wrote it ("on all candles", "this weekend").
  const anchor = percent ?? amount ?? free;
  if (anchor) {
    const after = normal.slice(anchor.index + anchor[0].length);
    const qualifier =
      /^\s+((?:on (?:all |every |our )?[a-z]+(?: [a-z]+)?|sitewide|site-wide|everything)(?: (?:this weekend|this week|today|until [a-z]+|till [a-z]+))?|this weekend|this week|today|tonight|until [a-z]+|till [a-z]+|for (?:one|1|two|2|three|3) (?:days?|weeks?))\b/.exec(
        after,
      );
    if (qualifier?.[1] && !/\b(?:with|code|and)\b/.test(qualifier[1])) parts.push(qualifier[1]);
  }
  if (usableCode !== undefined) {
    offer.code = usableCode;
    parts.push(parts.length === 0 ? `use code ${usableCode}` : `with code ${usableCode}`);
  }
  offer.description = parts.join(" ");
  return offer;
}

const TONES = [
  "playful",
  "friendly",
  "warm",
  "urgent",
  "premium",
  "luxurious",
  "luxury",
  "formal",
  "casual",
  "fun",
  "funny",
  "professional",
  "cheerful",
  "witty",
  "elegant",
  "calm",
  "exciting",
  "excited",
  "bold",
  "cheeky",
  "heartfelt",
  "festive",
  "upbeat",
  "serious",
  "sincere",
  "apologetic",
  "informative",
  "personal",
  "emotional",
  "relaxed",
  "confident",
  "cosy",
  "cozy",
  "gentle",
  "enthusiastic",
  "minimal",
  "punchy",
  "concise",
] as const;

/** The tone asked for: "warm tone", "playful SMS", "make it more urgent". */
export function extractTone(text: string): string | undefined {
  const normal = normalize(text);
  const named = /\b(?:tone|voice|style)\s*(?::|of|should be|is)?\s*([a-z]+(?:\s+and\s+[a-z]+)?)\b/.exec(normal);
  if (named?.[1] && TONES.some((tone) => named[1]?.startsWith(tone))) return named[1];
  const before = /\b([a-z]+(?:\s+and\s+[a-z]+)?)\s+(?:tone|voice|style)\b/.exec(normal);
  if (before?.[1] && TONES.some((tone) => before[1]?.endsWith(tone))) return before[1].replace(/^(?:a|an|the|in)\s+/, "");
  for (const tone of TONES) {
    if (new RegExp(`\\b${tone}\\b`).test(normal)) return tone;
  }
  if (/\bapologi[sz]/.test(normal)) return "apologetic";
  return undefined;
}

// ---------------------------------------------------------------- segments by name

/** Segment names the planner recognises, as the segment tool names them (the classic RFM map). */
export const SEGMENT_NAMES = [
  "Champions",
  "Loyal customers",
  "Big spenders",
  "Potential loyalists",
  "New customers",
  "Promising",
  "Need attention",
  "About to sleep",
  "At risk",
  "Can't lose them",
  "Hibernating",
  "Lost",
] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

const SEGMENT_SYNONYMS: ReadonlyArray<{ name: SegmentName; pattern: RegExp }> = [
  { name: "Can't lose them", pattern: /\bcan'?t lose(?: them)?\b|\bcannot lose\b/ },
  { name: "Potential loyalists", pattern: /\bpotential loyalists?\b/ },
  { name: "Need attention", pattern: /\bneeds? attention\b/ },
  { name: "About to sleep", pattern: /\babout to sleep\b|\bdrifting(?: away)?\b|\bslipping away\b/ },
  {
    name: "At risk",
    pattern: /\bat[- ]risk\b|\bchurn(?:ing|ers?)?\b|\blikely to (?:churn|leave|lapse)\b|\brisk of (?:churn|churning|leaving|lapsing)\b/,
  },
  {
    name: "Hibernating",
    pattern:
      /\bhibernating\b|\bdormant\b|\binactive\b|\blapsed\b|\bsleeping\b|\bhaven'?t (?:bought|ordered|purchased|shopped)(?: anything)? (?:in|for) (?:a (?:long )?(?:while|time)|ages|months)\b|\bstopped (?:buying|ordering|shopping)\b/,
  },
  { name: "Lost", pattern: /\blost (?:customers|ones|buyers|shoppers)\b|\bchurned\b/ },
  {
    name: "Champions",
    pattern: /\bchampions?\b|\b(?:best|top|most valuable|highest[- ]value|vip|biggest) (?:customers|buyers|shoppers|clients)\b|\bvips\b/,
  },
  { name: "Big spenders", pattern: /\bbig spenders?\b|\bhigh spenders?\b|\bwhales\b/ },
  {
    name: "New customers",
    pattern: /\bnew (?:customers|buyers|shoppers|clients|joiners|sign-?ups)\b|\bfirst[- ]time (?:customers|buyers|shoppers)\b|\bnewcomers\b/,
  },
  { name: "Loyal customers", pattern: /\bloyal(?: customers| buyers| shoppers| ones)?\b|\bregulars\b|\bregular customers\b/ },
  { name: "Promising", pattern: /\bpromising\b/ },
];

/** The customer group named in the request ("at-risk customers" → At risk, "our champions" → Champions). */
export function extractSegmentName(text: string): SegmentName | undefined {
  const normal = normalize(text);
  let best: { name: SegmentName; index: number } | undefined;
  for (const { name, pattern } of SEGMENT_SYNONYMS) {
    const match = pattern.exec(normal);
    if (match && (best === undefined || match.index < best.index)) best = { name, index: match.index };
  }
  return best?.name;
}

/**
 * Where a typical member of each named segment stands (0–1 percentiles; 1 = most recent,
 * most orders, highest spend, longest tenure), with how much each score matters when no
 * segment carries the name and the closest one is picked.
 */
export const SEGMENT_PROFILES: Readonly<Record<SegmentName, Partial<Record<"recency" | "frequency" | "monetary" | "tenure", [number, number]>>>> = {
  Champions: { recency: [0.85, 1], frequency: [0.85, 2], monetary: [0.85, 2] },
  "Loyal customers": { recency: [0.65, 1], frequency: [0.75, 2], monetary: [0.7, 1] },
  "Big spenders": { recency: [0.5, 1], frequency: [0.35, 1], monetary: [0.85, 3] },
  "Potential loyalists": { recency: [0.8, 2], frequency: [0.55, 1], monetary: [0.55, 1] },
  "New customers": { recency: [0.9, 2], frequency: [0.1, 2], tenure: [0.1, 3] },
  Promising: { recency: [0.65, 1], frequency: [0.3, 1], monetary: [0.3, 1] },
  "Need attention": { recency: [0.5, 1], frequency: [0.5, 1], monetary: [0.5, 1] },
  "About to sleep": { recency: [0.35, 2], frequency: [0.3, 1], monetary: [0.35, 1] },
  "At risk": { recency: [0.2, 3], frequency: [0.65, 1], monetary: [0.65, 1] },
  "Can't lose them": { recency: [0.15, 3], frequency: [0.9, 1], monetary: [0.9, 1] },
  Hibernating: { recency: [0.2, 2], frequency: [0.25, 1], monetary: [0.25, 1] },
  Lost: { recency: [0.05, 2], frequency: [0.1, 1], monetary: [0.1, 1] },
};

// ---------------------------------------------------------------- dates

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_PATTERN = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

function monthIndex(token: string): number {
  return MONTHS.findIndex((month) => month.startsWith(token.slice(0, 3)));
}

function iso(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month, day));
  return date.toISOString().slice(0, 10);
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** An explicit date in the text: "2011-09-01", "1 September 2011", "September 1, 2011", "1 Sep 2011". */
export function parseExplicitDate(text: string): string | undefined {
  const normal = normalize(text);
  const isoMatch = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(normal);
  if (isoMatch) return `${isoMatch[1]}-${isoMatch[2]}-${isoMatch[3]}`;
  const dayFirst = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)? ${MONTH_PATTERN},? (\\d{4})\\b`).exec(normal);
  if (dayFirst) return iso(Number(dayFirst[3]), monthIndex(dayFirst[2] ?? ""), Number(dayFirst[1]));
  const monthFirst = new RegExp(`\\b${MONTH_PATTERN} (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`).exec(normal);
  if (monthFirst) return iso(Number(monthFirst[3]), monthIndex(monthFirst[1] ?? ""), Number(monthFirst[2]));
  return undefined;
}

/** A date window for the data a tool looks at. */
export interface DateWindow {
  from?: string;
  to?: string;
}

/**
 * The window of past data the request asks about, relative to `today` (YYYY-MM-DD):
 * "since March" → from the latest 1 March not after today; "last 90 days" → from today − 90;
 * "last month" → the previous calendar month; "this year"; "in 2025"; "lately" → last 90 days.
 */
export function extractDateWindow(text: string, today: string): DateWindow | undefined {
  const normal = normalize(text);
  const [year, month] = today.split("-").map(Number) as [number, number, number];
  const since = new RegExp(`\\b(?:since|from|after) (?:the (?:start|beginning) of )?${MONTH_PATTERN}(?: (\\d{4}))?\\b`).exec(normal);
  const explicitSince = /\b(?:since|from|after) (\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)? [a-z]+,? \d{4})/.exec(normal);
  if (explicitSince) {
    const date = parseExplicitDate(explicitSince[1] ?? "");
    if (date !== undefined) return { from: date };
  }
  if (since) {
    const index = monthIndex(since[1] ?? "");
    const givenYear = since[2] === undefined ? undefined : Number(since[2]);
    const fromYear = givenYear ?? (index + 1 <= month ? year : year - 1);
    return { from: iso(fromYear, index, 1) };
  }
  const lastCount = new RegExp(`\\b(?:last|past|previous) ${COUNT_PATTERN} (day|week|month|year)s?\\b`).exec(normal);
  if (lastCount) {
    const count = parseCount(lastCount[1] ?? "") ?? 1;
    const unit = lastCount[2] === "day" ? 1 : lastCount[2] === "week" ? 7 : lastCount[2] === "month" ? 30 : 365;
    return { from: addDays(today, -count * unit) };
  }
  if (/\b(?:last|past|previous) week\b/.test(normal)) return { from: addDays(today, -7) };
  if (/\b(?:last|previous) month\b/.test(normal)) {
    return { from: iso(year, month - 2, 1), to: iso(year, month - 1, 0) };
  }
  if (/\b(?:last|previous|past) quarter\b/.test(normal)) {
    const quarterStart = Math.floor((month - 1) / 3) * 3;
    return { from: iso(year, quarterStart - 3, 1), to: iso(year, quarterStart, 0) };
  }
  if (/\b(?:last|previous) year\b/.test(normal)) return { from: iso(year - 1, 0, 1), to: iso(year - 1, 11, 31) };
  if (/\bthis year\b|\byear to date\b|\bytd\b/.test(normal)) return { from: iso(year, 0, 1) };
  if (/\bthis month\b/.test(normal)) return { from: iso(year, month - 1, 1) };
  const inMonth = new RegExp(`\\b(?:in|for|during|over) ${MONTH_PATTERN}(?: (\\d{4}))?\\b`).exec(normal);
  if (inMonth) {
    const index = monthIndex(inMonth[1] ?? "");
    // The latest such month that has started: "in October" asked in November is last month.
    const monthYear = inMonth[2] === undefined ? (index + 1 <= month ? year : year - 1) : Number(inMonth[2]);
    return { from: iso(monthYear, index, 1), to: iso(monthYear, index + 1, 0) };
  }
  if (/\b(?:lately|recently|of late|these days)\b/.test(normal)) return { from: addDays(today, -90) };
  const inYear = /\b(?:in|during|for) (20\d{2})\b/.exec(normal);
  if (inYear) return { from: `${inYear[1]}-01-01`, to: `${inYear[1]}-12-31` };
  return undefined;
}

/** "as of 1 September 2011", "back on 2011-11-01", "on 1 November 2011": the as-of date of a what-if question. */
export function extractAsOf(text: string): string | undefined {
  const normal = normalize(text);
  const match = /\b(?:as of|as at|back on|back in|on) (\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)? [a-z]+,? \d{4}|[a-z]+ \d{1,2}(?:st|nd|rd|th)?,? \d{4})/.exec(normal);
  return match ? parseExplicitDate(match[1] ?? "") : undefined;
}

// ---------------------------------------------------------------- catalogue filters

/** A price range: "under £30", "between £20 and £60", "over £50", "£10-£40". */
export function extractPriceRange(text: string): { minPrice?: number; maxPrice?: number } | undefined {
  const normal = normalize(text);
  const money = "(?:£|\\$|€)?\\s?(\\d{1,6}(?:\\.\\d{1,2})?)(?:\\s?(?:pounds?|quid|euros?|dollars?))?";
  const between = new RegExp(`\\b(?:between|from)\\s+${money}\\s+(?:and|to|-)\\s+${money}`).exec(normal) ??
    new RegExp(`(?:£|\\$|€)(\\d{1,6}(?:\\.\\d{1,2})?)\\s?-\\s?(?:£|\\$|€)?(\\d{1,6}(?:\\.\\d{1,2})?)`).exec(normal);
  if (between) {
    const low = Number(between[1]);
    const high = Number(between[2]);
    return { minPrice: Math.min(low, high), maxPrice: Math.max(low, high) };
  }
  const range: { minPrice?: number; maxPrice?: number } = {};
  const under = new RegExp(`\\b(?:under|below|less than|cheaper than|up to|no more than|max(?:imum)?|at most|within)\\s+${money}`).exec(normal);
  if (under && /£|\$|€|pound|quid|euro|dollar|under|below|cheaper/.test(under[0])) range.maxPrice = Number(under[1]);
  const over = new RegExp(`\\b(?:over|above|more than|at least|min(?:imum)?|upwards of|from)\\s+${money}`).exec(normal);
  if (over && /£|\$|€|pound|quid|euro|dollar/.test(over[0])) range.minPrice = Number(over[1]);
  return range.minPrice === undefined && range.maxPrice === undefined ? undefined : range;
}

/** "in stock", "available now" → only products in stock. */
export function extractInStockOnly(text: string): boolean | undefined {
  return /\b(?:in stock|in-stock|available now|currently available|we have available)\b/.test(normalize(text)) ? true : undefined;
}

// ---------------------------------------------------------------- sentiment

const ASPECT_WORDS: ReadonlyArray<{ aspect: "price" | "quality" | "delivery" | "packaging" | "size" | "service" | "design"; pattern: RegExp }> = [
  { aspect: "delivery", pattern: /\b(?:deliver(?:y|ies|ed)?|shipping|shipped|dispatch(?:ed)?|courier|postage|arriv(?:e|ed|al)|late)\b/ },
  { aspect: "packaging", pattern: /\b(?:packag(?:ing|ed|e)|packed|packing|box(?:es)?|wrapping)\b/ },
  { aspect: "price", pattern: /\b(?:price[sd]?|pricing|value(?: for money)?|expensive|cheap|cost(?:s|ly)?|overpriced|affordab(?:le|ility))\b/ },
  { aspect: "quality", pattern: /\b(?:quality|broke|broken|durab(?:le|ility)|flimsy|well made|badly made|craftsmanship)\b/ },
  { aspect: "size", pattern: /\b(?:sizes?|sizing|fit|fits|dimensions|too small|too big)\b/ },
  { aspect: "service", pattern: /\b(?:customer service|service|support|staff|refunds?|returns?|help desk)\b/ },
  { aspect: "design", pattern: /\b(?:design|look(?:s)?|colou?rs?|style|pattern|appearance)\b/ },
];

/** The review aspect asked about: "delivery", "value for money" → price, "how it looks" → design. */
export function extractAspect(text: string): (typeof ASPECT_WORDS)[number]["aspect"] | undefined {
  const normal = normalize(text);
  let best: { aspect: (typeof ASPECT_WORDS)[number]["aspect"]; index: number } | undefined;
  for (const { aspect, pattern } of ASPECT_WORDS) {
    const match = pattern.exec(normal);
    if (match && (best === undefined || match.index < best.index)) best = { aspect, index: match.index };
  }
  return best?.aspect;
}

/**
 * Texts to score, when the request pastes them: quoted passages ('…' or "…"), or the rest
 * of the request after "score this:" when nothing is quoted.
 */
export function extractTexts(text: string): string[] | undefined {
  const quoted: string[] = [];
  for (const match of text.matchAll(/(?:^|[\s:(,])(?:'([^']{3,}?)'|"([^"]{3,}?)"|\u2018([^\u2019]{3,}?)\u2019|\u201C([^\u201D]{3,}?)\u201D)(?=[\s.,;:!?)]|$)/g)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? "").trim();
    if (value.length >= 3) quoted.push(value);
  }
  if (quoted.length > 0) return quoted;
  const after = /\b(?:score|rate|classify|analy[sz]e|check)\s+(?:the sentiment of\s+)?(?:this|these|the following)(?:\s+(?:feedback|comments?|reviews?|texts?|messages?|answers?|responses?|sentences?))?\s*:\s*(.{3,})$/is.exec(text);
  if (after?.[1]) {
    const parts = after[1]
      .split(/\n+|\s*\|\s*/)
      .map((part) => part.trim())
      .filter((part) => part.length > 0);
    return parts.length > 0 ? parts : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------- places

const COUNTRIES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: "United Kingdom", pattern: /\b(?:uk|u\.k\.|united kingdom|britain|great britain|british|gb)\b/ },
  { name: "Germany", pattern: /\b(?:germany|german)\b/ },
  { name: "France", pattern: /\b(?:france|french)\b/ },
  { name: "Netherlands", pattern: /\b(?:netherlands|holland|dutch)\b/ },
  { name: "Italy", pattern: /\b(?:italy|italian)\b/ },
  { name: "Spain", pattern: /\b(?:spain|spanish)\b/ },
  { name: "Ireland", pattern: /\b(?:ireland|irish|eire)\b/ },
  { name: "Sweden", pattern: /\b(?:sweden|swedish)\b/ },
  { name: "Belgium", pattern: /\b(?:belgium|belgian)\b/ },
  { name: "Denmark", pattern: /\b(?:denmark|danish)\b/ },
  { name: "Norway", pattern: /\b(?:norway|norwegian)\b/ },
  { name: "Finland", pattern: /\b(?:finland|finnish)\b/ },
  { name: "Portugal", pattern: /\b(?:portugal|portuguese)\b/ },
  { name: "Switzerland", pattern: /\b(?:switzerland|swiss)\b/ },
  { name: "Austria", pattern: /\b(?:austria|austrian)\b/ },
  { name: "Poland", pattern: /\b(?:poland|polish)\b/ },
  { name: "Australia", pattern: /\b(?:australia|australian)\b/ },
  { name: "USA", pattern: /\b(?:usa|u\.s\.a?\.|united states|america|american)\b/ },
  { name: "Canada", pattern: /\b(?:canada|canadian)\b/ },
  { name: "Japan", pattern: /\b(?:japan|japanese)\b/ },
  { name: "EIRE", pattern: /\beire\b/ },
];

/** A country the request limits to: "in Germany", "UK only", "French customers". */
export function extractCountry(text: string): string | undefined {
  const normal = normalize(text);
  for (const { name, pattern } of COUNTRIES) if (pattern.test(normal)) return name;
  return undefined;
}

/** Extra segmentation features: basket size → average_order_value, product variety → distinct_products, tenure. */
export function extractFeatures(text: string): Array<"tenure" | "average_order_value" | "distinct_products"> {
  const normal = normalize(text);
  const extra: Array<"tenure" | "average_order_value" | "distinct_products"> = [];
  if (/\b(?:basket size|average order value|order value|aov|average basket|spend per order)\b/.test(normal)) extra.push("average_order_value");
  if (/\b(?:product variety|variety|distinct products|range of products|different products|breadth)\b/.test(normal)) extra.push("distinct_products");
  if (/\b(?:tenure|how long they'?ve been|customer age|first purchase)\b/.test(normal)) extra.push("tenure");
  return extra;
}
