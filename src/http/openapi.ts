/**
 * `GET /openapi.json`: an OpenAPI 3.1 description of the HTTP API, generated from the same
 * zod schemas the routes parse with (`src/http/schemas.ts`) and the tools' input and output
 * schemas, so it cannot drift from the code. Each router exports `RouteDoc`s beside its
 * routes; who may call each route comes from `routePolicy`, not from the docs.
 */
import { z } from "zod";
import type { AnyTool, ToolRegistry } from "../core/tool.ts";
import { type RouteRule, accessFor, routePolicy } from "./auth.ts";
import { errorBodySchema } from "./schemas.ts";

/** A JSON Schema or OpenAPI object; plain JSON. */
type JsonObject = Record<string, unknown>;

/** One response of a documented route. */
export interface ResponseDoc {
  description: string;
  /** The JSON body; leave out for bodiless answers. */
  schema?: z.ZodType;
  /** Media type of `schema`; default `application/json`. */
  contentType?: string;
  /** More media types for the same status (e.g. `text/event-stream` beside JSON). */
  alternatives?: Record<string, z.ZodType>;
  /** Response headers and their descriptions. */
  headers?: Record<string, string>;
}

/** The documentation of one route, kept beside the route by the router that serves it. */
export interface RouteDoc {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Express-style path, e.g. `/api/conversations/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Descriptions of the `:params` in the path, by name. */
  pathParameters?: Record<string, string>;
  /** Query parameters, as a zod object of strings. */
  query?: z.ZodObject;
  /** JSON request body. */
  body?: z.ZodType;
  /** A file upload instead of a JSON body: the description of the `file` part. */
  upload?: { description: string; rawTypes: readonly string[] };
  /** Success and route-specific error responses by status; the common errors are added. */
  responses: Record<number, ResponseDoc>;
}

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), with local `$defs` hoisted into `components`. */
function jsonSchemaOf(schema: z.ZodType, io: "input" | "output", hoist: (defs: JsonObject) => Record<string, string>): JsonObject {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonObject;
  delete converted.$schema;
  const defs = converted.$defs as JsonObject | undefined;
  if (defs === undefined) return converted;
  delete converted.$defs;
  // `#/$defs/x` would resolve against the whole OpenAPI document, where it does not exist.
  const renamed = hoist(defs);
  return JSON.parse(
    JSON.stringify(converted).replace(/"#\/\$defs\/([^"]+)"/g, (_match, name: string) => `"#/components/schemas/${renamed[name] ?? name}"`),
  ) as JsonObject;
}

const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
/** A concrete path for looking up the policy: `:params` filled in. */
const samplePath = (expressPath: string) => expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "sample");

const COMMON_ERRORS: Record<string, { ref: string; description: string; headers?: JsonObject }> = {
  "400": { ref: "BadRequest", description: "The request is invalid; `error.details.issues` names the fields." },
  "401": { ref: "Unauthorized", description: "No API key, or a key that is not valid." },
  "403": { ref: "Forbidden", description: "The key's role does not allow this route." },
  "429": {
    ref: "TooManyRequests",
    description: "Over the per-key rate limit.",
    headers: { "Retry-After": { description: "Seconds until a request is allowed again.", schema: { type: "integer" } } },
  },
  "500": { ref: "InternalError", description: "A bug or an unexpected state on the server; the error is logged." },
};

/** What `buildOpenApiDocument` needs. */
export interface OpenApiOptions {
  version: string;
  routes: readonly RouteDoc[];
  tools: ToolRegistry;
  policy?: readonly RouteRule[];
}

/** The OpenAPI 3.1 document of `routes` and one path per tool. */
export function buildOpenApiDocument(options: OpenApiOptions): JsonObject {
  const policy = options.policy ?? routePolicy;
  const schemas: JsonObject = { Error: jsonSchemaOf(errorBodySchema, "output", () => ({})) };
  let hoisted = 0;
  const hoist = (defs: JsonObject): Record<string, string> => {
    const renamed: Record<string, string> = {};
    hoisted++;
    for (const [name, definition] of Object.entries(defs)) {
      renamed[name] = `${name}_${hoisted}`;
      schemas[renamed[name]] = definition;
    }
    return renamed;
  };
  const json = (schema: z.ZodType, io: "input" | "output") => jsonSchemaOf(schema, io, hoist);
  const bodySchemaOf = (schema: z.ZodType) => (schema === errorBodySchema ? { $ref: "#/components/schemas/Error" } : json(schema, "output"));

  const paths: Record<string, Record<string, JsonObject>> = {};
  const add = (doc: RouteDoc, operationId: string, schemaOverrides: { body?: JsonObject; response?: JsonObject } = {}) => {
    const access = accessFor(doc.method.toUpperCase(), samplePath(doc.path), policy);
    const parameters: JsonObject[] = [];
    for (const [, name] of doc.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)) {
      parameters.push({ name, in: "path", required: true, description: doc.pathParameters?.[name ?? ""] ?? "", schema: { type: "string" } });
    }
    if (doc.query !== undefined) {
      const querySchema = json(doc.query, "input");
      const properties = (querySchema.properties ?? {}) as Record<string, JsonObject>;
      const required = new Set((querySchema.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries(properties)) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: "query", required: required.has(name), ...(description ? { description } : {}), schema: rest });
      }
    }
    const responses: JsonObject = {};
    for (const [status, response] of Object.entries(doc.responses)) {
      const content: JsonObject = {};
      const schema =
        Number(status) < 300 && schemaOverrides.response !== undefined
          ? schemaOverrides.response
          : response.schema === undefined
            ? undefined
            : bodySchemaOf(response.schema);
      if (schema !== undefined) content[response.contentType ?? "application/json"] = { schema };
      for (const [type, alternative] of Object.entries(response.alternatives ?? {})) content[type] = { schema: bodySchemaOf(alternative) };
      const headers = Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: "string" } }]);
      responses[status] = {
        description: response.description,
        ...(Object.keys(content).length > 0 ? { content } : {}),
        ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}),
      };
    }
    const common = new Set(["429", "500"]);
    if (doc.body !== undefined || schemaOverrides.body !== undefined || doc.query !== undefined || doc.upload !== undefined || parameters.length > 0) common.add("400");
    if (access !== "public") common.add("401");
    if (access === "marketer" || access === "admin") common.add("403");
    for (const status of common) responses[status] ??= { $ref: `#/components/responses/${COMMON_ERRORS[status]?.ref}` };

    let requestBody: JsonObject | undefined;
    const bodySchema = schemaOverrides.body ?? (doc.body === undefined ? undefined : json(doc.body, "input"));
    if (bodySchema !== undefined) {
      requestBody = { required: true, content: { "application/json": { schema: bodySchema } } };
    } else if (doc.upload !== undefined) {
      const file = { type: "string", contentMediaType: "application/octet-stream", description: doc.upload.description };
      requestBody = {
        required: true,
        content: {
          "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file } } },
          ...Object.fromEntries(doc.upload.rawTypes.map((type) => [type, { schema: { type: "string" } }])),
        },
      };
    }
    const operation: JsonObject = {
      operationId,
      summary: doc.summary,
      description: [doc.description, access === "public" ? "No API key needed." : `Needs an API key with the ${access} role or higher.`]
        .filter(Boolean)
        .join("\n\n"),
      tags: [doc.tag],
      security: access === "public" ? [] : [{ bearer: [] }, { apiKeyHeader: [] }],
      "x-required-role": access,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
    const pathKey = openApiPath(doc.path);
    paths[pathKey] ??= {};
    (paths[pathKey] as Record<string, JsonObject>)[doc.method] = operation;
  };

  for (const doc of options.routes) add(doc, operationIdOf(doc));

  const toolResponses: Record<number, ResponseDoc> = {
    404: { description: "Something the input names does not exist (a customer, product or segment).", schema: errorBodySchema },
    502: { description: "A model or embeddings endpoint the tool uses failed.", schema: errorBodySchema },
  };
  for (const tool of options.tools.list()) {
    add(
      {
        method: "post",
        path: `/api/tools/${tool.name}`,
        summary: `Call ${tool.name}`,
        description: tool.description,
        tag: "tools",
        responses: { 200: { description: `The output of ${tool.name}.` }, ...toolResponses },
      },
      `call_${tool.name}`,
      { body: toolBodySchema(tool, json), response: toolResponseSchema(tool, json) },
    );
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Bullseye API",
      version: options.version,
      description:
        "Chat with the marketing assistant, call its analytic tools directly, import data, erase customers and manage API keys. " +
        "Errors always have the body `{error: {code, category, message, details?, requestId?}}`.",
      license: { name: "MIT", identifier: "MIT" },
    },
    tags: [
      { name: "chat", description: "The conversational assistant." },
      { name: "tools", description: "Direct, typed calls of the analytic tools." },
      { name: "data", description: "Imports and erasure." },
      { name: "keys", description: "API keys (admin)." },
      { name: "service", description: "Health and this description." },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key: `Authorization: Bearer bsk_…`. Create one with `npx bullseye keys create --role viewer`." },
        apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", description: "The same API key in the X-API-Key header." },
      },
      responses: Object.fromEntries(
        Object.values(COMMON_ERRORS).map(({ ref, description, headers }) => [
          ref,
          { description, ...(headers ? { headers } : {}), content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
    },
  };
}

function operationIdOf(doc: RouteDoc): string {
  const words = doc.path
    .split("/")
    .filter((part) => part !== "" && part !== "api")
    .map((part) => (part.startsWith(":") ? `by_${part.slice(1)}` : part.replace(/[^A-Za-z0-9]+/g, "_")));
  return [doc.method, ...words].join("_");
}

function toolBodySchema(tool: AnyTool, json: (schema: z.ZodType, io: "input" | "output") => JsonObject): JsonObject {
  return { type: "object", required: ["input"], additionalProperties: false, properties: { input: json(tool.inputSchema, "input") } };
}

function toolResponseSchema(tool: AnyTool, json: (schema: z.ZodType, io: "input" | "output") => JsonObject): JsonObject {
  const output = json(tool.outputSchema, "output");
  // runTool adds the measured time to every output.
  const timed = { allOf: [output, { type: "object", properties: { timingMs: { type: "number", description: "How long the tool ran, in milliseconds." } } }] };
  return { type: "object", required: ["output"], properties: { output: timed } };
}
