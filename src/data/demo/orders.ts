/**
 * Generates two years of demo orders: each customer's orders as a Poisson process
 * over their active days, shaped by the shop's seasonality and their persona, plus
 * guest checkouts for sales totals.
 *
 * Two passes: first every order's time (customers and guests), sorted so ids follow
 * time; then every basket in that order, which is also each customer's own
 * chronological order, so repeat purchases only re-buy what was bought before.
 *
 * Order ids are `SO` + seven digits from `SO1000001`, in time order.
 */
import { wallClock, weekdayOf } from "./calendar.ts";
import { appendBasket, ProductPicker, type Shopper } from "./baskets.ts";
import type { Catalogue } from "./catalogue.ts";
import { CATEGORIES } from "./catalogue-categories.ts";
import type { DemoCustomer } from "./customers.ts";
import type { ResolvedDemoOptions } from "./options.ts";
import { COUNTRIES, HOME_COUNTRY } from "./people-vocabulary.ts";
import { PERSONAS } from "./personas.ts";
import type { Random } from "./random.ts";
import type { OrderChannel, OrderItemRow, OrderRow, OrderStatus } from "./rows.ts";
import { HOUR_CUMULATIVE_BY_WEEKDAY, weightBetween, type Seasonality } from "./seasonality.ts";

const DAYS_PER_MONTH = 365.25 / 12;
/** Guest checkouts per day at scale 1 on an average day. */
const GUEST_ORDERS_PER_DAY = 7.5;
/** Share of guest orders from outside the UK. */
const GUEST_ABROAD_SHARE = 0.08;
const CANCELLED_SHARE = 0.025;
const PHONE_SHARE = 0.02;
/** Guests shop like one-off customers. */
const GUEST_SPEC = PERSONAS["one-off"];

/**
 * Purchases of one product by a known customer in a completed order, in time order:
 * what reviews are written about. Parallel arrays rather than objects, because
 * there are a couple of hundred thousand and they only live until reviews are made.
 */
export interface PurchaseLog {
  /** Index of the buyer in the customer list. */
  customerIndex: number[];
  productIndex: number[];
  /** Order time in epoch milliseconds (shop wall-clock). */
  orderedAt: number[];
}

/** The generated orders, their lines, and the purchases reviews may follow. */
export interface GeneratedOrders {
  orders: OrderRow[];
  items: OrderItemRow[];
  purchases: PurchaseLog;
}

interface DraftOrder {
  day: number;
  orderedAt: Date;
  /** `orderedAt` in epoch milliseconds, for sorting without method calls. */
  time: number;
  /** Tie-breaker for identical timestamps: generation order. */
  sequence: number;
  customer: DemoCustomer | undefined;
  shopper: Shopper;
  status: OrderStatus;
  channel: OrderChannel;
}

/** Generates all orders for `customers` (in id order) over the window, plus guest orders. */
export function generateOrders(
  random: Random,
  options: ResolvedDemoOptions,
  seasonality: Seasonality,
  catalogue: Catalogue,
  customers: readonly DemoCustomer[],
): GeneratedOrders {
  const timing = random.fork("timing");
  const drafts: DraftOrder[] = [];
  for (const customer of customers) {
    const shopper: Shopper = {
      categoryWeights: customer.categoryWeights,
      style: customer.style,
      spec: customer.spec,
      country: customer.row.country,
      history: [],
    };
    for (const day of orderDays(timing, seasonality, customer)) {
      const roll = timing.next();
      const orderedAt = timeOfDay(timing, day);
      drafts.push({
        day,
        orderedAt,
        time: orderedAt.getTime(),
        sequence: drafts.length,
        customer,
        shopper,
        status: timing.chance(CANCELLED_SHARE) ? "cancelled" : "completed",
        channel: roll < PHONE_SHARE ? "phone" : roll < PHONE_SHARE + customer.spec.appShare ? "app" : "web",
      });
    }
  }
  drafts.push(...guestOrders(random.fork("guests"), options, seasonality, drafts.length));
  drafts.sort((a, b) => a.time - b.time || a.sequence - b.sequence);

  const baskets = random.fork("baskets");
  const picker = new ProductPicker(catalogue);
  const orders: OrderRow[] = [];
  const items: OrderItemRow[] = [];
  const purchases: PurchaseLog = { customerIndex: [], productIndex: [], orderedAt: [] };
  drafts.forEach((draft, index) => {
    const orderId = `SO${1000001 + index}`;
    const customer = draft.customer;
    orders.push({
      order_id: orderId,
      customer_id: customer?.row.customer_id ?? null,
      ordered_at: draft.orderedAt,
      status: draft.status,
      channel: draft.channel,
      country: draft.shopper.country,
    });
    const offset = draft.day - seasonality.startDay;
    const moment = { month: seasonality.months[offset] as number, sale: seasonality.sales[offset] ?? "none" };
    const bought = appendBasket(baskets, catalogue, picker, draft.shopper, moment, orderId, items);
    if (customer !== undefined && draft.status === "completed") {
      for (const productIndex of bought) {
        purchases.customerIndex.push(customer.index);
        purchases.productIndex.push(productIndex);
        purchases.orderedAt.push(draft.time);
      }
    }
  });
  return { orders, items, purchases };
}

/** The days on which `customer` orders, ascending. */
function orderDays(random: Random, seasonality: Seasonality, customer: DemoCustomer): number[] {
  const { spec, activeFrom, activeTo } = customer;
  if (spec.maxOrders === 0 || activeTo < activeFrom) return [];
  const cumulative = seasonality.cumulativeByPersona.get(customer.persona) as Float64Array;
  const { startDay } = seasonality;
  const days: number[] = [];
  let from = activeFrom;
  if (spec.firstOrderOnSignup) {
    days.push(customer.signupDay);
    from = customer.signupDay + 1;
  }
  const expected = (customer.ordersPerMonth / DAYS_PER_MONTH) * weightBetween(cumulative, startDay, from, activeTo);
  const wanted = Math.min(spec.maxOrders, Math.max(spec.minOrders, days.length + random.poisson(expected)));
  if (from <= activeTo) {
    while (days.length < wanted) days.push(startDay + random.cumulativeIndex(cumulative, from - startDay, activeTo - startDay + 1));
  }
  return days.sort((a, b) => a - b);
}

/** A wall-clock time on `day`, drawn from that weekday's hourly profile. */
function timeOfDay(random: Random, day: number): Date {
  const hour = random.cumulativeIndex(HOUR_CUMULATIVE_BY_WEEKDAY[weekdayOf(day)] as Float64Array);
  return wallClock(day, hour * 60 + random.int(0, 59), random.int(0, 59));
}

/** Guest checkouts: no account, small baskets, mostly UK, through the website or by phone. */
function guestOrders(random: Random, options: ResolvedDemoOptions, seasonality: Seasonality, firstSequence: number): DraftOrder[] {
  const { startDay, endDay, cumulative } = seasonality;
  const count = random.poisson(GUEST_ORDERS_PER_DAY * options.scale * (endDay - startDay + 1));
  const categoryWeights = Float64Array.from(CATEGORIES, (category) => category.salesShare);
  const abroad = COUNTRIES.filter((country) => country.name !== HOME_COUNTRY);
  const abroadWeights = abroad.map((country) => country.share);
  const shopperFor = new Map<string, Shopper>();
  const drafts: DraftOrder[] = [];
  for (let index = 0; index < count; index++) {
    const day = startDay + random.cumulativeIndex(cumulative);
    const country = random.chance(GUEST_ABROAD_SHARE) ? (abroad[random.weightedIndex(abroadWeights)] as (typeof abroad)[number]).name : HOME_COUNTRY;
    // Guests have no history, so one shopper per country serves them all.
    let shopper = shopperFor.get(country);
    if (shopper === undefined) {
      shopper = { categoryWeights, style: undefined, spec: GUEST_SPEC, country, history: undefined };
      shopperFor.set(country, shopper);
    }
    const orderedAt = timeOfDay(random, day);
    drafts.push({
      day,
      orderedAt,
      time: orderedAt.getTime(),
      sequence: firstSequence + index,
      customer: undefined,
      shopper,
      status: random.chance(CANCELLED_SHARE) ? "cancelled" : "completed",
      channel: random.chance(PHONE_SHARE * 2) ? "phone" : "web",
    });
  }
  return drafts;
}
