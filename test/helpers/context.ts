/**
 * Test helpers for tools: an in-memory store and a tool context with a fixed clock
 * and predictable ids.
 */
import { type ToolContext, createMemo } from "../../src/core/tool.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { DuckDbStore } from "../../src/data/store.ts";

/** A fresh, migrated, empty in-memory store. Close it in `afterEach`/`afterAll`. */
export function memoryStore(): Promise<DuckDbStore> {
  return DuckDbStore.open({ location: ":memory:" });
}

/** A tool context over `store` with a fixed clock and counter-based ids (`sgm_1`, `sgm_2`, …). */
export function testContext(store: DuckDbStore, now = new Date("2026-11-01T12:00:00Z")): ToolContext {
  let counter = 0;
  return {
    store,
    clock: () => new Date(now),
    newId: (prefix) => `${prefix}_${++counter}`,
    logger: silentLogger,
    memo: createMemo(),
  };
}
