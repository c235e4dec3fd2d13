import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import type { Sql } from "../db/sql";
import { createApplication } from "../identity/applications";
import { bearerPrincipal } from "./bearer";
import { clientCredentials, testProvider } from "../../test/support/test-provider";

const actor = { name: "t", channel: "console" } as const;
let sql: Sql;
let baseUrl: string;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ sql, baseUrl, close } = await testProvider());
});
afterAll(() => close());

describe("OIDC discovery", () => {
  it("advertises the code flow and secret-based client authentication only, as applications are configured", async () => {
    const doc = (await (await fetch(`${baseUrl}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.response_types_supported).toEqual(["code"]);
    expect([...(doc.grant_types_supported as string[])].sort()).toEqual(["authorization_code", "client_credentials", "refresh_token"]);
    expect(doc.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post"]);
    // no JWT client authentication, so no algorithms for it; no DPoP nor PAR, which /scim2 and applications lack
    expect(doc).not.toHaveProperty("token_endpoint_auth_signing_alg_values_supported");
    expect(doc).not.toHaveProperty("dpop_signing_alg_values_supported");
    expect(doc).not.toHaveProperty("pushed_authorization_request_endpoint");
    for (const endpoint of ["introspection", "revocation"]) {
      const methods = doc[`${endpoint}_endpoint_auth_methods_supported`];
      if (methods !== undefined) expect(methods).toEqual(["client_secret_basic", "client_secret_post"]);
    }
  });
});

describe("client credentials", () => {
  it("grants the application's configured API permissions when the request names no scope", async () => {
    const { application, clientSecret } = await createApplication(sql, { name: "Default scope agent", kind: "m2m", scopes: ["internal_user_mgt_list", "internal_user_mgt_view", "openid"] }, actor);
    const res = await clientCredentials(baseUrl, { clientId: application.clientId, clientSecret });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.scope.split(" ").sort()).toEqual(["internal_user_mgt_list", "internal_user_mgt_view"]);
    expect(decodeJwt(res.body.access_token)).toMatchObject({ scope: expect.stringContaining("internal_user_mgt_list"), aud: `${baseUrl}/scim2` });
    const principal = await bearerPrincipal(sql, baseUrl, res.body.access_token);
    expect([...principal!.permissions].sort()).toEqual(["internal_user_mgt_list", "internal_user_mgt_view"]);
  });

  it("still grants only what is asked for when the request names scopes", async () => {
    const { application, clientSecret } = await createApplication(sql, { name: "Narrow agent", kind: "m2m", scopes: ["internal_user_mgt_list", "internal_user_mgt_view"] }, actor);
    const res = await clientCredentials(baseUrl, { clientId: application.clientId, clientSecret }, { scope: "internal_user_mgt_view" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(decodeJwt(res.body.access_token).scope).toBe("internal_user_mgt_view");
  });

  it("refuses a permission the application is not configured for, also to an application with none", async () => {
    for (const scopes of [["internal_user_mgt_list"], []]) {
      const { application, clientSecret } = await createApplication(sql, { name: `Limited agent ${scopes.length}`, kind: "m2m", scopes }, actor);
      const res = await clientCredentials(baseUrl, { clientId: application.clientId, clientSecret }, { scope: "internal_user_mgt_delete" });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error, `${scopes}: ${JSON.stringify(res.body)}`).toBe("invalid_scope");
    }
  });
});
