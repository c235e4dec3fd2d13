import { reply, type ApiReply } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import { normalisePatchOperations, normaliseResource } from "../scim/normalise.ts";
import { validateResource } from "../scim/validate.ts";
import { parsePatchRequest } from "../scim/patch/request.ts";
import { applyPatch } from "../scim/patch/apply.ts";
import { createUser } from "../identity/users/create-user.ts";
import { proxyCreateUser } from "../identity/users/proxy-user.ts";
import { replaceUser } from "../identity/users/replace-user.ts";
import { deleteUser } from "../identity/users/delete-user.ts";
import { findUser } from "../identity/users/get-user.ts";
import { queryUserIds } from "../identity/users/query-users.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { requirePermission } from "./auth.ts";
import type { ScimContext } from "./context.ts";
import { readScimBody } from "./http.ts";
import { decodeCursor, encodeCursor, listParams, type ListParams } from "./list-params.ts";
import { expectedVersion } from "./preconditions.ts";
import { pageResponse, projected, resourceResponse, SerialisedResource, type ListPage } from "./responses.ts";
import { serialisedUsers } from "./user-json.ts";
import { scimToUserInput, toScimUser } from "./user-resource.ts";
import { userRegistry } from "./user-registry.ts";
import { scimOrigin, settleBlocking } from "./outbound.ts";

/** GET /Users and POST /Users/.search */
export async function listUsers(ctx: ScimContext, params: ListParams): Promise<ApiReply> {
  return pageResponse(await userPage(ctx, params));
}

/** A page of users as SCIM resources, for the listings and the root search. */
export async function userPage(ctx: ScimContext, params: ListParams): Promise<ListPage> {
  requirePermission(ctx.principal, "internal_user_mgt_list");
  const registry = await userRegistry(ctx.sql);
  // from the parsed filter, not the query string: POST .search carries its filter in the body
  const fingerprint = JSON.stringify([params.filter ?? null, params.sortBy, params.sortOrder]);
  const offset = params.cursor !== undefined ? decodeCursor(params.cursor, fingerprint) : params.startIndex - 1;
  const { total, ids, stamps } = await queryUserIds(ctx.sql, { filter: params.filter, sortBy: params.sortBy, sortOrder: params.sortOrder, offset, count: params.count });
  const users = await serialisedUsers(ctx.sql, ids, ctx.baseUrl, registry, params, stamps);
  const resources = users.map((u) => new SerialisedResource(u.json));
  const extra: Record<string, unknown> = {};
  if (params.cursor !== undefined) {
    if (offset + ids.length < total) extra.nextCursor = encodeCursor(offset + ids.length, fingerprint);
    if (offset > 0) extra.previousCursor = encodeCursor(Math.max(0, offset - params.count), fingerprint);
  }
  return { resources, total, startIndex: offset + 1, extra };
}

export async function getUserResponse(ctx: ScimContext, id: string, permission = "internal_user_mgt_view"): Promise<ApiReply> {
  requirePermission(ctx.principal, permission);
  const params = listParams(ctx.url.searchParams);
  const [user] = await serialisedUsers(ctx.sql, [id], ctx.baseUrl, await userRegistry(ctx.sql), params);
  if (!user) throw ScimError.notFound(`User ${id} not found`);
  return resourceResponse(ctx.request, 200, new SerialisedResource(user.json), user.version);
}

/** Body of a POST or PUT: client quirks fixed, then checked against the schemas. */
async function userInputFrom(ctx: ScimContext, body: Record<string, unknown>) {
  const registry = await userRegistry(ctx.sql);
  return scimToUserInput(validateResource(normaliseResource(body, registry), registry));
}

export async function createUserResponse(ctx: ScimContext, body?: Record<string, unknown>): Promise<ApiReply> {
  requirePermission(ctx.principal, "internal_user_mgt_create");
  const input = await userInputFrom(ctx, body ?? (await readScimBody(ctx.request)));
  if (!input.userName) throw ScimError.invalidValue(`"userName" is required`);
  const origin = scimOrigin(ctx);
  const write = { actor: ctx.principal.actor, defaultDomain: ctx.principal.serviceProvider.userStore, source: "scim" as const, origin };
  // proxy mode: the initiating service provider only passes users on to its outbound targets
  const user = ctx.principal.serviceProvider.proxyMode ? await proxyCreateUser(ctx.sql, input, write) : await createUser(ctx.sql, input, write);
  const resource = toScimUser(user, ctx.baseUrl);
  await settleBlocking(ctx, origin, `User ${user.userName} (${user.id})`);
  return resourceResponse(ctx.request, 201, projected(resource, await userRegistry(ctx.sql), listParams(ctx.url.searchParams)), user.version, {
    location: String((resource.meta as { location: string }).location),
  });
}

async function existing(ctx: ScimContext, id: string): Promise<UserView> {
  const user = await findUser(ctx.sql, id);
  if (!user) throw ScimError.notFound(`User ${id} not found`);
  return user;
}

export async function replaceUserResponse(ctx: ScimContext, id: string, permission = "internal_user_mgt_update", body?: Record<string, unknown>): Promise<ApiReply> {
  requirePermission(ctx.principal, permission);
  const current = await existing(ctx, id);
  const ifVersion = expectedVersion(ctx.request, current.version);
  const input = await userInputFrom(ctx, body ?? (await readScimBody(ctx.request)));
  if (!input.userName) throw ScimError.invalidValue(`"userName" is required`);
  const origin = scimOrigin(ctx);
  const user = await replaceUser(ctx.sql, id, input, { actor: ctx.principal.actor, origin }, { ifVersion });
  await settleBlocking(ctx, origin, `User ${user.userName}`);
  return resourceResponse(ctx.request, 200, projected(toScimUser(user, ctx.baseUrl), await userRegistry(ctx.sql), listParams(ctx.url.searchParams)), user.version);
}

/**
 * PATCH applies the operations to the current resource in memory (all or nothing). The write re-applies them to
 * the state read under the write lock: without If-Match, concurrent PATCHes (Entra and Okta send them in
 * bursts) compose instead of failing with 412; with If-Match, a changed resource is a 412.
 */
export async function patchUserResponse(ctx: ScimContext, id: string, permission = "internal_user_mgt_update", body?: Record<string, unknown>): Promise<ApiReply> {
  requirePermission(ctx.principal, permission);
  const registry = await userRegistry(ctx.sql);
  const ops = normalisePatchOperations(parsePatchRequest(body ?? (await readScimBody(ctx.request))), registry);
  const current = await existing(ctx, id);
  const ifVersion = expectedVersion(ctx.request, current.version);
  const revise = (user: UserView) => {
    const { resource, changed } = applyPatch(toScimUser(user, ctx.baseUrl), ops, registry);
    return changed ? scimToUserInput(validateResource(resource, registry)) : null;
  };
  const params = listParams(ctx.url.searchParams);
  // a bad operation fails here, before the write lock is taken
  const preview = revise(current);
  if (!preview) return resourceResponse(ctx.request, 200, projected(toScimUser(current, ctx.baseUrl), registry, params), current.version);
  const origin = scimOrigin(ctx);
  const user = await replaceUser(ctx.sql, id, { preview, apply: revise }, { actor: ctx.principal.actor, origin }, { ifVersion });
  await settleBlocking(ctx, origin, `User ${user.userName}`);
  return resourceResponse(ctx.request, 200, projected(toScimUser(user, ctx.baseUrl), registry, params), user.version);
}

export async function deleteUserResponse(ctx: ScimContext, id: string, permission = "internal_user_mgt_delete"): Promise<ApiReply> {
  requirePermission(ctx.principal, permission);
  const current = await existing(ctx, id);
  expectedVersion(ctx.request, current.version);
  const origin = scimOrigin(ctx);
  await deleteUser(ctx.sql, id, ctx.principal.actor, origin);
  await settleBlocking(ctx, origin, `The deletion of user ${current.userName}`);
  return reply(204);
}
