/**
 * Reads a LangChain message list the way the builtin planner needs it (pure): the
 * current turn (the last human message and the tool calls made since), the earlier
 * turns with their tool calls and results, and the facts later turns refer to (the
 * latest segmentation, the latest list of products).
 *
 * Tool results are the JSON that `modelViewOfResult`/`modelViewOfError` write; a tool
 * message that is not such JSON counts as a success with its text as the summary, or as
 * an error when LangChain marked it so (`status: "error"`).
 */
import type { BaseMessage } from "@langchain/core/messages";
import { type ModelView, parseModelView } from "../../core/model-view.ts";

/** A tool call made earlier, with its result when one came back. */
export interface ExecutedCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
  /** The parsed tool message; undefined while the call has no answer. */
  view: ModelView | undefined;
}

/** One turn: what the person asked, the tool calls made for it (in order) and the final answer text. */
export interface Turn {
  request: string;
  calls: ExecutedCall[];
  /** Tool-call batches in order: each inner list is one AI message's calls. */
  batches: ExecutedCall[][];
  answer: string | undefined;
}

/** The conversation split into earlier turns and the current one. */
export interface ConversationState {
  previous: Turn[];
  current: Turn;
}

/** A segment as the planner knows it from a segment_customers result. */
export interface KnownSegment {
  segmentId: string;
  number: number;
  name: string;
  size: number | undefined;
  scores: Partial<Record<"recency" | "frequency" | "monetary" | "tenure", number>>;
}

/** The latest segmentation seen in the conversation. */
export interface KnownSegmentation {
  segmentationId: string;
  segments: KnownSegment[];
}

/** A product seen in a tool result (search results, recommendations). */
export interface KnownProduct {
  productId: string;
  name: string | undefined;
}

function textOf(message: BaseMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.text;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function toolView(message: BaseMessage, name: string): ModelView {
  const content = textOf(message);
  const parsed = parseModelView(content);
  if (parsed !== undefined) return parsed;
  const status = (message as { status?: string }).status;
  if (status === "error") return { tool: name, ok: false, error: { code: "tool_error", message: content } };
  return { tool: name, ok: true, summary: content, data: undefined };
}

/** Splits `messages` into turns. System messages are ignored; messages before the first human message are dropped. */
export function readConversation(messages: readonly BaseMessage[]): ConversationState {
  const turns: Turn[] = [];
  const byId = new Map<string, ExecutedCall>();
  let turn: Turn | undefined;
  for (const message of messages) {
    switch (message.type) {
      case "human":
        turn = { request: textOf(message), calls: [], batches: [], answer: undefined };
        turns.push(turn);
        break;
      case "ai": {
        if (turn === undefined) break;
        const toolCalls = (message as { tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }> }).tool_calls ?? [];
        if (toolCalls.length > 0) {
          const batch: ExecutedCall[] = toolCalls.map((call, index) => ({
            id: call.id ?? `missing-${turns.length}-${turn!.calls.length + index}`,
            name: call.name,
            args: record(call.args) ?? {},
            view: undefined,
          }));
          for (const call of batch) byId.set(call.id, call);
          turn.calls.push(...batch);
          turn.batches.push(batch);
        } else {
          const text = textOf(message);
          if (text.trim() !== "") turn.answer = text;
        }
        break;
      }
      case "tool": {
        const id = (message as { tool_call_id?: string }).tool_call_id;
        const call = id === undefined ? undefined : byId.get(id);
        if (call !== undefined) call.view = toolView(message, call.name);
        break;
      }
      default:
        break;
    }
  }
  const current = turns.pop() ?? { request: "", calls: [], batches: [], answer: undefined };
  return { previous: turns, current };
}

/** The `data` of a successful view as a record, or undefined. */
export function viewData(view: ModelView | undefined): Record<string, unknown> | undefined {
  return view?.ok === true ? record(view.data) : undefined;
}

/** Reads the segments of a segment_customers view; undefined when it is not one. */
export function segmentationOf(view: ModelView | undefined): KnownSegmentation | undefined {
  const data = viewData(view);
  if (data === undefined || typeof data.segmentationId !== "string" || !Array.isArray(data.segments)) return undefined;
  const segments: KnownSegment[] = [];
  for (const item of data.segments) {
    const segment = record(item);
    if (segment === undefined || typeof segment.segmentId !== "string" || typeof segment.number !== "number" || typeof segment.name !== "string") continue;
    const scores = record(segment.scores) ?? {};
    segments.push({
      segmentId: segment.segmentId,
      number: segment.number,
      name: segment.name,
      size: typeof segment.size === "number" ? segment.size : undefined,
      scores: Object.fromEntries(
        ["recency", "frequency", "monetary", "tenure"].flatMap((key) => (typeof scores[key] === "number" ? [[key, scores[key]]] : [])),
      ),
    });
  }
  return { segmentationId: data.segmentationId, segments };
}

/** Products listed by a search_catalog or recommend_products view, best first. */
export function productsOf(view: ModelView | undefined): KnownProduct[] {
  const data = viewData(view);
  if (data === undefined) return [];
  const lists: unknown[] = [];
  if (Array.isArray(data.results)) lists.push(...data.results);
  else if (Array.isArray(data.items)) lists.push(...data.items);
  else if (record(data.customer) && Array.isArray(record(data.customer)?.items)) lists.push(...(record(data.customer)?.items as unknown[]));
  else if (Array.isArray(data.customers)) {
    const first = record(data.customers[0]);
    if (first && Array.isArray(first.items)) lists.push(...first.items);
  }
  const products: KnownProduct[] = [];
  for (const item of lists) {
    const product = record(item);
    if (product === undefined || typeof product.productId !== "string") continue;
    products.push({ productId: product.productId, name: typeof product.name === "string" ? product.name : undefined });
  }
  return products;
}

/** Every finished call of the earlier turns, oldest first. */
export function previousCalls(state: ConversationState): ExecutedCall[] {
  return state.previous.flatMap((turn) => turn.calls);
}

/** The latest segmentation among `calls` (newest last). */
export function latestSegmentation(calls: readonly ExecutedCall[]): KnownSegmentation | undefined {
  for (let index = calls.length - 1; index >= 0; index--) {
    const call = calls[index]!;
    if (call.name !== "segment_customers") continue;
    const segmentation = segmentationOf(call.view);
    if (segmentation !== undefined) return segmentation;
  }
  return undefined;
}

/** The latest product list among `calls` (search results or recommendations). */
export function latestProducts(calls: readonly ExecutedCall[]): KnownProduct[] {
  for (let index = calls.length - 1; index >= 0; index--) {
    const call = calls[index]!;
    if (call.name !== "search_catalog" && call.name !== "recommend_products") continue;
    const products = productsOf(call.view);
    if (products.length > 0) return products;
  }
  return [];
}
