import { describe, expect, it } from "vitest";
import { AppError, ValidationError, toAppError } from "../../src/core/errors.ts";

describe("AppError", () => {
  it("serialises without stack or cause", () => {
    const error = new AppError("store_locked", "conflict", "File in use.", { cause: new Error("raw"), details: { pid: 1 } });
    expect(error.toJSON()).toEqual({
      error: { code: "store_locked", category: "conflict", message: "File in use.", details: { pid: 1 } },
    });
    expect(JSON.stringify(error.toJSON())).not.toContain("raw");
  });

  it("wraps unknown errors as internal ones with a generic message", () => {
    const wrapped = toAppError(new TypeError("x is undefined"));
    expect(wrapped.category).toBe("internal");
    expect(wrapped.message).not.toContain("x is undefined");
    expect(wrapped.cause).toBeInstanceOf(TypeError);
  });

  it("keeps field issues on validation errors", () => {
    const error = new ValidationError("Bad k.", [{ path: "k", message: "Too big: expected number to be <=12" }]);
    expect(error.code).toBe("invalid_input");
    expect(error.details).toEqual({ issues: [{ path: "k", message: "Too big: expected number to be <=12" }] });
  });
});
