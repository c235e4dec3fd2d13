import type { ApiReply, ApiRequest } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import { config } from "../env.ts";
import type { Sql } from "../db/sql.ts";
import { authenticate, invalidatePermissions } from "./auth.ts";
import type { ScimContext } from "./context.ts";
import { discoveryResponse } from "./discovery.ts";
import { pathSegments, readScimBody, scimErrorResponse } from "./http.ts";
import { listParams } from "./list-params.ts";
import { meResponse, selfRegistration } from "./me.ts";
import { createUserResponse, deleteUserResponse, getUserResponse, listUsers, patchUserResponse, replaceUserResponse, userPage } from "./users.ts";
import { createGroupResponse, deleteGroupResponse, getGroupResponse, groupPage, listGroupsResponse, patchGroupResponse, replaceGroupResponse } from "./groups.ts";
import { bulkResponse } from "./bulk.ts";
import { rolesResponse } from "./roles.ts";
import { listResponse, type ListedResource } from "./responses.ts";

export const SCIM_PREFIX = "/scim2";

const PERMISSION_SOURCES = new Set(["Roles", "v2", "Groups", "Bulk"]);

const notAllowed = (method: string, path: string) => new ScimError(405, `${method} is not supported on ${path}`);

/**
 * The SCIM 2.0 service provider: one framework-free entry point for every /scim2 request. The production
 * server calls it directly; app/scim2 route files export it for Next.
 */
export async function handleScim(request: ApiRequest, deps: { sql: Sql; baseUrl?: string }): Promise<ApiReply> {
  try {
    const sql = deps.sql;
    const baseUrl = deps.baseUrl ?? config().baseUrl;
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "");
    if (!path.startsWith(SCIM_PREFIX)) throw ScimError.notFound(`${url.pathname} is not a SCIM endpoint`);
    const segments = pathSegments(path.slice(SCIM_PREFIX.length));
    const method = request.method.toUpperCase();

    // discovery is public (RFC 7644 section 4), so clients can learn how to authenticate
    if (method === "GET") {
      const discovered = await discoveryResponse(sql, baseUrl, segments);
      if (discovered) return discovered;
    }
    if (method === "POST" && segments.length === 1 && segments[0] === "Me" && !request.headers.get("authorization")) {
      return await selfRegistration(sql, request, url, baseUrl);
    }
    const principal = await authenticate(sql, request);
    const ctx: ScimContext = { sql, baseUrl, request, url, principal };
    const response = await route(ctx, method, segments, path);
    // roles and group memberships decide permissions: a grant or revocation applies to the very next request
    if (method !== "GET" && response.status < 400 && PERMISSION_SOURCES.has(segments[0] ?? "")) invalidatePermissions(sql);
    return response;
  } catch (err) {
    return scimErrorResponse(err);
  }
}

export async function route(ctx: ScimContext, method: string, segments: string[], path: string): Promise<ApiReply> {
  const [resource, id, ...rest] = segments;
  if (resource === "v2" && id === "Roles") return rolesResponse(ctx, method, rest);
  if (rest.length) throw ScimError.notFound(`${path} is not a SCIM endpoint`);
  switch (resource) {
    case "Users":
      if (!id) {
        if (method === "GET") return listUsers(ctx, listParams(ctx.url.searchParams));
        if (method === "POST") return createUserResponse(ctx);
        throw notAllowed(method, path);
      }
      if (id === ".search") {
        if (method !== "POST") throw notAllowed(method, path);
        return listUsers(ctx, listParams(await readScimBody(ctx.request)));
      }
      if (method === "GET") return getUserResponse(ctx, id);
      if (method === "PUT") return replaceUserResponse(ctx, id);
      if (method === "PATCH") return patchUserResponse(ctx, id);
      if (method === "DELETE") return deleteUserResponse(ctx, id);
      throw notAllowed(method, path);
    case "Groups":
      if (!id) {
        if (method === "GET") return listGroupsResponse(ctx, listParams(ctx.url.searchParams));
        if (method === "POST") return createGroupResponse(ctx);
        throw notAllowed(method, path);
      }
      if (id === ".search") {
        if (method !== "POST") throw notAllowed(method, path);
        return listGroupsResponse(ctx, listParams(await readScimBody(ctx.request)));
      }
      if (method === "GET") return getGroupResponse(ctx, id);
      if (method === "PUT") return replaceGroupResponse(ctx, id);
      if (method === "PATCH") return patchGroupResponse(ctx, id);
      if (method === "DELETE") return deleteGroupResponse(ctx, id);
      throw notAllowed(method, path);
    case "Me":
      if (id) throw ScimError.notFound(`${path} is not a SCIM endpoint`);
      return meResponse(ctx);
    case "Bulk":
      if (id) throw ScimError.notFound(`${path} is not a SCIM endpoint`);
      if (method !== "POST") throw notAllowed(method, path);
      return bulkResponse(ctx, route);
    case "Roles":
      return rolesResponse(ctx, method, id ? [id] : []);
    case ".search":
      if (id || method !== "POST") throw notAllowed(method, path);
      return rootSearch(ctx);
    case "ServiceProviderConfig":
    case "ResourceTypes":
    case "Schemas":
      // GET was answered before authentication; these endpoints exist, so other methods are 405, not 404
      if (resource === "ServiceProviderConfig" && id) throw ScimError.notFound(`${path} is not a SCIM endpoint`);
      throw notAllowed(method, path);
    default:
      throw ScimError.notFound(`${path} is not a SCIM endpoint`);
  }
}

/**
 * POST /.search at the root (RFC 7644 section 3.4.3) searches every resource type; a filter on attributes
 * only one type has still runs against each type, and a type that cannot evaluate it contributes nothing.
 */
async function rootSearch(ctx: ScimContext): Promise<ApiReply> {
  const params = listParams(await readScimBody(ctx.request));
  const offset = params.startIndex - 1;
  const page: ListedResource[] = [];
  let total = 0;
  let answered = 0;
  let refused: ScimError | undefined;
  for (const pageOf of [userPage, groupPage]) {
    // each type is asked only for its share of the page: what is left of the offset after the types before
    // it, and what the page still lacks, so a large startIndex never loads everything before it
    const share = { ...params, cursor: undefined, startIndex: Math.max(0, offset - total) + 1, count: params.count - page.length };
    try {
      const found = await pageOf(ctx, share);
      page.push(...found.resources);
      total += found.total;
      answered++;
    } catch (err) {
      // a filter naming attributes this type does not have matches none of its resources
      if (!(err instanceof ScimError) || err.status !== 400) throw err;
      refused ??= err;
    }
  }
  // a filter no resource type can evaluate is the client's mistake, not an empty result
  if (refused && answered === 0) throw refused;
  return listResponse(page, total, params.startIndex);
}
