/**
 * Input and output of `recommend_products`. Shape rules (exactly one target, ranges,
 * formats, unknown fields) live here; world rules (does the customer, product or segment
 * exist, is there any sales data) live in the tool.
 */
import { z } from "zod";

/** Most products per list. */
export const MAX_LIMIT = 50;
/** Most customers in one batch call (a campaign needs picks for a whole segment). */
export const MAX_BATCH_CUSTOMERS = 10_000;

/** The four ways to say whom or what the picks are for; exactly one must be given. */
export const TARGET_FIELDS = ["customerId", "customerIds", "productId", "segmentId"] as const;

const id = z.string().trim().min(1).max(100);
const isoDate = z.iso.date({ error: "must be a date written YYYY-MM-DD" });

export const recommendProductsInputSchema = z
  .object({
    customerId: id
      .optional()
      .describe("Recommend for this one customer (their customer id, e.g. \"12347\"): what they are likely to buy next."),
    customerIds: z
      .array(id)
      .min(1)
      .max(MAX_BATCH_CUSTOMERS)
      .refine((ids) => new Set(ids).size === ids.length, { error: "must not list a customer twice" })
      .optional()
      .describe(
        `Recommend for each of these customers (1–${MAX_BATCH_CUSTOMERS.toLocaleString("en-US")} ids), e.g. everyone a campaign targets; one list per customer.`,
      ),
    productId: id
      .optional()
      .describe(
        "Products that go with this product (product id, e.g. \"85123A\"): bought by the same customers or in the same orders, " +
          "or similar in description when an embedder is configured. Use for \"what goes with X\", \"similar to X\", cross-sell.",
      ),
    segmentId: id
      .optional()
      .describe(
        "Top picks for a customer segment from segment_customers: \"<segmentationId>:<number>\" (e.g. \"sgm_4f2a9c:2\"), " +
          "or just the number for that segment of the latest segmentation. Products are ranked by how many of the segment's customers have them in their own top picks.",
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_LIMIT)
      .default(10)
      .describe(`Products per list, 1–${MAX_LIMIT}; default 10.`),
    excludePurchased: z
      .boolean()
      .default(false)
      .describe(
        "Leave out products the customer already bought (for segments: each member's own purchases). Default false: in wholesale " +
          "re-buying is the norm and repeat items are often the best picks. Set true for \"something new\" campaigns. Ignored for productId.",
      ),
    asOf: isoDate
      .optional()
      .describe(
        "Recommend as if today were this date (YYYY-MM-DD): only orders placed before it are used. " +
          "Default: the day after the latest order in the store, so a historical import behaves as if today were just after its last order.",
      ),
  })
  .strict()
  .superRefine((input, context) => {
    const given = TARGET_FIELDS.filter((field) => input[field] !== undefined);
    if (given.length === 0) {
      context.addIssue({
        code: "custom",
        path: [],
        message: `give exactly one of ${TARGET_FIELDS.join(", ")} (got none): a customer, a list of customers, a product or a segment`,
      });
    } else if (given.length > 1) {
      context.addIssue({
        code: "custom",
        path: [given[1] as string],
        message: `give exactly one of ${TARGET_FIELDS.join(", ")}, not ${given.join(" and ")}; make one call per target`,
      });
    }
  })
  .describe("Whom or what to recommend for, how many products, and as of when.");

export type RecommendProductsInput = z.output<typeof recommendProductsInputSchema>;

const share = z.number().min(0).max(1);
const count = z.number().int().min(0);

const ruleSchema = z
  .object({
    antecedentProductId: z.string().describe("The product A of the rule A → this product."),
    antecedentName: z.string().describe("A's name."),
    ordersWithBoth: count.describe("Orders that contained both A and this product."),
    support: share.describe("Orders with both / all orders."),
    confidence: share.describe("Orders with both / orders with A: how often A's buyers also took this product."),
    lift: z.number().min(0).describe("Confidence / this product's share of all orders; above 1 means bought together more often than chance."),
  })
  .describe("Association-rule evidence (support, confidence, lift) for buying A and this product in the same order.");

export const signalSchema = z
  .enum(["repurchase", "bought_with", "similar", "trending", "popular"])
  .describe(
    "What carried the pick: repurchase = the customer buys it regularly; bought_with = collaborative filtering on co-purchases; " +
      "similar = content similarity of descriptions; trending = selling strongly in the last 14 days; popular = best-seller (the cold-start fallback).",
  );

const itemSchema = z
  .object({
    rank: z.number().int().min(1).describe("Position in the list, 1 = best."),
    productId: z.string().describe("Product id."),
    name: z.string().describe("Product name."),
    score: z.number().describe("The number the list is sorted by (the blended score; for segments, votes first); compare within one list only."),
    signal: signalSchema,
    reason: z.string().describe("One line a marketer can read: why this product, with the evidence."),
    rule: ruleSchema.optional().describe("For co-purchase picks: support, confidence and lift of buying the two together."),
  })
  .describe("One recommended product.");

const customerPicksSchema = z
  .object({
    customerId: z.string().describe("Customer id."),
    coldStart: z.boolean().describe("True when the customer has no purchases before asOf, so the picks are best-sellers."),
    orders: count.describe("The customer's orders before asOf."),
    productsBought: count.describe("Different products the customer bought before asOf."),
    items: z.array(itemSchema).describe("The picks, best first."),
  })
  .describe("Recommendations for one customer.");

const modelSchema = z
  .object({
    method: z.string().describe("The blend, in a few words."),
    customersInModel: count.describe("Customers with purchases before asOf."),
    productsInModel: count.describe("Products in the model (sold before asOf, plus catalogue products without sales)."),
    easeProducts: count.describe("Products covered by EASE (the most bought ones)."),
    easeLambda: z.number().describe("EASE's L2 penalty."),
    contentSimilarity: z.boolean().describe("Whether descriptions were compared with an embedder."),
    embedder: z.string().optional().describe("The embedder used for content similarity."),
  })
  .describe("What the recommendations were computed from.");

const common = {
  asOf: z.string().describe("Only orders placed before this date (YYYY-MM-DD) were used."),
  model: modelSchema,
  summary: z.string().describe("A few sentences with the key numbers, for the model."),
};

export const recommendProductsOutputSchema = z
  .discriminatedUnion("kind", [
    z
      .object({ kind: z.literal("customer").describe("Picks for one customer."), customer: customerPicksSchema, ...common })
      .describe("Picks for one customer."),
    z
      .object({
        kind: z.literal("customers").describe("Picks for a list of customers."),
        customers: z.array(customerPicksSchema).describe("One entry per requested customer, in the order given."),
        coldStartCustomers: count.describe("Requested customers without purchases before asOf (they get best-sellers)."),
        catalogueCoverage: share.describe("Share of the model's products that appear in at least one list."),
        ...common,
      })
      .describe("Picks for a list of customers."),
    z
      .object({
        kind: z.literal("product").describe("Products that go with one product."),
        product: z
          .object({
            productId: z.string().describe("The product asked about."),
            name: z.string().describe("Its name."),
            orders: count.describe("Orders containing it before asOf."),
            customers: count.describe("Customers who bought it before asOf."),
          })
          .describe("The product the companions are for."),
        items: z.array(itemSchema).describe("Products that go with it, best first."),
        ...common,
      })
      .describe("Products that go with one product."),
    z
      .object({
        kind: z.literal("segment").describe("Top picks for a segment."),
        segment: z
          .object({
            segmentId: z.string().describe("Canonical segment id."),
            customers: count.describe("Customers in the segment."),
            coldStartCustomers: count.describe("Segment customers without purchases before asOf."),
          })
          .describe("The segment."),
        items: z
          .array(
            itemSchema.extend({
              customersPicking: count.describe("Segment customers with this product in their own top picks."),
              shareOfSegment: share.describe("customersPicking / segment customers."),
            }),
          )
          .describe("The segment's top picks, best first."),
        ...common,
      })
      .describe("Top picks for a segment."),
  ])
  .describe("Recommended products with a reason each.");

export type RecommendProductsOutput = z.output<typeof recommendProductsOutputSchema>;
export type RecommendedItem = z.output<typeof itemSchema>;
export type CustomerPicks = z.output<typeof customerPicksSchema>;
