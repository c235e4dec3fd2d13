import { jsonReply, reply, type ApiReply, type ApiRequest } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import { parseFilter } from "../scim/filter/parser.ts";
import { config } from "../env.ts";
import type { Sql } from "../db/sql.ts";
import { createUser } from "../identity/users/create-user.ts";
import { replaceUser } from "../identity/users/replace-user.ts";
import { deleteUser } from "../identity/users/delete-user.ts";
import { findUser } from "../identity/users/get-user.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import { queryGroupIds, queryUserIds } from "../identity/users/query-users.ts";
import { createGroup } from "../identity/groups/create-group.ts";
import { loadGroups, memberRefs } from "../identity/groups/group-reads.ts";
import { deleteGroup, updateGroup } from "../identity/groups/update-group.ts";
import type { GroupView } from "../identity/groups/group-view.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { authenticate, requirePermission, type ScimPrincipal } from "./auth.ts";
import { readScimBody, toScimError } from "./http.ts";
import { scimToUserInput, toScimUser } from "./user-resource.ts";
import { validateResource } from "../scim/validate.ts";
import { normaliseResource } from "../scim/normalise.ts";
import { userRegistry } from "./user-registry.ts";

export const SCIM11_PREFIX = "/wso2/scim";
const CORE_1 = "urn:scim:schemas:core:1.0";
const ENTERPRISE_1 = "urn:scim:schemas:extension:enterprise:1.0";

/** SCIM 1.1 answers carry errors as {"Errors":[{description, code}]} (SCIM 1.1 API section 3.9). */
function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return jsonReply(status, body, "application/json", headers);
}

function error(err: unknown) {
  const scim = toScimError(err);
  return json(scim.status, { Errors: [{ description: scim.detail, code: String(scim.status) }] });
}

function toUser11(user: UserView, baseUrl: string) {
  const v2 = toScimUser(user, baseUrl);
  const { schemas, meta, ...rest } = v2;
  void schemas;
  const enterprise = rest["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
  delete rest["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
  const m = meta as Record<string, string>;
  return {
    schemas: [CORE_1, ...(enterprise ? [ENTERPRISE_1] : [])],
    ...rest,
    ...(enterprise ? (enterprise as object) : {}),
    meta: { created: m.created, lastModified: m.lastModified, location: `${baseUrl}${SCIM11_PREFIX}/Users/${user.id}`, version: m.version },
  };
}

async function toGroup11(sql: Sql, group: GroupView, baseUrl: string) {
  const members = (await memberRefs(sql, [group.id])).get(group.id) ?? [];
  return {
    schemas: [CORE_1],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    members: members.map((m) => ({ value: m.id, display: m.display })),
    meta: { created: group.createdAt.toISOString(), lastModified: group.updatedAt.toISOString(), location: `${baseUrl}${SCIM11_PREFIX}/Groups/${group.id}` },
  };
}

/** A SCIM 1.1 User body read as its 2.0 equivalent: the core attribute names are the same. */
async function userInput11(sql: Sql, body: Record<string, unknown>) {
  const { schemas, meta, id, [ENTERPRISE_1]: enterprise, ...rest } = body;
  void schemas;
  void meta;
  void id;
  // the SCIM 1.1 enterprise extension carries the same attributes as the 2.0 one
  if (enterprise !== undefined) rest["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = enterprise;
  const registry = await userRegistry(sql);
  return scimToUserInput(validateResource(normaliseResource({ schemas: [], ...rest }, registry), registry));
}

function listBody(resources: unknown[], total: number, startIndex: number) {
  return { schemas: [CORE_1], totalResults: total, itemsPerPage: resources.length, startIndex, Resources: resources };
}

/**
 * A minimal SCIM 1.1 surface at /wso2/scim for legacy clients and for Provisio's own SCIM 1.1 outbound
 * connector: create, get, list with a filter, replace and delete of Users and Groups.
 */
export async function handleScim11(request: ApiRequest, deps: { sql: Sql; baseUrl?: string }): Promise<ApiReply> {
  try {
    const sql = deps.sql;
    const baseUrl = deps.baseUrl ?? config().baseUrl;
    const url = new URL(request.url);
    const [resource, id, ...rest] = url.pathname.slice(SCIM11_PREFIX.length).split("/").filter(Boolean).map(decodeURIComponent);
    if (rest.length || (resource !== "Users" && resource !== "Groups")) throw ScimError.notFound(`${url.pathname} is not a SCIM 1.1 endpoint`);
    const principal = await authenticate(sql, request);
    const method = request.method.toUpperCase();
    return resource === "Users" ? await users(sql, baseUrl, principal, request, url, method, id) : await groups(sql, baseUrl, principal, request, url, method, id);
  } catch (err) {
    return error(err);
  }
}

function page(url: URL) {
  const filterText = url.searchParams.get("filter");
  const startIndex = Math.max(1, Number(url.searchParams.get("startIndex") ?? 1) || 1);
  const count = Math.min(1000, Math.max(0, Number(url.searchParams.get("count") ?? 100) || 100));
  return { filter: filterText ? parseFilter(filterText) : undefined, offset: startIndex - 1, count, startIndex };
}

async function users(sql: Sql, baseUrl: string, principal: ScimPrincipal, request: ApiRequest, url: URL, method: string, id?: string) {
  if (!id) {
    if (method === "GET") {
      requirePermission(principal, "internal_user_mgt_list");
      const q = page(url);
      const { total, ids } = await queryUserIds(sql, q);
      return json(
        200,
        listBody(
          (await loadUsers(sql, ids)).map((u) => toUser11(u, baseUrl)),
          total,
          q.startIndex,
        ),
      );
    }
    if (method === "POST") {
      requirePermission(principal, "internal_user_mgt_create");
      const user = await createUser(sql, await userInput11(sql, await readScimBody(request)), {
        actor: principal.actor,
        defaultDomain: principal.serviceProvider.userStore,
        source: "scim",
        origin: { serviceProviderId: principal.serviceProvider.serviceProviderId, trigger: "scim" },
      });
      return json(201, toUser11(user, baseUrl), { location: `${baseUrl}${SCIM11_PREFIX}/Users/${user.id}` });
    }
    throw new ScimError(405, `${method} is not supported`);
  }
  const current = await findUser(sql, id);
  if (!current) throw ScimError.notFound(`User ${id} not found`);
  if (method === "GET") {
    requirePermission(principal, "internal_user_mgt_view");
    return json(200, toUser11(current, baseUrl));
  }
  if (method === "PUT") {
    requirePermission(principal, "internal_user_mgt_update");
    const user = await replaceUser(sql, id, await userInput11(sql, await readScimBody(request)), {
      actor: principal.actor,
      origin: { serviceProviderId: principal.serviceProvider.serviceProviderId, trigger: "scim" },
    });
    return json(200, toUser11(user, baseUrl));
  }
  if (method === "DELETE") {
    requirePermission(principal, "internal_user_mgt_delete");
    await deleteUser(sql, id, principal.actor, { serviceProviderId: principal.serviceProvider.serviceProviderId, trigger: "scim" });
    return reply(200);
  }
  throw new ScimError(405, `${method} is not supported`);
}

function members11(body: Record<string, unknown>): string[] {
  const list = body.members;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw ScimError.invalidValue(`"members" must be an array`);
  return list.map((m) => {
    const value = (m as { value?: unknown })?.value;
    if (typeof value !== "string" || !value) throw ScimError.invalidValue(`Each member needs a "value"`);
    return value;
  });
}

async function groups(sql: Sql, baseUrl: string, principal: ScimPrincipal, request: ApiRequest, url: URL, method: string, id?: string) {
  if (!id) {
    if (method === "GET") {
      requirePermission(principal, "internal_group_mgt_view");
      const q = page(url);
      const { total, ids } = await queryGroupIds(sql, q);
      const list = await Promise.all((await loadGroups(sql, ids, { countMembers: false })).map((g) => toGroup11(sql, g, baseUrl)));
      return json(200, listBody(list, total, q.startIndex));
    }
    if (method === "POST") {
      requirePermission(principal, "internal_group_mgt_create");
      const body = await readScimBody(request);
      if (typeof body.displayName !== "string") throw ScimError.invalidValue(`"displayName" is required`);
      const group = await createGroup(
        sql,
        { displayName: body.displayName, externalId: typeof body.externalId === "string" ? body.externalId : null, memberIds: members11(body) },
        { actor: principal.actor, defaultDomain: principal.serviceProvider.userStore },
      );
      return json(201, await toGroup11(sql, group, baseUrl), { location: `${baseUrl}${SCIM11_PREFIX}/Groups/${group.id}` });
    }
    throw new ScimError(405, `${method} is not supported`);
  }
  const [current] = await loadGroups(sql, [id], { countMembers: false });
  if (!current) throw ScimError.notFound(`Group ${id} not found`);
  if (method === "GET") {
    requirePermission(principal, "internal_group_mgt_view");
    return json(200, await toGroup11(sql, current, baseUrl));
  }
  if (method === "PUT") {
    requirePermission(principal, "internal_group_mgt_update");
    const body = await readScimBody(request);
    if (typeof body.displayName !== "string") throw ScimError.invalidValue(`"displayName" is required`);
    const group = await updateGroup(sql, id, { displayName: body.displayName, replaceMembers: members11(body) }, principal.actor);
    return json(200, await toGroup11(sql, group, baseUrl));
  }
  if (method === "DELETE") {
    requirePermission(principal, "internal_group_mgt_delete");
    await deleteGroup(sql, id, principal.actor);
    return reply(200);
  }
  throw new ScimError(405, `${method} is not supported`);
}
