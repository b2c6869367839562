/**
 * When the demo shop sells: a weight per day of the two-year window and a weight
 * per hour of the day. Orders are drawn in proportion to these weights.
 *
 * - Week: an online shop busiest on Sunday and Monday (evenings on the sofa, and
 *   the Monday lunch break), quieter through the week and quietest on Saturday,
 *   when people are out: Sun 1.25, Mon 1.15, Tue 1.0, Wed 1.0, Thu 0.95, Fri 0.85, Sat 0.7.
 * - Year: a smooth curve (January low, a summer bump for garden and party, autumn
 *   rising) and a strong November–December peak: the week before Black Friday,
 *   Black Friday (×2.6), Cyber Monday (×2.2), early December, then a fall after the
 *   last posting day (18 December) to almost nothing on Christmas Day, and a Boxing
 *   Day sale. Smaller bumps before Valentine's Day, Mothering Sunday and Father's Day.
 * - Trend: +10% a year on top of a growing customer base.
 * - Hours: low at night, a lunchtime bump, an evening peak at 19:00–22:00 that is
 *   stronger on Sunday and Monday and weaker on Saturday.
 */
import { blackFriday, dayNumber, fathersDay, motheringSunday, partsOf, weekdayOf } from "./calendar.ts";
import { PERSONA_NAMES, PERSONAS, type Persona } from "./personas.ts";
import { cumulativeSums } from "./random.ts";

/** Order-rate multipliers by weekday, Sunday first. */
export const WEEKDAY_FACTORS: readonly number[] = [1.25, 1.15, 1, 1, 0.95, 0.85, 0.7];

/** The yearly curve at the middle of each month, January first; days in between are interpolated. */
const MID_MONTH_FACTORS: readonly number[] = [0.8, 0.85, 0.9, 0.92, 1, 1.05, 1, 0.9, 0.95, 1.05, 1.3, 1.3];

/** Yearly growth of the order rate on top of customer-base growth. */
const TREND_PER_YEAR = 0.1;

/** Hourly weights, midnight first. */
const HOUR_WEIGHTS: readonly number[] = [
  0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.3, 0.7, 1.1, 1.3, 1.4, 1.5, 1.8, 1.7, 1.4, 1.3, 1.3, 1.4, 1.7, 2.2, 2.5, 2.3, 1.6, 0.8,
];

/** What makes a day special, as a multiplier for everyone and extra ones for some personas. */
interface DayEvent {
  factor: number;
  /** Extra multipliers for personas that react more strongly. */
  personas?: Partial<Record<Persona, number>>;
}

/** The events of the calendar year containing `day`, as a multiplier lookup. */
function eventOn(day: number): DayEvent {
  const { year, month, day: dayOfMonth } = partsOf(day);
  const friday = blackFriday(year);
  const deals = { seasonal: 1.4, bargain: 2 } as const;
  if (day === friday) return { factor: 2.6, personas: deals };
  if (day === friday + 3) return { factor: 2.2, personas: deals };
  if (day === friday + 1 || day === friday + 2) return { factor: 1.6, personas: deals };
  if (day >= friday - 7 && day < friday) return { factor: 1.2, personas: { bargain: 1.4 } };
  if (month === 12) {
    if (dayOfMonth <= 14) return { factor: 1.35 };
    if (dayOfMonth <= 18) return { factor: 1.25 };
    if (dayOfMonth <= 21) return { factor: 0.8 };
    if (dayOfMonth <= 23) return { factor: 0.5 };
    if (dayOfMonth === 24) return { factor: 0.35 };
    if (dayOfMonth === 25) return { factor: 0.2 };
    if (dayOfMonth === 26) return { factor: 1, personas: { bargain: 2 } };
    return { factor: 0.8, personas: { bargain: 1.5 } };
  }
  if (month === 1 && dayOfMonth <= 10) return { factor: 0.95, personas: { bargain: 1.5 } };
  if (month === 2 && dayOfMonth >= 6 && dayOfMonth <= 13) return { factor: 1.15, personas: { seasonal: 1.5 } };
  const mothers = motheringSunday(year);
  if (day >= mothers - 10 && day <= mothers - 2) return { factor: 1.3, personas: { seasonal: 1.8 } };
  const fathers = fathersDay(year);
  if (day >= fathers - 8 && day <= fathers - 2) return { factor: 1.1, personas: { seasonal: 1.3 } };
  return { factor: 1 };
}

/** The smooth yearly curve at `day`, interpolated between mid-month anchors. */
function yearlyCurve(day: number): number {
  const { year, month, day: dayOfMonth } = partsOf(day);
  const middle = dayNumber(year, month, 15);
  const otherMonth = dayOfMonth >= 15 ? month + 1 : month - 1;
  const otherMiddle = dayNumber(year, otherMonth, 15);
  const here = MID_MONTH_FACTORS[month - 1] as number;
  const there = MID_MONTH_FACTORS[(otherMonth + 11) % 12] as number;
  const position = (day - middle) / (otherMiddle - middle);
  return here + (there - here) * position;
}

/** Sales that change prices: none, the Black Friday weekend (to Cyber Monday), or the winter sale (26 Dec–10 Jan). */
export type SaleKind = "none" | "black-friday" | "winter-sale";

/** Day weights for the window, overall and per persona, ready for sampling, and per-day calendar facts. */
export interface Seasonality {
  startDay: number;
  endDay: number;
  /** Month (1–12) of each day of the window (index = day − startDay). */
  months: Uint8Array;
  /** The price-changing sale running on each day of the window. */
  sales: readonly SaleKind[];
  /** Weight of each day (index = day − startDay), averaging 1 over the window: used for guest orders. */
  dayWeights: Float64Array;
  /** Cumulative day weights per persona, each averaging 1 a day over the window. */
  cumulativeByPersona: ReadonlyMap<Persona, Float64Array>;
  /** Cumulative `dayWeights`. */
  cumulative: Float64Array;
}

/** Builds the day weights for the window `[startDay, endDay]`. */
export function buildSeasonality(startDay: number, endDay: number): Seasonality {
  const length = endDay - startDay + 1;
  const base = new Float64Array(length);
  const events: DayEvent[] = [];
  const months = new Uint8Array(length);
  const sales: SaleKind[] = [];
  for (let index = 0; index < length; index++) {
    const day = startDay + index;
    const event = eventOn(day);
    events.push(event);
    const parts = partsOf(day);
    months[index] = parts.month;
    sales.push(saleOn(day));
    base[index] =
      (WEEKDAY_FACTORS[weekdayOf(day)] as number) * yearlyCurve(day) * event.factor * (1 + (TREND_PER_YEAR * index) / 365.25);
  }
  const dayWeights = normalised(base);
  const cumulativeByPersona = new Map<Persona, Float64Array>();
  for (const persona of PERSONA_NAMES) {
    const factors = PERSONAS[persona].monthFactors;
    const weights = base.map(
      (weight, index) => weight * (factors[(months[index] as number) - 1] as number) * (events[index]?.personas?.[persona] ?? 1),
    );
    cumulativeByPersona.set(persona, cumulativeSums(normalised(weights)));
  }
  return { startDay, endDay, months, sales, dayWeights, cumulativeByPersona, cumulative: cumulativeSums(dayWeights) };
}

/** Which price-changing sale runs on `day`. */
function saleOn(day: number): SaleKind {
  const { year, month, day: dayOfMonth } = partsOf(day);
  const friday = blackFriday(year);
  if (day >= friday && day <= friday + 3) return "black-friday";
  if ((month === 12 && dayOfMonth >= 26) || (month === 1 && dayOfMonth <= 10)) return "winter-sale";
  return "none";
}

function normalised(weights: Float64Array): Float64Array {
  let total = 0;
  for (const weight of weights) total += weight;
  const mean = total / weights.length;
  return weights.map((weight) => weight / mean);
}

/** Total weight of days `[from, to]` (inclusive, absolute day numbers) in a cumulative array. */
export function weightBetween(cumulative: Float64Array, startDay: number, from: number, to: number): number {
  if (to < from) return 0;
  const high = cumulative[to - startDay] as number;
  const low = from === startDay ? 0 : (cumulative[from - 1 - startDay] as number);
  return high - low;
}

/** Cumulative hourly weights for each weekday, Sunday first. */
export const HOUR_CUMULATIVE_BY_WEEKDAY: readonly Float64Array[] = WEEKDAY_FACTORS.map((_, weekday) =>
  cumulativeSums(
    HOUR_WEIGHTS.map((weight, hour) => {
      const evening = hour >= 18 && hour <= 22;
      if (evening && (weekday === 0 || weekday === 1)) return weight * 1.3;
      if (weekday === 6) return evening ? weight * 0.75 : hour >= 9 && hour <= 16 ? weight * 1.15 : weight;
      return weight;
    }),
  ),
);
