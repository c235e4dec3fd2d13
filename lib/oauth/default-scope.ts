import { errors, type KoaContextWithOIDC } from "oidc-provider";

/**
 * Scopes of a client credentials request, settled before oidc-provider checks them against the client.
 *
 * - Without `scope`, the application's configured API permissions are granted, as WSO2 grants them (RFC 6749
 *   section 3.3 lets the server apply a pre-defined default). Otherwise the token would carry no scope at all
 *   and every SCIM call would answer 403. The token response names the granted scopes.
 * - An application configured with no scope at all has no `scope` client metadata (oidc-provider refuses an
 *   empty one, and takes an absent one as "anything"): here it may ask for none of the server's scopes.
 *
 * oidc-provider reads the requested scopes from the request parameters after resolving the resource server,
 * so this runs there (the library itself defaults `resource` the same way).
 */
export function settleClientCredentialsScope(ctx: KoaContextWithOIDC, apiScopes: ReadonlySet<string>): void {
  const params = ctx.oidc?.params as { grant_type?: string; scope?: string } | undefined;
  if (!params || params.grant_type !== "client_credentials") return;
  const allowed = String(ctx.oidc.client?.scope ?? "")
    .split(" ")
    .filter(Boolean);
  if (!params.scope) {
    const configured = allowed.filter((s) => apiScopes.has(s));
    if (configured.length) params.scope = configured.join(" ");
    return;
  }
  if (allowed.length) return;
  const refused = params.scope.split(" ").find((s) => apiScopes.has(s));
  if (refused) throw new errors.InvalidScope("requested scope is not allowed", refused);
}
