import type { ApiReply, ApiRequest } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import { getSetting } from "../identity/settings.ts";
import type { Sql } from "../db/sql.ts";
import type { ScimContext } from "./context.ts";
import { createUserResponse, deleteUserResponse, getUserResponse, patchUserResponse, replaceUserResponse } from "./users.ts";
import { inboundSettings } from "../identity/service-providers.ts";

/**
 * /Me (RFC 7644 section 3.11) acts on the authenticated user: no user-management permission is needed to read
 * or change one's own account, since the credentials already prove who it is.
 */
export async function meResponse(ctx: ScimContext): Promise<ApiReply> {
  const self = ctx.principal.userId;
  if (!self) throw new ScimError(403, "/Me needs credentials of a user; this token was issued to an application");
  switch (ctx.request.method) {
    case "GET":
      return getUserResponse(ctx, self, "self");
    case "PUT":
      return replaceUserResponse(ctx, self, "self");
    case "PATCH":
      return patchUserResponse(ctx, self, "self");
    case "DELETE":
      return deleteUserResponse(ctx, self, "self");
    default:
      throw new ScimError(405, `${ctx.request.method} is not supported on /Me`);
  }
}

/** POST /Me: self-registration, only when an administrator enabled it; no credentials are needed. */
export async function selfRegistration(sql: Sql, request: ApiRequest, url: URL, baseUrl: string): Promise<ApiReply> {
  const setting = await getSetting(sql, "selfRegistration");
  if (!setting.enabled) throw new ScimError(403, "Self-registration is disabled");
  const serviceProvider = await inboundSettings(sql);
  if (!serviceProvider) throw new ScimError(500, "The resident service provider is missing");
  const ctx: ScimContext = {
    sql,
    baseUrl,
    request,
    url,
    principal: {
      userId: "",
      userName: "self-registration",
      permissions: new Set(["internal_user_mgt_create"]),
      serviceProvider,
      method: "basic",
      actor: { name: "self-registration", channel: "scim" },
    },
  };
  return createUserResponse(ctx);
}
