import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, NotFoundError, ValidationError } from "../../../src/core/errors.ts";
import { resolveSegment } from "../../../src/core/segments.ts";
import { runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { RESTARTS, segmentCustomers } from "../../../tools/segment-customers/index.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";
import { addCatalogue, addOrders, twoGroups } from "./fixtures.ts";

let store: DuckDbStore;

beforeEach(async () => {
  store = await memoryStore();
  await addCatalogue(store);
});

afterEach(async () => {
  await store.close();
});

/** Runs the tool and returns the error it throws. */
async function failure(input: unknown): Promise<AppError> {
  const error: unknown = await runTool(segmentCustomers, input, testContext(store)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Silhouette by the textbook formula on log1p + population z-scored rows, independent of the tool's code. */
function referenceSilhouette(rows: number[][], labels: number[]): number {
  const columns = rows[0]!.map((_, column) => rows.map((row) => Math.log1p(row[column]!)));
  const scaled = rows.map((_, index) =>
    columns.map((column) => {
      const mean = column.reduce((sum, value) => sum + value, 0) / column.length;
      const sd = Math.sqrt(column.reduce((sum, value) => sum + (value - mean) ** 2, 0) / column.length);
      return (column[index]! - mean) / sd;
    }),
  );
  const distance = (a: number[], b: number[]) => Math.hypot(...a.map((value, index) => value - b[index]!));
  const scores = scaled.map((point, index) => {
    const meanTo = (label: number) => {
      const others = scaled.filter((_, other) => other !== index && labels[other] === label);
      return others.reduce((sum, other) => sum + distance(point, other), 0) / others.length;
    };
    const a = meanTo(labels[index]!);
    const b = Math.min(...[...new Set(labels)].filter((label) => label !== labels[index]).map(meanTo));
    return (b - a) / Math.max(a, b);
  });
  return scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

describe("segment_customers input schema", () => {
  it.each([
    [{ k: 1 }, /k: .*>=2/],
    [{ k: 13 }, /k: .*<=12/],
    [{ k: 2.5 }, /k: .*int/i],
    [{ features: [] }, /features: .*>=1/],
    [{ features: ["recency", "recency"] }, /features: must not list a feature twice/],
    [{ features: ["age"] }, /features\.0: /],
    [{ asOf: "2024-13-01" }, /asOf: must be a date written YYYY-MM-DD/],
    [{ from: "2024-03-01", to: "2024-02-01" }, /to: must be on or after from \(2024-03-01\)/],
    [{ country: "" }, /country: /],
    [{ segments: 4 }, /Unrecognized key.*segments/],
  ])("refuses %j with a message naming the field and the limit", async (input, message) => {
    const error = await failure(input);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(message);
  });

  it("describes every input and output field", () => {
    const undescribed: string[] = [];
    const visit = (schema: unknown, path: string) => {
      const zod = schema as { description?: string; def?: { type: string; shape?: Record<string, unknown>; innerType?: unknown; element?: unknown } };
      const def = zod.def;
      if (def?.type === "object" && def.shape !== undefined) {
        for (const [key, field] of Object.entries(def.shape)) {
          if ((field as { description?: string }).description === undefined) undescribed.push(`${path}${key}`);
          visit(field, `${path}${key}.`);
        }
      } else if (def?.innerType !== undefined) visit(def.innerType, path);
      else if (def?.element !== undefined) visit(def.element, path);
    };
    visit(segmentCustomers.inputSchema, "input.");
    visit(segmentCustomers.outputSchema, "output.");
    expect(undescribed).toEqual([]);
  });

  it("has examples that its own schema accepts", () => {
    expect(segmentCustomers.examples.length).toBeGreaterThanOrEqual(4);
    for (const example of segmentCustomers.examples) expect(segmentCustomers.inputSchema.safeParse(example.input).success).toBe(true);
  });
});

describe("segment_customers on a hand-checked store", () => {
  beforeEach(async () => {
    await addOrders(store, twoGroups);
  });

  it("finds the two groups with the medians, names and silhouette worked out by hand", async () => {
    const output = await runTool(segmentCustomers, { k: 2 }, testContext(store));
    expect(output).toMatchObject({ segmentationId: "sgm_1", asOf: "2024-04-01", k: 2, kChosenBy: "input", customerCount: 6 });
    const [first, second] = output.segments;
    expect(first).toMatchObject({
      segmentId: "sgm_1:1",
      number: 1,
      name: "Loyal customers",
      size: 3,
      share: 0.5,
      medians: { recencyDays: 4, frequency: 2, monetary: 50, tenureDays: 31, averageOrderValue: 25, distinctProducts: 2 },
      // Mid-rank percentiles among the six customers, e.g. recency 4: (1 below + ½ equal)/6 = 0.25 → 1 − 0.25.
      scores: { recency: 0.75, frequency: 0.667, monetary: 0.75, tenure: 0.25 },
    });
    expect(second).toMatchObject({
      segmentId: "sgm_1:2",
      name: "Hibernating",
      size: 3,
      medians: { recencyDays: 305, frequency: 1, monetary: 20, tenureDays: 305, averageOrderValue: 20, distinctProducts: 1 },
      scores: { recency: 0.25, frequency: 0.25, monetary: 0.333, tenure: 0.75 },
    });
    expect(first!.description).toBe("Buy regularly and spend well: typically last ordered 4 days ago, 2 orders, 50 spent in total.");
    const rows = [
      [2, 2, 50],
      [4, 3, 130],
      [7, 2, 20],
      [305, 1, 30],
      [322, 1, 10],
      [275, 1, 20],
    ];
    expect(output.quality.silhouette).toBeCloseTo(referenceSilhouette(rows, [1, 1, 1, 2, 2, 2]), 4);
    expect(output.quality).toMatchObject({ silhouetteSampled: false, silhouettePoints: 6, restarts: RESTARTS, converged: true });
    expect(output.summary.length).toBeLessThanOrEqual(600);
    expect(output.summary).toContain("Segmented 6 customers (orders before 2024-04-01)");
  });

  it("stores the segmentation and one assignment per customer, usable by segment id", async () => {
    const output = await runTool(segmentCustomers, { k: 2 }, testContext(store));
    const assignments = await store.query<{ customer_id: string; segment_id: number }>(
      "SELECT customer_id, segment_id FROM segment_assignments WHERE segmentation_id = 'sgm_1' ORDER BY customer_id",
    );
    expect(assignments).toEqual(
      ["c1", "c2", "c3", "c4", "c5", "c6"].map((customer, index) => ({ customer_id: customer, segment_id: index < 3 ? 1 : 2 })),
    );
    const [stored] = await store.query<{ created_at: Date; params: string; result: string }>(
      "SELECT created_at, params, result FROM segmentations WHERE segmentation_id = 'sgm_1'",
    );
    expect(stored!.created_at.toISOString()).toBe("2026-11-01T12:00:00.000Z");
    expect(JSON.parse(stored!.params)).toEqual({
      k: 2,
      kChosenBy: "input",
      features: ["recency", "frequency", "monetary"],
      asOf: "2024-04-01",
      seed: 42,
      restarts: RESTARTS,
    });
    const { timingMs: _timing, ...withoutTiming } = output;
    expect(JSON.parse(stored!.result)).toEqual(withoutTiming);
    expect(await resolveSegment(store, output.segments[1]!.segmentId)).toMatchObject({ segmentNumber: 2, customerCount: 3 });
  });

  it("gives the same output for the same data and input", async () => {
    const context = testContext(store);
    const strip = (output: object) => JSON.parse(JSON.stringify(output).replaceAll(/sgm_\d+/g, "sgm")) as Record<string, unknown>;
    const first = strip(await runTool(segmentCustomers, {}, context));
    const second = strip(await runTool(segmentCustomers, {}, context));
    delete first.timingMs;
    delete second.timingMs;
    expect(second).toEqual(first);
  });

  it("chooses k by silhouette when k is left out, and says so", async () => {
    const output = await runTool(segmentCustomers, {}, testContext(store));
    expect(output.kChosenBy).toBe("silhouette");
    // Six distinct customers: k = 2…5 can be tried.
    expect(output.kCandidates.map((candidate) => candidate.k)).toEqual([2, 3, 4, 5]);
    const best = Math.max(...output.kCandidates.map((candidate) => candidate.silhouette));
    expect(output.kCandidates.find((candidate) => candidate.k === output.k)!.silhouette).toBe(best);
    expect(output.quality.silhouette).toBe(best);
    expect(output.summary).toContain(`k=${output.k} chosen by best silhouette over k=2–5`);
  });

  it("computes as of an earlier date: later orders do not count and recency is measured to that date", async () => {
    const output = await runTool(segmentCustomers, { k: 2, asOf: "2024-03-21" }, testContext(store));
    // Before 2024-03-21: c1 (o2), c2 (o4, o5), c3 (o7), c4, c5, c6.
    expect(output.asOf).toBe("2024-03-21");
    expect(output.customerCount).toBe(6);
    expect(output.segments[0]!.medians.recencyDays).toBe(11);
  });

  it("filters by country (case-insensitively) and date window", async () => {
    const context = testContext(store);
    const uk = await runTool(segmentCustomers, { k: 2, country: "united kingdom" }, context);
    expect(uk.filters).toEqual({ country: "United Kingdom" });
    expect(uk.customerCount).toBe(5);
    const window = await runTool(segmentCustomers, { k: 2, from: "2024-03-01", to: "2024-03-28" }, context);
    expect(window.filters).toEqual({ from: "2024-03-01", to: "2024-03-28" });
    // c1 (o2 on 03-01), c2 (o3 on 03-28, o4), c3 (o6, o7): both ends are included.
    expect(window.customerCount).toBe(3);
  });

  it("answers an unknown country with the countries that exist", async () => {
    const error = await failure({ country: "Atlantis" });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe("unknown_country");
    expect(error.message).toContain('No customer orders ship to "Atlantis"');
    expect(error.message).toContain("United Kingdom, France");
  });

  it("says plainly when a window holds no customers, or too few for k", async () => {
    const empty = await failure({ from: "2025-01-01" });
    expect(empty).toMatchObject({ code: "not_enough_data", category: "user" });
    expect(empty.message).toMatch(/^not enough data: no customer has a sale in orders before 2024-04-01 from 2025-01-01/);
    const tooFew = await failure({ k: 7 });
    expect(tooFew.message).toMatch(/^not enough data: 6 customers with 6 different profiles .* k = 7 needs at least 7\. Lower k/);
  });
});

describe("segment_customers on tiny stores", () => {
  it("refuses an empty store with a user error, not a crash", async () => {
    const error = await failure({});
    expect(error).toMatchObject({ code: "no_sales_data", category: "user" });
    expect(error.message).toMatch(/^not enough data: the store has no sales yet/);
  });

  it("refuses one customer: there is nothing to segment", async () => {
    await addOrders(store, [{ order: "o1", customer: "solo", at: "2024-01-05 10:00", lines: [["P1", 1, 10]] }]);
    const error = await failure({});
    expect(error).toMatchObject({ code: "not_enough_data", category: "user" });
    expect(error.message).toContain("1 customer with 1 different profile");
    expect(error.message).toContain("choosing k automatically needs at least 3");
    expect((await failure({ k: 2 })).message).toContain("k = 2 needs at least 2");
  });

  it("segments two customers when asked for k = 2, with finite numbers everywhere", async () => {
    await addOrders(store, [
      { order: "o1", customer: "a", at: "2024-01-05 10:00", lines: [["P1", 1, 10]] },
      { order: "o2", customer: "b", at: "2023-01-05 10:00", lines: [["P3", 5, 40]] },
    ]);
    expect((await failure({})).message).toContain("choosing k automatically needs at least 3. Pass k = 2, or widen the date window");
    const output = await runTool(segmentCustomers, { k: 2, features: ["recency", "frequency"] }, testContext(store));
    expect(output.segments.map((segment) => segment.size)).toEqual([1, 1]);
    // Frequency is constant (1 order each): it scales to 0 instead of NaN. Singletons score 0.
    expect(output.quality.silhouette).toBe(0);
    expect(JSON.stringify(output)).not.toMatch(/NaN|Infinity|null/);
  });
});
