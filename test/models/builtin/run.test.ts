import { describe, expect, it } from "vitest";
import { modelViewOfResult } from "../../../src/core/model-view.ts";
import type { KnownSegmentation } from "../../../src/models/builtin/conversation.ts";
import type { PlanStep } from "../../../src/models/builtin/plan.ts";
import { advance, fixArgs, matchSegment } from "../../../src/models/builtin/run.ts";
import { TOOLS } from "./helpers.ts";

const segmentation: KnownSegmentation = {
  segmentationId: "sgm_x",
  segments: [
    { segmentId: "sgm_x:1", number: 1, name: "Loyal customers", size: 2637, scores: { recency: 0.645, frequency: 0.732, monetary: 0.724, tenure: 0.678 } },
    { segmentId: "sgm_x:2", number: 2, name: "Hibernating", size: 2134, scores: { recency: 0.318, frequency: 0.124, monetary: 0.224, tenure: 0.279 } },
  ],
};

describe("matchSegment", () => {
  it("takes the segment with the name when there is one", () => {
    expect(matchSegment(segmentation, "Hibernating")).toMatchObject({ exact: true, segment: { segmentId: "sgm_x:2" } });
  });

  it("takes the closest profile otherwise, weighing what defines the group", () => {
    // "At risk" is defined by a long time since the last order: Hibernating, not Loyal customers.
    expect(matchSegment(segmentation, "At risk")).toMatchObject({ exact: false, segment: { segmentId: "sgm_x:2" } });
    expect(matchSegment(segmentation, "Champions")).toMatchObject({ exact: false, segment: { segmentId: "sgm_x:1" } });
  });
});

describe("fixArgs", () => {
  it("drops the filter the error names", () => {
    expect(fixArgs("segment_customers", { k: 4, country: "Narnia" }, { code: "not_found", message: 'No orders were shipped to "Narnia".' })).toEqual({
      args: { k: 4 },
      dropped: ["country"],
    });
  });

  it("drops every optional filter after 'not enough data'", () => {
    expect(fixArgs("analyze_sentiment", { aspect: "size", from: "2026-10-01", productId: "HW1" }, { code: "not_enough_data", message: "not enough data: no reviews match." })).toEqual({
      args: { productId: "HW1" },
      dropped: ["aspect", "from"],
    });
  });

  it("gives up when nothing can sensibly go", () => {
    expect(fixArgs("recommend_products", { customerId: "99999" }, { code: "unknown_customer", message: "There is no customer 99999." })).toBeUndefined();
    expect(fixArgs("segment_customers", { country: "France" }, { code: "internal_error", message: "Something went wrong on our side." })).toBeUndefined();
  });
});

describe("advance", () => {
  const tools = new Map(TOOLS.map((tool) => [tool.name, tool]));
  const history = { segmentation: undefined, products: [] };

  it("emits the first step, then the next one once a result is in", () => {
    const steps: PlanStep[] = [
      { tool: "search_catalog", args: { query: "oak board", limit: 5 }, needs: [], role: "helper" },
      { tool: "recommend_products", args: {}, needs: [{ kind: "product", into: "productId", step: 0 }], role: "main" },
    ];
    expect(advance(steps, [], tools, history).next).toEqual({ name: "search_catalog", args: { query: "oak board", limit: 5 } });
    const view = modelViewOfResult("search_catalog", { summary: "1 product", results: [{ productId: "HW9", name: "Oak Board" }] });
    const progress = advance(steps, [{ id: "c1", name: "search_catalog", args: { query: "oak board", limit: 5 }, view: JSON.parse(view) }], tools, history);
    expect(progress.next).toEqual({ name: "recommend_products", args: { productId: "HW9" } });
    expect(progress.outcomes.map((outcome) => outcome.status)).toEqual(["done"]);
  });

  it("drops an argument the tool's schema rejects when the call still makes sense", () => {
    const steps: PlanStep[] = [{ tool: "segment_customers", args: { k: 40, country: "France" }, needs: [], role: "main" }];
    expect(advance(steps, [], tools, history).next).toEqual({ name: "segment_customers", args: { country: "France" } });
  });

  it("skips a step whose required input cannot be made valid", () => {
    const steps: PlanStep[] = [{ tool: "recommend_products", args: { limit: 5 }, needs: [], role: "main" }];
    const progress = advance(steps, [], tools, history);
    expect(progress.next).toBeUndefined();
    expect(progress.outcomes[0]).toMatchObject({ status: "skipped", reason: expect.stringContaining("not valid") });
  });

  it("reports calls that do not follow the plan", () => {
    const steps: PlanStep[] = [{ tool: "forecast_sales", args: {}, needs: [], role: "main" }];
    const progress = advance(steps, [{ id: "c1", name: "search_catalog", args: {}, view: undefined }], tools, history);
    expect(progress.diverged).toBe(true);
  });
});
