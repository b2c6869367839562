import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError, NotFoundError, ValidationError } from "../../../src/core/errors.ts";
import type { Embedder, Logger } from "../../../src/core/ports.ts";
import { runTool } from "../../../src/core/tool.ts";
import type { DuckDbStore } from "../../../src/data/store.ts";
import { recommendProducts } from "../../../tools/recommend-products/index.ts";
import type { RecommendProductsOutput } from "../../../tools/recommend-products/schema.ts";
import { memoryStore, testContext } from "../../helpers/context.ts";
import { PRODUCTS, seedSegments, seedShop } from "./shop.ts";

type Output = RecommendProductsOutput & { timingMs: number };

async function recommend(store: DuckDbStore, input: unknown, context = testContext(store)): Promise<Output> {
  return (await runTool(recommendProducts, input, context)) as Output;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function customerOutput(output: Output) {
  if (output.kind !== "customer") throw new Error(`expected customer output, got ${output.kind}`);
  return output.customer;
}

function withoutTiming(output: Output): Omit<Output, "timingMs"> {
  const { timingMs: _ignored, ...rest } = output;
  return rest;
}

describe("recommend_products input schema", () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it.each([
    ["limit 0", { customerId: "C1", limit: 0 }, "limit", ">=1"],
    ["limit 51", { customerId: "C1", limit: 51 }, "limit", "<=50"],
    ["a fractional limit", { customerId: "C1", limit: 2.5 }, "limit", "int"],
    ["10,001 customers", { customerIds: Array.from({ length: 10_001 }, (_, index) => `C${index}`) }, "customerIds", "10000"],
    ["an empty customer list", { customerIds: [] }, "customerIds", ">=1"],
    ["a repeated customer", { customerIds: ["C1", "C1"] }, "customerIds", "twice"],
    ["a malformed asOf", { customerId: "C1", asOf: "21/03/2024" }, "asOf", "YYYY-MM-DD"],
    ["an unknown field", { customerId: "C1", shoeSize: 42 }, "shoeSize", "Unrecognized"],
  ])("refuses %s, naming the field and the limit", async (_label, input, field, limit) => {
    const error = await failure(recommend(store, input));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain(field);
    expect(error.message).toContain(limit);
  });

  it("asks for exactly one target when none is given", async () => {
    const error = await failure(recommend(store, { limit: 5 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("exactly one of customerId, customerIds, productId, segmentId (got none)");
  });

  it("refuses two targets and names both", async () => {
    const error = await failure(recommend(store, { customerId: "C1", productId: "P1" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("not customerId and productId");
  });

  it("accepts 10,000 customers and applies defaults", () => {
    const parsed = recommendProducts.inputSchema.parse({ customerIds: Array.from({ length: 10_000 }, (_, index) => `C${index}`) });
    expect(parsed.limit).toBe(10);
    expect(parsed.excludePurchased).toBe(false);
  });

  it("describes every input and output field", () => {
    const undescribed: string[] = [];
    type Definition = { type: string; shape?: Record<string, unknown>; innerType?: unknown; element?: unknown; options?: unknown[] };
    const visit = (schema: unknown, path: string): void => {
      const def = (schema as { def?: Definition }).def;
      if (def?.type === "object" && def.shape !== undefined) {
        for (const [key, field] of Object.entries(def.shape)) {
          if ((field as { description?: string }).description === undefined) undescribed.push(`${path}${key}`);
          visit(field, `${path}${key}.`);
        }
      } else if (def?.options !== undefined) def.options.forEach((option, index) => visit(option, `${path}${index}.`));
      else if (def?.innerType !== undefined) visit(def.innerType, path);
      else if (def?.element !== undefined) visit(def.element, path);
    };
    visit(recommendProducts.inputSchema, "input.");
    visit(recommendProducts.outputSchema, "output.");
    expect(undescribed).toEqual([]);
  });

  it("has 4–6 examples that all pass the schema", () => {
    expect(recommendProducts.examples.length).toBeGreaterThanOrEqual(4);
    expect(recommendProducts.examples.length).toBeLessThanOrEqual(6);
    for (const example of recommendProducts.examples) expect(recommendProducts.inputSchema.safeParse(example.input).success).toBe(true);
  });
});

describe("recommend_products on an empty or tiny store", () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it("says plainly that an empty store has no sales", async () => {
    const error = await failure(recommend(store, { customerId: "C1" }));
    expect(error.code).toBe("no_sales_data");
    expect(error.category).toBe("user");
    expect(error.message).toMatch(/^not enough data: the store has no sales yet/);
  });

  it("reports unknown customers on an empty store when asOf is given", async () => {
    const error = await failure(recommend(store, { customerId: "C1", asOf: "2024-01-01" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("no customers yet");
  });

  it("recommends a one-customer store's own products back to it", async () => {
    await store.run("INSERT INTO products (product_id, name) VALUES ('A', 'MUG'), ('B', 'PLATE')");
    await store.run("INSERT INTO orders (order_id, customer_id, ordered_at) VALUES ('o1', 'solo', TIMESTAMP '2024-05-01 09:00:00')");
    await store.run("INSERT INTO order_items VALUES ('o1', 1, 'A', 2, 3.0), ('o1', 2, 'B', 1, 4.0)");
    const picks = customerOutput(await recommend(store, { customerId: "solo" }));
    expect(picks.coldStart).toBe(false);
    expect(picks.items.map((item) => [item.productId, item.signal, item.reason])).toEqual([
      ["A", "repurchase", "bought it in 1 of their 1 order, most recently 2024-05-01"],
      ["B", "repurchase", "bought it in 1 of their 1 order, most recently 2024-05-01"],
    ]);
    const fresh = customerOutput(await recommend(store, { customerId: "solo", excludePurchased: true }));
    expect(fresh.items).toEqual([]);
  });
});

describe("recommend_products on a small shop", () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await memoryStore();
    await seedShop(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it("puts a customer's regular purchases first, with reasons, and never out-of-stock or non-products", async () => {
    const output = await recommend(store, { customerId: "C1" });
    expect(output.asOf).toBe("2024-03-21");
    const picks = customerOutput(output);
    expect(picks).toMatchObject({ customerId: "C1", coldStart: false, orders: 3, productsBought: 3 });
    expect(picks.items.slice(0, 3).map((item) => [item.productId, item.signal, item.reason])).toEqual([
      ["P1", "repurchase", "bought it in 3 of their 3 orders, most recently 2024-03-01"],
      ["P2", "repurchase", "bought it in 2 of their 3 orders, most recently 2024-03-01"],
      ["P3", "repurchase", "bought it in 1 of their 3 orders, most recently 2024-02-10"],
    ]);
    const ids = picks.items.map((item) => item.productId);
    expect(ids).not.toContain("P6");
    expect(ids).not.toContain("POST");
    expect(picks.items.map((item) => item.rank)).toEqual(ids.map((_, index) => index + 1));
    expect(output.summary.length).toBeLessThanOrEqual(600);
    expect(output.summary).toContain("customer C1 (3 orders, 3 products bought before 2024-03-21)");
  });

  it("honours excludePurchased", async () => {
    const picks = customerOutput(await recommend(store, { customerId: "C1", excludePurchased: true }));
    const ids = picks.items.map((item) => item.productId);
    expect(ids.length).toBeGreaterThan(0);
    for (const bought of ["P1", "P2", "P3"]) expect(ids).not.toContain(bought);
    expect(picks.items.every((item) => item.signal !== "repurchase")).toBe(true);
  });

  it("honours asOf: only orders before it count", async () => {
    const output = await recommend(store, { customerId: "C1", asOf: "2024-02-12" });
    const picks = customerOutput(output);
    expect(output.asOf).toBe("2024-02-12");
    expect(picks.orders).toBe(2);
    expect(picks.items[0]?.reason).toBe("bought it in 2 of their 2 orders, most recently 2024-02-10");
    // C5's first order is on 2024-03-12, so on 2024-02-12 C5 is a customer without purchases.
    expect(customerOutput(await recommend(store, { customerId: "C5", asOf: "2024-02-12" })).coldStart).toBe(true);
  });

  it("gives a customer without purchases the best-sellers, and says so", async () => {
    const output = await recommend(store, { customerId: "C7" });
    const picks = customerOutput(output);
    expect(picks.coldStart).toBe(true);
    // Trending over 2024-03-07…03-20: P2, P4, P5 in 2 orders each, then P1, P3 in 1; ties by customers (P2 4, P4 3, P5 2).
    expect(picks.items.map((item) => item.productId)).toEqual(["P2", "P4", "P5", "P1", "P3"]);
    expect(picks.items.every((item) => item.signal === "popular")).toBe(true);
    expect(picks.items[0]?.reason).toBe(
      "no purchases before 2024-03-21 yet, so a best-seller: in 2 orders in the 14 days before 2024-03-21, bought by 4 customers in all",
    );
    expect(output.summary).toContain("has no purchases before 2024-03-21, so these are best-sellers");
  });

  it("finds what goes with a product, with support, confidence and lift", async () => {
    const output = await recommend(store, { productId: "P1", limit: 5 });
    if (output.kind !== "product") throw new Error("expected product output");
    expect(output.product).toEqual({ productId: "P1", name: PRODUCTS.P1, orders: 6, customers: 3 });
    const [first] = output.items;
    expect(first?.productId).toBe("P2");
    expect(first?.signal).toBe("bought_with");
    expect(first?.reason).toBe("bought together in 5 orders — confidence 83%, lift 1.3");
    expect(first?.rule).toEqual({
      antecedentProductId: "P1",
      antecedentName: PRODUCTS.P1,
      ordersWithBoth: 5,
      support: 0.454545,
      confidence: 0.8333,
      lift: 1.31,
    });
    const ids = output.items.map((item) => item.productId);
    expect(ids).not.toContain("P1");
    expect(ids).not.toContain("P6"); // bought with P1 in o8 but out of stock
    expect(ids).not.toContain("P7"); // never sold, and no embedder to compare descriptions
    // P4: same customer (C2), never the same order.
    expect(output.items.find((item) => item.productId === "P4")?.reason).toBe("bought by the same customers (in different orders)");
  });

  it("refuses unknown customers and products with not-found errors that show real ids", async () => {
    const customer = await failure(recommend(store, { customerId: "C999" }));
    expect(customer).toBeInstanceOf(NotFoundError);
    expect(customer.code).toBe("unknown_customer");
    expect(customer.message).toContain('There is no customer "C999"');
    expect(customer.message).toContain('Customer ids look like "C1"');

    const batch = await failure(recommend(store, { customerIds: ["C1", "NOPE", "C2", "ALSO-NOPE"] }));
    expect(batch.code).toBe("unknown_customer");
    expect(batch.message).toContain('There are no customers "ALSO-NOPE", "NOPE"');

    const product = await failure(recommend(store, { productId: "X1" }));
    expect(product).toBeInstanceOf(NotFoundError);
    expect(product.code).toBe("unknown_product");
    expect(product.message).toContain('Product ids look like "P1"');

    const postage = await failure(recommend(store, { productId: "POST" }));
    expect(postage.code).toBe("unknown_product");
    expect(postage.message).toContain("not merchandise");
  });

  it("refuses unknown segments", async () => {
    const none = await failure(recommend(store, { segmentId: "2" }));
    expect(none).toBeInstanceOf(NotFoundError);
    expect(none.message).toContain("Run segment_customers first");
    await seedSegments(store);
    const missing = await failure(recommend(store, { segmentId: "sgm_t:7" }));
    expect(missing.message).toContain("has no segment 7");
    const malformed = await failure(recommend(store, { segmentId: "not a segment" }));
    expect(malformed.code).toBe("unknown_segment");
  });

  it("ranks a segment's picks by how many members have them in their own top picks", async () => {
    await seedSegments(store);
    const output = await recommend(store, { segmentId: "sgm_t:1", limit: 3 });
    if (output.kind !== "segment") throw new Error("expected segment output");
    expect(output.segment).toEqual({ segmentId: "sgm_t:1", customers: 3, coldStartCustomers: 1 });
    // P2 is in the top 3 of C1 (repurchase), C2 (repurchase) and C7 (best-seller).
    expect(output.items[0]).toMatchObject({ productId: "P2", customersPicking: 3, shareOfSegment: 1, signal: "repurchase" });
    expect(output.items[0]?.reason).toBe("a top-3 pick for 3 of the segment's 3 customers (100%), mostly as a regular repurchase");
    expect(output.items.map((item) => item.customersPicking)).toEqual([...output.items.map((item) => item.customersPicking)].sort((a, b) => b - a));
    const latest = await recommend(store, { segmentId: "1", limit: 3 });
    expect(withoutTiming(latest)).toEqual(withoutTiming(output));
  });

  it("returns one list per customer in a batch, in the order given", async () => {
    const output = await recommend(store, { customerIds: ["C3", "C7", "C1"], limit: 2 });
    if (output.kind !== "customers") throw new Error("expected customers output");
    expect(output.customers.map((picks) => [picks.customerId, picks.coldStart, picks.items.length])).toEqual([
      ["C3", false, 2],
      ["C7", true, 2],
      ["C1", false, 2],
    ]);
    expect(output.coldStartCustomers).toBe(1);
    // Lists: C3 {P3, P4}, C7 {P2, P4}, C1 {P1, P2} → 4 of the 7 products in the model.
    expect(output.catalogueCoverage).toBeCloseTo(4 / 7, 4);
    expect(output.summary).toContain("4 different products recommended");
  });

  it("refuses asOf dates before any sale", async () => {
    const error = await failure(recommend(store, { customerId: "C1", asOf: "2023-06-01" }));
    expect(error.code).toBe("not_enough_data");
    expect(error.category).toBe("user");
    expect(error.message).toContain("no sales before 2023-06-01");
  });

  it("refuses a product query when the product never sold and there is no embedder", async () => {
    const error = await failure(recommend(store, { productId: "P7" }));
    expect(error.code).toBe("not_enough_data");
    expect(error.message).toContain("has no sales before 2024-03-21");
  });

  it("is deterministic", async () => {
    for (const input of [{ customerId: "C2" }, { productId: "P4" }, { customerIds: ["C1", "C5", "C6"] }]) {
      const first = await recommend(store, input);
      const second = await recommend(store, input);
      expect(withoutTiming(second)).toEqual(withoutTiming(first));
    }
  });

  it("fits once and reuses the fit until the data changes", async () => {
    const fits: object[] = [];
    const logger: Logger = {
      info: () => {},
      warn: () => {},
      error: () => {},
      debug: (object, message) => {
        if (message === "fitted recommender") fits.push(object);
      },
    };
    const context = { ...testContext(store), logger };
    await recommend(store, { customerId: "C1" }, context);
    await recommend(store, { productId: "P2" }, context);
    expect(fits).toHaveLength(1);
    await store.run("INSERT INTO orders (order_id, customer_id, ordered_at) VALUES ('o13', 'C7', TIMESTAMP '2024-03-20 12:00:00')");
    await store.run("INSERT INTO order_items VALUES ('o13', 1, 'P3', 1, 2.5)");
    const after = customerOutput(await recommend(store, { customerId: "C7" }, context));
    expect(fits).toHaveLength(2);
    expect(after.coldStart).toBe(false);
  });
});

/** A fake embedder: one dimension per distinct word of the shop's names, so overlap in words = similarity. */
function wordEmbedder(): Embedder {
  const words = [...new Set(Object.values(PRODUCTS).flatMap((name) => name.toLowerCase().split(/\s+/)))].sort();
  const embed = (text: string) => {
    const present = new Set(text.toLowerCase().split(/[\s.]+/));
    return words.map((word) => (present.has(word) ? 1 : 0));
  };
  return {
    id: "test-words",
    dimensions: words.length,
    embedDocuments: async (texts) => texts.map(embed),
    embedQuery: async (text) => embed(text),
  };
}

describe("recommend_products with an embedder", () => {
  let store: DuckDbStore;
  beforeEach(async () => {
    store = await memoryStore();
    await seedShop(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it("reaches a never-sold product through its description", async () => {
    const context = { ...testContext(store), embedder: wordEmbedder() };
    const output = await recommend(store, { productId: "P1", limit: 10 }, context);
    if (output.kind !== "product") throw new Error("expected product output");
    expect(output.model).toMatchObject({ contentSimilarity: true, embedder: "test-words" });
    const candle = output.items.find((item) => item.productId === "P7");
    expect(candle).toMatchObject({ signal: "similar", reason: `similar description to ${PRODUCTS.P1}` });
    expect(candle?.rule).toBeUndefined();
    // Real co-purchases still come first.
    expect(output.items[0]?.productId).toBe("P2");

    const neverSold = await recommend(store, { productId: "P7", limit: 3 }, context);
    if (neverSold.kind !== "product") throw new Error("expected product output");
    expect(neverSold.items.map((item) => item.signal)).toEqual(neverSold.items.map(() => "similar"));
    expect(neverSold.items[0]?.productId).toBe("P1"); // shares "white hanging heart"
  });
});
