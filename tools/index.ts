/**
 * The tool registry: the only list of all tools. Surfaces (HTTP, CLI, agent) get
 * tools from here and nowhere else.
 */
import { type AnyTool, ToolRegistry } from "../src/core/tool.ts";
import { analyzeSentimentTool } from "./analyze-sentiment/index.ts";
import { draftCampaignCopy } from "./draft-campaign-copy/index.ts";
import { forecastSalesTool } from "./forecast-sales/index.ts";
import { recommendProducts } from "./recommend-products/index.ts";
import { searchCatalogTool } from "./search-catalog/index.ts";
import { segmentCustomers } from "./segment-customers/index.ts";

/** Every tool Bullseye offers, in the order they are shown to people and models. */
export const allTools: readonly AnyTool[] = [
  segmentCustomers,
  recommendProducts,
  analyzeSentimentTool,
  forecastSalesTool,
  searchCatalogTool,
  draftCampaignCopy,
];

/** A registry over `tools` (all of them by default). */
export function createToolRegistry(tools: readonly AnyTool[] = allTools): ToolRegistry {
  return new ToolRegistry(tools);
}
