/**
 * Authentication and authorisation for the HTTP surface.
 *
 * - `authenticate` turns the API key of a request (`Authorization: Bearer <key>` or
 *   `X-API-Key: <key>`) into a `Principal` on `response.locals`, or fails with 401.
 *   A server that listens on loopback only and has no active keys runs in *open local
 *   mode*: every request is the local admin, so a fresh install works without setup.
 * - `routePolicy` says, as data, which role each route needs; `authorize` enforces it and
 *   `requireRole` does the same for a single route.
 * - `assertSafeToListen` refuses to start on a non-loopback host without keys.
 *
 * Wiring (in `createApp`): requestContext → authenticate → rateLimit → authorize → body parser → routes.
 */
import type { RequestHandler, Response } from "express";
import { isLoopbackHost } from "../core/config.ts";
import { AppError, ConfigError } from "../core/errors.ts";
import type { StoreReader } from "../core/ports.ts";
import { type ApiKeyRole, findApiKey, hasActiveKeys, roleAllows } from "../data/api-keys.ts";

/**
 * How the server is reachable: `loopback` (only from this machine; open local mode applies
 * while no key exists) or `network` (always needs a key).
 */
export type AuthMode = "loopback" | "network";

/** The auth mode for a listening host. */
export function authModeForHost(host: string): AuthMode {
  return isLoopbackHost(host) ? "loopback" : "network";
}

/** Who is making a request, as `authenticate` established it. */
export interface Principal {
  /** What the audit log records: the key id, or `local` in open local mode. */
  actor: string;
  role: ApiKeyRole;
  /** The key used; undefined in open local mode. */
  keyId: string | undefined;
  label: string | null;
}

/** Who may call a route: anyone, or at least this role. */
export type Access = "public" | ApiKeyRole;

/** One row of the route policy. */
export interface RouteRule {
  /** HTTP method, or `*` for any. */
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "*";
  /** Express-style path: `:name` matches one segment, a trailing `*` matches the rest. */
  path: string;
  access: Access;
  /** Why this access level; read by people reviewing the policy. */
  reason: string;
}

/**
 * Which role each route needs; the first matching rule wins. Any `/api` route not listed
 * needs admin, so a new route is closed until someone decides who may call it; other
 * paths (the web page's static files) are public.
 */
export const routePolicy: readonly RouteRule[] = [
  { method: "GET", path: "/health", access: "public", reason: "liveness checks by load balancers and orchestrators" },
  { method: "GET", path: "/openapi.json", access: "public", reason: "the API description holds no data" },
  { method: "*", path: "/api/keys*", access: "admin", reason: "managing keys is granting access" },
  { method: "DELETE", path: "/api/customers/:id", access: "admin", reason: "erasure cannot be undone" },
  { method: "POST", path: "/api/import/*", access: "marketer", reason: "imports change the company's data" },
  { method: "POST", path: "/api/campaigns", access: "marketer", reason: "campaigns are what gets sent to customers" },
  { method: "GET", path: "/api/campaigns*", access: "viewer", reason: "reading campaigns changes nothing" },
  { method: "POST", path: "/api/chat", access: "viewer", reason: "chat is the viewer's main use" },
  { method: "GET", path: "/api/conversations/:id", access: "viewer", reason: "reading a conversation changes nothing" },
  { method: "GET", path: "/api/tools", access: "viewer", reason: "the tool list holds no data" },
  {
    method: "POST",
    path: "/api/tools/:name",
    access: "viewer",
    // Some tools store what they computed (segment_customers keeps its segmentation,
    // draft_campaign_copy its drafts) so later turns can refer to it. That is a record of
    // analysis, not a change to the company's data or anything sent to customers, and chat
    // (viewer) calls the very same tools, so a stricter rule here would protect nothing.
    reason: "tools analyse data and draft copy; they never change business data or send anything",
  },
];

/** The access that `routePolicy` (or `policy`) gives `method` `path`. */
export function accessFor(method: string, requestPath: string, policy: readonly RouteRule[] = routePolicy): Access {
  // Express routes match case-insensitively and with or without a trailing slash, so the
  // policy must too, or `/API/KEYS/` would reach the keys route as a public path.
  const lowered = requestPath.toLowerCase();
  const path = lowered.length > 1 && lowered.endsWith("/") ? lowered.slice(0, -1) : lowered;
  const rule = policy.find((candidate) => (candidate.method === "*" || candidate.method === method) && pathMatches(candidate.path, path));
  if (rule !== undefined) return rule.access;
  // HEAD is answered by GET routes, so it gets what GET gets.
  if (method === "HEAD") return accessFor("GET", path, policy);
  return path === "/api" || path.startsWith("/api/") ? "admin" : "public";
}

/** Whether `path` (lower-case, no trailing slash) matches a policy pattern. */
function pathMatches(rawPattern: string, path: string): boolean {
  const pattern = rawPattern.toLowerCase();
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    // `/api/keys*` covers `/api/keys` and `/api/keys/…`, not `/api/keysmith`.
    const base = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
    return path === base || path.startsWith(`${base}/`);
  }
  const patternParts = pattern.split("/");
  const pathParts = path.split("/");
  return (
    patternParts.length === pathParts.length &&
    patternParts.every((part, index) => (part.startsWith(":") ? (pathParts[index] ?? "") !== "" : part === pathParts[index]))
  );
}

/** The principal `authenticate` attached to this response, if any. */
export function principalOf(response: Response): Principal | undefined {
  return response.locals.principal as Principal | undefined;
}

const HOW_TO_GET_A_KEY =
  "Send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`; an admin creates keys with `npx bullseye keys create --role marketer`.";

function unauthorized(response: Response, code: "missing_api_key" | "invalid_api_key", message: string): AppError {
  // RFC 6750: a 401 tells the client which scheme to use.
  response.setHeader("WWW-Authenticate", 'Bearer realm="bullseye"');
  return new AppError(code, "auth", message);
}

/** What a request presented as its credential. */
type Credential = { kind: "none" } | { kind: "key"; key: string } | { kind: "malformed"; problem: string };

function credentialOf(authorization: string | undefined, apiKeyHeader: string | undefined): Credential {
  let fromAuthorization: string | undefined;
  if (authorization !== undefined && authorization.trim() !== "") {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (match?.[1] === undefined) return { kind: "malformed", problem: "The Authorization header must look like `Bearer <key>`." };
    fromAuthorization = match[1];
  }
  const fromHeader = apiKeyHeader?.trim() || undefined;
  if (fromAuthorization !== undefined && fromHeader !== undefined && fromAuthorization !== fromHeader) {
    return { kind: "malformed", problem: "The Authorization and X-API-Key headers carry different keys; send one key in one header." };
  }
  const key = fromAuthorization ?? fromHeader;
  return key === undefined ? { kind: "none" } : { kind: "key", key };
}

/** What `authenticate` needs. */
export interface AuthenticateOptions {
  /** Where keys live. */
  store: StoreReader;
  /** From `authModeForHost(config.host)`. */
  mode: AuthMode;
  /** Route policy; public routes need no key. Default `routePolicy`. */
  policy?: readonly RouteRule[];
}

/**
 * Middleware that establishes the `Principal` of every non-public request, or fails with
 * 401 (`missing_api_key`, `invalid_api_key`). A key that is sent is always checked, even in
 * open local mode, so a client never believes a wrong key works.
 */
export function authenticate(options: AuthenticateOptions): RequestHandler {
  const policy = options.policy ?? routePolicy;
  return async (request, response, next) => {
    if (accessFor(request.method, request.path, policy) === "public") {
      next();
      return;
    }
    const credential = credentialOf(request.get("authorization"), request.get("x-api-key"));
    if (credential.kind === "malformed") {
      next(unauthorized(response, "invalid_api_key", `${credential.problem} ${HOW_TO_GET_A_KEY}`));
      return;
    }
    if (credential.kind === "none") {
      // Checked per request rather than at start-up: the first key created through the
      // API ends open local mode at once, and revoking the last one brings it back.
      if (options.mode === "loopback" && !(await hasActiveKeys(options.store))) {
        response.locals.principal = { actor: "local", role: "admin", keyId: undefined, label: null } satisfies Principal;
        next();
        return;
      }
      next(unauthorized(response, "missing_api_key", `This request needs an API key. ${HOW_TO_GET_A_KEY}`));
      return;
    }
    const identity = await findApiKey(options.store, credential.key);
    if (identity === undefined) {
      next(
        unauthorized(
          response,
          "invalid_api_key",
          `The API key is not valid: it is mistyped, revoked or from another installation. ${HOW_TO_GET_A_KEY}`,
        ),
      );
      return;
    }
    response.locals.principal = { actor: identity.keyId, ...identity } satisfies Principal;
    next();
  };
}

function checkRole(response: Response, needed: ApiKeyRole): AppError | undefined {
  const principal = principalOf(response);
  if (principal === undefined) {
    return new AppError(
      "auth_not_configured",
      "internal",
      "This route checks roles but no caller was authenticated; `authenticate` must run before `authorize`/`requireRole`.",
    );
  }
  if (roleAllows(principal.role, needed)) return undefined;
  return new AppError(
    "insufficient_role",
    "forbidden",
    `This needs the ${needed} role, and your key (${principal.keyId ?? principal.actor}) has the ${principal.role} role. ` +
      `Ask an admin for a ${needed} key: \`npx bullseye keys create --role ${needed}\`.`,
    { details: { neededRole: needed, role: principal.role } },
  );
}

/** Middleware for one route: continues only when the caller's role is at least `role` (else 403 `insufficient_role`). */
export function requireRole(role: ApiKeyRole): RequestHandler {
  return (_request, response, next) => next(checkRole(response, role));
}

/** Middleware that applies `policy` (default `routePolicy`) to every request. */
export function authorize(policy: readonly RouteRule[] = routePolicy): RequestHandler {
  return (request, response, next) => {
    const access = accessFor(request.method, request.path, policy);
    next(access === "public" ? undefined : checkRole(response, access));
  };
}

/**
 * Refuses to serve on a non-loopback host while no key exists: that would hand the
 * company's customer data to anyone on the network. Call before listening.
 */
export async function assertSafeToListen(host: string, store: StoreReader): Promise<void> {
  if (authModeForHost(host) === "loopback" || (await hasActiveKeys(store))) return;
  throw new ConfigError(
    `HOST=${host} would expose your customer data to the network, and no API key exists yet. ` +
      "Create one first with `npx bullseye keys create --role admin` (then give each person a key with the role they need), " +
      "or listen on 127.0.0.1 (the default).",
    [{ path: "HOST", message: "a non-loopback host needs at least one active API key" }],
  );
}
