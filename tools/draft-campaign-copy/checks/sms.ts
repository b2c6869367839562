/**
 * SMS checks: encoding (GSM-7 or UCS-2), segment count against the configured maximum,
 * and the STOP opt-out line that marketing SMS must carry.
 */
import { SMS_CAPACITY, type SmsEncodingReport, analyzeSms } from "./encoding.ts";
import { type CheckResult, checkResult } from "./result.ts";
import { plural } from "./text.ts";

/** Options of the SMS checks. */
export interface SmsCheckOptions {
  /** Most parts the message may take (default 2 in `limits.ts`). */
  maxSegments: number;
  /** Marketing SMS need a STOP line; transactional ones (order updates) do not. */
  marketing: boolean;
}

// "Reply STOP", "Text STOP to 80082", "STOP to opt out", "Opt-out: reply stop", "txt STOP 2 end".
const STOP_PATTERNS: readonly RegExp[] = [
  /\b(?:reply|text|txt|send|sms|msg)\s+["'“‘]?stop\b/i,
  /\bstop["'”’]?\s+(?:to|2)\s+(?:opt[\s-]?out|unsubscribe|end|cancel|quit|stop)\b/i,
  /\bopt[\s-]?out\b[^.!?\n]{0,20}\bstop\b/i,
];

/** True when `text` contains STOP opt-out wording ("Reply STOP to opt out" or an equivalent). */
export function hasStopOptOut(text: string): boolean {
  return STOP_PATTERNS.some((pattern) => pattern.test(text));
}

function describeNonGsm(report: SmsEncodingReport): string {
  return report.nonGsmCharacters
    .map((found) => {
      const fix = found.replacement === undefined ? "remove it" : `use ${JSON.stringify(found.replacement)}`;
      return `${found.character} (${found.codePoint}, ${fix})`;
    })
    .join(", ");
}

/** GSM-7 passes; UCS-2 warns (it works, but each SMS holds 70 instead of 160) and names the characters to replace. */
export function checkSmsEncoding(report: SmsEncodingReport): CheckResult {
  const details = {
    encoding: report.encoding,
    characters: report.characters,
    units: report.units,
    nonGsmCharacters: report.nonGsmCharacters,
  };
  if (report.encoding === "GSM-7") {
    return checkResult(
      "sms.encoding",
      "pass",
      `GSM-7: ${plural(report.characters, "character")}, ${plural(report.units, "septet")}.`,
      details,
    );
  }
  const one = report.nonGsmCharacters.length === 1;
  const capacities = `${SMS_CAPACITY["UCS-2"].single} units instead of ${SMS_CAPACITY["GSM-7"].single}`;
  return checkResult(
    "sms.encoding",
    "warn",
    `UCS-2: ${describeNonGsm(report)} ${one ? "is" : "are"} outside GSM-7, so each SMS holds ${capacities} ` +
      `(${plural(report.units, "UTF-16 unit")} here). Replace or remove ${one ? "it" : "them"} to send as GSM-7.`,
    details,
  );
}

/** Largest number of units that fits in `segments` parts of `encoding`. */
function capacityOf(encoding: SmsEncodingReport["encoding"], segments: number): number {
  const capacity = SMS_CAPACITY[encoding];
  return segments === 1 ? capacity.single : segments * capacity.perPart;
}

/** Fails an empty text or one that takes more than `maxSegments` parts; says how much to cut. */
export function checkSmsSegments(text: string, report: SmsEncodingReport, maxSegments: number): CheckResult {
  const unit = report.encoding === "GSM-7" ? "septet" : "UTF-16 unit";
  const details = {
    encoding: report.encoding,
    units: report.units,
    segments: report.segments,
    maxSegments,
    unitsPerSegment: report.unitsPerSegment,
    unitsLeftInLastSegment: report.unitsLeftInLastSegment,
  };
  if (text.trim() === "") {
    return checkResult("sms.segments", "fail", "The SMS is empty; write the message text.", details);
  }
  if (report.segments > maxSegments) {
    const capacity = capacityOf(report.encoding, maxSegments);
    // Packing can waste a unit at a part boundary, so the cut needed is at least this much.
    const cut = Math.max(1, report.units - capacity);
    const alternative = report.encoding === "UCS-2" ? ", or replace the non-GSM characters to send as GSM-7" : "";
    return checkResult(
      "sms.segments",
      "fail",
      `${report.encoding} text of ${plural(report.units, unit)} takes ${report.segments} SMS parts; ` +
        `the limit is ${maxSegments} (${plural(capacity, unit)}). Shorten it by at least ${plural(cut, unit)}${alternative}.`,
      details,
    );
  }
  return checkResult(
    "sms.segments",
    "pass",
    `${plural(report.segments, "SMS part")} (${report.encoding}, ${plural(report.units, unit)}; limit ${maxSegments}).`,
    details,
  );
}

/** Marketing SMS must say how to opt out with STOP; transactional SMS pass without it. */
export function checkSmsOptOut(text: string, marketing: boolean): CheckResult {
  if (!marketing) {
    return checkResult("sms.opt_out", "pass", "Transactional SMS: no STOP opt-out line needed.", { marketing });
  }
  if (hasStopOptOut(text)) {
    return checkResult("sms.opt_out", "pass", "STOP opt-out wording is present.", { marketing });
  }
  return checkResult(
    "sms.opt_out",
    "fail",
    'Marketing SMS must tell people how to opt out; add "Reply STOP to opt out" (counted in the length).',
    { marketing },
  );
}

/** All SMS checks, in a stable order: encoding, segments, opt-out. */
export function checkSms(text: string, options: SmsCheckOptions): CheckResult[] {
  const report = analyzeSms(text);
  return [
    checkSmsEncoding(report),
    checkSmsSegments(text, report, options.maxSegments),
    checkSmsOptOut(text, options.marketing),
  ];
}
