/**
 * The draft → check → redraft loop of one variant. Each attempt is checked by code; a
 * failing attempt is redrafted with the failing checks' messages, up to `maxRedrafts`
 * times; after that the variant is returned with status "failing". A variant is "ready"
 * only when its last attempt passed every check (warnings allowed): never otherwise.
 *
 * A reply that cannot be parsed counts as a failed attempt whose reason is passed back.
 */
import { ANGLE_LABELS, type VariantPlan } from "./angles.ts";
import { type CheckResult, type CopyChecks, type VariantOf, copyChecksSchema } from "./checks/index.ts";
import { checkResult, summarizeChecks } from "./checks/result.ts";
import type { Channel, DraftVariant } from "./schema.ts";

/** Copy of any channel. */
export type ChannelCopy = VariantOf<Channel>;

/** One attempt's result: copy to check, or why there is none. */
export type AttemptResult = { ok: true; copy: ChannelCopy; raw?: string } | { ok: false; reason: string; raw: string };

/** What a drafter is asked for on each attempt. */
export interface AttemptRequest {
  /** 1-based variant number. */
  index: number;
  plan: VariantPlan;
  /** 1 for the first draft, 2… for redrafts. */
  attempt: number;
  /** The copy of the variants finished before this one, so this one can differ. */
  earlier: readonly ChannelCopy[];
  /** The previous attempt and why it failed, when redrafting. */
  revision: { previous: unknown; failures: readonly string[] } | undefined;
}

/** Writes one attempt of one variant (the builtin templates or a chat model). */
export type Drafter = (request: AttemptRequest) => Promise<AttemptResult>;

/** Checks one variant's copy (channel checks, grounding, brand voice). */
export type Checker = (copy: ChannelCopy) => CopyChecks;

/** The messages of the failing checks, for the redraft prompt and the summary. */
export function failureMessages(checks: CopyChecks): string[] {
  return checks.results.filter((result) => result.status === "fail").map((result) => result.message);
}

/** Empty copy of `channel`, for a variant whose every attempt failed to parse. */
function emptyCopy(channel: Channel, platform: string | undefined): ChannelCopy {
  switch (channel) {
    case "sms":
      return { text: "" };
    case "email":
      return { subject: "", preheader: "", body: "", footer: "" };
    case "push":
      return { title: "", body: "" };
    case "social":
      return { platform: platform ?? "", text: "" };
    case "ad":
      return { platform: platform ?? "", headline: "", description: "" };
  }
}

function formatFailure(reason: string): CheckResult {
  return checkResult("draft.reply_format", "fail", `The model's reply could not be used: ${reason}`);
}

/**
 * Drafts variant `index` with up to `1 + maxRedrafts` attempts and returns it checked.
 * The last usable copy is returned; when no attempt produced usable copy, the variant has
 * empty fields and a failing `draft.reply_format` check.
 */
export async function draftVariant(options: {
  channel: Channel;
  platform: string | undefined;
  index: number;
  plan: VariantPlan;
  earlier: readonly ChannelCopy[];
  maxRedrafts: number;
  drafter: Drafter;
  check: Checker;
  signal?: AbortSignal | undefined;
}): Promise<DraftVariant> {
  const { channel, index, plan, earlier, drafter, check } = options;
  let revision: AttemptRequest["revision"];
  let best: { copy: ChannelCopy; checks: CopyChecks } | undefined;
  let lastFormatFailure: CheckResult | undefined;
  const attemptsAllowed = 1 + options.maxRedrafts;
  let attempt = 0;
  while (attempt < attemptsAllowed) {
    options.signal?.throwIfAborted();
    attempt += 1;
    const result = await drafter({ index, plan, attempt, earlier, revision });
    if (!result.ok) {
      lastFormatFailure = formatFailure(result.reason);
      revision = { previous: result.raw, failures: [result.reason] };
      continue;
    }
    const checks = check(result.copy);
    best = { copy: result.copy, checks };
    lastFormatFailure = undefined;
    if (checks.ok) break;
    revision = { previous: result.copy, failures: failureMessages(checks) };
  }
  const angle = `${ANGLE_LABELS[plan.angle]}, ${plan.tone}`;
  if (best === undefined) {
    const checks = summarizeChecks([lastFormatFailure ?? formatFailure("no reply")]);
    return { index, status: "failing", content: emptyCopy(channel, options.platform), checks, attempts: attempt, angle };
  }
  // A usable draft followed by an unusable redraft: keep the usable one, and say the redraft failed.
  const checks =
    lastFormatFailure === undefined ? best.checks : summarizeChecks([...best.checks.results, lastFormatFailure]);
  return {
    index,
    status: checks.ok ? "ready" : "failing",
    content: best.copy,
    checks: copyChecksSchema.parse(checks),
    attempts: attempt,
    angle,
  };
}
