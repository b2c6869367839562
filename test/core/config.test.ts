import path from "node:path";
import { describe, expect, it } from "vitest";
import { isLoopbackHost, loadConfig } from "../../src/core/config.ts";
import { ConfigError } from "../../src/core/errors.ts";

describe("loadConfig", () => {
  it("has working defaults", () => {
    const config = loadConfig({}, {});
    expect(config).toMatchObject({ port: 3000, host: "127.0.0.1", demo: true, demoSeed: 42, bodyLimit: "1mb", logLevel: "info" });
    expect(config.databasePath).toBe(path.resolve("data/bullseye.duckdb"));
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads the environment and lets explicit overrides win", () => {
    const environment = { PORT: "8080", BULLSEYE_DEMO: "0", BULLSEYE_DB: "/tmp/x.duckdb", HOST: "" };
    expect(loadConfig({}, environment)).toMatchObject({ port: 8080, demo: false, databasePath: "/tmp/x.duckdb", host: "127.0.0.1" });
    expect(loadConfig({ port: 9000 }, environment).port).toBe(9000);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({}, { PORT: "eighty" })).toThrow(ConfigError);
    expect(() => loadConfig({}, { PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({}, { BULLSEYE_DEMO: "maybe" })).toThrow(/BULLSEYE_DEMO must be one of/);
  });
});

describe("isLoopbackHost", () => {
  it("accepts loopback names and addresses only", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "192.168.1.10", "::", "example.com"]) expect(isLoopbackHost(host)).toBe(false);
  });
});
