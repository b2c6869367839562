/**
 * Text normalisation and tokenisation for the sentiment scorer. Pure and fast:
 * one regular-expression pass per text, no allocations beyond the tokens.
 */

/** What a token is; the scorer treats each kind differently. */
export type TokenKind = "word" | "number" | "emoticon" | "emoji" | "punctuation";

/** One token of a normalised text. */
export interface Token {
  kind: TokenKind;
  /** The token as written (after normalisation). */
  text: string;
  /** Lower-cased form, used for look-ups. */
  lower: string;
  /** Offset of the first character in the normalised text. */
  start: number;
  /** Offset after the last character in the normalised text. */
  end: number;
  /** True for a hashtag's word ("#fail" → "fail"). */
  hashtag: boolean;
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  quot: '"',
  lt: "<",
  gt: ">",
  apos: "'",
  nbsp: " ",
};

/**
 * Decodes the HTML entities that scraped reviews and tweets carry (`&amp;`, `&#39;`),
 * folds typographic quotes to ASCII and turns the doubled apostrophes of some
 * tokenised corpora (`''Conan''`) into a double quote, so look-ups see plain words.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/&(#\d{1,6}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (entity: string, body: string) => {
      const lower = body.toLowerCase();
      if (lower.startsWith("#x")) return safeCodePoint(Number.parseInt(lower.slice(2), 16)) ?? entity;
      if (lower.startsWith("#")) return safeCodePoint(Number.parseInt(lower.slice(1), 10)) ?? entity;
      return HTML_ENTITIES[lower] ?? entity;
    })
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/''/g, '"');
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

// Western emoticons, only when they stand alone between spaces (so "(see item 8)"
// is not a smiley): eyes, optional nose, mouth, in either direction, plus hearts
// and a few kaomoji.
const EMOTICON =
  String.raw`(?:[<>}3]?[:;=][-o^'*]?[)\](\[dDpP/\\|@}{*$sSlL<>oO0cC3]+|8-[)(DP]|[xX]-?[)(DP]+` +
  String.raw`|[)\](\[dD}{/\\|<>@]+[-o^'*]?[:;=8][<>]?` +
  String.raw`|<\/?3+|\^[_.-]?\^|-_-|[oO0T][_.][oO0T]|\\o\/)`;

/**
 * Token alternatives, in priority order. Words keep inner apostrophes ("don't") and
 * hyphens: a compound is one word ("mock-up" is not "mock"), which the lexicon
 * looks up whole, without its hyphens, or as the phrase it spells ("top-notch").
 * Elongated words ("sooo") stay whole; the lexicon folds them.
 */
const TOKEN_PATTERN = new RegExp(
  [
    // Links, e-mail addresses and @mentions are names, not words: matched so they can be skipped.
    String.raw`((?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|@\w+)`,
    String.raw`(?<![^\s])(${EMOTICON})(?=$|[\s.,!?;])`,
    String.raw`(#[\p{L}\p{M}]+(?:['-][\p{L}\p{M}]+)*)`,
    String.raw`([\p{L}\p{M}]+(?:['-][\p{L}\p{M}]+)*)`,
    String.raw`(\d+(?:[.,/:]\d+)*(?:%|st|nd|rd|th)?)`,
    String.raw`(\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|\p{So})`,
    String.raw`([.!?;:,\u2026()]+|\n|\s[-\u2013\u2014]{1,2}\s|--|[\u2013\u2014])`,
  ].join("|"),
  "gu",
);

/** Splits a normalised text into tokens with their offsets. */
export function tokenize(normalized: string): Token[] {
  const tokens: Token[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let match = TOKEN_PATTERN.exec(normalized); match !== null; match = TOKEN_PATTERN.exec(normalized)) {
    const text = match[0];
    const start = match.index;
    const end = start + text.length;
    if (match[1] !== undefined) continue;
    if (match[2] !== undefined) tokens.push({ kind: "emoticon", text, lower: text.toLowerCase(), start, end, hashtag: false });
    else if (match[3] !== undefined) {
      const word = text.slice(1);
      tokens.push({ kind: "word", text: word, lower: word.toLowerCase(), start: start + 1, end, hashtag: true });
    } else if (match[4] !== undefined) tokens.push({ kind: "word", text, lower: text.toLowerCase(), start, end, hashtag: false });
    else if (match[5] !== undefined) tokens.push({ kind: "number", text, lower: text.toLowerCase(), start, end, hashtag: false });
    else if (match[6] !== undefined) tokens.push({ kind: "emoji", text, lower: text, start, end, hashtag: false });
    else {
      // A line break ends a sentence like a full stop; keep it visible as "\n".
      const mark = text.includes("\n") ? "\n" : text.trim();
      tokens.push({ kind: "punctuation", text: mark, lower: mark, start, end, hashtag: false });
    }
  }
  return tokens;
}

/** True for a word written in capitals that has at least two letters ("GREAT", not "I" or "A"). */
export function isShouting(token: Token): boolean {
  return token.kind === "word" && token.text.length > 1 && token.text !== token.lower && token.text === token.text.toUpperCase();
}
