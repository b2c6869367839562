/**
 * API key management over HTTP (admin only, by `routePolicy`): list, create (the key is in
 * the answer once) and revoke. Every change is recorded in the audit log with the caller as actor.
 */
import { Router } from "express";
import type { Store } from "../../core/ports.ts";
import { apiKeyJson, createApiKey, listApiKeys, revokeApiKey } from "../../data/api-keys.ts";
import { principalOf } from "../auth.ts";
import { parseBody } from "../body.ts";
import type { RouteDoc } from "../openapi.ts";
import { createKeyBodySchema, createdKeyResponseSchema, errorBodySchema, keyListResponseSchema, revokedKeyResponseSchema } from "../schemas.ts";

/** What the key routes need. */
export interface KeyRouteOptions {
  store: Store;
  clock: () => Date;
}

/** OpenAPI documentation of the key routes. */
export const keyRouteDocs: readonly RouteDoc[] = [
  {
    method: "get",
    path: "/api/keys",
    tag: "keys",
    summary: "List API keys",
    responses: { 200: { description: "Every key, active and revoked.", schema: keyListResponseSchema } },
  },
  {
    method: "post",
    path: "/api/keys",
    tag: "keys",
    summary: "Create an API key",
    description: "The key is in this answer once and is stored only as a hash: hand it to its owner now. Creating the first key ends open local mode.",
    body: createKeyBodySchema,
    responses: { 201: { description: "The new key.", schema: createdKeyResponseSchema } },
  },
  {
    method: "delete",
    path: "/api/keys/:id",
    tag: "keys",
    summary: "Revoke an API key",
    description: "The key stops working at once. Revoking a revoked key changes nothing and is not an error.",
    pathParameters: { id: "The key id, e.g. key_4fT9qLm2Xa7B." },
    responses: {
      200: { description: "The revoked key.", schema: revokedKeyResponseSchema },
      404: { description: "No key with that id.", schema: errorBodySchema },
    },
  },
];

/** The router with `GET /api/keys`, `POST /api/keys` and `DELETE /api/keys/:id`. */
export function keysRouter(options: KeyRouteOptions): Router {
  const router = Router();

  router.get("/api/keys", async (_request, response) => {
    response.json({ keys: (await listApiKeys(options.store)).map(apiKeyJson) });
  });

  router.post("/api/keys", async (request, response) => {
    const body = parseBody(createKeyBodySchema, request.body);
    const created = await createApiKey(options.store, {
      role: body.role,
      label: body.label,
      actor: principalOf(response)?.actor ?? "system",
      clock: options.clock,
    });
    // The only time the key exists outside the caller's hands: keep it out of caches.
    response.setHeader("Cache-Control", "no-store");
    response.status(201).json({ ...created, createdAt: created.createdAt.toISOString() });
  });

  router.delete("/api/keys/:id", async (request, response) => {
    const revoked = await revokeApiKey(options.store, request.params.id, {
      actor: principalOf(response)?.actor ?? "system",
      clock: options.clock,
    });
    response.json({ key: apiKeyJson(revoked.record), alreadyRevoked: revoked.alreadyRevoked });
  });

  return router;
}
