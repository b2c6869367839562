/**
 * Email checks: subject and preheader length, and the footer's unsubscribe line and
 * postal address placeholder (CAN-SPAM and PECR both ask for a way out and a postal address).
 */
import { type CheckResult, checkResult } from "./result.ts";
import { countCharacters, hasPlaceholder, placeholdersIn, plural } from "./text.ts";

/** A warn/fail pair of character counts. */
export interface LengthBand {
  warnAbove: number;
  failAbove: number;
}

/** Placeholder the sending system fills with the one-click unsubscribe link. */
export const UNSUBSCRIBE_PLACEHOLDER = "unsubscribe_url";
/** Placeholder the sending system fills with the sender's postal address. */
export const POSTAL_ADDRESS_PLACEHOLDER = "postal_address";

/** Fails an empty subject or one above `failAbove` characters; warns above `warnAbove`. */
export function checkEmailSubject(subject: string, band: LengthBand): CheckResult {
  const characters = countCharacters(subject.trim());
  const details = { characters, warnAbove: band.warnAbove, failAbove: band.failAbove };
  if (characters === 0) {
    return checkResult("email.subject_length", "fail", "The subject is empty; write a subject line.", details);
  }
  if (characters > band.failAbove) {
    return checkResult(
      "email.subject_length",
      "fail",
      `Subject is ${plural(characters, "character")}; the limit is ${band.failAbove}. Cut at least ${characters - band.failAbove}, ideally to ${band.warnAbove} or fewer.`,
      details,
    );
  }
  if (characters > band.warnAbove) {
    return checkResult(
      "email.subject_length",
      "warn",
      `Subject is ${plural(characters, "character")}; above ${band.warnAbove} it is cut off on most phones. Cut ${characters - band.warnAbove} to show it whole.`,
      details,
    );
  }
  return checkResult("email.subject_length", "pass", `Subject is ${plural(characters, "character")}.`, details);
}

/** Warns on a missing preheader or one above `warnAbove` characters; fails above `failAbove`. */
export function checkEmailPreheader(preheader: string, band: LengthBand): CheckResult {
  const characters = countCharacters(preheader.trim());
  const details = { characters, warnAbove: band.warnAbove, failAbove: band.failAbove };
  if (characters === 0) {
    return checkResult(
      "email.preheader_length",
      "warn",
      "No preheader: inboxes will preview the first words of the body instead. Add a preheader that adds to the subject.",
      details,
    );
  }
  if (characters > band.failAbove) {
    return checkResult(
      "email.preheader_length",
      "fail",
      `Preheader is ${plural(characters, "character")}; no inbox shows more than ${band.failAbove}. Cut at least ${characters - band.failAbove}.`,
      details,
    );
  }
  if (characters > band.warnAbove) {
    return checkResult(
      "email.preheader_length",
      "warn",
      `Preheader is ${plural(characters, "character")}; most inboxes show about ${band.warnAbove}. Cut ${characters - band.warnAbove} to show it whole.`,
      details,
    );
  }
  return checkResult("email.preheader_length", "pass", `Preheader is ${plural(characters, "character")}.`, details);
}

function otherPlaceholders(footer: string, expected: string): string {
  const others = placeholdersIn(footer).filter((name) => name !== expected);
  return others.length === 0 ? "" : ` (the footer has ${others.map((name) => `{{${name}}}`).join(", ")}, which is not it)`;
}

/** The footer must carry `{{unsubscribe_url}}` or the word "unsubscribe". */
export function checkEmailUnsubscribe(body: string, footer: string): CheckResult {
  const placeholder = `{{${UNSUBSCRIBE_PLACEHOLDER}}}`;
  if (hasPlaceholder(footer, UNSUBSCRIBE_PLACEHOLDER)) {
    return checkResult("email.unsubscribe", "pass", `Footer has the ${placeholder} link.`, { found: "placeholder" });
  }
  if (/\bunsubscribe\b/i.test(footer)) {
    return checkResult("email.unsubscribe", "pass", 'Footer has an "unsubscribe" line.', { found: "word" });
  }
  const inBody = hasPlaceholder(body, UNSUBSCRIBE_PLACEHOLDER) || /\bunsubscribe\b/i.test(body);
  return checkResult(
    "email.unsubscribe",
    "fail",
    inBody
      ? `The unsubscribe line is in the body, not the footer; move it to the footer as "Unsubscribe: ${placeholder}".`
      : `The footer has no unsubscribe line${otherPlaceholders(footer, UNSUBSCRIBE_PLACEHOLDER)}; add "Unsubscribe: ${placeholder}".`,
    { found: inBody ? "body" : "none" },
  );
}

/** The footer must carry `{{postal_address}}`; a literal address is not accepted because it cannot be verified. */
export function checkEmailPostalAddress(body: string, footer: string): CheckResult {
  const placeholder = `{{${POSTAL_ADDRESS_PLACEHOLDER}}}`;
  if (hasPlaceholder(footer, POSTAL_ADDRESS_PLACEHOLDER)) {
    return checkResult("email.postal_address", "pass", `Footer has the ${placeholder} placeholder.`, {
      found: "placeholder",
    });
  }
  const inBody = hasPlaceholder(body, POSTAL_ADDRESS_PLACEHOLDER);
  return checkResult(
    "email.postal_address",
    "fail",
    inBody
      ? `${placeholder} is in the body, not the footer; move it to the footer.`
      : `The footer has no ${placeholder} placeholder${otherPlaceholders(footer, POSTAL_ADDRESS_PLACEHOLDER)}; add it so the sender's postal address is filled in at send time.`,
    { found: inBody ? "body" : "none" },
  );
}

/** An email variant as drafted. */
export interface EmailCopy {
  subject: string;
  preheader: string;
  body: string;
  footer: string;
}

/** All email checks, in a stable order: subject, preheader, unsubscribe, postal address. */
export function checkEmail(email: EmailCopy, limits: { subject: LengthBand; preheader: LengthBand }): CheckResult[] {
  return [
    checkEmailSubject(email.subject, limits.subject),
    checkEmailPreheader(email.preheader, limits.preheader),
    checkEmailUnsubscribe(email.body, email.footer),
    checkEmailPostalAddress(email.body, email.footer),
  ];
}
