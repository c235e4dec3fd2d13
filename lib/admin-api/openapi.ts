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
      required: [
        "id",
        "name",
        "description",
        "kind",
        "clientId",
        "redirectUris",
        "postLogoutRedirectUris",
        "grantTypes",
        "scopes",
        "tokenEndpointAuthMethod",
        "accessTokenLifetime",
        "inbound",
        "version",
        "createdAt",
        "updatedAt",
      ],
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

const IDPS = "Identity providers";
const idpId = pathParam("id", "The connection's id");
const connectorType = pathParam("type", "The connector type, e.g. scim2 or scim11");
const dateTime = { type: "string", format: "date-time" };
const nullable = (type: string) => ({ type: [type, "null"] });

const connectionProperties = {
  name: { type: "string", minLength: 1, maxLength: 100, description: "Unique, compared without regard to case" },
  description: { type: "string", maxLength: 1024, default: "" },
  homeRealmId: { ...nullable("string"), maxLength: 255, description: "Home realm identifier" },
  alias: { ...nullable("string"), maxLength: 1024 },
  enabled: { type: "boolean", default: true, description: "A disabled connection receives nothing; its queued events fail" },
};

export const identityProvidersSection: OpenApiSection = {
  tag: { name: IDPS, description: "Connections (identity providers) and their outbound provisioning connectors, provisioning roles and synchronisation" },
  schemas: {
    ConnectionInput: { type: "object", required: ["name"], properties: connectionProperties },
    Connection: {
      type: "object",
      required: ["id", "name", "description", "homeRealmId", "alias", "enabled", "connectors", "provisioningRoles", "version", "createdAt", "updatedAt"],
      properties: {
        id: { type: "string" },
        ...connectionProperties,
        connectors: { type: "array", items: ref("Connector") },
        provisioningRoles: { type: "array", items: ref("RoleRef"), description: "When any is set, only users holding one of these roles are provisioned" },
        version: { type: "integer" },
        createdAt: dateTime,
        updatedAt: dateTime,
      },
    },
    Connector: {
      type: "object",
      required: ["id", "connectionId", "type", "enabled", "config", "secretsSet"],
      properties: {
        id: { type: "string" },
        connectionId: { type: "string" },
        type: { type: "string" },
        enabled: { type: "boolean" },
        config: { type: "object", additionalProperties: true, description: "The settings without their secrets" },
        secretsSet: { type: "array", items: { type: "string" }, description: "Secret settings that have a stored value; their values are never returned" },
      },
    },
    ConnectorInput: {
      type: "object",
      required: ["config"],
      properties: {
        enabled: { type: "boolean", description: "Defaults to true for a new connector and to the current state otherwise" },
        config: {
          type: "object",
          additionalProperties: true,
          description: "The settings of the type (see /identity-providers/meta/outbound-provisioning-connectors). Secret settings left out or empty keep their stored values.",
        },
      },
    },
    ConnectorToggle: { type: "object", required: ["enabled"], properties: { enabled: { type: "boolean" } } },
    ConnectorType: {
      type: "object",
      required: ["type", "label", "secretFields", "configSchema"],
      properties: {
        type: { type: "string" },
        label: { type: "string" },
        secretFields: { type: "array", items: { type: "string" } },
        configSchema: { type: "object", description: "JSON Schema of the settings" },
      },
    },
    RoleRef: { type: "object", required: ["id", "name"], properties: { id: { type: "string" }, name: { type: "string" } } },
    ProvisioningRolesInput: { type: "object", required: ["roleIds"], properties: { roleIds: { type: "array", items: { type: "string" }, maxItems: 1000 } } },
    SyncRequest: {
      type: "object",
      required: ["connectorType"],
      properties: { connectorType: { type: "string" }, dryRun: { type: "boolean", default: false, description: "Only count what would be queued" } },
    },
    SyncResult: {
      type: "object",
      required: ["create", "update", "delete", "total", "alreadyQueued", "failed", "errors", "dryRun"],
      properties: {
        create: { type: "integer" },
        update: { type: "integer" },
        delete: { type: "integer" },
        total: { type: "integer" },
        alreadyQueued: { type: "integer", description: "Objects skipped because an event for them already waits in the queue" },
        failed: { type: "integer" },
        errors: {
          type: "array",
          items: { type: "object", properties: { entityType: { type: "string" }, entityId: { type: "string" }, error: { type: "string" } } },
          description: "The first failures; the sync went on past them",
        },
        dryRun: { type: "boolean" },
      },
    },
  },
  paths: {
    "/identity-providers": {
      get: operation({
        operationId: "listIdentityProviders",
        summary: "List connections",
        tag: IDPS,
        permission: "internal_idp_view",
        responses: { 200: jsonResponse("The connections, by name", { type: "array", items: ref("Connection") }) },
      }),
      post: operation({
        operationId: "createIdentityProvider",
        summary: "Create a connection",
        tag: IDPS,
        permission: "internal_idp_update",
        requestBody: jsonBody(ref("ConnectionInput")),
        responses: { 201: jsonResponse("Created", ref("Connection"), { Location: { description: "The new connection's URL", schema: { type: "string" } } }) },
        errors: ["BadRequest", "Conflict"],
      }),
    },
    "/identity-providers/meta/outbound-provisioning-connectors": {
      get: operation({
        operationId: "listOutboundConnectorTypes",
        summary: "List the outbound provisioning connector types",
        tag: IDPS,
        permission: "internal_idp_view",
        responses: { 200: jsonResponse("The connector types", { type: "array", items: ref("ConnectorType") }) },
      }),
    },
    "/identity-providers/{id}": {
      parameters: [idpId],
      get: operation({
        operationId: "getIdentityProvider",
        summary: "Get a connection",
        tag: IDPS,
        permission: "internal_idp_view",
        responses: { 200: jsonResponse("The connection", ref("Connection")) },
        errors: ["NotFound"],
      }),
      put: operation({
        operationId: "putIdentityProvider",
        summary: "Replace a connection's general settings",
        description: "Fields not sent take their defaults. Connectors and provisioning roles are not changed.",
        tag: IDPS,
        permission: "internal_idp_update",
        requestBody: jsonBody(ref("ConnectionInput")),
        responses: { 200: jsonResponse("The connection", ref("Connection")) },
        errors: ["BadRequest", "NotFound", "Conflict"],
      }),
      delete: operation({
        operationId: "deleteIdentityProvider",
        summary: "Delete a connection",
        description: "Its connectors, the provisioners using them and their undelivered events go with it.",
        tag: IDPS,
        permission: "internal_idp_update",
        responses: { 204: noContent },
        errors: ["NotFound"],
      }),
    },
    "/identity-providers/{id}/connectors/{type}": {
      parameters: [idpId, connectorType],
      get: operation({
        operationId: "getOutboundConnector",
        summary: "Get a connection's connector of a type",
        tag: IDPS,
        permission: "internal_idp_view",
        responses: { 200: jsonResponse("The connector, without secrets", ref("Connector")) },
        errors: ["NotFound"],
      }),
      put: operation({
        operationId: "putOutboundConnector",
        summary: "Add or replace a connector",
        description: "Settings are validated for the type (e.g. basic authentication needs a user name and a password). Secret settings left out or empty keep their stored values.",
        tag: IDPS,
        permission: "internal_idp_update",
        requestBody: jsonBody(ref("ConnectorInput")),
        responses: { 200: jsonResponse("Replaced", ref("Connector")), 201: jsonResponse("Added", ref("Connector")) },
        errors: ["BadRequest", "NotFound"],
      }),
      patch: operation({
        operationId: "toggleOutboundConnector",
        summary: "Enable or disable a connector",
        tag: IDPS,
        permission: "internal_idp_update",
        requestBody: jsonBody(ref("ConnectorToggle")),
        responses: { 200: jsonResponse("The connector", ref("Connector")) },
        errors: ["BadRequest", "NotFound"],
      }),
      delete: operation({
        operationId: "deleteOutboundConnector",
        summary: "Remove a connector",
        description: "Provisioners using it and its undelivered events go with it.",
        tag: IDPS,
        permission: "internal_idp_update",
        responses: { 204: noContent },
        errors: ["NotFound"],
      }),
    },
    "/identity-providers/{id}/provisioning-roles": {
      parameters: [idpId],
      get: operation({
        operationId: "getProvisioningRoles",
        summary: "Get a connection's provisioning roles",
        tag: IDPS,
        permission: "internal_idp_view",
        responses: { 200: jsonResponse("The roles", { type: "array", items: ref("RoleRef") }) },
        errors: ["NotFound"],
      }),
      put: operation({
        operationId: "putProvisioningRoles",
        summary: "Set a connection's provisioning roles",
        description: "Only users holding one of the roles (directly or through a group) are provisioned to the connection; an empty list provisions everyone.",
        tag: IDPS,
        permission: "internal_idp_update",
        requestBody: jsonBody(ref("ProvisioningRolesInput")),
        responses: { 200: jsonResponse("The roles", { type: "array", items: ref("RoleRef") }) },
        errors: ["BadRequest", "NotFound"],
      }),
    },
    "/identity-providers/{id}/sync": {
      parameters: [idpId],
      post: operation({
        operationId: "syncOutboundConnector",
        summary: "Synchronise a connector with the store",
        description:
          "Queues an update for every eligible user and every group the target already has, a create for the others, and a delete for users no longer eligible. The worker delivers them; follow progress in the provisioning log.",
        tag: IDPS,
        permission: "internal_idp_update",
        requestBody: jsonBody(ref("SyncRequest")),
        responses: { 200: jsonResponse("What was (or on a dry run, would be) queued", ref("SyncResult")) },
        errors: ["BadRequest", "NotFound"],
      }),
    },
  },
};

const OUTBOUND = "Outbound provisioning";
const provisionerId = pathParam("provisionerId", "The provisioner's id");

const provisionerSettings = {
  blocking: { type: "boolean", default: false, description: "The change waits for this target's answer before it is answered" },
  rulesEnabled: { type: "boolean", default: false },
  rule: { ...nullable("string"), maxLength: 4096, description: 'A SCIM filter users must match when rules are enabled, e.g. department eq "Engineering"' },
  jitEnabled: { type: "boolean", default: true, description: "Also provision users created just in time by federated sign-in" },
};

function provisionerPaths(base: string, idPrefix: string, scope: string, parameters: JsonObject[]): Record<string, JsonObject> {
  const errors = parameters.length ? (["NotFound"] as const) : ([] as const);
  return {
    [base]: {
      ...(parameters.length ? { parameters } : {}),
      get: operation({
        operationId: `list${idPrefix}OutboundProvisioners`,
        summary: `List the ${scope}'s outbound provisioners`,
        tag: OUTBOUND,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The provisioners, by connection name", { type: "array", items: ref("Provisioner") }) },
        errors: [...errors],
      }),
      post: operation({
        operationId: `add${idPrefix}OutboundProvisioner`,
        summary: `Provision the ${scope}'s changes to a connector`,
        tag: OUTBOUND,
        permission: "internal_application_mgt_update",
        requestBody: jsonBody(ref("ProvisionerInput")),
        responses: { 201: jsonResponse("Added", ref("Provisioner"), { Location: { description: "The provisioner's URL", schema: { type: "string" } } }) },
        errors: ["BadRequest", "Conflict", ...errors],
      }),
    },
    [`${base}/{provisionerId}`]: {
      parameters: [...parameters, provisionerId],
      get: operation({
        operationId: `get${idPrefix}OutboundProvisioner`,
        summary: "Get a provisioner",
        tag: OUTBOUND,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The provisioner", ref("Provisioner")) },
        errors: ["NotFound"],
      }),
      put: operation({
        operationId: `put${idPrefix}OutboundProvisioner`,
        summary: "Change a provisioner",
        description: "The connector cannot change; remove the provisioner and add another.",
        tag: OUTBOUND,
        permission: "internal_application_mgt_update",
        requestBody: jsonBody(ref("ProvisionerUpdate")),
        responses: { 200: jsonResponse("The provisioner", ref("Provisioner")) },
        errors: ["BadRequest", "NotFound"],
      }),
      delete: operation({
        operationId: `remove${idPrefix}OutboundProvisioner`,
        summary: "Remove a provisioner",
        tag: OUTBOUND,
        permission: "internal_application_mgt_update",
        responses: { 204: noContent },
        errors: ["NotFound"],
      }),
    },
  };
}

const queueCounts = {
  type: "object",
  required: ["pending", "retrying", "inFlight", "delivered", "dead"],
  properties: {
    pending: { type: "integer", description: "Waiting for delivery, retries included" },
    retrying: { type: "integer", description: "Pending events that failed at least once" },
    inFlight: { type: "integer" },
    delivered: { type: "integer" },
    dead: { type: "integer", description: "Failed for good; retry them with POST /provisioning/retry" },
  },
};

export const outboundProvisioningSection: OpenApiSection = {
  tag: { name: OUTBOUND, description: "Which connectors receive each service provider's changes, and the provisioning log and queue" },
  schemas: {
    ProvisionerInput: { type: "object", required: ["connectorId"], properties: { connectorId: { type: "string" }, ...provisionerSettings } },
    ProvisionerUpdate: { type: "object", properties: provisionerSettings },
    Provisioner: {
      type: "object",
      required: ["id", "serviceProviderId", "connectorId", "connectorType", "connectionId", "connectionName", "blocking", "rulesEnabled", "rule", "jitEnabled"],
      properties: {
        id: { type: "string" },
        serviceProviderId: { type: "string" },
        connectorId: { type: "string" },
        connectorType: { type: "string" },
        connectionId: { type: "string" },
        connectionName: { type: "string" },
        ...provisionerSettings,
      },
    },
    ProvisioningAttempt: {
      type: "object",
      properties: {
        id: { type: "string" },
        eventSeq: { type: "integer" },
        connectorId: { type: "string" },
        connectionId: { ...nullable("string"), description: "null once the connector is removed" },
        connectionName: { type: "string" },
        connectorType: { type: "string" },
        entityType: { type: "string", enum: ["User", "Group"] },
        entityId: { type: "string" },
        entityName: { type: "string" },
        operation: { type: "string", description: "create, update, delete, or what the attempt became: link+update, re-create" },
        status: { type: "string", enum: ["success", "retrying", "dead", "skipped"] },
        httpStatus: nullable("integer"),
        durationMs: { type: "integer" },
        error: nullable("string"),
        attempt: { type: "integer" },
        request: { type: "string", description: "The request as sent, credentials redacted, at most 2000 characters" },
        response: { type: "string", description: "The start of the response" },
        at: dateTime,
        eventStatus: { ...nullable("string"), description: "Where the event stands now: pending, in_flight, delivered or dead" },
      },
    },
    ProvisioningAttemptList: {
      type: "object",
      required: ["totalResults", "startIndex", "items"],
      properties: { totalResults: { type: "integer" }, startIndex: { type: "integer" }, items: { type: "array", items: ref("ProvisioningAttempt") } },
    },
    QueueSummary: {
      type: "object",
      required: ["totals", "connectors"],
      properties: {
        totals: queueCounts,
        connectors: {
          type: "array",
          items: {
            allOf: [
              queueCounts,
              {
                type: "object",
                properties: {
                  connectorId: { type: "string" },
                  connectionId: nullable("string"),
                  connectionName: { type: "string" },
                  connectorType: { type: "string" },
                  pausedUntil: { ...nullable("string"), format: "date-time", description: "The target did not answer: nothing is sent to it before this, then one probe; null when not paused" },
                  outageFailures: { type: "integer", description: "Failed tries in a row while the target is paused; they do not count toward dead-lettering" },
                },
              },
            ],
          },
        },
      },
    },
    RetryRequest: {
      type: "object",
      description: "Without seqs or connectorId, every failed event is retried",
      properties: { seqs: { type: "array", items: { type: "integer" }, maxItems: 1000 }, connectorId: { type: "string" } },
    },
    UserProvisioningStatus: {
      type: "object",
      required: ["userId", "connectors"],
      properties: {
        userId: { type: "string" },
        connectors: {
          type: "array",
          items: {
            type: "object",
            properties: {
              connectorId: { type: "string" },
              connectionId: nullable("string"),
              connectionName: { type: "string" },
              connectorType: { type: "string" },
              remoteId: { ...nullable("string"), description: "The user's id at the target" },
              lastAttempt: {
                oneOf: [
                  { type: "null" },
                  { type: "object", properties: { status: { type: "string" }, operation: { type: "string" }, at: dateTime, httpStatus: nullable("integer"), error: nullable("string") } },
                ],
              },
              pending: { type: "integer" },
              dead: { type: "integer" },
              lastError: nullable("string"),
              openSeqs: { type: "array", items: { type: "integer" }, description: "The user's undelivered events, oldest first, for POST /provisioning/retry" },
              pause: {
                description: "The target did not answer: its changes wait untried until `until`, when one probe is sent",
                oneOf: [{ type: "null" }, { type: "object", properties: { until: dateTime, error: nullable("string") } }],
              },
            },
          },
        },
      },
    },
  },
  paths: {
    ...provisionerPaths("/resident-application/outbound-provisioning", "Resident", "resident service provider", []),
    ...provisionerPaths("/applications/{id}/outbound-provisioning", "Application", "application", [appId]),
    "/provisioning/attempts": {
      get: operation({
        operationId: "listProvisioningAttempts",
        summary: "The provisioning log",
        description: "Every delivery attempt, newest first.",
        tag: OUTBOUND,
        permission: "internal_application_mgt_view",
        parameters: [
          { name: "entityId", in: "query", schema: { type: "string" }, description: "A user's or group's id" },
          { name: "entityType", in: "query", schema: { type: "string", enum: ["User", "Group"] } },
          { name: "status", in: "query", schema: { type: "string" }, description: "success, retrying, dead or skipped; several separated by commas" },
          { name: "connectorId", in: "query", schema: { type: "string" } },
          { name: "connectionId", in: "query", schema: { type: "string" } },
          { name: "search", in: "query", schema: { type: "string" }, description: "An object's id or part of its name" },
          { name: "since", in: "query", schema: dateTime },
          { name: "startIndex", in: "query", schema: { type: "integer", minimum: 1, default: 1 } },
          { name: "count", in: "query", schema: { type: "integer", minimum: 0, maximum: 200, default: 50 } },
        ],
        responses: { 200: jsonResponse("A page of attempts", ref("ProvisioningAttemptList")) },
        errors: ["BadRequest"],
      }),
    },
    "/provisioning/queue": {
      get: operation({
        operationId: "getProvisioningQueue",
        summary: "The outbox by status, overall and per connector",
        tag: OUTBOUND,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The counts", ref("QueueSummary")) },
      }),
    },
    "/provisioning/retry": {
      post: operation({
        operationId: "retryProvisioningEvents",
        summary: "Retry failed events now",
        description:
          "Dead and waiting events go back to the queue for delivery at once; dead ones get their full retry budget again. A dead event older than a change the target already received stays dead.",
        tag: OUTBOUND,
        permission: "internal_application_mgt_update",
        requestBody: jsonBody(ref("RetryRequest")),
        responses: { 200: jsonResponse("How many events were queued again", { type: "object", required: ["retried"], properties: { retried: { type: "integer" } } }) },
        errors: ["BadRequest"],
      }),
    },
    "/provisioning/users/{userId}": {
      parameters: [pathParam("userId", "The user's id")],
      get: operation({
        operationId: "getUserProvisioningStatus",
        summary: "A user's provisioning status per connector",
        tag: OUTBOUND,
        permission: "internal_application_mgt_view",
        responses: { 200: jsonResponse("The status", ref("UserProvisioningStatus")) },
        errors: ["NotFound"],
      }),
    },
  },
};

/** Every section of the admin API, in the order the document lists them. */
export const ADMIN_API_SECTIONS: OpenApiSection[] = [
  applicationsSection,
  residentApplicationSection,
  userStoresSection,
  customAttributesSection,
  settingsSection,
  identityProvidersSection,
  outboundProvisioningSection,
];

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
