/**
 * Offline copy: channel templates that write real, varied drafts without a chat model.
 *
 * A variant is built from its plan (angle and tone, see angles.ts): the angle gives the
 * hooks (short headlines) and leads (one sentence), the tone gives greetings, calls to
 * action and sign-offs, and the channel assembles them within its limits. Copy uses the
 * real product names and prices (formatted with the shop's currency symbol), ratings from
 * reviews, the occasion or season, the shop name and the approved offer, and nothing else:
 * no review or catalogue wording, no invented numbers, no "free" anything.
 *
 * When a draft is too long for its channel it is shortened step by step (second product
 * dropped, then the price, then the product, then the lead; "and" abbreviated in SMS)
 * until it fits. Every choice comes from the seeded `random`, so the same request gives
 * the same copy. Words the brand voice avoids are filtered out of the phrase lists.
 */
import type { ApprovedOffer } from "../../src/core/marketing.ts";
import { type Angle, type Occasion, type Tone, type VariantPlan } from "./angles.ts";
import { measure } from "./checks/ads.ts";
import { findAvoidWords } from "./checks/brand.ts";
import { analyzeSms } from "./checks/encoding.ts";
import type { CopyLimits, FieldLimit, PlatformField, PlatformLimits } from "./checks/limits.ts";
import type { VariantOf } from "./checks/index.ts";
import { countCharacters } from "./checks/text.ts";
import type { ProductFact, ReviewAspect, ReviewFacts } from "./facts.ts";
import type { Channel } from "./schema.ts";

/** What the builtin templates write from. */
export interface BuiltinContext {
  shop: string;
  currencySymbol: string;
  /** Featured products, in the order to feature them. */
  products: readonly ProductFact[];
  offer: ApprovedOffer | null;
  /** The occasion the brief names, if any. */
  occasion: Occasion | undefined;
  /** The season of today's date, for seasonal copy. */
  season: string;
  reviews: ReviewFacts;
  limits: CopyLimits;
  /** Platform limits for social and ad copy. */
  platform: { id: string; limits: PlatformLimits } | undefined;
  /** Marketing SMS carry the STOP line. */
  marketing: boolean;
  avoidWords: readonly string[];
  /**
   * Asked for short copy ("concise", "make it shorter"): start from the shorter levels (one
   * product, no list in emails, no hashtags), and aim SMS at a single part.
   */
  concise?: boolean;
}

/** The copy of one variant of `channel`. */
export type ChannelCopy = VariantOf<Channel>;

/** How much product detail a lead carries; lowered to shorten copy. */
interface Detail {
  product: ProductFact | undefined;
  second: ProductFact | undefined;
  price: boolean;
}

/** Formats money the way the shop writes it: "£12.99", "£5", "CHF 12.50". */
export function formatMoney(amount: number, symbol: string): string {
  const value = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  return symbol.length === 1 ? `${symbol}${value}` : `${symbol} ${value}`;
}

function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;
}

/** Ends a sentence with `mark` unless it already ends with punctuation. */
function sentence(text: string, mark = "."): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}${mark}`;
}

function join(...parts: ReadonlyArray<string | undefined | false>): string {
  return parts
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .map((part) => part.trim())
    .join(" ");
}

/** Tone: how greetings, calls to action and sign-offs sound. `{shop}` is filled in. */
interface ToneStyle {
  mark: "." | "!";
  greetings: readonly string[];
  ctas: readonly string[];
  signoffs: readonly string[];
}

const TONE_STYLES: Readonly<Record<Tone, ToneStyle>> = {
  friendly: {
    mark: ".",
    greetings: ["Hi there,", "Hello,", "Hi,"],
    ctas: ["Take a look", "Have a browse", "Come and see", "See what you think"],
    signoffs: ["Warm wishes,\nThe {shop} team", "See you soon,\nThe {shop} team", "Happy browsing,\nThe {shop} team"],
  },
  urgent: {
    mark: "!",
    greetings: ["Hi,", "Quick one,", "Hello,"],
    ctas: ["Shop now", "Get yours today", "Don't miss out", "Take a look today"],
    signoffs: ["The {shop} team", "See you soon,\nThe {shop} team"],
  },
  premium: {
    mark: ".",
    greetings: ["Good day,", "Hello,", "Dear customer,"],
    ctas: ["Discover more", "Explore the collection", "Discover it today"],
    signoffs: ["With warm regards,\n{shop}", "Kind regards,\nThe {shop} team"],
  },
  playful: {
    mark: "!",
    greetings: ["Hey there!", "Hello, you!", "Hiya!"],
    ctas: ["Go on, take a peek", "Treat yourself", "Have a nosy", "Come and have a look"],
    signoffs: ["Cheers,\nThe {shop} crew", "Toodle-oo,\nThe {shop} team", "Big waves,\nThe {shop} team"],
  },
  calm: {
    mark: ".",
    greetings: ["Hello,", "Hi,", "Good to see you,"],
    ctas: ["Browse at your own pace", "Take a look when you're ready", "Have a look whenever suits you"],
    signoffs: ["Take care,\nThe {shop} team", "All the best,\nThe {shop} team"],
  },
};

const ASPECT_PRAISE: Readonly<Record<ReviewAspect, string>> = {
  quality: "the quality",
  value: "the value for money",
  delivery: "the speedy delivery",
  packaging: "the lovely packaging",
  design: "the good looks",
  gift: "how well it goes down as a gift",
};

/** Everything phrase functions read. */
interface PhraseContext {
  shop: string;
  tone: Tone;
  occasion: Occasion | undefined;
  season: string;
  offer: ApprovedOffer | null;
  /** Rating to quote in headlines: of the first product when it has enough reviews, else over the featured products. */
  rating: { average: number; count: number } | null;
  /** Rating over all featured products. */
  overallRating: { average: number; count: number } | null;
  aspect: ReviewAspect | undefined;
  money: (product: ProductFact) => string | undefined;
}

/** "the Heart Lantern, £8.50" / "the Heart Lantern" depending on the detail level. */
function named(detail: Detail, context: PhraseContext, separator = ", "): string {
  const product = detail.product;
  if (product === undefined) return "";
  const price = detail.price ? context.money(product) : undefined;
  return price === undefined ? `the ${product.name}` : `the ${product.name}${separator}${price}`;
}

/** "the Heart Lantern (£8.50)" for lists inside a sentence. */
function bracketed(product: ProductFact, detail: Detail, context: PhraseContext): string {
  const price = detail.price ? context.money(product) : undefined;
  return price === undefined ? `the ${product.name}` : `the ${product.name} (${price})`;
}

interface AnglePhrases {
  hooks: (context: PhraseContext) => string[];
  leads: (context: PhraseContext, detail: Detail) => string[];
}

const byTone = (context: PhraseContext, phrases: Readonly<Record<Tone, readonly string[]>>): string[] => [...phrases[context.tone]];

const PHRASES: Readonly<Record<Angle, AnglePhrases>> = {
  win_back: {
    hooks: (context) =>
      byTone(context, {
        friendly: ["We miss you", "It's been a while", "Long time no see"],
        urgent: ["We miss you - come back today", "Come back and see us", "Your favourites are waiting"],
        premium: ["We have missed you", "An invitation to return", "It has been too long"],
        playful: ["Knock knock, it's us", "Where did you go?", "Psst, we miss you"],
        calm: ["It's been a while", "Whenever you're ready", "Thinking of you"],
      }),
    leads: (context, detail) => {
      const product = named(detail, context);
      return [
        detail.product === undefined
          ? `It's been a while since your last visit to ${context.shop}, and we'd love to see you again`
          : `It's been a while since your last visit to ${context.shop}, so we picked something we think you'll love: ${product}`,
        detail.product === undefined
          ? `Your favourites are still here at ${context.shop}`
          : `Your favourites are still here at ${context.shop}, and ${product} is waiting for you`,
        ...byTone(context, {
          friendly: [detail.product === undefined ? "Come back and see what we've been up to" : `Come back and meet ${product}`],
          urgent: [detail.product === undefined ? "Come back today and see what's waiting for you" : `Come back today for ${product}`],
          premium: [
            detail.product === undefined ? `We would love to welcome you back to ${context.shop}` : `We would love to welcome you back with ${product}`,
          ],
          playful: [detail.product === undefined ? "We saved you a spot, so come on back" : `We saved you a spot right next to ${product}`],
          calm: [
            detail.product === undefined
              ? `No rush: ${context.shop} is here whenever you'd like to pop back`
              : `No rush: ${product} is here whenever you'd like to pop back`,
          ],
        }),
      ];
    },
  },
  thank_you: {
    hooks: (context) =>
      byTone(context, {
        friendly: ["A thank-you from us", "Thank you for being you", "Thanks for sticking with us"],
        urgent: ["First look, just for you", "A thank-you, just for you"],
        premium: ["With our thanks", "For our valued customers", "A note of thanks"],
        playful: ["You're a star", "High five, you legend", "Three cheers for you"],
        calm: ["A quiet thank-you", "Thank you, truly", "With thanks from us"],
      }),
    leads: (context, detail) => {
      const product = named(detail, context);
      return [
        detail.product === undefined
          ? `Thank you for being such a loyal customer of ${context.shop}`
          : `Thank you for being such a loyal customer of ${context.shop}. We think you'll love ${product}`,
        detail.product === undefined
          ? "You've been with us a while, so we wanted to say thanks"
          : `You've been with us a while, so we wanted to say thanks and show you ${product}`,
        detail.product === undefined
          ? "Customers like you make what we do worthwhile"
          : `Customers like you make what we do worthwhile, so here's a favourite for you: ${product}`,
      ];
    },
  },
  welcome: {
    hooks: (context) =>
      byTone(context, {
        friendly: [`Welcome to ${context.shop}`, "Glad you found us", "Hello and welcome"],
        urgent: ["Your next favourite is here", "Start your collection today"],
        premium: [`Welcome to ${context.shop}`, "A warm welcome", "Delighted to meet you"],
        playful: ["Hello, new friend", "Welcome to the gang", "Oh hi, welcome"],
        calm: ["Welcome, make yourself at home", "A gentle hello", `Welcome to ${context.shop}`],
      }),
    leads: (context, detail) => [
      detail.product === undefined
        ? `Thanks for choosing ${context.shop}. Here's a little inspiration for your next order`
        : `Thanks for choosing ${context.shop}. Here's a little inspiration for your next order: ${named(detail, context)}`,
      detail.product === undefined
        ? "We're so glad you're here. Take a look around and find your next favourite"
        : `We're so glad you're here. Your next favourite could be ${named(detail, context)}`,
    ],
  },
  offer_led: {
    hooks: (context) =>
      byTone(context, {
        friendly: ["An offer just for you", "A little something from us"],
        urgent: ["Don't miss this offer", "Your offer is here"],
        premium: ["An offer, with our compliments", "A special offer for you"],
        playful: ["Treat time!", "Ooh, an offer for you"],
        calm: ["A little offer for you", "Something nice for you"],
      }),
    leads: (context, detail) => {
      const offer = context.offer === null ? "" : sentence(offerLine(context.offer, "full"));
      return [
        detail.product === undefined ? offer : `${offer} Why not start with ${named(detail, context)}?`,
        detail.product === undefined ? offer : `${offer} We think you'll like ${named(detail, context)}`,
      ];
    },
  },
  occasion: {
    hooks: (context) => {
      const occasion = context.occasion?.name ?? context.season;
      const title = capitalize(occasion);
      const gifting = context.occasion?.gifting === true;
      return [
        ...(gifting ? [`${title} gifts, sorted`] : []),
        `Ready for ${occasion}?`,
        `${title} picks from us`,
        ...byTone(context, {
          friendly: [`Make ${occasion} special`],
          urgent: [`${title} is coming - get ready`],
          premium: [`For ${occasion}, thoughtfully chosen`],
          playful: [`${title}? We've got you`],
          calm: [`Getting ready for ${occasion}`],
        }),
      ];
    },
    leads: (context, detail) => {
      const occasion = context.occasion?.name ?? context.season;
      const just = detail.product !== undefined && detail.price ? context.money(detail.product) : undefined;
      return [
        detail.product === undefined
          ? `Get ready for ${occasion} with a few of our favourites`
          : `Make ${occasion} special with the ${detail.product.name}${just === undefined ? "" : `, just ${just}`}`,
        detail.product === undefined
          ? `Our ${occasion} picks are ready and waiting at ${context.shop}`
          : `Get ready for ${occasion} with our favourite picks, like ${named(detail, context)}`,
      ];
    },
  },
  new_in: {
    hooks: (context) =>
      byTone(context, {
        friendly: [`Just landed at ${context.shop}`, "Fresh in for you", "Say hello to something new"],
        urgent: ["New in - see it first", "Just landed: be the first"],
        premium: ["Newly arrived", "Introducing something new"],
        playful: ["Ooh, what's this?", "Hot off the shelf"],
        calm: ["Something new to enjoy", "Newly arrived, take a look"],
      }),
    leads: (context, detail) => [
      detail.product === undefined
        ? `There's something new at ${context.shop}`
        : `Say hello to ${named(detail, context)}, new in at ${context.shop}`,
      detail.product === undefined ? "Fresh arrivals are in, picked just for you" : `Fresh in: ${named(detail, context)}. We think you'll love it`,
    ],
  },
  spotlight: {
    hooks: (context) =>
      byTone(context, {
        friendly: ["Our pick for you", "One we think you'll love", "Say hello to our favourite"],
        urgent: ["Don't miss this one", "Our top pick right now"],
        premium: ["Thoughtfully chosen for you", "An exceptional piece", "Our pick of the season"],
        playful: ["Ooh, look at this", "Your new favourite?", "Love at first sight?"],
        calm: ["Something lovely for you", "A little favourite", "One to enjoy"],
      }),
    leads: (context, detail) => [
      detail.product === undefined ? `Take a closer look at our favourites at ${context.shop}` : `Take a closer look at ${named(detail, context)}`,
      detail.product === undefined
        ? "We've picked out one of our favourites for you"
        : `${capitalize(named(detail, context, " at "))} is one of our favourites right now`,
      detail.product === undefined ? `Meet a favourite at ${context.shop}` : `Meet ${named(detail, context)}: one of our favourites`,
    ],
  },
  social_proof: {
    hooks: (context) => {
      const rated = context.rating === null ? [] : [`Rated ${context.rating.average} out of 5`];
      return [
        ...rated,
        ...byTone(context, {
          friendly: ["Our customers love it", "See why customers love it"],
          urgent: ["Customers can't get enough", "The one everyone loves"],
          premium: ["Highly rated by our customers", "Loved by those who know"],
          playful: ["The reviews are in!", "Don't just take our word"],
          calm: ["Loved by our customers", "Quietly loved by many"],
        }),
      ];
    },
    leads: (context, detail) => {
      const praise = context.aspect === undefined ? "" : `, and they keep mentioning ${ASPECT_PRAISE[context.aspect]}`;
      const own = detail.product?.rating;
      const productRated = detail.product !== undefined && own !== null && own !== undefined && own.count >= 3;
      const rating = productRated ? own : context.overallRating;
      if (rating === null || rating === undefined) return [`Our customers love what we do at ${context.shop}`];
      const about = productRated ? `the ${detail.product?.name ?? ""}` : "our picks";
      const across = `across ${rating.count} review${rating.count === 1 ? "" : "s"}`;
      return [
        `Customers rate ${about} ${rating.average} out of 5 ${across}${praise}`,
        `${capitalize(about)} ${productRated ? "averages" : "average"} ${rating.average} out of 5 from our customers${praise}`,
      ];
    },
  },
  gift_guide: {
    hooks: (context) =>
      byTone(context, {
        friendly: ["Gift ideas they'll love", "Our gift edit", "Gifts from us to them"],
        urgent: ["Get your gifts sorted today", "Gifts sorted - shop now"],
        premium: ["A considered gift edit", "Gifts, thoughtfully chosen"],
        playful: ["Gifting made easy", "Gift panic? Sorted"],
        calm: ["Gift ideas, no stress", "A calm guide to gifting"],
      }),
    leads: (context, detail) => {
      if (detail.product === undefined) return ["Looking for a gift? We've picked out a few ideas"];
      if (detail.second === undefined) return [`Looking for a gift? Try ${bracketed(detail.product, detail, context)}`];
      return [
        `Looking for a gift? Try ${bracketed(detail.product, detail, context)} or ${bracketed(detail.second, detail, context)}`,
        `From the ${detail.product.name} to the ${detail.second.name}, there's something for everyone`,
      ];
    },
  },
  season: {
    hooks: (context) => {
      const title = capitalize(context.season);
      return [
        `${title} favourites`,
        `Fresh picks for ${context.season}`,
        ...byTone(context, {
          friendly: [`Your ${context.season} edit`],
          urgent: [`${title} must-haves`],
          premium: [`The ${context.season} edit`],
          playful: [`Hello, ${context.season}!`],
          calm: [`Slow ${context.season} days`],
        }),
      ];
    },
    leads: (context, detail) => [
      detail.product === undefined
        ? `Our ${context.season} favourites are here`
        : `Our ${context.season} favourites are here, including ${named(detail, context)}`,
      detail.product === undefined
        ? `Make the most of ${context.season} with a few of our favourites`
        : `Make the most of ${context.season} with ${named(detail, context)}`,
    ],
  },
  browse: {
    hooks: (context) =>
      byTone(context, {
        friendly: ["Picked for you", `Something for you at ${context.shop}`, "A few things we love"],
        urgent: ["Picked for you - take a look", "Don't miss these"],
        premium: ["Curated for you", "Selected with you in mind"],
        playful: ["Little joys, picked for you", "Treat yourself a little"],
        calm: ["A few things we love", "Something to brighten your day"],
      }),
    leads: (context, detail) => [
      detail.product === undefined
        ? "We've picked out a few things we think you'll like"
        : `We've picked out a few things we think you'll like, starting with ${named(detail, context)}`,
      detail.product === undefined ? `Find something lovely at ${context.shop}` : `Find ${named(detail, context)} and more at ${context.shop}`,
    ],
  },
};

/** The offer as copy: "20% off candles until Sunday - use code SPRING20", or just the code when short. */
function offerLine(offer: ApprovedOffer, length: "full" | "short"): string {
  const description = capitalize(offer.description.trim().replace(/[.!]+$/, ""));
  if (offer.code === undefined) return description;
  return length === "full" ? `${description} - use code ${offer.code}` : `Use code ${offer.code}`;
}

/** Picks from a list by a fixed index, so shortening keeps the same choice. */
function at<T>(list: readonly T[], index: number): T | undefined {
  return list.length === 0 ? undefined : list[index % list.length];
}

/** A seeded index into any list. */
function choose(random: () => number): number {
  return Math.floor(random() * 1_000_000);
}

/** The first candidate that `fits`, else the last one (the shortest try, which the checks then judge). */
function firstFitting(candidates: readonly string[], fits: (text: string) => boolean): string {
  for (const candidate of candidates) if (fits(candidate)) return candidate;
  return candidates[candidates.length - 1] ?? "";
}

/** Drops words from the end of `text` until it `fits` (last resort for headlines and subjects). */
function cutToWords(text: string, fits: (text: string) => boolean): string {
  const words = text.split(" ");
  while (words.length > 1 && !fits(words.join(" "))) words.pop();
  return words.join(" ").replace(/[,:;-]+$/, "");
}

/** The bound a field must stay within: the hard maximum, else the truncation point. */
function fieldBound(limit: FieldLimit): number {
  return Math.min(limit.max ?? Number.POSITIVE_INFINITY, limit.recommended ?? Number.POSITIVE_INFINITY);
}

const HASHTAGS_BY_CATEGORY: ReadonlyArray<readonly [RegExp, string]> = [
  [/candle|fragrance/i, "#HomeFragrance"],
  [/kitchen|baking|mug|tableware/i, "#KitchenLove"],
  [/garden|outdoor/i, "#GardenLife"],
  [/stationery|card/i, "#StationeryLove"],
  [/toy|game/i, "#GiftsForKids"],
  [/bath|body/i, "#SelfCare"],
  [/textile|cushion|wall|decor/i, "#HomeDecor"],
];

function hashtagsFor(context: BuiltinContext, angle: Angle): string[] {
  const tags: string[] = [];
  if (context.occasion !== undefined && angle === "occasion") {
    tags.push(`#${context.occasion.name.replace(/^the /i, "").replace(/'s\b/g, "s").split(/\s+/).map(capitalize).join("")}`);
  }
  if (angle === "gift_guide" || context.occasion?.gifting === true) tags.push("#GiftIdeas");
  const category = context.products[0]?.category ?? "";
  const byCategory = HASHTAGS_BY_CATEGORY.find(([pattern]) => pattern.test(category))?.[1];
  if (byCategory !== undefined) tags.push(byCategory);
  return [...new Set(tags)].slice(0, 2).filter((tag) => /^#[A-Za-z0-9]+$/.test(tag));
}

/**
 * Writes one variant of `channel` for `plan`. `random` decides the phrases; the text
 * only ever contains the context's facts.
 */
export function builtinVariant(channel: Channel, plan: VariantPlan, context: BuiltinContext, random: () => number): ChannelCopy {
  const avoid = (text: string) => findAvoidWords(text, context.avoidWords).length > 0;
  /** The phrases without avoided words, unless every phrase has one (the check then reports it). */
  const clean = (phrases: readonly string[]) => {
    const kept = phrases.filter((phrase) => !avoid(phrase));
    return kept.length > 0 ? kept : [...phrases];
  };
  const style = TONE_STYLES[plan.tone];
  const inStock = context.products.filter((product) => product.inStock);
  const featured = inStock.length > 0 ? inStock : [...context.products];
  // Variants of one call feature different products first when there are several.
  const start = featured.length === 0 ? 0 : choose(random) % featured.length;
  const ordered = [...featured.slice(start), ...featured.slice(0, start)];
  const product = ordered[0];
  const second = ordered[1];
  const overallRating =
    context.reviews.averageRating === null ? null : { average: context.reviews.averageRating, count: context.reviews.count };
  const rated = product?.rating !== null && product?.rating !== undefined && product.rating.count >= 3 ? product.rating : overallRating;
  const phraseContext: PhraseContext = {
    shop: context.shop,
    tone: plan.tone,
    occasion: context.occasion,
    season: context.season,
    offer: context.offer,
    rating: rated,
    overallRating,
    aspect: context.reviews.topAspects[0]?.aspect,
    money: (item) => (item.price === null ? undefined : formatMoney(item.price, context.currencySymbol)),
  };
  const phrases = PHRASES[plan.angle];
  const hooks = clean(phrases.hooks(phraseContext));
  const hookIndex = choose(random);
  const leadIndex = choose(random);
  const ctas = clean(style.ctas);
  const cta = at(ctas, choose(random)) ?? "Take a look";
  const greeting = at(clean(style.greetings), choose(random)) ?? "Hello,";
  const signoff = (at(clean(style.signoffs), choose(random)) ?? "The {shop} team").replaceAll("{shop}", context.shop);

  const details: Detail[] = [
    { product, second, price: true },
    { product, second: undefined, price: true },
    { product, second: undefined, price: false },
    { product: undefined, second: undefined, price: false },
  ];
  /** The lead at a detail level; `offset` picks another template of the angle (for a preheader that differs from the body). */
  const leadAt = (level: number, offset = 0) => {
    const detail = details[Math.min(level, details.length - 1)] as Detail;
    const list = clean(phrases.leads(phraseContext, detail));
    return sentence(at(list, leadIndex + offset) ?? "", style.mark === "!" && plan.angle !== "social_proof" ? "!" : ".");
  };
  const hookFrom = (offset: number) => at(hooks, hookIndex + offset) ?? context.shop;
  const hookCandidates = hooks.map((_, offset) => hookFrom(offset));
  const hook = hookFrom(0);
  const offerText = context.offer === null || plan.angle === "offer_led" ? undefined : context.offer;
  const ctaSentence = sentence(cta, style.mark);
  // The shortest copy keeps the offer even for the offer-led angle, whose lead (dropped there) carried it.
  const lastOffer = context.offer === null ? undefined : sentence(offerLine(context.offer, "short"));

  switch (channel) {
    case "sms": {
      const stop = context.marketing ? "Reply STOP to opt out" : undefined;
      const maxSegments = context.concise === true ? 1 : context.limits.sms.maxSegments;
      const fits = (text: string) => analyzeSms(text).segments <= maxSegments;
      const offerFull = offerText === undefined ? undefined : sentence(offerLine(offerText, "full"));
      const offerShort = offerText === undefined ? undefined : sentence(offerLine(offerText, "short"));
      const levels = [
        join(`${context.shop}:`, sentence(hook, style.mark), leadAt(0), offerFull, ctaSentence, stop),
        join(`${context.shop}:`, sentence(hook, style.mark), leadAt(1), offerFull, ctaSentence, stop),
        join(`${context.shop}:`, sentence(hook, style.mark), leadAt(2), offerFull, ctaSentence, stop),
        join(`${context.shop}:`, sentence(hook, style.mark), leadAt(2), offerShort ?? offerFull, stop),
        join(`${context.shop}:`, sentence(hook, style.mark), leadAt(3), offerShort ?? offerFull, stop),
        join(`${context.shop}:`, sentence(hook, style.mark), lastOffer, stop),
        join(sentence(hook, style.mark), lastOffer, stop),
      ];
      const abbreviated = levels.map((text) => text.replace(/ and /g, " & "));
      const candidates = [...levels, ...abbreviated.slice(2)].slice(context.concise === true ? 1 : 0);
      const chosen = firstFitting(candidates, fits);
      // One part was only a wish: when nothing fits it, the configured limit decides as usual.
      return { text: fits(chosen) ? chosen : firstFitting(candidates, (text) => analyzeSms(text).segments <= context.limits.sms.maxSegments) };
    }
    case "email": {
      const subjectFits = (text: string) => countCharacters(text) <= context.limits.email.subject.warnAbove;
      const offerSubject = plan.angle === "offer_led" && context.offer !== null ? [capitalize(context.offer.description.trim())] : [];
      const subject = firstFitting([...offerSubject, ...hookCandidates], subjectFits);
      const subjectText = subjectFits(subject) ? subject : cutToWords(subject, subjectFits);
      const preheaderFits = (text: string) =>
        countCharacters(text) <= context.limits.email.preheader.warnAbove && text.trim() !== subjectText;
      const preheaderOptions = [
        offerText === undefined ? undefined : sentence(offerLine(offerText, "full")),
        leadAt(2, 1),
        leadAt(3, 1),
        leadAt(2),
        leadAt(3),
        sentence(`${cta} at ${context.shop}`),
      ].filter((text): text is string => text !== undefined && text !== leadAt(0) && text !== leadAt(1));
      const preheader = firstFitting(preheaderOptions, preheaderFits);
      const list = ordered.slice(0, 3).map((item) => {
        const price = phraseContext.money(item);
        const rating = plan.angle === "social_proof" && item.rating !== null && item.rating.count >= 3 ? `, rated ${item.rating.average} out of 5` : "";
        return `- ${item.name}${price === undefined ? "" : `: ${price}`}${rating}`;
      });
      const body = [
        greeting,
        leadAt(context.concise === true ? 1 : 0),
        context.concise !== true && (ordered.length > 1 || plan.angle === "social_proof") ? list.join("\n") : "",
        offerText === undefined ? "" : sentence(offerLine(offerText, "full")),
        ctaSentence,
        signoff,
      ]
        .filter((part) => part !== "")
        .join("\n\n");
      const footer = `You're receiving this email because you signed up for news from ${context.shop}.\nUnsubscribe: {{unsubscribe_url}}\n{{postal_address}}`;
      return { subject: subjectText, preheader, body, footer };
    }
    case "push": {
      const titleFits = (text: string) => countCharacters(text) <= context.limits.push.titleMax;
      const bodyFits = (text: string) => countCharacters(text) <= context.limits.push.bodyMax;
      const title = firstFitting(hookCandidates, titleFits);
      const offerShort = offerText === undefined ? undefined : sentence(offerLine(offerText, "short"));
      const offerFull = offerText === undefined ? undefined : sentence(offerLine(offerText, "full"));
      const leads = (context.concise === true ? [1, 2, 3] : [0, 1, 2, 3]).map((level) => leadAt(level));
      const body = firstFitting(
        [
          ...leads.flatMap((lead) => [join(lead, offerFull), join(lead, offerShort)]),
          context.offer === null ? sentence(`${cta} at ${context.shop}`) : sentence(offerLine(context.offer, "full")),
          lastOffer ?? ctaSentence,
        ],
        bodyFits,
      );
      return { title: titleFits(title) ? title : cutToWords(title, titleFits), body };
    }
    case "social": {
      const platform = context.platform;
      const limit = platform?.limits.fields.text;
      const fits = (text: string) => limit === undefined || measure(text, limit) <= fieldBound(limit);
      const tags = hashtagsFor(context, plan.angle).join(" ");
      const offerFull = offerText === undefined ? undefined : sentence(offerLine(offerText, "full"));
      const text = firstFitting(
        [
          join(sentence(hook, style.mark), leadAt(0), offerFull, ctaSentence, tags),
          join(sentence(hook, style.mark), leadAt(1), offerFull, ctaSentence, tags),
          join(sentence(hook, style.mark), leadAt(2), offerFull, ctaSentence),
          join(sentence(hook, style.mark), leadAt(3), offerFull),
          join(sentence(hook, style.mark), offerFull ?? ctaSentence),
        ].slice(context.concise === true ? 2 : 0),
        fits,
      );
      return { platform: platform?.id ?? "x_post", text };
    }
    case "ad": {
      const platform = context.platform;
      const fields = platform?.limits.fields ?? {};
      const fitsField = (field: PlatformField) => (text: string) => {
        const limit = fields[field];
        return limit === undefined || measure(text, limit) <= fieldBound(limit);
      };
      const headlineFits = fitsField("headline");
      const shortNames = ordered.map((item) => item.name);
      const headlineOptions = [...hookCandidates, ...shortNames, context.shop, "Picked for you"];
      const headlineChoice = firstFitting(headlineOptions, headlineFits);
      const headline = headlineFits(headlineChoice) ? headlineChoice : cutToWords(headlineChoice, headlineFits);
      const offerShort = offerText === undefined ? undefined : sentence(offerLine(offerText, "short"));
      const description = firstFitting(
        [
          join(leadAt(0), offerShort, ctaSentence),
          join(leadAt(1), offerShort, ctaSentence),
          join(leadAt(1), offerShort),
          join(leadAt(2), offerShort),
          join(leadAt(3), offerShort),
          join(offerShort, ctaSentence),
          ctaSentence,
          // Platforms with very short descriptions (Meta: 30) get the shortest call to action of the tone.
          ...[...ctas].sort((left, right) => left.length - right.length).map((text) => sentence(text, style.mark)),
        ],
        fitsField("description"),
      );
      const ad: VariantOf<"ad"> = { platform: platform?.id ?? "google_search_ad", headline, description };
      if (fields.primaryText !== undefined) {
        const offerFull = offerText === undefined ? undefined : sentence(offerLine(offerText, "full"));
        ad.primaryText = firstFitting(
          [join(leadAt(0), offerFull), join(leadAt(1), offerFull), join(leadAt(2), offerFull), leadAt(3)],
          fitsField("primaryText"),
        );
      }
      return ad;
    }
  }
}
