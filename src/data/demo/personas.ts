/**
 * The hidden behaviour patterns of demo customers. A customer's persona is never
 * stored in any column: it only shapes what they buy and when, so segmentation,
 * churn and recommendation tools have real structure to find.
 *
 * | persona    | share | behaviour |
 * | ---------- | ----: | --------- |
 * | `loyal`    |   7%  | long-standing big spenders: about two orders a month, 3–8 lines, pricier items, many reviews |
 * | `regular`  |  22%  | steady customers: an order every couple of months, ordinary baskets |
 * | `seasonal` |  17%  | gift buyers: ~80% of their orders in November–December (plus Valentine's/Mother's Day), gift categories, gift wrap |
 * | `one-off`  |  20%  | a single order, placed the day they signed up |
 * | `lapsing`  |  10%  | were frequent (about 1.3 orders a month) and stopped 6–12 months before the end date |
 * | `new`      |   8%  | signed up in the last 3 months; first order on the signup day |
 * | `bargain`  |  12%  | cheap items in big quantities; buy in sales and discounts |
 * | `browser`  |   4%  | signed up (newsletter, account) and never ordered |
 *
 * Every customer also has two or three favourite categories (a seasonal gift
 * buyer's are gift categories) that take about two thirds of their purchases, and
 * most have a favourite design style: collaborative filtering has signal to find.
 */

export type Persona = "loyal" | "regular" | "seasonal" | "one-off" | "lapsing" | "new" | "bargain" | "browser";

/** Which end of a category's price range a customer leans to. */
export type PriceClass = "budget" | "standard" | "premium";

/** How a persona behaves. */
export interface PersonaSpec {
  share: number;
  /** Signup date between this many months before the end date: [most recent, oldest]. */
  signupMonthsAgo: readonly [number, number];
  /** Median orders per month while active, on an average day; customers vary around it. */
  ordersPerMonth: number;
  minOrders: number;
  maxOrders: number;
  /** The first order is placed on the signup day (an account made at checkout). */
  firstOrderOnSignup: boolean;
  /** Stops ordering this many months before the end date: [min, max]. */
  lapseMonths?: readonly [number, number];
  /** Mean number of merchandise lines beyond the first. */
  extraLines: number;
  priceClass: PriceClass;
  /** Buys several of each item. */
  bulkBuyer: boolean;
  /** Ordering-rate multipliers by month, January first (on top of the shop's own seasonality). */
  monthFactors: readonly number[];
  /** Favourite categories come from the gift categories. */
  favouritesFromGifts: boolean;
  /** Share of orders placed in the app (the rest: web, a few by phone). */
  appShare: number;
  /** Relative chance of reviewing a purchase. */
  reviewPropensity: number;
  emailOptIn: number;
  smsOptIn: number;
  /** Chance of gift wrap on an order: [in November–December, otherwise]. */
  giftWrap: readonly [number, number];
  /** Share of lines that re-buy something the customer bought before. */
  repeatShare: number;
  /** Extra chance that a line is discounted (bargain hunters shop the sales). */
  discountAffinity: number;
}

const EVEN_YEAR = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;

export const PERSONAS: Readonly<Record<Persona, PersonaSpec>> = {
  loyal: {
    share: 0.07,
    signupMonthsAgo: [9, 48],
    ordersPerMonth: 2,
    minOrders: 10,
    maxOrders: 90,
    firstOrderOnSignup: false,
    extraLines: 3.2,
    priceClass: "premium",
    bulkBuyer: false,
    monthFactors: EVEN_YEAR,
    favouritesFromGifts: false,
    appShare: 0.45,
    reviewPropensity: 1.8,
    emailOptIn: 0.95,
    smsOptIn: 0.6,
    giftWrap: [0.2, 0.05],
    repeatShare: 0.18,
    discountAffinity: 0,
  },
  regular: {
    share: 0.22,
    signupMonthsAgo: [4, 48],
    ordersPerMonth: 0.45,
    minOrders: 2,
    maxOrders: 30,
    firstOrderOnSignup: false,
    extraLines: 1.8,
    priceClass: "standard",
    bulkBuyer: false,
    monthFactors: EVEN_YEAR,
    favouritesFromGifts: false,
    appShare: 0.25,
    reviewPropensity: 1,
    emailOptIn: 0.88,
    smsOptIn: 0.4,
    giftWrap: [0.12, 0.03],
    repeatShare: 0.12,
    discountAffinity: 0,
  },
  seasonal: {
    share: 0.17,
    signupMonthsAgo: [11, 48],
    ordersPerMonth: 0.26,
    minOrders: 2,
    maxOrders: 16,
    firstOrderOnSignup: false,
    extraLines: 2,
    priceClass: "standard",
    bulkBuyer: false,
    monthFactors: [0.15, 0.8, 0.7, 0.2, 0.2, 0.15, 0.15, 0.15, 0.2, 0.5, 6, 7],
    favouritesFromGifts: true,
    appShare: 0.2,
    reviewPropensity: 0.8,
    emailOptIn: 0.85,
    smsOptIn: 0.35,
    giftWrap: [0.45, 0.15],
    repeatShare: 0.05,
    discountAffinity: 0.05,
  },
  "one-off": {
    share: 0.2,
    signupMonthsAgo: [1, 23],
    ordersPerMonth: 0,
    minOrders: 1,
    maxOrders: 1,
    firstOrderOnSignup: true,
    extraLines: 1.1,
    priceClass: "standard",
    bulkBuyer: false,
    monthFactors: EVEN_YEAR,
    favouritesFromGifts: false,
    appShare: 0.1,
    reviewPropensity: 0.7,
    emailOptIn: 0.75,
    smsOptIn: 0.3,
    giftWrap: [0.15, 0.04],
    repeatShare: 0,
    discountAffinity: 0.05,
  },
  lapsing: {
    share: 0.1,
    signupMonthsAgo: [18, 48],
    ordersPerMonth: 1.3,
    minOrders: 4,
    maxOrders: 40,
    firstOrderOnSignup: false,
    lapseMonths: [6, 12],
    extraLines: 2,
    priceClass: "standard",
    bulkBuyer: false,
    monthFactors: EVEN_YEAR,
    favouritesFromGifts: false,
    appShare: 0.3,
    reviewPropensity: 1.1,
    emailOptIn: 0.8,
    smsOptIn: 0.4,
    giftWrap: [0.12, 0.03],
    repeatShare: 0.12,
    discountAffinity: 0,
  },
  new: {
    share: 0.08,
    signupMonthsAgo: [0, 3],
    ordersPerMonth: 0.6,
    minOrders: 1,
    maxOrders: 6,
    firstOrderOnSignup: true,
    extraLines: 1.5,
    priceClass: "standard",
    bulkBuyer: false,
    monthFactors: EVEN_YEAR,
    favouritesFromGifts: false,
    appShare: 0.3,
    reviewPropensity: 0.8,
    emailOptIn: 0.9,
    smsOptIn: 0.45,
    giftWrap: [0.12, 0.03],
    repeatShare: 0.05,
    discountAffinity: 0,
  },
  bargain: {
    share: 0.12,
    signupMonthsAgo: [4, 48],
    ordersPerMonth: 0.5,
    minOrders: 2,
    maxOrders: 30,
    firstOrderOnSignup: false,
    extraLines: 2.2,
    priceClass: "budget",
    bulkBuyer: true,
    monthFactors: [1.5, 1, 1, 1, 1, 1, 1.2, 1, 1, 1, 1.2, 0.9],
    favouritesFromGifts: false,
    appShare: 0.3,
    reviewPropensity: 1,
    emailOptIn: 0.9,
    smsOptIn: 0.45,
    giftWrap: [0.03, 0.01],
    repeatShare: 0.15,
    discountAffinity: 0.25,
  },
  browser: {
    share: 0.04,
    signupMonthsAgo: [0, 36],
    ordersPerMonth: 0,
    minOrders: 0,
    maxOrders: 0,
    firstOrderOnSignup: false,
    extraLines: 0,
    priceClass: "standard",
    bulkBuyer: false,
    monthFactors: EVEN_YEAR,
    favouritesFromGifts: false,
    appShare: 0,
    reviewPropensity: 0,
    emailOptIn: 0.7,
    smsOptIn: 0.2,
    giftWrap: [0, 0],
    repeatShare: 0,
    discountAffinity: 0,
  },
};

export const PERSONA_NAMES = Object.keys(PERSONAS) as Persona[];
