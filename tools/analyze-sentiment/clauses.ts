/**
 * Clauses and sentences of a tokenised text, and the contrast weights between
 * clauses. A clause ends at punctuation and before a contrast or concession marker;
 * a sentence ends at ".", "!", "?", "…" or a line break. Pure.
 */
import { PREVAILING_CLAUSE_WEIGHT, YIELDING_CLAUSE_WEIGHT } from "./modifiers.ts";
import { Role, TRAILING_CONTRAST, type TokenRoles, endsSentence, isSentenceStart } from "./roles.ts";
import type { Token } from "./tokenize.ts";

/** A clause while the text is scored. */
export interface Clause {
  /** 0-based sentence number. */
  sentence: number;
  /** Index of the first and last token. */
  first: number;
  last: number;
  /** Character range in the normalised text. */
  start: number;
  end: number;
  /** Lower-case words and numbers, in order. */
  words: string[];
  /** Contrast weight; 1 unless a contrast or concession applies. */
  weight: number;
  /** Role.Contrast or Role.Concessive when such a marker opens the clause, else Role.Other. */
  opener: number;
}

/** Splits tokens into clauses, numbering sentences densely from 0. */
export function splitClauses(tokens: readonly Token[], roles: Uint8Array): Clause[] {
  const clauses: Clause[] = [];
  let sentence = 0;
  let sentenceHasClause = false;
  let current: Clause | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind === "punctuation") {
      current = undefined;
      // Empty sentences ("!!", "...") do not use up a number.
      if (endsSentence(token) && sentenceHasClause) {
        sentence++;
        sentenceHasClause = false;
      }
      continue;
    }
    const role = roles[index]!;
    const opens = role === Role.Contrast || role === Role.Concessive;
    if (current === undefined || opens) {
      current = {
        sentence,
        first: index,
        last: index,
        start: token.start,
        end: token.end,
        words: [],
        weight: 1,
        opener: opens ? role : Role.Other,
      };
      clauses.push(current);
      sentenceHasClause = true;
    }
    current.last = index;
    current.end = token.end;
    current.words.push(token.lower);
  }
  return clauses;
}

/** Character ranges of the sentences (same numbering as the clauses), for quoting. */
export function sentenceRanges(tokens: readonly Token[]): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  let start = -1;
  let end = -1;
  for (const token of tokens) {
    if (endsSentence(token)) {
      // Keep the full stop or "!" in the quote, but not a line break.
      if (start >= 0) ranges.push({ start, end: token.lower === "\n" ? end : token.end });
      start = -1;
      continue;
    }
    if (start < 0) start = token.start;
    end = token.end;
  }
  if (start >= 0) ranges.push({ start, end });
  return ranges;
}

function groupBySentence(clauses: readonly Clause[]): Clause[][] {
  const groups: Clause[][] = [];
  for (const clause of clauses) (groups[clause.sentence] ??= []).push(clause);
  return groups;
}

function weigh(clauses: readonly Clause[] | undefined, factor: number): void {
  for (const clause of clauses ?? []) clause.weight *= factor;
}

/**
 * Contrast: clauses before "but" in the same sentence yield (×0.5), the clause it
 * opens and the rest of the sentence prevail (×1.5); a sentence that opens with
 * "but"/"however" or ends with "though" prevails over the sentence before.
 * Concession: the clause "although"/"despite" opens yields, the rest of its sentence prevails.
 */
export function applyContrastWeights(clauses: readonly Clause[], tokens: readonly Token[], roles: TokenRoles): void {
  const sentences = groupBySentence(clauses);
  for (const [sentence, list] of sentences.entries()) {
    if (list === undefined) continue;
    for (const [position, clause] of list.entries()) {
      if (clause.opener === Role.Contrast) {
        if (position === 0 && isSentenceStart(tokens, clause.first)) {
          weigh(sentences[sentence - 1], YIELDING_CLAUSE_WEIGHT);
          weigh(list, PREVAILING_CLAUSE_WEIGHT);
        } else {
          weigh(list.slice(0, position), YIELDING_CLAUSE_WEIGHT);
          weigh(list.slice(position), PREVAILING_CLAUSE_WEIGHT);
        }
      } else if (clause.opener === Role.Concessive) {
        clause.weight *= YIELDING_CLAUSE_WEIGHT;
        weigh(
          list.filter((other) => other !== clause),
          PREVAILING_CLAUSE_WEIGHT,
        );
      }
    }
    const last = list[list.length - 1]!;
    for (let index = last.first; index <= last.last; index++) {
      if (roles.flags[index] === TRAILING_CONTRAST) {
        weigh(sentences[sentence - 1], YIELDING_CLAUSE_WEIGHT);
        weigh(list, PREVAILING_CLAUSE_WEIGHT);
      }
    }
  }
}

/** VADER's rule, for the ablation: everything before the first "but" ×0.5, everything after ×1.5. */
export function applyFirstButWeights(clauses: readonly Clause[], tokens: readonly Token[]): void {
  const butIndex = tokens.findIndex((token) => token.lower === "but");
  if (butIndex < 0) return;
  for (const clause of clauses) {
    if (clause.last < butIndex) clause.weight = YIELDING_CLAUSE_WEIGHT;
    else if (clause.first >= butIndex) clause.weight = PREVAILING_CLAUSE_WEIGHT;
  }
}
