/**
 * Closed-class words that change the sentiment of their neighbours rather than
 * carrying sentiment themselves: negators, degree modifiers, contrast and
 * concession markers, and counterfactual ("should have been") markers.
 *
 * The lists and the constants follow VADER (Hutto & Gilbert 2014), whose authors
 * measured the effect sizes with human raters, extended with the negators and
 * degree adverbs of SO-CAL (Taboada et al. 2011, "Lexicon-based methods for
 * sentiment analysis"). Nothing here was fitted to a benchmark except
 * {@link IRREALIS_WEIGHT}, whose comment says how.
 */

/** How much a booster moves a sentiment word's valence, on VADER's −4..4 scale (VADER's B_INCR). */
export const BOOSTER_STEP = 0.293;

/** Extra valence for a sentiment word in ALL CAPS among mixed-case words (VADER's C_INCR). */
export const CAPS_STEP = 0.733;

/** Factor applied to a negated sentiment word (VADER's N_SCALAR): "not good" is about −0.74 × "good". */
export const NEGATION_FACTOR = -0.74;

/** How many words back a negator or booster still reaches (VADER looks three words back). */
export const MODIFIER_WINDOW = 3;

/** Weight of the clause before a contrast ("X but Y") and of a concessive clause ("although X"). */
export const YIELDING_CLAUSE_WEIGHT = 0.5;

/** Weight of the clause after a contrast, the one the writer means (VADER's 1.5 for "but"). */
export const PREVAILING_CLAUSE_WEIGHT = 1.5;

/** Valence per exclamation mark, up to four of them (VADER). */
export const EXCLAMATION_STEP = 0.292;
export const MAX_EXCLAMATIONS = 4;

/** Valence per question mark when there are two or three; four or more add QUESTION_CAP (VADER). */
export const QUESTION_STEP = 0.18;
export const QUESTION_CAP = 0.96;

/** VADER's normalisation constant: score = sum / sqrt(sum² + alpha). */
export const NORMALIZATION_ALPHA = 15;

/**
 * Words that negate what follows within {@link MODIFIER_WINDOW} words. Besides the
 * usual "not"/"never"/"n't" forms this includes the semantic negators "hardly",
 * "barely", "scarcely" ("barely works" is a complaint, not a weak compliment) and
 * apostrophe-less spellings common in reviews and tweets.
 */
export const NEGATORS: ReadonlySet<string> = new Set([
  "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "least",
  "cannot", "hardly", "barely", "scarcely", "rarely", "seldom", "lack", "lacks", "lacked", "lacking",
  "aint", "arent", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt", "hasnt", "havent",
  "isnt", "mightnt", "mustnt", "neednt", "oughtnt", "shant", "shouldnt", "wasnt", "werent", "wont",
  "wouldnt", "nope", "uh-uh", "uhuh",
]);

/** True for a negator, including any "…n't" contraction. */
export function isNegator(lower: string): boolean {
  return NEGATORS.has(lower) || lower.endsWith("n't");
}

/**
 * VADER's degree adverbs: positive values intensify ("very good"), negative ones
 * soften ("slightly annoying"). As in VADER they are always modifiers, never
 * sentiment words, even where a lexicon rates them.
 */
export const DEGREE_MODIFIERS: ReadonlyMap<string, number> = new Map([
  ...[
    "absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly", "deeply", "effing",
    "enormously", "entirely", "especially", "exceptionally", "extremely", "fabulously", "flipping",
    "flippin", "fricking", "frickin", "frigging", "friggin", "fully", "fucking", "greatly", "hella",
    "highly", "hugely", "incredibly", "intensely", "majorly", "more", "most", "particularly", "purely",
    "quite", "really", "remarkably", "so", "substantially", "thoroughly", "totally", "tremendously",
    "uber", "unbelievably", "unusually", "utterly", "very",
  ].map((word) => [word, BOOSTER_STEP] as const),
  ...[
    "almost", "kinda", "kindof", "less", "little", "marginally", "occasionally", "partly", "slightly",
    "somewhat", "sorta", "sortof",
  ].map((word) => [word, -BOOSTER_STEP] as const),
]);

/**
 * More degree adverbs (SO-CAL's and common informal ones). Some are sentiment words
 * on their own ("pretty", "super", "terribly"), so they act as degree adverbs only
 * right before a sentiment word ("pretty bad" is not praise, "super helpful" is one
 * compliment) or when no lexicon rates them.
 */
export const CONTEXTUAL_DEGREE_MODIFIERS: ReadonlyMap<string, number> = new Map([
  ...[
    "freaking", "truly", "seriously", "super", "such", "insanely", "ridiculously", "exceedingly",
    "immensely", "terribly", "way", "overly", "wildly", "madly", "definitely", "certainly", "genuinely",
    "sooo", "soo", "pretty", "real", "damn", "darn", "wicked",
  ].map((word) => [word, BOOSTER_STEP] as const),
  ...["fairly", "rather", "relatively", "mildly", "moderately", "reasonably", "mostly"].map(
    (word) => [word, -BOOSTER_STEP] as const,
  ),
]);

/**
 * Contrast markers: the clause after the marker is what the writer means
 * ("lovely colour but it broke in a week"). "yet" counts only where it starts a
 * clause ("cheap, yet sturdy"), not in "not yet" or "yet another".
 */
export const CONTRAST_MARKERS: ReadonlySet<string> = new Set([
  "but", "however", "nevertheless", "nonetheless", "yet",
]);

/**
 * Concessive markers: the clause they open is conceded, the rest of the sentence
 * prevails ("although the price is high, it is worth it"). A sentence-final
 * "though" ("good film though.") instead makes its sentence prevail over the one before.
 */
export const CONCESSIVE_MARKERS: ReadonlySet<string> = new Set(["although", "though", "despite", "albeit"]);

/**
 * Counterfactual markers: positive words after them in the same clause describe an
 * expectation that was not met ("it should have been great", "I was hoping for better").
 */
export const COUNTERFACTUAL_MARKERS: ReadonlySet<string> = new Set([
  "should've", "could've", "would've", "might've", "hoped", "expected", "supposed",
]);

/** Auxiliaries that make "hoping" past and therefore unmet ("I was hoping for better"); a bare "hoping" is a wish. */
export const PAST_AUXILIARIES: ReadonlySet<string> = new Set(["was", "were", "been", "had"]);

/** Modals that start a counterfactual when followed by "have" ("would have been nice"). */
export const COUNTERFACTUAL_MODALS: ReadonlySet<string> = new Set(["should", "could", "would", "might"]);

/**
 * Words after which a bare "like" is the verb ("I like it", "you'd like", "don't like");
 * elsewhere it is usually a preposition or filler ("looks like rain", "like, whatever")
 * and carries no sentiment. "likes", "liked" and "liking" are always verbs.
 */
export const LIKE_VERB_CUES: ReadonlySet<string> = new Set([
  "i", "you", "we", "they", "u", "ya", "people", "kids", "folks", "everyone", "everybody", "who", "to",
  "would", "i'd", "you'd", "we'd", "they'd", "do", "does", "did", "don't", "doesn't", "didn't", "dont",
  "doesnt", "didnt", "really", "just", "also", "actually", "totally", "still", "definitely", "might",
  "may", "will", "i'll", "you'll", "gonna", "not", "and",
]);

/**
 * Verbs that take a raised negation: "I don't think you will be disappointed" negates
 * "disappointed", however far away in the clause.
 */
export const NEG_RAISING_VERBS: ReadonlySet<string> = new Set([
  "think", "believe", "expect", "suppose", "imagine", "feel", "reckon", "guess",
]);

/**
 * Adjectives of degree that intensify a negative word after them instead of adding
 * praise: "a great disappointment", "a huge mess", "total rubbish".
 */
export const DEGREE_ADJECTIVES: ReadonlySet<string> = new Set([
  "great", "huge", "big", "total", "complete", "absolute", "utter", "major", "serious", "real", "pure", "sheer",
]);

/**
 * Weight of sentiment that the writer does not assert: in a question ("is it any good?"),
 * after an irrealis marker in the same clause ("if it were cheaper", "it would be nice"),
 * or inside quotation marks (scare quotes, titles, reported words). SO-CAL (Taboada et al.
 * 2011, §2.5, "irrealis blocking") drops such words altogether; setting them to 0 lost
 * signal on tweets, where rhetorical questions still carry the writer's attitude, so we
 * halve them. The value 0.5 was chosen on the even-numbered half of the VADER tweets
 * (best of 0, 0.25, 0.4, 0.5, 0.6, 0.75, 1; 0.4–0.6 score within 0.0005 of each other
 * there) and checked on the odd half (r 0.890 against 0.885 without the rule).
 */
export const IRREALIS_WEIGHT = 0.5;

/**
 * SO-CAL's irrealis markers: modals (and "'d", the contracted "would"), the conditional
 * "if", the negative-polarity items "any" and "anything", and the intensional verbs
 * "expect" and "doubt". Sentiment words after one of them in the same clause are not asserted.
 */
export const IRREALIS_MARKERS: ReadonlySet<string> = new Set([
  "would", "could", "should", "might", "may", "must", "if", "any", "anything", "expect", "doubt",
  "i'd", "you'd", "he'd", "she'd", "it'd", "we'd", "they'd", "that'd", "there'd", "who'd",
]);

/** Words that do not count towards {@link MODIFIER_WINDOW}: "not a good idea" negates "good". */
export const TRANSPARENT_WORDS: ReadonlySet<string> = new Set(["a", "an", "the"]);

/**
 * Function words that never take the excess reading of "too" ("me too", "too, the…"):
 * after "too", only a content word becomes a complaint ("too small", "too salty").
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "the", "and", "or", "but", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as",
  "is", "was", "are", "were", "be", "been", "it", "its", "it's", "this", "that", "these", "those", "i",
  "me", "my", "you", "your", "we", "our", "they", "their", "he", "she", "his", "her", "him", "them",
  "so", "if", "then", "than", "when", "while", "do", "did", "does", "have", "has", "had", "will",
  "would", "can", "could", "should", "just", "also", "too", "very", "well",
]);

/** Role of a fixed multi-word modifier. */
export type ModifierPhraseRole =
  /** Softens the next sentiment word like "slightly" ("kind of boring"). */
  | "softener"
  /** Negates like "not" ("far from the best"). */
  | "negator"
  /** Carries no sentiment and hides its words from the other rules ("not only … but also"). */
  | "inert";

/**
 * Multi-word modifiers. "inert" phrases stop their words from acting as negators,
 * contrast markers or sentiment words, and do not count towards the modifier window:
 * "not only" does not negate, "but also" is no contrast, "at least" is not the
 * negating "least", "pretty much" is not "pretty", and "not … at all" still negates.
 */
export const MODIFIER_PHRASES: ReadonlyArray<readonly [string, ModifierPhraseRole]> = [
  ["kind of", "softener"], ["sort of", "softener"], ["a bit", "softener"], ["a little", "softener"],
  ["a tad", "softener"], ["just enough", "softener"], ["pretty much", "inert"], ["at all", "inert"],
  ["least bit", "inert"], ["far from", "negator"], ["at least", "inert"], ["very least", "inert"],
  ["not only", "inert"], ["not just", "inert"], ["nothing but", "inert"], ["not to mention", "inert"],
  ["no wonder", "inert"], ["but also", "inert"], ["all but", "inert"], ["no matter", "inert"],
];
