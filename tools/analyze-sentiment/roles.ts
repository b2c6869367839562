/**
 * First pass of the scorer: gives every token a role (sentiment word, negator,
 * degree word, contrast or concession marker, counterfactual marker, boundary) and
 * a valence. Phrases are matched here, longest first, before single words.
 * Pure: the same tokens and lexicon give the same roles.
 */
import { type PhraseEntry, type SentimentLexicon, symbolValence, wordValence } from "./lexicon.ts";
import {
  BOOSTER_STEP,
  CONCESSIVE_MARKERS,
  CONTEXTUAL_DEGREE_MODIFIERS,
  CONTRAST_MARKERS,
  COUNTERFACTUAL_MARKERS,
  COUNTERFACTUAL_MODALS,
  DEGREE_ADJECTIVES,
  DEGREE_MODIFIERS,
  FUNCTION_WORDS,
  LIKE_VERB_CUES,
  NEG_RAISING_VERBS,
  PAST_AUXILIARIES,
  isNegator,
} from "./modifiers.ts";
import type { ScorerRules } from "./scorer.ts";
import type { Token } from "./tokenize.ts";

/** What a token does in its clause. */
export const Role = {
  /** Nothing the scorer uses. */
  Other: 0,
  /** Carries a valence. */
  Sentiment: 1,
  /** Negates the sentiment words after it. */
  Negator: 2,
  /** Intensifies or softens the sentiment words after it. */
  Booster: 3,
  /** Opens a prevailing clause ("but", "however"). */
  Contrast: 4,
  /** Opens a conceded clause ("although", "despite"). */
  Concessive: 5,
  /** Marks unmet expectations ("should have", "expected"). */
  Counterfactual: 6,
  /** Punctuation: ends clauses and sentences. */
  Boundary: 7,
  /** Inside a phrase whose first token carries the phrase's role. */
  Covered: 8,
} as const;

/** Per-token flag: a sentence-final "though" ("good film though.") makes its sentence prevail. */
export const TRAILING_CONTRAST = 1;
/** Per-token flag: a negator before a neg-raising verb ("don't think") reaches the end of its clause. */
export const RAISED_NEGATION = 2;

/** The roles of a text's tokens, as parallel arrays indexed like the tokens. */
export interface TokenRoles {
  roles: Uint8Array;
  /** Valence of sentiment tokens (and the own valence of negators such as "no", "lacks"). */
  valences: Float64Array;
  /** Degree step of boosters (negative for softeners). */
  boosts: Float64Array;
  /** TRAILING_CONTRAST or RAISED_NEGATION. */
  flags: Uint8Array;
}

const SENTENCE_END = /[.!?\u2026\n]/;

/** True for punctuation that ends a sentence (".", "!", "?", "…", a line break). */
export function endsSentence(token: Token): boolean {
  return token.kind === "punctuation" && SENTENCE_END.test(token.lower);
}

/** True when the token at `index` opens a sentence. */
export function isSentenceStart(tokens: readonly Token[], index: number): boolean {
  return index === 0 || endsSentence(tokens[index - 1]!);
}

function isSentenceEnd(tokens: readonly Token[], index: number): boolean {
  const next = tokens[index + 1];
  return next === undefined || endsSentence(next);
}

/** Lexicon valence of one token, 0 when it has none. */
export function tokenValence(token: Token, lexicon: SentimentLexicon): number {
  switch (token.kind) {
    case "emoticon":
    case "emoji":
      return symbolValence(lexicon, token.text) ?? lexicon.words.get(token.lower) ?? 0;
    case "number":
      return lexicon.words.get(token.lower) ?? 0;
    case "word":
      return wordValence(lexicon, token.lower) ?? 0;
    case "punctuation":
      return 0;
  }
}

function matchPhrase(tokens: readonly Token[], index: number, entries: readonly PhraseEntry[]): PhraseEntry | undefined {
  for (const entry of entries) {
    const length = entry.words.length;
    if (index + length > tokens.length) continue;
    let matched = true;
    for (let offset = 1; offset < length; offset++) {
      const token = tokens[index + offset]!;
      const expected = entry.words[offset]!;
      if (token.kind === "punctuation" || (expected !== "*" && token.lower !== expected)) {
        matched = false;
        break;
      }
    }
    if (matched) return entry;
  }
  return undefined;
}

/** Assigns roles to all tokens. `rules` switches the optional rules off for ablations. */
export function assignRoles(tokens: readonly Token[], lexicon: SentimentLexicon, rules: Readonly<ScorerRules>): TokenRoles {
  const count = tokens.length;
  const result: TokenRoles = {
    roles: new Uint8Array(count),
    valences: new Float64Array(count),
    boosts: new Float64Array(count),
    flags: new Uint8Array(count),
  };
  // Look-ups once per token: several rules look at the next token's valence.
  const base = new Float64Array(count);
  for (let index = 0; index < count; index++) base[index] = tokenValence(tokens[index]!, lexicon);
  for (let index = 0; index < count; index++) {
    index = assignOne(tokens, index, lexicon, rules, base, result);
  }
  return result;
}

/** Assigns the role of the token at `index` (and of a phrase starting there); returns the last index it covered. */
function assignOne(
  tokens: readonly Token[],
  index: number,
  lexicon: SentimentLexicon,
  rules: Readonly<ScorerRules>,
  base: Float64Array,
  result: TokenRoles,
): number {
  const { roles, valences, flags } = result;
  const token = tokens[index]!;
  if (token.kind === "punctuation") {
    roles[index] = Role.Boundary;
    return index;
  }
  if (roles[index] !== Role.Other) return index; // already set by a look-ahead ("too small")
  if (token.hashtag && !rules.hashtags) return index;
  const lower = token.lower;
  const candidates = token.kind === "word" || token.kind === "number" ? lexicon.phrases.get(lower) : undefined;
  const phrase = candidates === undefined ? undefined : matchPhrase(tokens, index, candidates);
  if (phrase !== undefined) return applyPhrase(phrase, index, result);
  const ownValence = base[index]!;
  if (token.kind !== "word") {
    if (ownValence !== 0) {
      roles[index] = Role.Sentiment;
      valences[index] = ownValence;
    }
    return index;
  }
  const next = tokens[index + 1];
  const nextValence = next !== undefined && next.kind === "word" ? base[index + 1]! : 0;
  const previous = tokens[index - 1];

  if (isNegator(lower)) {
    roles[index] = Role.Negator;
    valences[index] = ownValence;
    // "don't think / believe …": the negation reaches the rest of the clause.
    const verb = next?.lower === "really" ? tokens[index + 2] : next;
    if (rules.clauseScope && verb !== undefined && NEG_RAISING_VERBS.has(verb.lower)) flags[index] = RAISED_NEGATION;
    return index;
  }
  if (CONTRAST_MARKERS.has(lower)) {
    // "yet" is a contrast only where it opens a clause ("cheap, yet sturdy"), not in "not yet".
    if (lower !== "yet" || previous === undefined || previous.kind === "punctuation" || previous.lower === "and") {
      roles[index] = Role.Contrast;
      return index;
    }
  }
  if (CONCESSIVE_MARKERS.has(lower)) {
    if (lower === "though" && isSentenceEnd(tokens, index) && !isSentenceStart(tokens, index)) flags[index] = TRAILING_CONTRAST;
    else roles[index] = Role.Concessive;
    return index;
  }
  if (DEGREE_ADJECTIVES.has(lower) && nextValence < 0) {
    // "a great disappointment", "a huge mess": the adjective measures the complaint.
    return booster(result, index, BOOSTER_STEP);
  }
  const degree = DEGREE_MODIFIERS.get(lower);
  if (degree !== undefined) return booster(result, index, degree);
  // A degree word the lexicon also rates ("terribly", "super", "pretty") is a degree
  // adverb only right before a sentiment word; elsewhere it is a sentiment word.
  const contextualDegree = rules.contextualBoosters ? CONTEXTUAL_DEGREE_MODIFIERS.get(lower) : undefined;
  if (contextualDegree !== undefined && (ownValence === 0 || nextValence !== 0)) return booster(result, index, contextualDegree);
  if (lower === "too" && rules.excess) {
    assignToo(tokens, index, lexicon, base, result);
    return index;
  }
  if (
    COUNTERFACTUAL_MARKERS.has(lower) ||
    (COUNTERFACTUAL_MODALS.has(lower) && next?.lower === "have") ||
    (lower === "hoping" && previous !== undefined && PAST_AUXILIARIES.has(previous.lower))
  ) {
    roles[index] = Role.Counterfactual;
    return index;
  }
  if (lower === "like" && rules.likeAsVerb && (previous === undefined || !LIKE_VERB_CUES.has(previous.lower))) return index;
  if (ownValence !== 0) {
    roles[index] = Role.Sentiment;
    valences[index] = ownValence;
  }
  return index;
}

function booster(result: TokenRoles, index: number, step: number): number {
  result.roles[index] = Role.Booster;
  result.boosts[index] = step;
  return index;
}

/** Marks a matched phrase; returns the index of its last token. */
function applyPhrase(phrase: PhraseEntry, index: number, result: TokenRoles): number {
  const { roles, valences, boosts } = result;
  const last = index + phrase.words.length - 1;
  for (let offset = index; offset <= last; offset++) roles[offset] = Role.Covered;
  if (phrase.role === "softener") {
    roles[last] = Role.Booster;
    boosts[last] = -BOOSTER_STEP;
  } else if (phrase.role === "negator") {
    roles[last] = Role.Negator;
  } else if (phrase.role === undefined && phrase.valence !== 0) {
    roles[index] = Role.Sentiment;
    valences[index] = phrase.valence;
  }
  return last;
}

/** Valence a content word gets after "too" when it has none of its own ("too small"). */
export const EXCESS_VALENCE = -1.0;

/**
 * "too" + negative word intensifies ("too noisy"); "too" + a neutral content word
 * is a complaint about excess ("too small", "too salty"); "too" + positive word is
 * left alone because it can go either way ("too cute" vs "too sweet").
 */
function assignToo(tokens: readonly Token[], index: number, lexicon: SentimentLexicon, base: Float64Array, result: TokenRoles): void {
  const next = tokens[index + 1];
  if (next === undefined || next.kind !== "word") return;
  if (lexicon.phrases.has(next.lower) || isNegator(next.lower)) return;
  const nextValence = base[index + 1]!;
  if (nextValence < 0) {
    booster(result, index, BOOSTER_STEP);
  } else if (
    nextValence === 0 &&
    !FUNCTION_WORDS.has(next.lower) &&
    !DEGREE_MODIFIERS.has(next.lower) &&
    !CONTEXTUAL_DEGREE_MODIFIERS.has(next.lower)
  ) {
    result.roles[index + 1] = Role.Sentiment;
    result.valences[index + 1] = EXCESS_VALENCE;
  }
}
