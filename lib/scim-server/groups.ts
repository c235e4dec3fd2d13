import { reply, type ApiReply } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import { GROUP_SCHEMA } from "../scim/schema/core.ts";
import { GROUP_SCHEMA_REGISTRY } from "../scim/schema/registry.ts";
import { normalisePatchOperations, normaliseResource } from "../scim/normalise.ts";
import { validateResource } from "../scim/validate.ts";
import { parsePatchRequest } from "../scim/patch/request.ts";
import { planGroupPatch } from "../scim/patch/group.ts";
import type { SqlExecutor } from "../db/sql.ts";
import { createGroup } from "../identity/groups/create-group.ts";
import { loadGroups, memberRefs } from "../identity/groups/group-reads.ts";
import { deleteGroup, updateGroup, type GroupChange } from "../identity/groups/update-group.ts";
import type { GroupView } from "../identity/groups/group-view.ts";
import { queryGroupIds } from "../identity/users/query-users.ts";
import { requirePermission } from "./auth.ts";
import type { ScimContext } from "./context.ts";
import { etagOf, readScimBody } from "./http.ts";
import { decodeCursor, encodeCursor, listParams, type ListParams } from "./list-params.ts";
import { expectedVersion } from "./preconditions.ts";
import { pageResponse, projected, resourceResponse, type ListPage } from "./responses.ts";
import { isAttributeReturned } from "../scim/projection/project.ts";
import { scimOrigin, settleBlocking } from "./outbound.ts";

function toScimGroup(group: GroupView, members: { id: string; display: string }[] | undefined, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(members ? { members: members.map((m) => ({ value: m.id, display: m.display, $ref: `${baseUrl}/scim2/Users/${m.id}`, type: "User" })) } : {}),
    meta: {
      resourceType: "Group",
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/scim2/Groups/${group.id}`,
      version: etagOf(group.version),
    },
  };
}

// members are the expensive part of a group: loaded only when the projection will return them (Entra excludes them)
async function groupResources(exec: SqlExecutor, groups: GroupView[], params: ListParams, baseUrl: string) {
  const members = isAttributeReturned(GROUP_SCHEMA_REGISTRY, params, "members")
    ? await memberRefs(
        exec,
        groups.map((g) => g.id),
      )
    : undefined;
  return groups.map((g) => projected(toScimGroup(g, members?.get(g.id), baseUrl), GROUP_SCHEMA_REGISTRY, params));
}

export async function listGroupsResponse(ctx: ScimContext, params: ListParams): Promise<ApiReply> {
  return pageResponse(await groupPage(ctx, params));
}

/** A page of groups as SCIM resources, for the listings and the root search. */
export async function groupPage(ctx: ScimContext, params: ListParams): Promise<ListPage> {
  requirePermission(ctx.principal, "internal_group_mgt_view");
  const fingerprint = JSON.stringify(["g", params.filter ?? null, params.sortBy, params.sortOrder]);
  const offset = params.cursor !== undefined ? decodeCursor(params.cursor, fingerprint) : params.startIndex - 1;
  const { total, ids } = await queryGroupIds(ctx.sql, { filter: params.filter, sortBy: params.sortBy, sortOrder: params.sortOrder, offset, count: params.count });
  const resources = await groupResources(ctx.sql, await loadGroups(ctx.sql, ids, { countMembers: false }), params, ctx.baseUrl);
  const extra: Record<string, unknown> = {};
  if (params.cursor !== undefined && offset + ids.length < total) extra.nextCursor = encodeCursor(offset + ids.length, fingerprint);
  return { resources, total, startIndex: offset + 1, extra };
}

async function existing(ctx: ScimContext, id: string): Promise<GroupView> {
  const [group] = await loadGroups(ctx.sql, [id], { countMembers: false });
  if (!group) throw ScimError.notFound(`Group ${id} not found`);
  return group;
}

async function respondWith(ctx: ScimContext, status: number, group: GroupView, headers: Record<string, string> = {}) {
  const params = listParams(ctx.url.searchParams);
  const [resource] = await groupResources(ctx.sql, [group], params, ctx.baseUrl);
  return resourceResponse(ctx.request, status, resource, group.version, headers);
}

export async function getGroupResponse(ctx: ScimContext, id: string): Promise<ApiReply> {
  requirePermission(ctx.principal, "internal_group_mgt_view");
  return respondWith(ctx, 200, await existing(ctx, id));
}

function memberIds(members: unknown): string[] {
  if (!Array.isArray(members)) return [];
  return members.map((m) => {
    const value = (m as { value?: unknown }).value;
    if (typeof value !== "string" || !value) throw ScimError.invalidValue(`Each member needs a "value" with the user's id`);
    const type = (m as { type?: unknown }).type;
    if (typeof type === "string" && type.toLowerCase() === "group") throw ScimError.invalidValue("Groups as members of groups are not supported");
    return value;
  });
}

async function groupBody(ctx: ScimContext) {
  const body = await readScimBody(ctx.request);
  const resource = validateResource(normaliseResource(body, GROUP_SCHEMA_REGISTRY), GROUP_SCHEMA_REGISTRY);
  if (typeof resource.displayName !== "string" || !resource.displayName.trim()) throw ScimError.invalidValue(`"displayName" is required`);
  return { displayName: resource.displayName, externalId: typeof resource.externalId === "string" ? resource.externalId : null, members: memberIds(resource.members) };
}

export async function createGroupResponse(ctx: ScimContext): Promise<ApiReply> {
  requirePermission(ctx.principal, "internal_group_mgt_create");
  const input = await groupBody(ctx);
  const origin = scimOrigin(ctx);
  const group = await createGroup(
    ctx.sql,
    { displayName: input.displayName, externalId: input.externalId, memberIds: input.members },
    { actor: ctx.principal.actor, defaultDomain: ctx.principal.serviceProvider.userStore, origin },
  );
  await settleBlocking(ctx, origin, `Group ${group.displayName} (${group.id})`);
  return respondWith(ctx, 201, group, { location: `${ctx.baseUrl}/scim2/Groups/${group.id}` });
}

export async function replaceGroupResponse(ctx: ScimContext, id: string): Promise<ApiReply> {
  requirePermission(ctx.principal, "internal_group_mgt_update");
  const current = await existing(ctx, id);
  const ifVersion = expectedVersion(ctx.request, current.version);
  const input = await groupBody(ctx);
  // a bare name keeps the group in its user store (updateGroup)
  const change: GroupChange = { displayName: input.displayName, externalId: input.externalId, replaceMembers: input.members };
  const origin = scimOrigin(ctx);
  const updated = await updateGroup(ctx.sql, id, change, ctx.principal.actor, { ifVersion, origin, countMembers: false });
  await settleBlocking(ctx, origin, `Group ${updated.displayName}`);
  return respondWith(ctx, 200, updated);
}

export async function patchGroupResponse(ctx: ScimContext, id: string): Promise<ApiReply> {
  requirePermission(ctx.principal, "internal_group_mgt_update");
  const ops = normalisePatchOperations(parsePatchRequest(await readScimBody(ctx.request)), GROUP_SCHEMA_REGISTRY);
  const plan = planGroupPatch(ops, GROUP_SCHEMA_REGISTRY);
  const current = await existing(ctx, id);
  const ifVersion = expectedVersion(ctx.request, current.version);
  const change: GroupChange = plan.replaceMembers
    ? { replaceMembers: plan.replaceMembers }
    : { removeAllMembers: plan.removeAllMembers, removeMembers: plan.removeMembers, addMembers: plan.addMembers };
  if (typeof plan.set.displayName === "string") change.displayName = plan.set.displayName;
  if (plan.set.externalId !== undefined) change.externalId = typeof plan.set.externalId === "string" ? plan.set.externalId : null;
  const origin = scimOrigin(ctx);
  const updated = await updateGroup(ctx.sql, id, change, ctx.principal.actor, { ifVersion, origin, countMembers: false });
  await settleBlocking(ctx, origin, `Group ${updated.displayName}`);
  // RFC 7644 section 3.5.2: 204 when the client did not ask for attributes; returning the group would
  // serialise every member of a large group for a one-member change
  const params = listParams(ctx.url.searchParams);
  if (!params.attributes.length && !params.excludedAttributes.length) return reply(204, undefined, { etag: etagOf(updated.version) });
  return respondWith(ctx, 200, updated);
}

export async function deleteGroupResponse(ctx: ScimContext, id: string): Promise<ApiReply> {
  requirePermission(ctx.principal, "internal_group_mgt_delete");
  const current = await existing(ctx, id);
  expectedVersion(ctx.request, current.version);
  const origin = scimOrigin(ctx);
  await deleteGroup(ctx.sql, id, ctx.principal.actor, origin);
  await settleBlocking(ctx, origin, `The deletion of group ${current.displayName}`);
  return reply(204);
}
