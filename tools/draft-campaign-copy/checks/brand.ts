/**
 * Brand voice check: the words and phrases a brand voice avoids (`avoidWords` in the
 * marketing settings) must not appear in the copy. Matching ignores letter case and
 * spacing, and catches the usual inflections ("hurry" also finds "hurrying", "cheap"
 * also finds "cheaper"), because a voice that avoids a word avoids its forms too.
 */
import { type CheckResult, checkResult } from "./result.ts";

/** Endings that make another form of the same word ("cheap" → "cheaper", "hurry" → "hurried"). */
const INFLECTIONS = String.raw`(?:s|es|d|ed|er|ers|est|ing|ly|ies|ied|iest|ier)?`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The pattern that finds `word` (or phrase) and its inflections as whole words. */
function avoidPattern(word: string): RegExp {
  const parts = word.trim().split(/\s+/).map(escapeRegExp);
  const last = parts.pop() ?? "";
  // A final "y" may become "ies"/"ied"/"ier" ("hurry" → "hurried"); keep the stem without it as an option.
  const lastStem = /y$/i.test(last) ? `(?:${last}|${last.slice(0, -1)})` : last;
  const phrase = [...parts, `${lastStem}${INFLECTIONS}`].join(String.raw`\s+`);
  return new RegExp(String.raw`(?<![\p{L}\p{N}])${phrase}(?![\p{L}\p{N}])`, "giu");
}

/** The avoid words found in `text`, each with the forms that matched, in the order of `avoidWords`. */
export function findAvoidWords(text: string, avoidWords: readonly string[]): Array<{ word: string; found: string[] }> {
  const hits: Array<{ word: string; found: string[] }> = [];
  for (const word of avoidWords) {
    if (word.trim() === "") continue;
    const found = [...new Set([...text.matchAll(avoidPattern(word))].map((match) => match[0]))];
    if (found.length > 0) hits.push({ word, found });
  }
  return hits;
}

/**
 * Fails when the copy uses a word the brand voice avoids, naming each word and the form
 * found; passes (saying so) when the voice has no avoid words.
 */
export function checkAvoidWords(text: string, voice: { name: string; avoidWords: readonly string[] } | null): CheckResult {
  if (voice === null || voice.avoidWords.length === 0) {
    const why = voice === null ? "No brand voice is set" : `Brand voice "${voice.name}" lists no words to avoid`;
    return checkResult("brand.avoid_words", "pass", `${why}, so no words are avoided.`);
  }
  const hits = findAvoidWords(text, voice.avoidWords);
  const details = { voice: voice.name, found: hits };
  if (hits.length > 0) {
    const listed = hits.map((hit) => (hit.found.length === 1 && hit.found[0]?.toLowerCase() === hit.word.toLowerCase() ? `"${hit.word}"` : `"${hit.word}" (as ${hit.found.map((form) => `"${form}"`).join(", ")})`));
    return checkResult(
      "brand.avoid_words",
      "fail",
      `The copy uses ${listed.join(", ")}, which brand voice "${voice.name}" avoids. Reword without ${hits.length === 1 ? "it" : "them"}.`,
      details,
    );
  }
  return checkResult(
    "brand.avoid_words",
    "pass",
    `None of the ${voice.avoidWords.length} word${voice.avoidWords.length === 1 ? "" : "s"} brand voice "${voice.name}" avoids appear.`,
    details,
  );
}
