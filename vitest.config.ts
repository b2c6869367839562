import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The default report for people, plus one plain "N passed, N failed" line for CI.
    reporters: ["default", "./test/reporters/summary-line.ts"],
    // DuckDB and hnswlib are native addons: separate processes keep them isolated.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
