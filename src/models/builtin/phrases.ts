/**
 * Product phrases and search queries in requests (pure): "what goes with the Fresh Linen
 * Scented Candle" names a product to look up; "find gifts for gardeners under £30" is a
 * catalogue query once the command words and filters are taken out.
 */
import { extractSegmentName } from "./extract.ts";
import { normalize } from "./text.ts";

/** Which tool's wording to look for a product phrase in. */
export type PhraseContext = "recommend" | "forecast" | "sentiment" | "draft";

const PHRASE_PATTERNS: Readonly<Record<PhraseContext, readonly RegExp[]>> = {
  recommend: [
    /\b(?:people|customers|shoppers|those|anyone) who (?:buy|bought|purchase|purchased|order|ordered|like|love) (.+?) (?:likely|also|usually|tend|often|are|will|would|typically|go on)\b/,
    /\bgo(?:es)? (?:well )?with (.+)/,
    /\bgo together with (.+)/,
    /\bcross-?sell(?:ing)?(?: ideas| products| suggestions)? (?:for|with|to go with) (.+)/,
    /\bup-?sell(?:ing)?(?: ideas| products| suggestions)? (?:for|with) (.+)/,
    /\b(?:bought|buy|buys|purchased|ordered) (?:together )?(?:with|alongside) (.+)/,
    /\bsimilar to (.+)/,
    /\bcomplements? (.+)/,
    /\bbundle (?:with|for) (.+)/,
    /\b(?:alongside|next to) (.+)/,
  ],
  forecast: [
    /\bhow many (.+?) (?:will|would|do|does|can|could|might|are) we (?:sell|move|ship)\b/,
    /\b(?:sales|demand|units|revenue|orders) (?:of|for) (?!the next|next|the coming|segment|our customers|customers)(.+)/,
  ],
  sentiment: [
    /\b(?:quality|price|pricing|design|packaging|delivery|size|look) of (.+)/,
    /\b(?:reviews?|feedback|ratings?|sentiment|opinions?|complaints?|praise|comments) (?:of|for|on|about) (.+)/,
    /\b(?:feel|think|say|saying) about (.+)/,
    /\b(?:happy|satisfied|pleased|unhappy|disappointed) (?:are (?:customers|people|shoppers|buyers) )?with (.+)/,
  ],
  draft: [/\b(?:featuring|feature|showcasing|showcase|promoting|promote|highlighting|highlight|spotlighting|spotlight|starring) (.+)/, /\bwith products like (.+)/],
};

const PRONOUNS = /^(?:them|it|these|those|they|this|that|this one|that one|these ones|those ones|the products|those products|these products|the items|the results|the first \w+|the top \w+|first \w+|top \w+)$/;
const NOT_PRODUCTS =
  /^(?:us|our shop|the shop|our store|the store|everything|anything|all products|products|items|our products|the business|our brand|the brand|it all|things|stuff|customers|people|what they(?:'d| would)? (?:like|love|buy)|products they(?:'d| would)? (?:like|love|enjoy))$/;
const ASPECT_ONLY = /^(?:delivery|deliveries|shipping|price|prices|pricing|value|quality|packaging|size|sizes|fit|service|customer service|support|design|the delivery|the price|our delivery|our service|our prices|our packaging|the packaging|the quality)$/;

/** Trims a captured phrase to the product words: no trailing time phrases, verbs or punctuation; no leading articles. */
export function cleanPhrase(raw: string): string | undefined {
  let phrase = normalize(raw)
    .replace(/[?!;:].*$/, "")
    .replace(/[.,](?:\s.*)?$/, "")
    .replace(/\s+(?:over|in|for|during|within|across|by) (?:the )?(?:next|coming|last|past|following)\b.*$/, "")
    .replace(/\s+(?:next|this|last) (?:week|month|quarter|year|fortnight)\b.*$/, "")
    .replace(/\s+(?:will|would|do|does|did|is|are|was|were|likely|also|usually|tend|then|that|which|who|whose|lately|recently|so far|overall|please|instead|since|getting|going|compared)\b.*$/, "")
    .replace(/\s+(?:to|for|in) (?:an?|the|our) (?:email|sms|push|post|ad|newsletter|campaign|message|text)\b.*$/, "")
    .replace(/\s+(?:in|as|via|by) (?:an?\s+)?(?:email|sms|push|post|ad|newsletter|text message)\b.*$/, "")
    .replace(/\s+(?:to|for) (?:segment|customers?|shoppers|our|the|them|everyone|people)\b.*$/, "")
    .replace(/^(?:the|our|a|an|some|any|my|those|these|this|that|your)\s+/, "")
    .replace(/^(?:the|our|a|an)\s+/, "")
    .trim();
  if (phrase === "" || phrase.length < 3) return undefined;
  phrase = phrase.replace(/\s+/g, " ");
  if (PRONOUNS.test(phrase) || NOT_PRODUCTS.test(phrase) || ASPECT_ONLY.test(phrase)) return undefined;
  // Time spans, aspects and metrics are not products: "the last 90 days", "packaging", "units".
  if (/^(?:last|past|next|coming|previous|this|recent|whole|entire)\b|\b(?:days|weeks|months|quarters|years|today|yesterday)\b/.test(phrase)) return undefined;
  if (ASPECT_ONLY.test(phrase.split(" ")[0] ?? "")) return undefined;
  if (/^(?:units?|items?|products?|orders?|things|pieces|sales|revenue|everything|stuff|goods|merchandise|stock)$/.test(phrase)) return undefined;
  if (extractSegmentName(phrase) !== undefined && /\b(?:customers|buyers|shoppers|segment|ones|champions|loyal|risk)\b/.test(phrase)) return undefined;
  if (/\bsegment\b|\bcustref\b|\bcustomers?\b/.test(phrase)) return undefined;
  return phrase;
}

/** The product the clause names in words, for `context`'s tool; undefined when it names none (or only by id). */
export function extractProductPhrase(clause: string, context: PhraseContext): string | undefined {
  const normal = normalize(clause);
  for (const pattern of PHRASE_PATTERNS[context]) {
    const match = pattern.exec(normal);
    if (!match?.[1]) continue;
    // Ids are read by extractProductIds; a phrase that is just an id is not a name.
    if (/^(?:product |item |sku )?(?:[a-z]{1,4}\d{4,}[a-z]?|\d{5}[a-z]{0,2})\b/.test(match[1].replace(/^(?:the|our)\s+/, ""))) return undefined;
    const phrase = cleanPhrase(match[1]);
    if (phrase !== undefined) return phrase;
  }
  return undefined;
}

/**
 * A reference to products already shown: "featuring them", "the first three", "these".
 * Returns how many to take (default 3), or undefined when the clause makes none.
 */
export function extractProductReference(clause: string): number | undefined {
  const normal = normalize(clause);
  const ordinal = /\b(?:the )?(?:first|top) (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b(?! (?:days?|weeks?|months?|segments?|customers?))/.exec(normal);
  const counts: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
  if (ordinal?.[1] && /\b(?:featur|showcas|promot|highlight|spotlight|with|about|using|include)\w*\b/.test(normal)) {
    return /^\d+$/.test(ordinal[1]) ? Number(ordinal[1]) : counts[ordinal[1]];
  }
  if (
    /\b(?:featuring|feature|showcasing|promoting|highlighting|with|about|using|including)\s+(?:them|these|those|it|these products|those products|the products|the results|these items|those items|that product|this product)\b/.test(
      normal,
    ) ||
    /\b(?:for|about) (?:it|them|these|those)\s*[?.!]?$/.test(normal)
  ) {
    return 3;
  }
  return undefined;
}

/** Whether the clause asks for products picked for the audience ("with products they'd like", "what they're likely to buy"). */
export function wantsRecommendedProducts(clause: string): boolean {
  return /\b(?:products?|items?|things|picks?) (?:they|he|she|customers?|people)(?:'d| would| will|'ll| are likely to| might)? (?:like|love|enjoy|want|buy)\b|\bwhat they(?:'re| are)? (?:likely to|would|might) (?:buy|like|love|want)\b|\b(?:recommended|personalised|personalized|tailored) (?:products?|picks?|items?)\b|\btheir (?:likely )?(?:favourites|favorites|top picks)\b|\bthey(?:'d| would) (?:like|love)\b/.test(
    normalize(clause),
  );
}

/**
 * The catalogue query in a search request: command words, counts, price and stock
 * filters taken out ("Show me 10 Christmas decorations that are in stock" → "christmas decorations").
 */
export function searchQueryOf(clause: string): string {
  let query = normalize(clause)
    .replace(/[?!]+/g, " ")
    .replace(/\b(?:between|from)\s+(?:£|\$|€)?\s?\d+(?:\.\d{1,2})?\s+(?:and|to)\s+(?:£|\$|€)?\s?\d+(?:\.\d{1,2})?\b/g, " ")
    .replace(/(?:£|\$|€)\s?\d+(?:\.\d{1,2})?\s?(?:-|to|and)\s?(?:£|\$|€)?\s?\d+(?:\.\d{1,2})?/g, " ")
    .replace(/\b(?:under|below|less than|cheaper than|up to|no more than|over|above|more than|at least|costing|priced at)\s+(?:£|\$|€)?\s?\d+(?:\.\d{1,2})?(?:\s?(?:pounds?|quid|euros?|dollars?))?/g, " ")
    .replace(/\b(?:that are|which are|that's|currently|only)?\s*(?:in stock|in-stock|available now|currently available)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const leading =
    /^(?:(?:can|could|would) you |please |i'd like to |i want to |help me |let's |quickly |i'm |i am |we're |we are )*(?:search (?:the |our )?(?:catalog(?:ue)?|shop|store|products|range)?\s*(?:for )?|look (?:up|for) |find (?:me )?|show (?:me )?|list |get (?:me )?|give me |which |what (?:could|can|should|would) we (?:feature|sell|offer|suggest) (?:for )?|what's in |what is in |what |do we (?:sell|have|stock|carry) (?:any )?|have we got (?:any )?|are there (?:any )?|we need |i need |i'm looking for |looking for |browse |suggest )/;
  for (let index = 0; index < 3; index++) {
    const next = query.replace(leading, "").trim();
    if (next === query) break;
    query = next;
  }
  query = query
    .replace(/^(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\s+/, "")
    .replace(/\s+(?:do we (?:have|sell|stock|carry)|have we got|we (?:sell|have|stock|carry)|in (?:the |our )?catalog(?:ue)?|in the shop|are there)\s*$/, "")
    .replace(/^(?:products?|items?|things|ideas|stuff)\s+(?:for|to|that)\s+/, "")
    .replace(/^(?:for|to)\s+/, "")
    .replace(/^(?:i'm |i am |we're |we are )?(?:looking for )?(?:something|anything|stuff|things) (?:for|to)\s+/, "")
    .replace(/^(?:some|any|the|our|a|an)\s+(?=\S+\s+(?:range|collection|selection)$)/, "")
    .replace(/\s+(?:range|collection|selection)$/, "")
    .replace(/^(?:some|any|the|our|a|an)\s+/, "")
    .replace(/[.,;:]+$/, "")
    .trim();
  return query === "" ? normalize(clause).replace(/[?!.]+$/, "") : query;
}
