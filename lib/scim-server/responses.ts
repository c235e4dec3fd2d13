import { reply, type ApiReply, type ApiRequest } from "../server/exchange.ts";
import { LIST_RESPONSE_SCHEMA } from "../scim/schema/core.ts";
import type { SchemaRegistry } from "../scim/schema/registry.ts";
import { project } from "../scim/projection/project.ts";
import type { ListParams } from "./list-params.ts";
import { etagOf, SCIM_CONTENT_TYPE, scimJson, versionsIn } from "./http.ts";

/** A resource already serialised (see user-json.ts): written into a response as it is, never parsed again. */
export class SerialisedResource {
  constructor(readonly json: string) {}
}

export type ListedResource = Record<string, unknown> | SerialisedResource;

export function projected(resource: Record<string, unknown>, registry: SchemaRegistry, params: Pick<ListParams, "attributes" | "excludedAttributes">) {
  return project(resource, registry, { attributes: params.attributes, excludedAttributes: params.excludedAttributes });
}

/** One resource with its ETag; 304 when the client already holds this version (RFC 7644 section 3.14). */
export function resourceResponse(request: ApiRequest, status: number, resource: ListedResource, version: number, extraHeaders: Record<string, string> = {}): ApiReply {
  const etag = etagOf(version);
  if (notModified(request, version)) return reply(304, undefined, { etag });
  if (resource instanceof SerialisedResource) return reply(status, resource.json, { "content-type": SCIM_CONTENT_TYPE, etag, ...extraHeaders });
  return scimJson(status, resource, { etag, ...extraHeaders });
}

/** Whether a GET names, in If-None-Match, the version the server holds. */
export function notModified(request: ApiRequest, version: number): boolean {
  const noneMatch = versionsIn(request.headers.get("if-none-match"));
  return request.method === "GET" && noneMatch !== undefined && (noneMatch.any || noneMatch.versions.includes(version));
}

export function listResponse(resources: ListedResource[], total: number, startIndex: number, extra: Record<string, unknown> = {}): ApiReply {
  const head = JSON.stringify({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, ...extra });
  // the same text JSON.stringify would give for the whole object, with serialised resources copied in as they are
  const items = resources.map((r) => (r instanceof SerialisedResource ? r.json : JSON.stringify(r))).join(",");
  return reply(200, `${head.slice(0, -1)},"Resources":[${items}]}`, { "content-type": SCIM_CONTENT_TYPE });
}

/** One page of a listing as SCIM resources, before it becomes a ListResponse. */
export interface ListPage {
  resources: ListedResource[];
  total: number;
  startIndex: number;
  /** cursors (RFC 9865) */
  extra: Record<string, unknown>;
}

export function pageResponse(page: ListPage): ApiReply {
  return listResponse(page.resources, page.total, page.startIndex, page.extra);
}
