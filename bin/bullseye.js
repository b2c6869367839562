#!/usr/bin/env node
// Thin launcher: registers tsx so the TypeScript sources run without a build step,
// then hands over to the CLI. Keeping the shipped entry in plain JS lets `npx bullseye`
// work straight after `npm install`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
