/**
 * Generates demo customers: rows for `customers` plus the hidden traits (persona,
 * favourite categories, style, ordering rate) that drive their orders.
 *
 * Customer ids are `C` + six digits from `C100001`, given in signup order, as a
 * shop's own system would number accounts.
 */
import { addMonths, MS_PER_DAY } from "./calendar.ts";
import { CATEGORIES } from "./catalogue-categories.ts";
import { STYLES, type Style } from "./catalogue-vocabulary.ts";
import type { ResolvedDemoOptions } from "./options.ts";
import { COUNTRIES, EMAIL_DOMAINS, PHONE_PREFIX, PHONE_RANGE_SIZE } from "./people-vocabulary.ts";
import { PERSONA_NAMES, PERSONAS, type Persona, type PersonaSpec } from "./personas.ts";
import type { Random } from "./random.ts";
import type { CustomerRow } from "./rows.ts";

const DAYS_PER_MONTH = 365.25 / 12;
/** How much more a favourite category is chosen than its base share says. */
const FAVOURITE_BOOST = 8;
/** Share of customers with a favourite design style. */
const STYLE_PREFERENCE_SHARE = 0.75;

/** A customer with the traits that shape their orders. */
export interface DemoCustomer {
  /** Position in the customer list (id order). */
  index: number;
  row: CustomerRow;
  persona: Persona;
  spec: PersonaSpec;
  signupDay: number;
  /** First and last day (inclusive) on which this customer may order; `activeTo < activeFrom` for none. */
  activeFrom: number;
  activeTo: number;
  /** Orders per month on an average day while active (persona median times a personal factor). */
  ordersPerMonth: number;
  /** Category choice weights (index = category index), favourites boosted. */
  categoryWeights: Float64Array;
  favouriteCategories: number[];
  /** Preferred design style, if any. */
  style: Style | undefined;
}

/** Generates the customers, in id (signup) order. */
export function generateCustomers(random: Random, options: ResolvedDemoOptions): DemoCustomer[] {
  const personas = apportion(random, options.customerCount);
  const emails = new Set<string>();
  const phones = random.shuffle(Array.from({ length: PHONE_RANGE_SIZE }, (_, index) => index));
  let nextPhone = 0;

  const drafts = personas.map((persona, draftIndex) => {
    const spec = PERSONAS[persona];
    const [recent, oldest] = spec.signupMonthsAgo;
    const signupDay = options.endDay - Math.round(random.uniform(recent, oldest) * DAYS_PER_MONTH);
    const activeFrom = Math.max(signupDay, options.startDay);
    let activeTo = options.endDay;
    if (spec.lapseMonths !== undefined) {
      const [minimum, maximum] = spec.lapseMonths;
      // The last possible order day: at least `minimum` whole calendar months before the end.
      activeTo = addMonths(options.endDay, -minimum) - Math.round(random.uniform(0, maximum - minimum) * DAYS_PER_MONTH);
    }
    if (spec.maxOrders === 0) activeTo = activeFrom - 1;

    const country = random.weightedPick(COUNTRIES, (candidate) => candidate.share);
    const firstName = random.pick(country.firstNames);
    const lastName = random.pick(country.lastNames);
    const smsOptIn = random.chance(spec.smsOptIn);
    // Numbers for SMS come only from Ofcom's drama range, which has 1,000 numbers:
    // beyond that they repeat, which is harmless because phone is not an identifier.
    const hasPhone = smsOptIn || random.chance(0.3);
    const phone = hasPhone ? `${PHONE_PREFIX}${String(phones[nextPhone++ % PHONE_RANGE_SIZE]).padStart(3, "0")}` : null;

    const favouriteCount = random.chance(0.55) ? 2 : 3;
    const pool = CATEGORIES.map((category, index) => ({ index, category })).filter(
      ({ category }) => !spec.favouritesFromGifts || category.gift,
    );
    const favourites: number[] = [];
    while (favourites.length < favouriteCount && favourites.length < pool.length) {
      const candidate = random.weightedPick(pool, ({ category }) => category.salesShare).index;
      if (!favourites.includes(candidate)) favourites.push(candidate);
    }
    const categoryWeights = Float64Array.from(CATEGORIES, (category, index) =>
      category.salesShare * (favourites.includes(index) ? FAVOURITE_BOOST : 1),
    );

    return {
      draftIndex,
      signupDay,
      customer: {
        persona,
        spec,
        signupDay,
        activeFrom,
        activeTo,
        ordersPerMonth: spec.ordersPerMonth * random.logNormal(0, 0.35),
        categoryWeights,
        favouriteCategories: favourites,
        style: random.chance(STYLE_PREFERENCE_SHARE) ? random.pick(STYLES) : undefined,
      },
      row: {
        name: `${firstName} ${lastName}`,
        email: uniqueEmail(random, firstName, lastName, emails),
        phone,
        country: country.name,
        city: random.weightedPick(country.cities, ([, weight]) => weight)[0],
        signup_date: new Date(signupDay * MS_PER_DAY),
        email_opt_in: random.chance(spec.emailOptIn),
        sms_opt_in: smsOptIn,
      },
    };
  });

  drafts.sort((a, b) => a.signupDay - b.signupDay || a.draftIndex - b.draftIndex);
  return drafts.map((draft, index) => ({
    index,
    ...draft.customer,
    row: { customer_id: `C${100001 + index}`, ...draft.row },
  }));
}

/** Personas for `count` customers in exact proportion to their shares (largest remainder), shuffled. */
function apportion(random: Random, count: number): Persona[] {
  const quotas = PERSONA_NAMES.map((persona) => ({ persona, exact: PERSONAS[persona].share * count }));
  const counts = new Map(quotas.map(({ persona, exact }) => [persona, Math.floor(exact)]));
  let left = count - [...counts.values()].reduce((sum, value) => sum + value, 0);
  for (const { persona } of [...quotas].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (left-- <= 0) break;
    counts.set(persona, (counts.get(persona) ?? 0) + 1);
  }
  return random.shuffle(PERSONA_NAMES.flatMap((persona) => Array<Persona>(counts.get(persona) ?? 0).fill(persona)));
}

const LETTER_FOLDS: Readonly<Record<string, string>> = { ø: "o", æ: "ae", ß: "ss", œ: "oe", đ: "d", ł: "l" };

/** Lower-case ASCII for an email local part: "Siobhán O'Sullivan" → "siobhan", "osullivan". */
function asciiWord(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[øæßœđł]/g, (letter) => LETTER_FOLDS[letter] ?? "")
    .replace(/[^a-z0-9]/g, "");
}

function uniqueEmail(random: Random, firstName: string, lastName: string, taken: Set<string>): string {
  const first = asciiWord(firstName);
  const last = asciiWord(lastName);
  const domain = random.weightedPick(EMAIL_DOMAINS, ([, weight]) => weight)[0];
  const local = random.pick([
    `${first}.${last}`,
    `${first}${last}`,
    `${first[0] ?? ""}.${last}`,
    `${first}_${last}`,
    `${first}.${last}${random.int(1, 99)}`,
    `${first}${random.int(60, 99)}`,
  ]);
  let email = `${local}@${domain}`;
  for (let suffix = 2; taken.has(email); suffix++) email = `${local}${suffix}@${domain}`;
  taken.add(email);
  return email;
}
