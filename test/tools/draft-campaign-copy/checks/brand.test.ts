import { describe, expect, it } from "vitest";
import { checkAvoidWords, findAvoidWords } from "../../../../tools/draft-campaign-copy/checks/brand.ts";
import { checkResultSchema } from "../../../../tools/draft-campaign-copy/checks/result.ts";

const voice = { name: "default", avoidWords: ["cheap", "hurry", "act now", "deal"] };

describe("findAvoidWords", () => {
  it("finds whole words and phrases in any case and spacing, with their inflections", () => {
    const hits = findAvoidWords("Hurry! Cheapest prices, ACT   NOW. We hurried to pack it.", voice.avoidWords);
    expect(hits).toEqual([
      { word: "cheap", found: ["Cheapest"] },
      { word: "hurry", found: ["Hurry", "hurried"] },
      { word: "act now", found: ["ACT   NOW"] },
    ]);
  });

  it("does not match inside other words", () => {
    expect(findAvoidWords("An ideal gift for cheapside walkers; actnow.com", voice.avoidWords)).toEqual([]);
    expect(findAvoidWords("Idealistic plans", ["deal"])).toEqual([]);
  });

  it("treats regex characters in avoid words literally", () => {
    expect(findAvoidWords("Only £5, really", ["(really)"])).toEqual([]);
    expect(findAvoidWords("Only £5 (really)", ["(really)"])).toEqual([{ word: "(really)", found: ["(really)"] }]);
    expect(findAvoidWords("It costs 5.00 today", ["5.00"])).toEqual([{ word: "5.00", found: ["5.00"] }]);
    expect(findAvoidWords("It costs 5000 today", ["5.00"])).toEqual([]);
  });
});

describe("checkAvoidWords", () => {
  it("fails naming each avoided word and the voice", () => {
    const result = checkAvoidWords("Hurry, it's a cheap deal!", voice);
    expect(checkResultSchema.parse(result)).toEqual(result);
    expect(result.id).toBe("brand.avoid_words");
    expect(result.status).toBe("fail");
    expect(result.message).toBe('The copy uses "cheap", "hurry", "deal", which brand voice "default" avoids. Reword without them.');
    expect(checkAvoidWords("Cheaper than ever", voice).message).toMatch(/"cheap" \(as "Cheaper"\)/);
  });

  it("passes clean copy, and says so when there is nothing to avoid", () => {
    expect(checkAvoidWords("A lovely lantern for autumn evenings.", voice)).toMatchObject({ status: "pass", message: expect.stringMatching(/None of the 4 words/) });
    expect(checkAvoidWords("Hurry!", null)).toMatchObject({ status: "pass", message: expect.stringMatching(/No brand voice/) });
    expect(checkAvoidWords("Hurry!", { name: "calm", avoidWords: [] })).toMatchObject({ status: "pass" });
  });
});
