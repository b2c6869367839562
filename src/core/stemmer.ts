/**
 * Steps 1a–1c of Porter's stemmer (Porter 1980): plurals, -ed/-ing with Porter's
 * repair rules, final y → i (pure). "candles" → "candle", "knitted" → "knit",
 * "parties" and "party" → "parti", "smelling" → "smell".
 *
 * Shared by keyword search (tools/search-catalog) and the local embedder
 * (src/models/embeddings), so both see the same terms. The later Porter steps
 * (`-ational`, `-ness`, …) conflate too aggressively for product names, where
 * "candle holder" and "candle holding" are different things.
 */

function isConsonant(word: string, index: number): boolean {
  const letter = word[index];
  if (letter === "a" || letter === "e" || letter === "i" || letter === "o" || letter === "u") return false;
  // "y" is a vowel after a consonant ("toy" has consonant y, "cosy" vowel y).
  if (letter === "y") return index === 0 || !isConsonant(word, index - 1);
  return true;
}

/** Porter's m: the number of vowel–consonant sequences in `stem` ([C](VC)^m[V]). */
export function porterMeasure(stem: string): number {
  let measure = 0;
  let index = 0;
  const length = stem.length;
  while (index < length && isConsonant(stem, index)) index++;
  while (index < length) {
    while (index < length && !isConsonant(stem, index)) index++;
    if (index >= length) break;
    while (index < length && isConsonant(stem, index)) index++;
    measure++;
  }
  return measure;
}

function containsVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index++) if (!isConsonant(stem, index)) return true;
  return false;
}

function endsWithDoubleConsonant(word: string): boolean {
  const length = word.length;
  return length >= 2 && word[length - 1] === word[length - 2] && isConsonant(word, length - 1);
}

/** Consonant–vowel–consonant ending whose last letter is not w, x or y ("hop", not "bow"). */
function endsCvc(word: string): boolean {
  const length = word.length;
  if (length < 3) return false;
  const last = word[length - 1];
  return (
    isConsonant(word, length - 3) &&
    !isConsonant(word, length - 2) &&
    isConsonant(word, length - 1) &&
    last !== "w" &&
    last !== "x" &&
    last !== "y"
  );
}

/** Porter steps 1a–1c on one lower-case word. Words of one or two letters are left alone. */
export function stem(word: string): string {
  if (word.length <= 2 || /^[0-9]/.test(word)) return word;
  let result = word;
  // Step 1a: plurals.
  if (result.endsWith("sses")) result = result.slice(0, -2);
  else if (result.endsWith("ies")) result = result.slice(0, -2);
  else if (!result.endsWith("ss") && result.endsWith("s")) result = result.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  let repair = false;
  if (result.endsWith("eed")) {
    if (porterMeasure(result.slice(0, -3)) > 0) result = result.slice(0, -1);
  } else if (result.endsWith("ed") && containsVowel(result.slice(0, -2))) {
    result = result.slice(0, -2);
    repair = true;
  } else if (result.endsWith("ing") && containsVowel(result.slice(0, -3))) {
    result = result.slice(0, -3);
    repair = true;
  }
  if (repair) {
    if (result.endsWith("at") || result.endsWith("bl") || result.endsWith("iz")) result += "e";
    else if (endsWithDoubleConsonant(result) && !/[lsz]$/.test(result)) result = result.slice(0, -1);
    else if (porterMeasure(result) === 1 && endsCvc(result)) result += "e";
  }
  // Step 1c: a final y after a vowel-bearing stem becomes i ("party" and "parties" meet).
  if (result.endsWith("y") && containsVowel(result.slice(0, -1))) result = `${result.slice(0, -1)}i`;
  return result;
}
