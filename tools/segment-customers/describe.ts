/**
 * The words of a segmentation: one-line segment descriptions for people and the
 * short summary for the model (pure). Numbers are formatted in en-US style with no
 * currency symbol, because the store does not record its currency.
 */
import type { FeatureMedians } from "./profile.ts";

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 0 });

function plural(value: number, unit: string): string {
  return `${oneDecimal.format(value)} ${unit}${value === 1 ? "" : "s"}`;
}

/** Spend rounded to whole units above 100, to one decimal below (a median of 7.5 stays 7.5). */
function money(value: number): string {
  return value >= 100 ? whole.format(value) : oneDecimal.format(value);
}

/** "Bought recently, …: typically last ordered 12 days ago, 6 orders, 2,186 spent in total." */
export function describeSegment(meaning: string, medians: FeatureMedians): string {
  return (
    `${meaning}: typically last ordered ${plural(medians.recencyDays, "day")} ago, ` +
    `${plural(medians.frequency, "order")}, ${money(medians.monetary)} spent in total.`
  );
}

/** What the summary is built from. */
export interface SummaryParts {
  segmentationId: string;
  customerCount: number;
  asOf: string;
  features: readonly string[];
  k: number;
  kChosenBy: "input" | "silhouette";
  candidateRange: { min: number; max: number };
  silhouette: number;
  segments: ReadonlyArray<{ number: number; name: string; size: number; share: number; medians: FeatureMedians }>;
}

/** The model's summary, at most `limit` characters: detail per segment is dropped before anything else. */
export function summarize(parts: SummaryParts, limit = 600): string {
  const choice =
    parts.kChosenBy === "silhouette"
      ? `k=${parts.k} chosen by best silhouette over k=${parts.candidateRange.min}–${parts.candidateRange.max}`
      : `k=${parts.k} as given in the input`;
  const head =
    `Segmented ${whole.format(parts.customerCount)} customers (orders before ${parts.asOf}) on ${parts.features.join(", ")} ` +
    `into ${parts.k} segments (${choice}; silhouette ${parts.silhouette.toFixed(3)}).`;
  const tail = ` Stored as ${parts.segmentationId}; segment ids ${parts.segmentationId}:1…${parts.segmentationId}:${parts.k}.`;
  const detailed = parts.segments.map(
    (segment) =>
      ` ${segment.number} ${segment.name}: ${whole.format(segment.size)} (${percent.format(segment.share)}), ` +
      `${oneDecimal.format(segment.medians.recencyDays)} d since last order, ${plural(segment.medians.frequency, "order")}, ${money(segment.medians.monetary)} spent.`,
  );
  const brief = parts.segments.map((segment) => ` ${segment.number} ${segment.name} ${percent.format(segment.share)}.`);
  for (const lines of [detailed, brief]) {
    const text = head + lines.join("") + tail;
    if (text.length <= limit) return text;
  }
  // Even the brief list is too long (many segments with long names): list as many as fit.
  let text = head;
  for (const [index, line] of brief.entries()) {
    const rest = ` …and ${brief.length - index} more.`;
    if ((text + line + rest + tail).length > limit) return text + rest + tail;
    text += line;
  }
  return text + tail;
}
