/**
 * The agent's system prompt: `prompts/system.md` with the shop's name, today's date and the
 * tool list filled in. Rendered for every turn, so a long-running server says the right date.
 */
import { loadPrompt, renderPrompt } from "../core/prompts.ts";
import type { AnyTool } from "../core/tool.ts";

/** What the system prompt is rendered from. */
export interface SystemPromptValues {
  /** The shop the assistant works for (marketing settings' `shopName`). */
  shopName: string;
  /** The current time; its UTC date is "today". */
  now: Date;
  tools: readonly AnyTool[];
}

/** The first sentence of a tool description, for the prompt's tool list (the full text goes with the tool schema). */
export function firstSentence(text: string): string {
  // A sentence ends at . ! or ? followed by a capital or the end, so "e.g. a list" does not end one.
  const match = /^(.+?[.!?])(?=\s+[A-Z]|\s*$)/s.exec(text.trim());
  return (match?.[1] ?? text.trim()).replace(/\s+/g, " ");
}

/** "2026-11-23 (Monday)". */
export function describeDate(now: Date): string {
  const weekday = now.toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
  return `${now.toISOString().slice(0, 10)} (${weekday})`;
}

/** Renders `prompts/system.md`. */
export function renderSystemPrompt(values: SystemPromptValues): string {
  const tools =
    values.tools.length === 0
      ? "No tools are installed: say that you cannot look anything up."
      : values.tools.map((tool) => `- \`${tool.name}\`: ${firstSentence(tool.description)}`).join("\n");
  return renderPrompt(loadPrompt("system"), { shop: values.shopName, today: describeDate(values.now), tools });
}
