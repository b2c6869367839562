/**
 * Shared setup of the campaign tests: a small seeded demo store (scale 0.1: ~500
 * customers, so a whole campaign runs in about a second), tool services with a fixed
 * clock and counter ids, and a registry with the real segment and recommend tools plus
 * a given draft tool.
 */
import { createMemo, type AnyTool, ToolRegistry, type ToolServices } from "../../../src/core/tool.ts";
import { loadDemo } from "../../../src/data/demo/index.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { recommendProducts } from "../../../tools/recommend-products/index.ts";
import { segmentCustomers } from "../../../tools/segment-customers/index.ts";
import { memoryStore } from "../../helpers/context.ts";

/** A demo store at `scale` (default 0.1, seed 42). Close it in afterAll. */
export async function demoStore(scale = 0.1): Promise<DuckDbStore> {
  const store = await memoryStore();
  await loadDemo(store, { seed: 42, scale });
  return store;
}

/** Tool services over `store`: fixed clock, counter ids shared by everything built from them. */
export function testServices(store: DuckDbStore, extras: Partial<ToolServices> = {}): ToolServices {
  let counter = 0;
  return {
    store,
    clock: () => new Date("2026-11-01T12:00:00Z"),
    newId: (prefix) => `${prefix}_${++counter}`,
    memo: createMemo(),
    ...extras,
  };
}

/** The real segment and recommend tools plus `draftTool`. */
export function campaignRegistry(draftTool: AnyTool): ToolRegistry {
  return new ToolRegistry([segmentCustomers, recommendProducts, draftTool]);
}
