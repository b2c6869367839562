/**
 * Resolves what a forecast is about: the product and/or segment named in the input,
 * checked against the store, with a description people can read. Unknown ids are
 * not-found errors that say what valid ids look like.
 */
import { AppError, NotFoundError } from "../../src/core/errors.ts";
import type { StoreReader } from "../../src/core/ports.ts";
import { resolveSegment } from "../../src/core/segments.ts";
import { type SalesScope, exampleProductIds, findProduct } from "./sales-data.ts";
import type { ForecastSalesInput } from "./schema.ts";

/** The scope of a request, resolved against the store, with its description. */
export interface ResolvedScope {
  scope: SalesScope;
  description: string;
  productId: string | null;
  productName: string | null;
  segmentId: string | null;
  segmentCustomers: number | null;
}

/**
 * Checks `productId` and `segmentId` against the store. Throws `NotFoundError`
 * (`unknown_product`, or the segment errors of `resolveSegment`) for unknown ids, and
 * a user error (`not_merchandise`) for codes such as postage that are never sales.
 */
export async function resolveScope(
  store: StoreReader,
  input: Pick<ForecastSalesInput, "productId" | "segmentId">,
): Promise<ResolvedScope> {
  const scope: SalesScope = {};
  const resolved: ResolvedScope = {
    scope,
    description: "all sales",
    productId: null,
    productName: null,
    segmentId: null,
    segmentCustomers: null,
  };
  const parts: string[] = [];
  if (input.productId !== undefined) {
    const product = await findProduct(store, input.productId);
    if (product === null) {
      const examples = await exampleProductIds(store);
      throw new NotFoundError(
        "unknown_product",
        `There is no product "${input.productId}". ` +
          (examples.length === 0
            ? "The store has no products yet; import products first."
            : `Product ids look like ${examples.map((id) => `"${id}"`).join(", ")}; use search_catalog to find a product by name.`),
        { details: { productId: input.productId } },
      );
    }
    if (!product.isProduct) {
      throw new AppError(
        "not_merchandise",
        "user",
        `Product ${product.productId} (${product.name}) is not merchandise (a postage, fee or similar code), so it never counts as a sale ` +
          "and cannot be forecast. Leave out productId to forecast all sales.",
        { details: { productId: product.productId } },
      );
    }
    scope.productId = product.productId;
    resolved.productId = product.productId;
    resolved.productName = product.name;
    parts.push(`product ${product.productId} (${product.name})`);
  }
  if (input.segmentId !== undefined) {
    const segment = await resolveSegment(store, input.segmentId);
    scope.segment = { segmentationId: segment.segmentationId, segmentNumber: segment.segmentNumber };
    resolved.segmentId = segment.segmentId;
    resolved.segmentCustomers = segment.customerCount;
    parts.push(`customers of segment ${segment.segmentId} (${segment.customerCount} customer${segment.customerCount === 1 ? "" : "s"})`);
  }
  if (parts.length > 0) resolved.description = parts.join(", bought by ");
  return resolved;
}
