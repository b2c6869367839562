/**
 * The `builtin` chat model: Bullseye's offline, deterministic planner. It routes a request
 * to tools by comparing it with their descriptions and examples, fills the arguments from
 * the request and from earlier results, and answers from the tool output with templates.
 * See `chat-model.ts` (the LangChain model), `plan.ts` (planning) and `run.ts` (execution).
 */
export { BuiltinChatModel, type BuiltinChatModelFields, textChunks } from "./chat-model.ts";
export { Planner, type PlannerAction, type PlannerOptions } from "./planner.ts";
export { type Need, type PlanStep, type TurnPlan, toolsOfPlan } from "./plan.ts";
