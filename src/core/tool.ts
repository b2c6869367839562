/**
 * Tools: typed functions the agent (and people, through the API and CLI) can call.
 *
 * A tool declares its name, a description written for the model, zod schemas for
 * input and output, and example requests. `defineTool` is an identity function that
 * exists for type inference; `runTool` is the one place that validates input, runs
 * the tool with its context, validates the output and measures `timingMs`.
 *
 * Shape rules (ranges, enums, formats) live in the schema; world rules ("does customer
 * 12347 exist") live in `execute` and come back as `AppError`s the model can act on.
 */
import type { z } from "zod";
import { AppError, ValidationError, describeIssues, fieldIssuesFrom } from "./errors.ts";
import type { MarketingSettings } from "./marketing.ts";
import type { Embedder, Logger, Store, TextGenerator } from "./ports.ts";

/** What every tool receives besides its input. Tests pass fakes. */
export interface ToolContext {
  store: Store;
  /** The current time; inject a fixed clock for stable output. */
  clock: () => Date;
  /** Makes ids for stored results (segmentations, drafts). */
  newId: (prefix: string) => string;
  logger: Logger;
  /** Cancels long work when the caller goes away. */
  signal?: AbortSignal;
  /** Text embedder for vector search and content similarity; absent when none is configured. */
  embedder?: Embedder;
  /**
   * Folder for persisted artifacts that belong with the store (vector indexes), next to the
   * DuckDB file; undefined for in-memory stores, where artifacts stay in memory.
   */
  dataDirectory?: string;
  /**
   * Keeps long-lived state (fitted models, loaded indexes) for the life of the app, so tools
   * need no module singletons: returns the value stored under `key`, creating it on first use.
   * Tests pass a fresh memo per test.
   */
  memo: Memo;
  /** Writes free text (campaign copy) when a chat model is configured; absent offline, where tools use templates. */
  writer?: TextGenerator;
  /** Approved offers, brand voices and copy limits from config; defaults when absent. */
  marketing?: MarketingSettings;
}

/** Long-lived state keyed by name: returns the value under `key`, creating it on first use. */
export interface Memo {
  <T>(key: string, create: () => T): T;
  /** Forgets everything (after an erasure, so no fitted model keeps a deleted customer). */
  clear(): void;
}

/** The long-lived part of a tool context, built once per app; surfaces add `logger` and `signal` per call. */
export type ToolServices = Omit<ToolContext, "logger" | "signal">;

/** A `ToolContext["memo"]` backed by a Map; one per app (or per test). */
export function createMemo(): Memo {
  const values = new Map<string, unknown>();
  const memo = <T>(key: string, create: () => T): T => {
    if (!values.has(key)) values.set(key, create());
    return values.get(key) as T;
  };
  return Object.assign(memo, { clear: () => values.clear() });
}

/** Every tool output carries a short summary meant for the model; the rest is the full artifact. */
export interface ToolOutputBase {
  /** A few sentences with the key numbers, for the model. People get the whole object. */
  summary: string;
}

/** An example request and the input it should produce; used by the offline planner and docs. */
export interface ToolExample<Input> {
  request: string;
  input: Input;
}

/** A tool definition. `Input` and `Output` are zod schemas. */
export interface Tool<Input extends z.ZodType = z.ZodType, Output extends z.ZodType<ToolOutputBase> = z.ZodType<ToolOutputBase>> {
  /** snake_case `verb_noun`, part of the public API. */
  name: string;
  /** What the tool answers and when to use it, written for the model. */
  description: string;
  inputSchema: Input;
  outputSchema: Output;
  examples: ReadonlyArray<ToolExample<z.input<Input>>>;
  execute(input: z.output<Input>, context: ToolContext): Promise<z.output<Output>>;
}

/** Identity function that gives a tool definition its types. */
export function defineTool<Input extends z.ZodType, Output extends z.ZodType<ToolOutputBase>>(
  tool: Tool<Input, Output>,
): Tool<Input, Output> {
  return tool;
}

/** Any tool, for registries and surfaces that handle tools generically. */
// `any` here is deliberate: a registry holds tools of different input/output types, and
// TypeScript's variance rules reject `Tool<z.ZodType>` for a tool with a narrower execute().
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = Tool<any, any>;

/** The result of a tool run as surfaces see it: the tool's output plus the measured time. */
export type ToolRunResult<Output = unknown> = Output & { timingMs: number };

/**
 * Validates `rawInput`, runs the tool and validates its output.
 * Throws `ValidationError` (naming the field and the limit) on bad input.
 */
export async function runTool<T extends AnyTool>(
  tool: T,
  rawInput: unknown,
  context: ToolContext,
): Promise<ToolRunResult<z.output<T["outputSchema"]>>> {
  const parsed = tool.inputSchema.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues = fieldIssuesFrom(parsed.error.issues);
    throw new ValidationError(`Invalid input for ${tool.name}: ${describeIssues(issues)}.`, issues, {
      details: { tool: tool.name },
    });
  }
  const started = performance.now();
  const output: unknown = await tool.execute(parsed.data, context);
  const timingMs = Math.round((performance.now() - started) * 10) / 10;
  const checked = tool.outputSchema.safeParse(output);
  if (!checked.success) {
    throw new AppError(
      "invalid_tool_output",
      "internal",
      `The ${tool.name} tool produced output that does not match its schema; this is a bug in the tool.`,
      { details: { tool: tool.name, issues: fieldIssuesFrom(checked.error.issues) } },
    );
  }
  return { ...(checked.data as object), timingMs } as ToolRunResult<z.output<T["outputSchema"]>>;
}

/** A name → tool lookup that refuses unknown names (including `__proto__`) with the list of real ones. */
export class ToolRegistry {
  readonly #tools = new Map<string, AnyTool>();

  constructor(tools: readonly AnyTool[]) {
    for (const tool of tools) {
      if (!/^[a-z][a-z0-9_]*$/.test(tool.name)) throw new Error(`Tool name "${tool.name}" must be snake_case.`);
      if (this.#tools.has(tool.name)) throw new Error(`Tool "${tool.name}" is registered twice.`);
      this.#tools.set(tool.name, tool);
    }
  }

  /** All tools, in registration order. */
  list(): AnyTool[] {
    return [...this.#tools.values()];
  }

  /** The tool called `name`, or a not-found error listing the real names. */
  get(name: string): AnyTool {
    const tool = this.#tools.get(name);
    if (tool === undefined) {
      const known = [...this.#tools.keys()];
      throw new AppError(
        "unknown_tool",
        "not-found",
        known.length === 0
          ? `There is no tool called "${name}"; no tools are installed yet.`
          : `There is no tool called "${name}". Available tools: ${known.join(", ")}.`,
        { details: { tool: name, available: known } },
      );
    }
    return tool;
  }
}
