import { reply, type ApiReply } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import { ROLE_SCHEMA } from "../scim/schema/core.ts";
import { ROLE_SCHEMA_REGISTRY } from "../scim/schema/registry.ts";
import { matchesFilter } from "../scim/filter/evaluate.ts";
import { normalisePatchOperations, normaliseResource } from "../scim/normalise.ts";
import { validateResource } from "../scim/validate.ts";
import { parsePatchRequest } from "../scim/patch/request.ts";
import { applyPatch } from "../scim/patch/apply.ts";
import { createRole, deleteRole, getRole, listRoleIds, loadRoles, replaceRole, type RoleInput, type RoleView } from "../identity/roles/roles.ts";
import { requirePermission } from "./auth.ts";
import type { ScimContext } from "./context.ts";
import { etagOf, readScimBody } from "./http.ts";
import { listParams } from "./list-params.ts";
import { expectedVersion } from "./preconditions.ts";
import { listResponse, projected, resourceResponse } from "./responses.ts";
import { scimOrigin, settleBlocking } from "./outbound.ts";

/** A role as WSO2's Roles v2 resource shows it. */
function toScimRole(role: RoleView, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [ROLE_SCHEMA],
    id: role.id,
    displayName: role.name,
    audience: { value: role.audience, display: role.audience, type: "organization" },
    permissions: role.permissions.map((p) => ({ value: p, display: p })),
    users: role.users.map((u) => ({ value: u.id, display: u.display, $ref: `${baseUrl}/scim2/Users/${u.id}` })),
    groups: role.groups.map((g) => ({ value: g.id, display: g.display, $ref: `${baseUrl}/scim2/Groups/${g.id}` })),
    meta: { resourceType: "Role", created: role.createdAt.toISOString(), lastModified: role.updatedAt.toISOString(), location: `${baseUrl}/scim2/Roles/${role.id}`, version: etagOf(role.version) },
  };
}

const values = (list: unknown): string[] => (Array.isArray(list) ? list.map((x) => String((x as { value?: unknown }).value ?? "")).filter(Boolean) : []);

function toRoleInput(resource: Record<string, unknown>): RoleInput {
  if (typeof resource.displayName !== "string" || !resource.displayName.trim()) throw ScimError.invalidValue(`"displayName" is required`);
  return { name: resource.displayName.trim(), permissions: values(resource.permissions), userIds: values(resource.users), groupIds: values(resource.groups) };
}

async function body(ctx: ScimContext) {
  return validateResource(normaliseResource(await readScimBody(ctx.request), ROLE_SCHEMA_REGISTRY), ROLE_SCHEMA_REGISTRY);
}

/** /Roles and WSO2's /v2/Roles. */
export async function rolesResponse(ctx: ScimContext, method: string, segments: string[]): Promise<ApiReply> {
  const [id, ...rest] = segments;
  if (rest.length) throw ScimError.notFound("Not a SCIM endpoint");
  const params = listParams(ctx.url.searchParams);
  const respond = (status: number, role: RoleView, headers: Record<string, string> = {}) =>
    resourceResponse(ctx.request, status, projected(toScimRole(role, ctx.baseUrl), ROLE_SCHEMA_REGISTRY, params), role.version, headers);

  if (!id || id === ".search") {
    if (method === "GET" || (id === ".search" && method === "POST")) {
      requirePermission(ctx.principal, "internal_role_mgt_view");
      const search = id === ".search" ? listParams(await readScimBody(ctx.request)) : params;
      // roles are administrative objects counted in tens, so their filter is evaluated over the loaded set
      const all = (await loadRoles(ctx.sql, await listRoleIds(ctx.sql))).map((r) => toScimRole(r, ctx.baseUrl));
      const matched = search.filter ? all.filter((r) => matchesFilter(r, search.filter!, { caseExact: (p) => ROLE_SCHEMA_REGISTRY.caseExact(p) })) : all;
      const page = matched.slice(search.startIndex - 1, search.startIndex - 1 + search.count).map((r) => projected(r, ROLE_SCHEMA_REGISTRY, search));
      return listResponse(page, matched.length, search.startIndex);
    }
    if (method === "POST" && !id) {
      requirePermission(ctx.principal, "internal_role_mgt_create");
      const origin = scimOrigin(ctx);
      const role = await createRole(ctx.sql, toRoleInput(await body(ctx)), ctx.principal.actor, origin);
      await settleBlocking(ctx, origin, `Role ${role.name}`);
      return respond(201, role, { location: `${ctx.baseUrl}/scim2/Roles/${role.id}` });
    }
    throw new ScimError(405, `${method} is not supported here`);
  }
  switch (method) {
    case "GET":
      requirePermission(ctx.principal, "internal_role_mgt_view");
      return respond(200, await getRole(ctx.sql, id));
    case "PUT": {
      requirePermission(ctx.principal, "internal_role_mgt_update");
      const current = await getRole(ctx.sql, id);
      const ifVersion = expectedVersion(ctx.request, current.version);
      const origin = scimOrigin(ctx);
      const role = await replaceRole(ctx.sql, id, toRoleInput(await body(ctx)), ctx.principal.actor, { ifVersion, origin });
      await settleBlocking(ctx, origin, `Role ${role.name}`);
      return respond(200, role);
    }
    case "PATCH": {
      requirePermission(ctx.principal, "internal_role_mgt_update");
      const ops = normalisePatchOperations(parsePatchRequest(await readScimBody(ctx.request)), ROLE_SCHEMA_REGISTRY);
      const current = await getRole(ctx.sql, id);
      const ifVersion = expectedVersion(ctx.request, current.version);
      const revise = (role: RoleView) => {
        const { resource, changed } = applyPatch(toScimRole(role, ctx.baseUrl), ops, ROLE_SCHEMA_REGISTRY);
        return changed ? toRoleInput(validateResource(resource, ROLE_SCHEMA_REGISTRY)) : null;
      };
      // a bad operation fails here; the write re-applies the operations to the state it reads under its lock
      if (!revise(current)) return respond(200, current);
      const origin = scimOrigin(ctx);
      const role = await replaceRole(ctx.sql, id, revise, ctx.principal.actor, { ifVersion, origin });
      await settleBlocking(ctx, origin, `Role ${role.name}`);
      return respond(200, role);
    }
    case "DELETE": {
      requirePermission(ctx.principal, "internal_role_mgt_delete");
      const current = await getRole(ctx.sql, id);
      expectedVersion(ctx.request, current.version);
      const origin = scimOrigin(ctx);
      await deleteRole(ctx.sql, id, ctx.principal.actor, origin);
      await settleBlocking(ctx, origin, `The deletion of role ${current.name}`);
      return reply(204);
    }
    default:
      throw new ScimError(405, `${method} is not supported on a role`);
  }
}
