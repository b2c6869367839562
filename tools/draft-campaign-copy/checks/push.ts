/** Push notification checks: title and body length (defaults 50 and 110 characters, configurable). */
import { type CheckResult, checkResult } from "./result.ts";
import { countCharacters, plural } from "./text.ts";

/** A push variant as drafted. */
export interface PushCopy {
  title: string;
  body: string;
}

function checkLength(id: string, field: string, text: string, max: number): CheckResult {
  const characters = countCharacters(text.trim());
  const details = { characters, max };
  if (characters === 0) return checkResult(id, "fail", `The push ${field} is empty; write one.`, details);
  if (characters > max) {
    return checkResult(
      id,
      "fail",
      `Push ${field} is ${plural(characters, "character")}; the limit is ${max}. Cut at least ${characters - max}.`,
      details,
    );
  }
  return checkResult(id, "pass", `Push ${field} is ${plural(characters, "character")} (limit ${max}).`, details);
}

/** Title and body checks, in that order. */
export function checkPush(push: PushCopy, limits: { titleMax: number; bodyMax: number }): CheckResult[] {
  return [
    checkLength("push.title_length", "title", push.title, limits.titleMax),
    checkLength("push.body_length", "body", push.body, limits.bodyMax),
  ];
}
