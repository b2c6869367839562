/**
 * The dependency directions of DESIGN.md §1, as data, and a checker that reads
 * import specifiers from source text. Used by imports.test.ts.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** A layer is identified by the path prefix of its files (relative to the repo, with `/`). */
interface Layer {
  name: string;
  matches: (file: string) => boolean;
  /** Which layers' files this layer may import (its own is always allowed, except for tools). */
  mayImport: readonly string[];
  /** npm packages it may import; `*` = any. Node built-ins (`node:`) are always allowed. */
  packages: readonly string[] | "*";
}

const layers: readonly Layer[] = [
  { name: "core", matches: (f) => f.startsWith("src/core/"), mayImport: [], packages: ["zod"] },
  { name: "data", matches: (f) => f.startsWith("src/data/"), mayImport: ["core"], packages: "*" },
  { name: "models", matches: (f) => f.startsWith("src/models/"), mayImport: ["core"], packages: "*" },
  { name: "tool-registry", matches: (f) => f === "tools/index.ts", mayImport: ["core", "tool"], packages: [] },
  { name: "tool", matches: (f) => f.startsWith("tools/") && f !== "tools/index.ts", mayImport: ["core"], packages: "*" },
  { name: "agent", matches: (f) => f.startsWith("src/agent/"), mayImport: ["core", "tool", "tool-registry", "models"], packages: "*" },
  { name: "http", matches: (f) => f.startsWith("src/http/"), mayImport: ["agent", "core", "data"], packages: "*" },
  { name: "slack", matches: (f) => f.startsWith("src/slack/"), mayImport: ["agent", "core"], packages: "*" },
  { name: "web", matches: (f) => f.startsWith("src/web/"), mayImport: [], packages: [] },
  {
    name: "cli",
    matches: (f) => f.startsWith("src/cli/"),
    mayImport: ["core", "data", "models", "tool", "tool-registry", "agent", "http", "slack", "main"],
    packages: "*",
  },
  {
    name: "main",
    matches: (f) => f === "src/main.ts",
    mayImport: ["core", "data", "models", "tool", "tool-registry", "agent", "http", "slack", "cli"],
    packages: "*",
  },
];

function layerOf(file: string): Layer | undefined {
  return layers.find((layer) => layer.matches(file));
}

/** The tool folder of a file under tools/, e.g. `tools/forecast-sales`. */
function toolFolder(file: string): string | undefined {
  const parts = file.split("/");
  return parts[0] === "tools" && parts.length > 2 ? `tools/${parts[1]}` : undefined;
}

const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** Every import specifier in a source text. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier !== undefined) found.push(specifier);
  }
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** Checks one file's imports; returns human-readable violations. */
export function checkFile(file: string, source: string): string[] {
  const violations: string[] = [];
  const layer = layerOf(file);
  for (const specifier of importSpecifiers(source)) {
    if (specifier.startsWith("node:")) continue;
    if (!specifier.startsWith(".")) {
      if (layer && layer.packages !== "*" && !layer.packages.includes(packageName(specifier))) {
        violations.push(`${file} (${layer.name}) imports package "${specifier}"; ${layer.name} may import only: ${layer.packages.join(", ") || "no packages"}`);
      }
      continue;
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    if (target.startsWith("test/") || target.startsWith("bench/")) {
      if (!file.startsWith("test/") && !file.startsWith("bench/")) violations.push(`${file} imports ${target}: nothing in the product may import test/ or bench/`);
      continue;
    }
    if (layer === undefined) continue;
    const targetLayer = layerOf(target);
    if (targetLayer === undefined) {
      violations.push(`${file} (${layer.name}) imports ${target}, which belongs to no layer`);
      continue;
    }
    if (layer.name === "tool" && targetLayer.name === "tool") {
      if (toolFolder(file) !== toolFolder(target)) violations.push(`${file} imports ${target}: a tool never imports another tool`);
      continue;
    }
    if (targetLayer.name === layer.name) continue;
    if (!layer.mayImport.includes(targetLayer.name)) {
      violations.push(`${file} (${layer.name}) imports ${target} (${targetLayer.name}); ${layer.name} may import only: ${layer.mayImport.join(", ") || "nothing of ours"}`);
    }
  }
  return violations;
}

/** All .ts/.js source files under the given folders, relative to `root`. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const absolute = path.join(root, relative);
    for (const entry of readdirSync(absolute)) {
      const child = path.posix.join(relative, entry);
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (/\.(ts|js|mjs)$/.test(entry)) files.push(child);
    }
  };
  for (const folder of folders) {
    try {
      walk(folder);
    } catch {
      // A folder that does not exist yet has no imports to check.
    }
  }
  return files;
}

/** Checks every file under src/ and tools/ in `root`. */
export function checkTree(root: string): string[] {
  return sourceFiles(root, ["src", "tools"]).flatMap((file) => checkFile(file, readFileSync(path.join(root, file), "utf8")));
}
