/**
 * SMS encoding and segmenting (3GPP TS 23.038 "GSM 03.38" and TS 23.040 concatenation).
 *
 * A message that uses only the GSM 7-bit default alphabet and its extension table is
 * sent as GSM-7: 160 septets in a single SMS, 153 per part once concatenated (the user
 * data header takes 7). Extension characters are sent as ESC + character, so they
 * cost 2 septets, and a part never ends between the two. Any other character forces
 * UCS-2 for the whole message: 70 UTF-16 code units in a single SMS, 67 per part, and
 * a surrogate pair (most emoji) is never split across parts either.
 */
import { countCharacters } from "./text.ts";

/** The GSM 03.38 default alphabet, minus ESC (0x1B), which only introduces extension characters. */
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The GSM 03.38 extension table: each is sent as ESC + character and costs 2 septets. */
const GSM_EXTENSION = "\f^{}\\[~]|€";

const BASIC_SET = new Set(GSM_BASIC);
const EXTENSION_SET = new Set(GSM_EXTENSION);

/** GSM-7 when every character is in the default alphabet or its extension; UCS-2 otherwise. */
export type SmsEncoding = "GSM-7" | "UCS-2";

/** Per-encoding capacities, in septets (GSM-7) or UTF-16 code units (UCS-2). */
export const SMS_CAPACITY = {
  "GSM-7": { single: 160, perPart: 153 },
  "UCS-2": { single: 70, perPart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; perPart: number }>;

/** Typographic characters that force UCS-2 and the GSM-7 text that can replace them. */
const GSM_REPLACEMENTS: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
  "\u00A0": " ",
  "\u2022": "-",
};

/** One character that forced UCS-2, with its code point and a GSM-7 replacement when one exists. */
export interface NonGsmCharacter {
  character: string;
  /** e.g. "U+2019" or "U+1F389". */
  codePoint: string;
  /** How often it occurs. */
  count: number;
  /** GSM-7 text that can replace it, when there is an obvious one. */
  replacement?: string;
}

/** How an SMS text is encoded and how many parts it is sent as. */
export interface SmsEncodingReport {
  encoding: SmsEncoding;
  /** User-perceived characters (what a reader counts). */
  characters: number;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  /** Parts the message is sent (and billed) as; an empty text still takes one SMS. */
  segments: number;
  /** Capacity of one part at this length: the single-SMS limit, or the per-part limit once concatenated. */
  unitsPerSegment: number;
  /** Units still free in the last part before another part is needed. */
  unitsLeftInLastSegment: number;
  /** The characters that forced UCS-2 (empty for GSM-7), in order of first appearance. */
  nonGsmCharacters: NonGsmCharacter[];
}

/** True when `character` (one code point) is in the GSM 03.38 default alphabet or extension table. */
export function isGsmCharacter(character: string): boolean {
  return BASIC_SET.has(character) || EXTENSION_SET.has(character);
}

/** Septets one GSM-7 character costs: 2 for the extension table, 1 otherwise. */
export function gsmSeptets(character: string): number {
  return EXTENSION_SET.has(character) ? 2 : 1;
}

function codePointLabel(character: string): string {
  const value = character.codePointAt(0) ?? 0;
  return `U+${value.toString(16).toUpperCase().padStart(4, "0")}`;
}

function nonGsmCharactersOf(codePoints: readonly string[]): NonGsmCharacter[] {
  const found = new Map<string, NonGsmCharacter>();
  for (const character of codePoints) {
    if (isGsmCharacter(character)) continue;
    const seen = found.get(character);
    if (seen !== undefined) {
      seen.count += 1;
      continue;
    }
    const replacement = GSM_REPLACEMENTS[character];
    found.set(character, {
      character,
      codePoint: codePointLabel(character),
      count: 1,
      ...(replacement === undefined ? {} : { replacement }),
    });
  }
  return [...found.values()];
}

/**
 * Packs character costs into parts of `perPart` units without splitting a character,
 * which is why this is not simply ceil(units / perPart): a 2-unit character that does
 * not fit in what is left of a part starts the next part.
 */
function packSegments(costs: readonly number[], perPart: number): { segments: number; usedInLast: number } {
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > perPart) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { segments, usedInLast: used };
}

/** Works out the encoding, units and segment count of an SMS text. */
export function analyzeSms(text: string): SmsEncodingReport {
  const codePoints = [...text];
  const nonGsmCharacters = nonGsmCharactersOf(codePoints);
  const encoding: SmsEncoding = nonGsmCharacters.length === 0 ? "GSM-7" : "UCS-2";
  // UCS-2 counts UTF-16 code units, so a code point above U+FFFF (an emoji) costs 2.
  const costs = codePoints.map((character) => (encoding === "GSM-7" ? gsmSeptets(character) : character.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const capacity = SMS_CAPACITY[encoding];
  const characterCount = countCharacters(text);

  if (units <= capacity.single) {
    return {
      encoding,
      characters: characterCount,
      units,
      segments: 1,
      unitsPerSegment: capacity.single,
      unitsLeftInLastSegment: capacity.single - units,
      nonGsmCharacters,
    };
  }
  const packed = packSegments(costs, capacity.perPart);
  return {
    encoding,
    characters: characterCount,
    units,
    segments: packed.segments,
    unitsPerSegment: capacity.perPart,
    unitsLeftInLastSegment: capacity.perPart - packed.usedInLast,
    nonGsmCharacters,
  };
}
