import type { Sql } from "../db/sql.ts";
import { asDateOrNull } from "../db/values.ts";
import { revokeGrant } from "./revocations.ts";
import { issuedUnderOldSecret } from "./secret-bound.ts";
import { currentApplication } from "./current-application.ts";

type Payload = Record<string, unknown>;

/**
 * oidc-provider's storage contract on the shared database, so sessions, codes, grants and refresh tokens are
 * seen by every instance. Clients are not stored here: they are read from the applications table.
 */
export function adapterFactory(sql: Sql) {
  return class SqlAdapter {
    constructor(readonly name: string) {}

    async upsert(id: string, payload: Payload, expiresIn?: number) {
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
      await sql.run(
        `INSERT INTO "OidcPayload" ("type", "id", "payload", "grantId", "userCode", "uid", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT ("type", "id") DO UPDATE SET "payload" = excluded."payload", "grantId" = excluded."grantId", "userCode" = excluded."userCode", "uid" = excluded."uid", "expiresAt" = excluded."expiresAt"`,
        [this.name, id, JSON.stringify(payload), (payload.grantId as string) ?? null, (payload.userCode as string) ?? null, (payload.uid as string) ?? null, expiresAt],
      );
    }

    private async findWhere(column: "id" | "uid" | "userCode", value: string): Promise<Payload | undefined> {
      if (this.name === "Client") return column === "id" ? clientMetadata(sql, value) : undefined;
      const row = await sql.get<{ payload: string; expiresAt: unknown; consumedAt: unknown }>(`SELECT "payload", "expiresAt", "consumedAt" FROM "OidcPayload" WHERE "type" = ? AND "${column}" = ?`, [
        this.name,
        value,
      ]);
      if (!row) return undefined;
      const expiresAt = asDateOrNull(row.expiresAt);
      if (expiresAt && expiresAt.getTime() < Date.now()) return undefined;
      const payload = JSON.parse(row.payload) as Payload;
      if (await issuedUnderOldSecret(sql, this.name, payload)) return undefined;
      return { ...payload, ...(row.consumedAt ? { consumed: Math.floor(asDateOrNull(row.consumedAt)!.getTime() / 1000) } : {}) };
    }

    find(id: string) {
      return this.findWhere("id", id);
    }
    findByUid(uid: string) {
      return this.findWhere("uid", uid);
    }
    findByUserCode(userCode: string) {
      return this.findWhere("userCode", userCode);
    }

    async consume(id: string) {
      await sql.run(`UPDATE "OidcPayload" SET "consumedAt" = ? WHERE "type" = ? AND "id" = ?`, [new Date(), this.name, id]);
    }

    async destroy(id: string) {
      await sql.run(`DELETE FROM "OidcPayload" WHERE "type" = ? AND "id" = ?`, [this.name, id]);
    }

    async revokeByGrantId(grantId: string) {
      await sql.run(`DELETE FROM "OidcPayload" WHERE "grantId" = ?`, [grantId]);
      // access tokens are self-contained JWTs: the grant goes on the revocation list the bearer check reads
      await revokeGrant(sql, grantId);
    }
  };
}

/**
 * An application as oidc-provider client metadata. The secret is stored hashed, so the metadata carries the
 * hash and the provider's secret comparison is replaced to hash the presented secret (see provider.ts). Read on
 * every token request, through the version-checked copy the bearer check uses too.
 */
async function clientMetadata(sql: Sql, clientId: string): Promise<Payload | undefined> {
  const app = await currentApplication(sql, clientId);
  if (!app || app.kind === "resident") return undefined;
  const codeFlow = app.grantTypes.includes("authorization_code");
  return {
    client_id: clientId,
    client_secret: app.clientSecretHash,
    client_name: app.name,
    grant_types: app.grantTypes,
    response_types: codeFlow ? ["code"] : [],
    redirect_uris: codeFlow ? app.redirectUris : [],
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    introspection_endpoint_auth_method: app.tokenEndpointAuthMethod,
    revocation_endpoint_auth_method: app.tokenEndpointAuthMethod,
    // oidc-provider refuses an empty scope; without one, default-scope.ts holds the client to none
    ...(app.scopes.length ? { scope: app.scopes.join(" ") } : {}),
    "urn:provisio:application_id": app.id,
    "urn:provisio:access_token_lifetime": app.accessTokenLifetime,
    "urn:provisio:access_token_signing_alg": app.accessTokenSigningAlg,
    id_token_signed_response_alg: app.idTokenSignedResponseAlg,
  };
}
