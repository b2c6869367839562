import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile, checkTree, importSpecifiers } from "./import-rules.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

describe("import directions (DESIGN.md §1)", () => {
  it("hold for the whole tree", () => {
    expect(checkTree(repoRoot)).toEqual([]);
  });

  it("finds static, type-only, re-export and dynamic imports", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      'export { c } from "./c.ts";',
      'const d = await import("./d.ts");',
      'import "./side-effect.ts";',
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(["./a.ts", "../b.ts", "./c.ts", "./d.ts", "./side-effect.ts"]);
  });

  it("rejects a tool importing the agent or HTTP layer", () => {
    expect(checkFile("tools/forecast-sales/index.ts", 'import { x } from "../../src/agent/loop.ts";')).toHaveLength(1);
    expect(checkFile("tools/forecast-sales/index.ts", 'import { x } from "../../src/http/app.ts";')).toHaveLength(1);
    expect(checkFile("tools/forecast-sales/index.ts", 'import { x } from "../../src/core/tool.ts";')).toEqual([]);
  });

  it("rejects a tool importing another tool, but allows its own files", () => {
    expect(checkFile("tools/forecast-sales/index.ts", 'import { x } from "../segment-customers/kmeans.ts";')).toHaveLength(1);
    expect(checkFile("tools/forecast-sales/index.ts", 'import { x } from "./regression.ts";')).toEqual([]);
  });

  it("rejects core importing anything of ours or any package but zod", () => {
    expect(checkFile("src/core/config.ts", 'import { x } from "../data/store.ts";')).toHaveLength(1);
    expect(checkFile("src/core/config.ts", 'import { pino } from "pino";')).toHaveLength(1);
    expect(checkFile("src/core/config.ts", 'import { z } from "zod";\nimport path from "node:path";')).toEqual([]);
  });

  it("rejects product code importing test/ or bench/", () => {
    expect(checkFile("src/http/app.ts", 'import { fake } from "../../test/helpers/context.ts";')).toHaveLength(1);
    expect(checkFile("src/data/store.ts", 'import { bench } from "../../bench/lib.ts";')).toHaveLength(1);
  });
});
