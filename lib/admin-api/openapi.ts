import { z } from "zod";
import { GRANT_TYPES, OIDC_SCOPES } from "../identity/applications.ts";
import { PERMISSIONS } from "../identity/permissions.ts";
import { settingSchemas } from "../identity/settings.ts";

/**
 * The OpenAPI 3.1 description of the admin REST API (/api/server/v1), served at /api/server/v1/openapi.json.
 *
 * The document is assembled from sections, one per resource family. A module adding endpoints writes its own
 * `OpenApiSection` (paths relative to /api/server/v1, the schemas they reference, a tag) and appends it to
 * `ADMIN_API_SECTIONS`; shared pieces (errors, security, `operation()`) are exported for it to reuse.
 */

// JSON Schema and OpenAPI objects are plain JSON here: the document is data, not a type-checked model of the spec.
export type JsonObject = { [key: string]: unknown };

export interface OpenApiSection {
  tag: { name: string; description: string };
  /** keyed by path relative to the server URL, e.g. "/applications/{id}" */
  paths: Record<string, JsonObject>;
  /** components/schemas this section defines */
  schemas?: Record<string, JsonObject>;
}

export const ref = (schema: string) => ({ $ref: `#/components/schemas/${schema}` });

const json = (schema: JsonObject) => ({ "application/json": { schema } });

export const errorResponses = {
  BadRequest: { description: "The input is not valid (malformed JSON, a failed rule, an unknown user store, ...)", content: json(ref("Error")) },
  Unauthorized: { description: "No credentials, or credentials that are not valid", content: json(ref("Error")) },
  Forbidden: { description: "The caller lacks the permission (OAuth scope) the operation requires", content: json(ref("Error")) },
  NotFound: { description: "No such resource", content: json(ref("Error")) },
  Conflict: { description: "The change clashes with an existing resource, e.g. a name already in use", content: json(ref("Error")) },
  ServerError: { description: "An unexpected failure; it is logged with the trace id", content: json(ref("Error")) },
} as const;

type ErrorName = keyof typeof errorResponses;

const errorCodes: Record<ErrorName, string> = { BadRequest: "400", Unauthorized: "401", Forbidden: "403", NotFound: "404", Conflict: "409", ServerError: "500" };

/**
 * One operation with the admin API's security: HTTP Basic for an administrator or an OAuth 2.0 bearer token whose
 * scopes include `permission`. 401, 403 and 500 are added to every operation; list others in `errors`.
 */
export function operation(spec: {
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  permission: string;
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  responses: Record<string, JsonObject>;
  errors?: ErrorName[];
}): JsonObject {
  const errors: ErrorName[] = [...(spec.errors ?? []), "Unauthorized", "Forbidden", "ServerError"];
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    security: [{ basicAuth: [] }, { oauth2: [spec.permission] }],
    "x-permission": spec.permission,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    ...(spec.requestBody ? { requestBody: spec.requestBody } : {}),
    responses: {
      ...spec.responses,
      ...Object.fromEntries(errors.map((e) => [errorCodes[e], { $ref: `#/components/responses/${e}` }])),
    },
  };
}

export const jsonBody = (schema: JsonObject, description?: string) => ({ required: true, ...(description ? { description } : {}), content: json(schema) });
export const jsonResponse = (description: string, schema: JsonObject, headers?: JsonObject) => ({ description, ...(headers ? { headers } : {}), content: json(schema) });
export const noContent = { description: "Done; no body" };
export const pathParam = (name: string, description: string, schema: JsonObject = { type: "string" }) => ({ name, in: "path", required: true, description, schema });

const stringList = (items: JsonObject, maxItems: number) => ({ type: "array", items, maxItems });
const uri = { type: "string", format: "uri", description: "An absolute http(s) URL without a fragment" };

const APPLICATIONS = "Applications";
const appId = pathParam("id", "The application's id");

const applicationProperties = {
  name: { type: "string", minLength: 1, maxLength: 100, description: "Unique, compared without regard to case" },
  description: { type: "string", maxLength: 1024, default: "" },
  kind: { type: "string", enum: ["m2m", "web"], default: "m2m", description: "m2m: a service calling the APIs with its own credentials; web: an application signing users in" },
  redirectUris: { ...stringList(uri, 20), default: [], description: "Required when the authorization code grant is used" },
  postLogoutRedirectUris: { ...stringList(uri, 20), default: [] },
  grantTypes: {
    ...stringList({ type: "string", enum: [...GRANT_TYPES] }, 3),
    description: "Defaults to client_credentials for m2m, authorization_code and refresh_token for web. refresh_token needs authorization_code.",
  },
  scopes: { ...stringList({ type: "string", enum: [...OIDC_SCOPES, ...PERMISSIONS] }, 100), default: [], description: "OIDC scopes and the permissions the application may be granted" },
  tokenEndpointAuthMethod: { type: "string", enum: ["client_secret_basic", "client_secret_post"], default: "client_secret_basic" },
  accessTokenLifetime: { type: "integer", minimum: 60, maximum: 86_400, default: 900, description: "Seconds" },
};

export const applicationsSection: OpenApiSection = {
  tag: { name: APPLICATIONS, description: "OAuth 2.0 / OpenID Connect applications (service providers) and their inbound provisioning settings" },
  schemas: {
    ApplicationInput: { type: "object", required: ["name"], properties: applicationProperties },
    ApplicationPatch: {
      type: "object",
      description: "Only the fields to change; the result is validated as a whole, like ApplicationInput",
      properties: applicationProperties,
    },
    Application: {
      type: "object",
      required: ["id", "name", "description", "kind", "clientId", "redirectUris", "postLogoutRedirectUris", "grantTypes", "scopes", "tokenEndpointAuthMethod", "accessTokenLifetime", "inbound", "version", "createdAt", "updatedAt"],
      properties: {
        id: { type: "string" },
        ...applicationProperties,
        kind: { type: "string", enum: ["m2m", "web", "resident"] },
        clientId: { type: ["string", "null"], description: "The OAuth 2.0 client id" },
        inbound: ref("InboundProvisioning"),
        tokensNotBefore: { type: ["string", "null"], format: "date-time", description: "Tokens issued before this instant are refused" },
        version: { type: "integer" },
        createdAt: { type: "string", format: "date-time" },
        updatedAt: { type: "string", format: "date-time" },
      },
    },
    ApplicationWithSecret: {
      allOf: [
        ref("Application"),
        {
          type: "object",
          required: ["clientSecret"],
          properties: { clientSecret: { type: "string", description: "Returned only in this response; the server keeps a hash. Store it now." } },
        },
      ],
    },
    InboundProvisioning: {
      type: "object",
      required: ["userStore"],
      properties: {
        userStore: { type: "string", description: "The user store domain users and groups created without a domain prefix go to" },
        proxyMode: { type: "boolean", default: false, description: "Do not persist users locally; only provision them to outbound connections" },
      },
    },
  },
  paths: {
    "/applications": {
      get: operation({
        operationId: "listApplications",
        summary: "List applications",
        description: "Every application except the resident service provider, by name.",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The applications", { type: "array", items: ref("Application") }) },
      }),
      post: operation({
        operationId: "createApplication",
        summary: "Create an application",
        description: "Creates the application with a new client id and secret. The secret is in this response only.",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_update",
        requestBody: jsonBody(ref("ApplicationInput")),
        responses: { 201: jsonResponse("Created", ref("ApplicationWithSecret"), { Location: { description: "The new application's URL", schema: { type: "string" } } }) },
        errors: ["BadRequest", "Conflict"],
      }),
    },
    "/applications/{id}": {
      parameters: [appId],
      get: operation({
        operationId: "getApplication",
        summary: "Get an application",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The application", ref("Application")) },
        errors: ["NotFound"],
      }),
      patch: operation({
        operationId: "patchApplication",
        summary: "Change an application",
        description: "Fields not sent keep their values. Changing kind without grantTypes applies the new kind's default grants.",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_update",
        requestBody: jsonBody(ref("ApplicationPatch")),
        responses: { 200: jsonResponse("The changed application", ref("Application")) },
        errors: ["BadRequest", "NotFound", "Conflict"],
      }),
      delete: operation({
        operationId: "deleteApplication",
        summary: "Delete an application",
        description: "Its credentials stop working at once.",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_update",
        responses: { 204: noContent },
        errors: ["NotFound"],
      }),
    },
    "/applications/{id}/regenerate-secret": {
      parameters: [appId],
      post: operation({
        operationId: "regenerateApplicationSecret",
        summary: "Regenerate the client secret",
        description: "Replaces the secret; the old one and every token issued with it stop working. The new secret is in this response only.",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_update",
        responses: { 200: jsonResponse("The application with its new secret", ref("ApplicationWithSecret")) },
        errors: ["BadRequest", "NotFound"],
      }),
    },
    "/applications/{id}/inbound-provisioning": {
      parameters: [appId],
      get: operation({
        operationId: "getApplicationInboundProvisioning",
        summary: "Get an application's inbound provisioning settings",
        description: "They apply to SCIM requests made with the application's access tokens.",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The settings", ref("InboundProvisioning")) },
        errors: ["NotFound"],
      }),
      put: operation({
        operationId: "putApplicationInboundProvisioning",
        summary: "Set an application's inbound provisioning settings",
        tag: APPLICATIONS,
        permission: "internal_application_mgt_update",
        requestBody: jsonBody(ref("InboundProvisioning")),
        responses: { 200: jsonResponse("The settings", ref("InboundProvisioning")) },
        errors: ["BadRequest", "NotFound"],
      }),
    },
  },
};

const RESIDENT = "Resident application";

export const residentApplicationSection: OpenApiSection = {
  tag: { name: RESIDENT, description: "The resident service provider: settings for the console and for SCIM requests authenticated with HTTP Basic" },
  paths: {
    "/resident-application/inbound-provisioning": {
      get: operation({
        operationId: "getResidentInboundProvisioning",
        summary: "Get the resident inbound provisioning settings",
        tag: RESIDENT,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The settings", ref("InboundProvisioning")) },
      }),
      put: operation({
        operationId: "putResidentInboundProvisioning",
        summary: "Set the resident inbound provisioning settings",
        tag: RESIDENT,
        permission: "internal_application_mgt_update",
        requestBody: jsonBody(ref("InboundProvisioning")),
        responses: { 200: jsonResponse("The settings", ref("InboundProvisioning")) },
        errors: ["BadRequest"],
      }),
    },
  },
};

const USER_STORES = "User stores";

export const userStoresSection: OpenApiSection = {
  tag: { name: USER_STORES, description: "User store domains: PRIMARY and secondary domains whose names are written DOMAIN/name" },
  schemas: {
    UserStore: {
      type: "object",
      required: ["id", "domain", "description", "primary", "readOnly"],
      properties: {
        id: { type: "string" },
        domain: { type: "string" },
        description: { type: "string" },
        primary: { type: "boolean" },
        readOnly: { type: "boolean" },
      },
    },
    UserStoreInput: {
      type: "object",
      required: ["domain"],
      properties: {
        domain: { type: "string", maxLength: 64, pattern: "^[A-Za-z][A-Za-z0-9_-]*$", description: "Stored in upper case" },
        description: { type: "string", maxLength: 1024, default: "" },
        readOnly: { type: "boolean", default: false },
      },
    },
  },
  paths: {
    "/userstores": {
      get: operation({
        operationId: "listUserStores",
        summary: "List user stores",
        tag: USER_STORES,
        permission: "internal_userstore_view",
        responses: { 200: jsonResponse("PRIMARY first, then the secondary domains by name", { type: "array", items: ref("UserStore") }) },
      }),
      post: operation({
        operationId: "createUserStore",
        summary: "Create a secondary user store",
        tag: USER_STORES,
        permission: "internal_userstore_update",
        requestBody: jsonBody(ref("UserStoreInput")),
        responses: { 201: jsonResponse("Created", ref("UserStore")) },
        errors: ["BadRequest", "Conflict"],
      }),
    },
    "/userstores/{domain}": {
      parameters: [pathParam("domain", "The domain name, in any case")],
      delete: operation({
        operationId: "deleteUserStore",
        summary: "Delete an empty secondary user store",
        description: "Refused for PRIMARY and for a store that still holds users or groups.",
        tag: USER_STORES,
        permission: "internal_userstore_update",
        responses: { 204: noContent },
        errors: ["BadRequest", "NotFound"],
      }),
    },
  },
};

const SCHEMAS = "Schemas";

const customAttributeProperties = {
  name: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_-]{0,63}$" },
  type: { type: "string", enum: ["string", "boolean", "integer", "decimal", "dateTime", "reference"], default: "string" },
  multiValued: { type: "boolean", default: false },
  required: { type: "boolean", default: false },
  caseExact: { type: "boolean", default: false },
  mutability: { type: "string", enum: ["readWrite", "immutable", "writeOnly", "readOnly"], default: "readWrite" },
  returned: { type: "string", enum: ["default", "always", "request", "never"], default: "default" },
  uniqueness: { type: "string", enum: ["none", "server"], default: "none" },
  description: { type: "string", maxLength: 1024, default: "" },
  canonicalValues: { type: "array", items: { type: "string" }, maxItems: 200, default: [] },
};

export const customAttributesSection: OpenApiSection = {
  tag: { name: SCHEMAS, description: "Attributes of the custom SCIM User extension (urn:scim:schemas:extension:custom:User)" },
  schemas: {
    CustomAttributeInput: { type: "object", required: ["name"], properties: customAttributeProperties },
    CustomAttribute: { type: "object", required: ["id", ...Object.keys(customAttributeProperties)], properties: { id: { type: "string" }, ...customAttributeProperties } },
  },
  paths: {
    "/schemas/custom-user/attributes": {
      get: operation({
        operationId: "listCustomAttributes",
        summary: "List custom user attributes",
        tag: SCHEMAS,
        permission: "internal_config_mgt_view",
        responses: { 200: jsonResponse("The definitions, by name", { type: "array", items: ref("CustomAttribute") }) },
      }),
      post: operation({
        operationId: "createCustomAttribute",
        summary: "Define a custom user attribute",
        tag: SCHEMAS,
        permission: "internal_config_mgt_update",
        requestBody: jsonBody(ref("CustomAttributeInput")),
        responses: { 201: jsonResponse("Created", ref("CustomAttribute")) },
        errors: ["BadRequest", "Conflict"],
      }),
    },
    "/schemas/custom-user/attributes/{name}": {
      parameters: [pathParam("name", "The attribute name, in any case")],
      delete: operation({
        operationId: "deleteCustomAttribute",
        summary: "Delete a custom user attribute and every user's value of it",
        tag: SCHEMAS,
        permission: "internal_config_mgt_update",
        responses: { 204: noContent },
        errors: ["NotFound"],
      }),
    },
  },
};

const SETTINGS = "Settings";

// Derived from the schemas the settings endpoint validates with, so a setting added there is documented here too.
const settingValueSchemas: Record<string, JsonObject> = Object.fromEntries(
  Object.entries(settingSchemas).map(([key, schema]) => {
    const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: "input" });
    return [key, jsonSchema];
  }),
);

const settingName = (key: string) => `${key[0].toUpperCase()}${key.slice(1)}Setting`;
const anySetting = { oneOf: Object.keys(settingValueSchemas).map((k) => ref(settingName(k))) };

export const settingsSection: OpenApiSection = {
  tag: { name: SETTINGS, description: "Server-wide settings, one JSON value per key" },
  schemas: Object.fromEntries(Object.entries(settingValueSchemas).map(([k, schema]) => [settingName(k), { ...schema, description: `The value of the ${k} setting` }])),
  paths: {
    "/settings/{key}": {
      parameters: [pathParam("key", "The setting", { type: "string", enum: Object.keys(settingSchemas) })],
      get: operation({
        operationId: "getSetting",
        summary: "Get a setting",
        description: "The stored value, or the default when none is stored.",
        tag: SETTINGS,
        permission: "internal_config_mgt_view",
        responses: { 200: jsonResponse("The value; its shape depends on the key", anySetting) },
        errors: ["NotFound"],
      }),
      put: operation({
        operationId: "putSetting",
        summary: "Set a setting",
        tag: SETTINGS,
        permission: "internal_config_mgt_update",
        requestBody: jsonBody(anySetting, "The whole value; its shape depends on the key"),
        responses: { 200: jsonResponse("The stored value", anySetting) },
        errors: ["BadRequest", "NotFound"],
      }),
    },
  },
};

/** Every section of the admin API, in the order the document lists them. */
export const ADMIN_API_SECTIONS: OpenApiSection[] = [applicationsSection, residentApplicationSection, userStoresSection, customAttributesSection, settingsSection];

export const ADMIN_API_BASE_PATH = "/api/server/v1";

export function openApiDocument(sections: OpenApiSection[] = ADMIN_API_SECTIONS): JsonObject {
  const paths: Record<string, JsonObject> = {
    "/openapi.json": {
      get: {
        operationId: "getOpenApiDocument",
        summary: "This document",
        security: [],
        responses: { 200: { description: "The OpenAPI document", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
  };
  const schemas: Record<string, JsonObject> = {
    Error: {
      type: "object",
      required: ["code", "message", "description", "traceId"],
      properties: {
        code: { type: "string", description: "Machine-readable, e.g. INVALID_INPUT, NOT_FOUND, CONFLICT, UNAUTHENTICATED, FORBIDDEN" },
        message: { type: "string" },
        description: { type: "string", description: "What was wrong; for invalid input, the field and the rule" },
        traceId: { type: "string", format: "uuid" },
      },
    },
  };
  for (const section of sections) {
    for (const [path, item] of Object.entries(section.paths)) {
      if (paths[path]) throw new Error(`OpenAPI path ${path} is defined twice`);
      paths[path] = item;
    }
    for (const [name, schema] of Object.entries(section.schemas ?? {})) {
      if (schemas[name]) throw new Error(`OpenAPI schema ${name} is defined twice`);
      schemas[name] = schema;
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Provisio admin API",
      version: "1.0.0",
      description:
        "Administration of Provisio following WSO2 Identity Server's /api/server/v1 conventions. Authenticate with HTTP Basic as an administrator or with an OAuth 2.0 access token whose scopes include the operation's permission. Errors are JSON objects with code, message, description and traceId.",
    },
    servers: [{ url: ADMIN_API_BASE_PATH }],
    tags: sections.map((s) => s.tag),
    security: [{ basicAuth: [] }, { oauth2: [] }],
    paths,
    components: {
      schemas,
      responses: errorResponses,
      securitySchemes: {
        basicAuth: { type: "http", scheme: "basic", description: "A user's name and password; the user's roles give the permissions" },
        oauth2: {
          type: "oauth2",
          description: "An access token from the client credentials grant; the granted scopes are the permissions",
          flows: { clientCredentials: { tokenUrl: "/oauth2/token", scopes: Object.fromEntries(PERMISSIONS.filter((p) => p.startsWith("internal_")).map((p) => [p, p.replaceAll("_", " ")])) } },
        },
      },
    },
  };
}
