import { reply, type ApiReply, type ApiRequest } from "../server/exchange.ts";
import { LIST_RESPONSE_SCHEMA } from "../scim/schema/core.ts";
import type { SchemaRegistry } from "../scim/schema/registry.ts";
import { project } from "../scim/projection/project.ts";
import type { ListParams } from "./list-params.ts";
import { etagOf, scimJson, versionsIn } from "./http.ts";

export function projected(resource: Record<string, unknown>, registry: SchemaRegistry, params: Pick<ListParams, "attributes" | "excludedAttributes">) {
  return project(resource, registry, { attributes: params.attributes, excludedAttributes: params.excludedAttributes });
}

/** One resource with its ETag; 304 when the client already holds this version (RFC 7644 section 3.14). */
export function resourceResponse(request: ApiRequest, status: number, resource: Record<string, unknown>, version: number, extraHeaders: Record<string, string> = {}): ApiReply {
  const etag = etagOf(version);
  const noneMatch = versionsIn(request.headers.get("if-none-match"));
  if (request.method === "GET" && noneMatch && (noneMatch.any || noneMatch.versions.includes(version))) {
    return reply(304, undefined, { etag });
  }
  return scimJson(status, resource, { etag, ...extraHeaders });
}

export function listResponse(resources: Record<string, unknown>[], total: number, startIndex: number, extra: Record<string, unknown> = {}): ApiReply {
  return scimJson(200, {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    ...extra,
    Resources: resources,
  });
}

/** One page of a listing as SCIM resources, before it becomes a ListResponse. */
export interface ListPage {
  resources: Record<string, unknown>[];
  total: number;
  startIndex: number;
  /** cursors (RFC 9865) */
  extra: Record<string, unknown>;
}

export function pageResponse(page: ListPage): ApiReply {
  return listResponse(page.resources, page.total, page.startIndex, page.extra);
}
