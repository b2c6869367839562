/**
 * Finds the offer-like claims in copy text: money amounts (and what they are: a price,
 * an amount off, a spend threshold, a price ceiling), percentages (and whether they are
 * discounts), multi-buys ("3 for 2", "buy one get one free"), free delivery, promo codes
 * and known product names. Pure text work; `grounding.ts` decides what is approved.
 *
 * The extractors aim for few false positives: a bare "12.50" or "2026" is not money,
 * "24/7" is not a multi-buy, and a code must look like one and sit next to a cue word.
 */
import { NUMBER_WORDS } from "../../../src/core/number-words.ts";

/** What a money amount claims, judged from the words around it. */
export type MoneyKind =
  /** "£12.50", "from £4.99": a price, must be a product's price. */
  | "price"
  /** "£5 off", "save £5": must be an approved amount off. */
  | "amount_off"
  /** "orders over £40", "spend £30": an offer condition, must be in an approved offer. */
  | "threshold"
  /** "under £20": true when a product costs that or less. */
  | "ceiling";

/** A money amount found in the text. */
export interface MoneyMention {
  /** The text as written, e.g. "£12.50" or "5 GBP". */
  text: string;
  amount: number;
  /** The currency as a symbol ("£", "$", "€", or the shop's configured symbol). */
  currency: string;
  kind: MoneyKind;
  /** Where it starts in the text. */
  index: number;
}

/** A percentage found in the text. */
export interface PercentMention {
  text: string;
  percent: number;
  /** True when the words around it make it a discount ("20% off", "save 15%", "half price"). */
  discount: boolean;
  index: number;
}

/** A multi-buy: buy `buy` items, pay for `pay` ("3 for 2" is buy 3 pay 2; BOGOF is buy 2 pay 1). */
export interface MultiBuyMention {
  text: string;
  buy: number;
  pay: number;
  index: number;
}

/** A free delivery claim. */
export interface FreeShippingMention {
  text: string;
  index: number;
}

/** A token that looks like a promo code. */
export interface CodeMention {
  code: string;
  index: number;
}

/** A known product named in the text. */
export interface ProductMention {
  productId: string;
  name: string;
  index: number;
  end: number;
}

/** A product the text may name. */
export interface NamedProduct {
  productId: string;
  name: string;
}

const CURRENCY_WORDS: Readonly<Record<string, string>> = {
  gbp: "£",
  pound: "£",
  pounds: "£",
  quid: "£",
  usd: "$",
  dollar: "$",
  dollars: "$",
  eur: "€",
  euro: "€",
  euros: "€",
};
const COMMON_SYMBOLS = ["£", "$", "€", "¥", "₹"];
const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parseNumber(text: string): number {
  return Number(text.replace(/,/g, ""));
}

// The words right before or after an amount decide what it claims. Checked in this order:
// "up to £5 off" is an amount off, not a ceiling.
const AMOUNT_OFF_AFTER = /^\s*(?:off|discount|saving|savings|reduction|voucher|credit|cashback|back)\b/i;
const AMOUNT_OFF_BEFORE = /\b(?:save|saving|savings of|discount of|knock(?:ed)?)\s*(?:an?\s+)?(?:extra\s+)?(?:up\s+to\s+)?$/i;
const THRESHOLD_BEFORE =
  /\b(?:over|above|more than|orders? of|spend(?:ing)?|spends|min(?:imum)?(?:\s+spend)?(?:\s+of)?|at least|worth)\s*$/i;
const THRESHOLD_AFTER = /^(?:\s*\+|\s+or\s+more\b|\s+and\s+(?:over|above)\b|\s+minimum\b|\s+min\b)/i;
const CEILING_BEFORE = /\b(?:under|below|less than|up to|no more than|max(?:imum)?(?:\s+of)?)\s*$/i;

function moneyKind(before: string, after: string): MoneyKind {
  if (AMOUNT_OFF_AFTER.test(after) || AMOUNT_OFF_BEFORE.test(before)) return "amount_off";
  if (THRESHOLD_BEFORE.test(before) || THRESHOLD_AFTER.test(after)) return "threshold";
  if (CEILING_BEFORE.test(before)) return "ceiling";
  return "price";
}

/** Money amounts in `text`: "£12.50", "$3", "€5", "5€", "12.50 GBP", "10 pounds", and "99p" when the shop uses £. */
export function findMoney(text: string, currencySymbol: string): MoneyMention[] {
  const symbols = [...new Set([...COMMON_SYMBOLS, currencySymbol])].map(escapeRegExp).join("|");
  const words = Object.keys(CURRENCY_WORDS).join("|");
  const patterns: ReadonlyArray<{ pattern: RegExp; read: (match: RegExpExecArray) => { amount: number; currency: string } }> = [
    {
      // Not preceded by a letter, so "US$5" style prefixes and words ending in a symbol are left alone.
      pattern: new RegExp(String.raw`(?<![\p{L}\d])(${symbols})\s?(${NUMBER})(?![\d,]*\d)(?!\.\d)`, "gu"),
      read: (match) => ({ currency: match[1] ?? currencySymbol, amount: parseNumber(match[2] ?? "0") }),
    },
    {
      pattern: new RegExp(String.raw`(?<![\d.,])(${NUMBER})\s?(${symbols})(?!\d)`, "gu"),
      read: (match) => ({ currency: match[2] ?? currencySymbol, amount: parseNumber(match[1] ?? "0") }),
    },
    {
      pattern: new RegExp(String.raw`(?<![\d.,])(${NUMBER})\s?(${words})\b`, "giu"),
      read: (match) => ({
        currency: CURRENCY_WORDS[(match[2] ?? "").toLowerCase()] ?? currencySymbol,
        amount: parseNumber(match[1] ?? "0"),
      }),
    },
  ];
  const found: MoneyMention[] = [];
  // Earlier patterns win where matches overlap ("£5 GBP" is one amount); marking covered
  // code units keeps the overlap test proportional to the match, not to the matches so far.
  const covered = new Uint8Array(text.length);
  const add = (match: RegExpExecArray, amount: number, currency: string) => {
    const start = match.index;
    const end = start + match[0].length;
    if (covered.subarray(start, end).includes(1)) return;
    covered.fill(1, start, end);
    const before = text.slice(Math.max(0, start - 40), start);
    const after = text.slice(end, end + 30);
    found.push({ text: match[0], amount, currency, kind: moneyKind(before, after), index: start });
  };
  for (const { pattern, read } of patterns) {
    for (const match of text.matchAll(pattern)) {
      const { amount, currency } = read(match as RegExpExecArray);
      add(match as RegExpExecArray, amount, currency);
    }
  }
  if (currencySymbol === "£") {
    // Pence ("99p") only where the shop trades in pounds; elsewhere "5p" means nothing.
    for (const match of text.matchAll(/(?<![\d.,£])\b(\d{1,2})p\b/g)) {
      add(match as RegExpExecArray, parseNumber(match[1] ?? "0") / 100, "£");
    }
  }
  return found.sort((left, right) => left.index - right.index);
}

const PERCENT_PATTERN = /(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s?(?:%|per\s?cent\b|percent\b)/gi;
const DISCOUNT_AFTER = /^\s*(?:off|discount|discounted|saving|savings|reduction|less|cheaper|cashback|back)\b/i;
const DISCOUNT_BEFORE =
  /\b(?:save|saving|savings of|discount of|discounts of|reduced by|reductions? of|up to|extra|additional|knock(?:ed)?|sale|cut)\s*:?\s*(?:an?\s+)?(?:extra\s+)?(?:up\s+to\s+)?$/i;
const HALF_PRICE_PATTERN = /\bhalf[\s-]?(?:price|off)\b/gi;

/** Percentages in `text`, each marked as a discount or not by the words around it; "half price" is a 50 % discount. */
export function findPercentages(text: string): PercentMention[] {
  const found: PercentMention[] = [];
  for (const match of text.matchAll(PERCENT_PATTERN)) {
    const start = match.index;
    const end = start + match[0].length;
    const before = text.slice(Math.max(0, start - 30), start);
    const after = text.slice(end, end + 20);
    found.push({
      text: match[0],
      percent: Number(match[1]),
      discount: DISCOUNT_AFTER.test(after) || DISCOUNT_BEFORE.test(before),
      index: start,
    });
  }
  for (const match of text.matchAll(HALF_PRICE_PATTERN)) {
    found.push({ text: match[0], percent: 50, discount: true, index: match.index });
  }
  return found.sort((left, right) => left.index - right.index);
}

const COMPOSITION_AFTER =
  /^\s*(?:of\b|cotton|wool|linen|silk|cashmere|leather|polyester|bamboo|recycled|recyclable|organic|natural|pure|real|biodegradable|compostable|cocoa|juice)/i;

/**
 * True when a percentage that is not a discount is plainly about something else
 * ("100% cotton", "90% of buyers"), so it is not worth a warning.
 */
export function isDescriptivePercentage(text: string, mention: PercentMention): boolean {
  const after = text.slice(mention.index + mention.text.length, mention.index + mention.text.length + 20);
  return COMPOSITION_AFTER.test(after);
}

const COUNT = String.raw`\d{1,2}|${Object.keys(NUMBER_WORDS).join("|")}`;

function countOf(text: string | undefined): number {
  const lower = (text ?? "").toLowerCase();
  return NUMBER_WORDS[lower] ?? Number(lower);
}

/**
 * Multi-buys in `text`: "3 for 2", "two for one", "buy 2 get 1 free", "BOGOF". An "N for M"
 * counts only when both are small counts and M < N, so "10 for 2026" is not an offer.
 */
export function findMultiBuys(text: string): MultiBuyMention[] {
  const found: MultiBuyMention[] = [];
  const forPattern = new RegExp(String.raw`\b(${COUNT})\s+for\s+(${COUNT})\b(?![.,]?\d|\s?%)`, "gi");
  for (const match of text.matchAll(forPattern)) {
    const buy = countOf(match[1]);
    const pay = countOf(match[2]);
    if (buy >= 2 && buy <= 12 && pay >= 1 && pay < buy) found.push({ text: match[0], buy, pay, index: match.index });
  }
  const getFreePattern = new RegExp(String.raw`\bbuy\s+(${COUNT})\s*,?\s+get\s+(${COUNT})\s+(?:more\s+)?free\b`, "gi");
  for (const match of text.matchAll(getFreePattern)) {
    const pay = countOf(match[1]);
    const free = countOf(match[2]);
    found.push({ text: match[0], buy: pay + free, pay, index: match.index });
  }
  for (const match of text.matchAll(/\bBOGOF?\b/gi)) found.push({ text: match[0], buy: 2, pay: 1, index: match.index });
  return found.sort((left, right) => left.index - right.index);
}

const FREE_SHIPPING_PATTERNS: readonly RegExp[] = [
  /\bfree\s+(?:uk\s+|standard\s+|next[\s-]day\s+|express\s+|tracked\s+|home\s+)?(?:delivery|shipping|postage|p\s?&\s?p)\b/gi,
  /\b(?:delivery|shipping|postage)\s+is\s+(?:always\s+|now\s+)?free\b/gi,
  /\b(?:ships|shipped|delivered)\s+(?:for\s+)?free\b/gi,
];

/** Free delivery claims: "free delivery", "free UK shipping", "delivery is free", "ships free". */
export function findFreeShipping(text: string): FreeShippingMention[] {
  const found: FreeShippingMention[] = [];
  for (const pattern of FREE_SHIPPING_PATTERNS) {
    for (const match of text.matchAll(pattern)) found.push({ text: match[0], index: match.index });
  }
  return found.sort((left, right) => left.index - right.index);
}

/** A free extra other than delivery ("free gift wrapping", "free returns"). */
export interface FreePerkMention {
  text: string;
  /** The perk in lower case with single spaces, e.g. "gift wrapping". */
  perk: string;
  index: number;
}

const FREE_PERK_PATTERN =
  /\bfree\s+(gifts?\s+wrap(?:ping)?|gift\s+box(?:es)?|gifts?|samples?|wrapping|returns?|engraving|personali[sz]ation|click\s*(?:&|and)\s*collect)\b/gi;

/** Free extras other than delivery: gifts, samples, gift wrapping, returns, engraving, personalisation. */
export function findFreePerks(text: string): FreePerkMention[] {
  return [...text.matchAll(FREE_PERK_PATTERN)].map((match) => ({
    text: match[0],
    perk: (match[1] ?? "").toLowerCase().replace(/\s+/g, " "),
    index: match.index,
  }));
}

/** Words that put a promo code next to them: "use code SAVE20", "promo: WELCOME", "enter XMAS26". */
const CODE_CUES = new Set(["code", "codes", "promo", "promocode", "coupon", "voucher", "use", "enter", "apply", "redeem", "quote"]);
/** Shouty words that follow cue words in copy and are not codes ("use it NOW", "enter our SALE"). */
const NOT_CODES = new Set([
  "CODE", "CODES", "PROMO", "COUPON", "VOUCHER", "FREE", "SALE", "NOW", "TODAY", "ONLY", "HERE", "SHOP", "STOP",
  "THIS", "THAT", "YOUR", "WITH", "FROM", "CHECKOUT", "ORDER", "ORDERS", "ONLINE", "STORE", "ENDS", "LAST", "CHANCE",
  "DEAL", "DEALS", "OFFER", "OFFERS", "EXTRA", "MORE", "HURRY", "CLAIM", "SAVE", "SAVING", "WHEN", "YOU", "OFF",
  "BEFORE", "MIDNIGHT", "WEEKEND", "WEEK", "DAYS", "EVERYTHING", "ALL", "AND", "THE", "FOR", "NEW", "JUST",
]);
const TOKEN_PATTERN = /[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/g;

function looksLikeCode(token: string): boolean {
  if (token.length < 4 || token.length > 20 || !/[A-Za-z]/.test(token)) return false;
  // Shaped like a code: all capitals (WELCOME, SAVE20) or letters with digits (save20).
  return token === token.toUpperCase() || /\d/.test(token);
}

/**
 * Promo-code-like tokens: 4–20 letters and digits, all capitals or containing a digit,
 * within three words after a cue ("code", "promo", "use", "enter", …), plus any of
 * `knownCodes` wherever they appear. Tokens inside `ignoredSpans` (product names) are skipped.
 */
export function findCodes(
  text: string,
  knownCodes: readonly string[] = [],
  ignoredSpans: ReadonlyArray<readonly [number, number]> = [],
): CodeMention[] {
  const known = new Set(knownCodes.map((code) => code.toUpperCase()));
  const ignored = new Uint8Array(text.length);
  for (const [start, end] of ignoredSpans) ignored.fill(1, start, end);
  const tokens = [...text.matchAll(TOKEN_PATTERN)].map((match) => ({ text: match[0], index: match.index }));
  const found: CodeMention[] = [];
  tokens.forEach((token, position) => {
    if (ignored[token.index] === 1) return;
    if (!looksLikeCode(token.text)) return;
    if (known.has(token.text.toUpperCase())) {
      found.push({ code: token.text, index: token.index });
      return;
    }
    if (NOT_CODES.has(token.text.toUpperCase())) return;
    const cued = tokens
      .slice(Math.max(0, position - 3), position)
      .some((previous) => CODE_CUES.has(previous.text.toLowerCase()));
    if (cued) found.push({ code: token.text, index: token.index });
  });
  return found;
}

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}

/**
 * Known product names in `text`, matched case-insensitively on whole words with any
 * run of spaces; longer names win where names overlap ("White Heart Holder" over "Heart Holder").
 */
export function findProducts(text: string, products: readonly NamedProduct[]): ProductMention[] {
  const normalize = (value: string) => value.toLowerCase().replace(/\s+/g, " ");
  // Keep a map from normalized positions back to the original so indexes point into `text`.
  const positions: number[] = [];
  let haystack = "";
  for (const match of text.matchAll(/\s+|[^\s]/g)) {
    positions.push(match.index);
    const lower = match[0].toLowerCase();
    // A character whose lower case is longer ("İ") would shift every later index; keep it as is.
    haystack += /^\s/.test(match[0]) ? " " : lower.length === match[0].length ? lower : match[0];
  }
  positions.push(text.length);
  const candidates = products
    .map((product) => ({ product, needle: normalize(product.name.trim()) }))
    .filter(({ needle }) => needle.length > 0)
    .sort((left, right) => right.needle.length - left.needle.length);
  const found: ProductMention[] = [];
  const covered = new Uint8Array(haystack.length);
  for (const { product, needle } of candidates) {
    let from = haystack.indexOf(needle);
    while (from !== -1) {
      const to = from + needle.length;
      const whole = !isWordCharacter(haystack[from - 1]) && !isWordCharacter(haystack[to]);
      if (whole && !covered.subarray(from, to).includes(1)) {
        covered.fill(1, from, to);
        found.push({
          productId: product.productId,
          name: product.name,
          index: positions[from] ?? 0,
          end: positions[to] ?? text.length,
        });
      }
      from = haystack.indexOf(needle, from + 1);
    }
  }
  return found.sort((left, right) => left.index - right.index);
}
