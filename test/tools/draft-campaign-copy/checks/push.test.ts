import { describe, expect, it } from "vitest";
import { checkPush } from "../../../../tools/draft-campaign-copy/checks/push.ts";

const limits = { titleMax: 50, bodyMax: 110 };

describe("checkPush", () => {
  it("passes a 50-character title and a 110-character body", () => {
    const results = checkPush({ title: "t".repeat(50), body: "b".repeat(110) }, limits);
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ["push.title_length", "pass"],
      ["push.body_length", "pass"],
    ]);
  });

  it("fails a 51-character title and a 111-character body with the excess", () => {
    const [title, body] = checkPush({ title: "t".repeat(51), body: "b".repeat(111) }, limits);
    expect(title).toMatchObject({ status: "fail", message: "Push title is 51 characters; the limit is 50. Cut at least 1." });
    expect(body).toMatchObject({ status: "fail", details: { characters: 111, max: 110 } });
  });

  it("uses configured limits", () => {
    const [title, body] = checkPush({ title: "t".repeat(30), body: "b".repeat(60) }, { titleMax: 25, bodyMax: 60 });
    expect(title?.status).toBe("fail");
    expect(body?.status).toBe("pass");
  });

  it("fails empty fields", () => {
    expect(checkPush({ title: "", body: " " }, limits).map((result) => result.status)).toEqual(["fail", "fail"]);
  });
});
