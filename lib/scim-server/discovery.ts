import type { ApiReply } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import {
  COMMON_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA_DEFINITION,
  LIST_RESPONSE_SCHEMA,
  ROLE_RESOURCE_TYPE,
  ROLE_SCHEMA_DEFINITION,
  USER_RESOURCE_TYPE,
  USER_SCHEMA_DEFINITION,
  customUserSchema,
} from "../scim/schema/core.ts";
import type { ResourceTypeDefinition, SchemaDefinition } from "../scim/schema/types.ts";
import type { SqlExecutor } from "../db/sql.ts";
import { listCustomAttributes } from "../identity/custom-attributes.ts";
import { scimJson } from "./http.ts";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./list-params.ts";

export const BULK_MAX_OPERATIONS = 1000;
export const BULK_MAX_PAYLOAD = 1_048_576;

/** RFC 7644 section 5 and RFC 7643 section 5, plus the pagination block of RFC 9865. */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: `${baseUrl}/api/server/v1/openapi.json`,
    patch: { supported: true },
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    pagination: { cursor: true, index: true, defaultPaginationMethod: "index", defaultPageSize: DEFAULT_PAGE_SIZE, maxPageSize: MAX_PAGE_SIZE, cursorTimeout: 3600 },
    authenticationSchemes: [
      { type: "httpbasic", name: "HTTP Basic", description: "Authentication with a user name and password of the identity store", primary: true },
      { type: "oauthbearertoken", name: "OAuth Bearer Token", description: "Authentication with an OAuth 2.0 access token issued by Provisio", primary: false },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${baseUrl}/scim2/ServiceProviderConfig` },
  };
}

const resourceTypes: ResourceTypeDefinition[] = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE, { ...ROLE_RESOURCE_TYPE, endpoint: "/Roles" }];

function resourceTypeResource(t: ResourceTypeDefinition, baseUrl: string) {
  return { schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], ...t, meta: { resourceType: "ResourceType", location: `${baseUrl}/scim2/ResourceTypes/${t.id}` } };
}

async function allSchemas(exec: SqlExecutor): Promise<SchemaDefinition[]> {
  const custom = await listCustomAttributes(exec);
  // the common attributes are listed with the core schemas, as RFC 7643 section 8.7.1 shows for id/externalId/meta
  const withCommon = (s: SchemaDefinition): SchemaDefinition => ({ ...s, attributes: [...COMMON_ATTRIBUTES, ...s.attributes] });
  return [withCommon(USER_SCHEMA_DEFINITION), ENTERPRISE_USER_SCHEMA_DEFINITION, customUserSchema(custom), withCommon(GROUP_SCHEMA_DEFINITION), withCommon(ROLE_SCHEMA_DEFINITION)];
}

function schemaResource(s: SchemaDefinition, baseUrl: string) {
  return { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"], ...s, meta: { resourceType: "Schema", location: `${baseUrl}/scim2/Schemas/${s.id}` } };
}

function list(resources: unknown[]) {
  return scimJson(200, { schemas: [LIST_RESPONSE_SCHEMA], totalResults: resources.length, startIndex: 1, itemsPerPage: resources.length, Resources: resources });
}

export async function discoveryResponse(exec: SqlExecutor, baseUrl: string, segments: string[]): Promise<ApiReply | undefined> {
  const [endpoint, id, ...rest] = segments;
  if (rest.length) return undefined;
  switch (endpoint) {
    case "ServiceProviderConfig":
      return id ? undefined : scimJson(200, serviceProviderConfig(baseUrl));
    case "ResourceTypes": {
      if (!id) return list(resourceTypes.map((t) => resourceTypeResource(t, baseUrl)));
      const t = resourceTypes.find((r) => r.id === id);
      if (!t) throw ScimError.notFound(`Resource type ${id} not found`);
      return scimJson(200, resourceTypeResource(t, baseUrl));
    }
    case "Schemas": {
      const schemas = await allSchemas(exec);
      if (!id) return list(schemas.map((s) => schemaResource(s, baseUrl)));
      const s = schemas.find((x) => x.id.toLowerCase() === id.toLowerCase());
      if (!s) throw ScimError.notFound(`Schema ${id} not found`);
      return scimJson(200, schemaResource(s, baseUrl));
    }
    default:
      return undefined;
  }
}
