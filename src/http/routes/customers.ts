/**
 * `DELETE /api/customers/:id`: erases a customer from every table and stored tool result
 * (admin only, by `routePolicy`), then forgets every cached model, since fitted
 * recommenders and other memoised state hold purchase data.
 */
import { Router } from "express";
import type { ToolServices } from "../../core/tool.ts";
import { eraseCustomer } from "../../data/erasure.ts";
import { principalOf } from "../auth.ts";
import type { RouteDoc } from "../openapi.ts";
import { erasureResponseSchema, errorBodySchema } from "../schemas.ts";

/** OpenAPI documentation of the erasure route. */
export const customerRouteDocs: readonly RouteDoc[] = [
  {
    method: "delete",
    path: "/api/customers/:id",
    tag: "data",
    summary: "Erase a customer",
    description:
      "Deletes the customer, their orders, order lines, reviews and segment memberships, and replaces the id with \"[erased]\" " +
      "in every stored result (segmentations, campaigns, conversations, drafts), in one transaction; cached models are " +
      "dropped. Recorded in the audit log. Cannot be undone.",
    pathParameters: { id: "The customer id, exactly as stored (case-sensitive)." },
    responses: {
      200: { description: "What was deleted and scrubbed.", schema: erasureResponseSchema },
      404: { description: "No customer, order, review or segment membership has that id; nothing changed.", schema: errorBodySchema },
    },
  },
];

/** The router with `DELETE /api/customers/:id`. */
export function customersRouter(services: ToolServices): Router {
  const router = Router();

  router.delete("/api/customers/:id", async (request, response) => {
    const erased = await eraseCustomer(services.store, request.params.id, {
      actor: principalOf(response)?.actor ?? "system",
      now: services.clock(),
    });
    services.memo.clear();
    response.json({ erased });
  });

  return router;
}
