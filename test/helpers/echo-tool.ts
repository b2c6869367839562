/**
 * A small real tool for surface tests (HTTP, CLI): it counts the store's customers
 * in a country. It lives in test/ because it is not part of the product.
 */
import { z } from "zod";
import { NotFoundError } from "../../src/core/errors.ts";
import { defineTool } from "../../src/core/tool.ts";

export const countCustomersTool = defineTool({
  name: "count_customers",
  description: "Counts customers, optionally in one country.",
  inputSchema: z
    .object({
      country: z.string().min(1).max(60).optional().describe("Country name as stored, e.g. United Kingdom"),
      limit: z.number().int().min(1).max(50).default(10).describe("Largest number of countries to list"),
    })
    .strict(),
  outputSchema: z.object({ summary: z.string(), customers: z.number() }),
  examples: [{ request: "how many customers do we have in France", input: { country: "France" } }],
  async execute(input, context) {
    const params = input.country === undefined ? [] : [input.country];
    const [row] = await context.store.query<{ customers: number }>(
      `SELECT count(*) AS customers FROM customers ${input.country === undefined ? "" : "WHERE country = $1"}`,
      params,
    );
    // Like real tools, stop when the caller has gone away (and only then).
    await new Promise((resolve) => setTimeout(resolve, 5));
    context.signal?.throwIfAborted();
    const customers = row?.customers ?? 0;
    if (input.country !== undefined && customers === 0) {
      throw new NotFoundError("unknown_country", `No customers in "${input.country}".`);
    }
    return { summary: `${customers} customers`, customers };
  },
});
