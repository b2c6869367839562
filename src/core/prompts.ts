/**
 * Prompt templates: Markdown files under `prompts/` with `{{placeholders}}`.
 *
 * Templates are text only; code fills them. A placeholder the caller does not supply is
 * an error (a prompt with a literal `{{products}}` in it is a bug), and so is a value
 * supplied for a placeholder the template does not have (a typo in the caller).
 * Values are inserted as they are: data from the store (reviews, product names) must be
 * wrapped with `quoteData` first, so the model sees it as data inside delimiters.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "./errors.ts";

/** The repository's `prompts/` folder. */
export const PROMPTS_DIRECTORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "prompts");

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;
const NAME = /^[a-z][a-z0-9-]*(\/[a-z][a-z0-9-]*)*$/;

/** A loaded template: its name, text and the placeholders it uses. */
export interface PromptTemplate {
  readonly name: string;
  readonly text: string;
  readonly placeholders: readonly string[];
}

/** Parses template text (exported for tests and for templates that do not live on disk). */
export function parsePrompt(name: string, text: string): PromptTemplate {
  const placeholders = [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
  return Object.freeze({ name, text, placeholders: Object.freeze(placeholders) });
}

const cache = new Map<string, PromptTemplate>();

/**
 * Loads `prompts/<name>.md` (e.g. `system`, `copy/sms`), once per process.
 * Throws `prompt_missing` naming the file when it does not exist.
 */
export function loadPrompt(name: string, directory: string = PROMPTS_DIRECTORY): PromptTemplate {
  if (!NAME.test(name)) throw new Error(`Prompt name "${name}" must be lowercase words joined by - or /, e.g. copy/sms.`);
  const file = path.join(directory, `${name}.md`);
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("prompt_missing", "internal", `The prompt template ${file} is missing; reinstall Bullseye or restore the file.`, {
      cause: error,
    });
  }
  const template = parsePrompt(name, text);
  cache.set(file, template);
  return template;
}

/** Fills every placeholder of `template` from `values`; missing or unknown names are errors. */
export function renderPrompt(template: PromptTemplate, values: Readonly<Record<string, string>>): string {
  const missing = template.placeholders.filter((name) => !Object.hasOwn(values, name));
  if (missing.length > 0) {
    throw new AppError("prompt_values_missing", "internal", `The prompt ${template.name} needs values for: ${missing.join(", ")}.`);
  }
  const unknown = Object.keys(values).filter((name) => !template.placeholders.includes(name));
  if (unknown.length > 0) {
    throw new AppError("prompt_values_unknown", "internal", `The prompt ${template.name} has no placeholders called: ${unknown.join(", ")}.`);
  }
  return template.text.replace(PLACEHOLDER, (_, name: string) => values[name] as string);
}

/**
 * Wraps untrusted text (reviews, catalogue descriptions, anything a customer wrote) in
 * delimiters the system prompt tells the model to treat as data, never as instructions.
 * Delimiter look-alikes inside the text are neutralised so it cannot close the block early.
 */
export function quoteData(label: string, text: string): string {
  const tag = label.replace(/[^a-z0-9_-]/gi, "_").toLowerCase();
  const cleaned = text.replace(/<\/?\s*data\b[^>]*>/gi, "[removed delimiter]");
  return `<data source="${tag}">\n${cleaned}\n</data>`;
}
