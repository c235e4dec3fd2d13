import { z } from "zod";
import { PERMISSIONS } from "../identity/permissions.ts";
import { ComponentSchemas, type JsonObject } from "./json-schema.ts";
import { errorStatusesOf, type AdminOperation } from "./operation.ts";
import { ADMIN_API_BASE_PATH, ADMIN_API_GROUPS, ADMIN_API_OPERATIONS } from "./operations.ts";
import { adminErrorSchema, ERROR_RESPONSES } from "./schemas/errors.ts";

export type { JsonObject };

/**
 * The OpenAPI 3.1 description of the admin REST API (/api/server/v1), served at /api/server/v1/openapi.json.
 *
 * It is generated from the operations in operations.ts: their request schemas are the ones the handlers validate
 * with, so the document cannot promise what the server refuses. An endpoint is documented by adding its operation
 * to the group of its resource family.
 */
export function openApiDocument(): JsonObject {
  return (built ??= buildDocument());
}

// built once per process: the operations and their schemas do not change while it runs
let built: JsonObject | undefined;

const json = (schema: JsonObject) => ({ "application/json": { schema } });

function buildDocument(): JsonObject {
  const schemas = new ComponentSchemas();
  const errorBody = schemas.convert(adminErrorSchema, "output");
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const op of ADMIN_API_OPERATIONS) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is described twice`);
    item[op.method] = operationObject(op, schemas);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Provisio admin API",
      version: "1.0.0",
      description:
        "Administration of Provisio following WSO2 Identity Server's /api/server/v1 conventions. Authenticate with HTTP Basic as an administrator or with an OAuth 2.0 access token whose scopes include the operation's permission; the console calls it with its session cookie, and then a write must come from the console's own origin with a JSON body. Errors are JSON objects with code, message, description and traceId, and fieldErrors for invalid input.",
    },
    servers: [{ url: ADMIN_API_BASE_PATH }],
    tags: ADMIN_API_GROUPS.map((group) => group.tag),
    security: [{ basicAuth: [] }, { oauth2: [] }],
    paths,
    components: {
      schemas: schemas.all(),
      responses: Object.fromEntries(Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: json(errorBody) }])),
      securitySchemes: {
        basicAuth: { type: "http", scheme: "basic", description: "A user's name and password; the user's roles give the permissions" },
        consoleSession: {
          type: "apiKey",
          in: "cookie",
          name: "provisio-{instance}.session",
          description:
            "The console's session (the cookie name carries a tag of the instance's base URL), used when no Authorization header is sent; the signed-in user's roles give the permissions. A write must carry Origin or Sec-Fetch-Site of the console's own origin and a JSON body",
        },
        oauth2: {
          type: "oauth2",
          description: "An access token from the client credentials grant; the granted scopes are the permissions",
          flows: { clientCredentials: { tokenUrl: "/oauth2/token", scopes: Object.fromEntries(PERMISSIONS.filter((p) => p.startsWith("internal_")).map((p) => [p, p.replaceAll("_", " ")])) } },
        },
      },
    },
  };
}

function operationObject(op: AdminOperation, schemas: ComponentSchemas): JsonObject {
  const parameters = [...pathParameters(op, schemas), ...queryParameters(op, schemas)];
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    // HTTP Basic for an administrator, or an OAuth 2.0 bearer token whose scopes include the permission; the
    // console's session (described among the schemes) is the console's own way in, not one for scripts
    security: op.permission ? [{ basicAuth: [] }, { oauth2: [op.permission] }] : [],
    ...(op.permission ? { "x-permission": op.permission } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.body.required ?? true,
            ...(op.body.description ? { description: op.body.description } : {}),
            content: json(schemas.convert(op.body.schema, "input")),
          },
        }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(op.responses).map(([status, response]) => [
          status,
          {
            description: response!.description,
            ...(response!.headers ? { headers: Object.fromEntries(Object.entries(response!.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }])) } : {}),
            ...(response!.schema ? { content: json(schemas.convert(response!.schema, "output")) } : {}),
          },
        ]),
      ),
      ...Object.fromEntries(errorStatusesOf(op).map((status) => [status, { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` }])),
    },
  };
}

/** Path parameters in the order the path names them. */
function pathParameters(op: AdminOperation, schemas: ComponentSchemas): JsonObject[] {
  return [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const param = op.pathParams?.[name];
    if (!param) throw new Error(`${op.operationId}: path parameter {${name}} is not described`);
    const { description: _same, ...schema } = schemas.convert(param.schema ?? z.string(), "input");
    return { name, in: "path", required: true, description: param.description, schema };
  });
}

/** One parameter per field of the query schema, its description lifted from the field to the parameter. */
function queryParameters(op: AdminOperation, schemas: ComponentSchemas): JsonObject[] {
  if (!op.query) return [];
  return Object.entries(op.query.shape).map(([name, field]) => {
    const { description, ...schema } = schemas.convert(field as z.ZodType, "input");
    // a field that takes a missing value (optional, defaulted, or falling back on failure) is an optional parameter
    const required = !(field as z.ZodType).safeParse(undefined).success;
    return { name, in: "query", required, ...(description ? { description } : {}), schema };
  });
}
