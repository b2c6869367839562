/**
 * Small text helpers shared by the channel checks: counting characters the way people
 * see them, and finding `{{placeholders}}`.
 */

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
/** Code units segmented per window; V8's segment iterator slows down quadratically on long strings. */
const WINDOW = 1_024;
/** Extra code units after a window so a cluster that starts inside it is seen whole. */
const SLACK = 64;

/**
 * The grapheme clusters (user-perceived characters) of `text`, in order. Long texts are
 * segmented window by window, each window starting at a cluster boundary found by the
 * previous one, which gives the same clusters as one pass (a cluster longer than
 * `SLACK` code units, which no real copy has, may be split in two).
 */
export function* graphemesOf(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    const last = start + WINDOW >= text.length;
    let consumed = 0;
    for (const { segment, index } of segmenter.segment(last ? text.slice(start) : text.slice(start, start + WINDOW + SLACK))) {
      if (!last && index >= WINDOW) break;
      yield segment;
      consumed = index + segment.length;
    }
    start += consumed;
  }
}

/**
 * The number of user-perceived characters (grapheme clusters) in `text`: "é", "🇬🇧"
 * and "👍🏽" each count 1. Length limits for subjects, push titles and ads use this,
 * because it is what a reader (and most platforms' counters) see.
 */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of graphemesOf(text)) count += 1;
  return count;
}

const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The names of the `{{placeholders}}` in `text`, in order of appearance, without duplicates. */
export function placeholdersIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) names.add(match[1] ?? "");
  return [...names];
}

/** True when `text` contains the placeholder `{{name}}` (spaces inside the braces allowed). */
export function hasPlaceholder(text: string, name: string): boolean {
  return placeholdersIn(text).includes(name);
}

/** "1 character" / "2 characters": keeps messages grammatical. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
