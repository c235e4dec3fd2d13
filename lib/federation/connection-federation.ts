import type { Sql, SqlExecutor } from "../db/sql.ts";
import { asBool } from "../db/values.ts";
import { decryptText, encryptText } from "../crypto/crypto.ts";
import { recordAudit, type Actor } from "../identity/audit.ts";
import { IdentityError } from "../identity/errors.ts";
import { serverSecret } from "../provisioning/server-secret.ts";
import type { Columns } from "../generated/tables.ts";
import { federationSchema, parseFederation, type Federation, type FederationInput } from "./settings.ts";

/**
 * The `federation` column of a connection: the settings document, with the OpenID Connect client secret sealed
 * inside it under its own key, so it is never part of what the settings read returns.
 */
const SECRET_PURPOSE = "federation-client-secret";
const SEALED = "clientSecretSealed";

export interface FederationView {
  connectionId: string;
  connectionName: string;
  /** the connection itself is enabled */
  enabled: boolean;
  homeRealmId: string | null;
  settings: Federation;
  clientSecretSet: boolean;
}

type Row = Columns<"Connection", "id" | "name" | "enabled" | "homeRealmId" | "federation">;

function view(row: Row): FederationView {
  const stored = JSON.parse(row.federation || "{}") as Record<string, unknown>;
  return {
    connectionId: row.id,
    connectionName: row.name,
    enabled: asBool(row.enabled),
    homeRealmId: row.homeRealmId,
    settings: parseFederation(row.federation),
    clientSecretSet: typeof stored[SEALED] === "string",
  };
}

const COLUMNS = `"id", "name", "enabled", "homeRealmId", "federation"`;

export async function readFederation(exec: SqlExecutor, connectionId: string): Promise<FederationView> {
  const row = await exec.get<Row>(`SELECT ${COLUMNS} FROM "Connection" WHERE "id" = ?`, [connectionId]);
  if (!row) throw IdentityError.notFound("Connection");
  return view(row);
}

/** Every connection whose OpenID Connect authenticator is enabled, the connection enabled too: the sign-in page's buttons. */
export async function federatedConnections(exec: SqlExecutor): Promise<FederationView[]> {
  const rows = await exec.all<Row>(`SELECT ${COLUMNS} FROM "Connection" WHERE "enabled" = ? ORDER BY LOWER("name")`, [true]);
  return rows.map(view).filter((c) => c.settings.oidc?.enabled);
}

/** Ids of the connections whose OpenID Connect authenticator is enabled, the connection enabled or not: the console's lists. */
export async function federatedSignInIds(exec: SqlExecutor): Promise<Set<string>> {
  const rows = await exec.all<Columns<"Connection", "id" | "federation">>(`SELECT "id", "federation" FROM "Connection"`);
  return new Set(rows.filter((r) => parseFederation(r.federation).oidc?.enabled).map((r) => r.id));
}

/** The connection a `fidp` home realm hint names (its home realm id, or its name). */
export async function connectionByHomeRealm(exec: SqlExecutor, hint: string): Promise<FederationView | undefined> {
  const row = await exec.get<Row>(`SELECT ${COLUMNS} FROM "Connection" WHERE "homeRealmId" = ? OR "name" = ? ORDER BY "homeRealmId" IS NULL LIMIT 1`, [hint, hint]);
  return row ? view(row) : undefined;
}

/** The decrypted client secret, for the token request only. */
export async function federationClientSecret(exec: SqlExecutor, connectionId: string): Promise<string | undefined> {
  const row = await exec.get<Columns<"Connection", "federation">>(`SELECT "federation" FROM "Connection" WHERE "id" = ?`, [connectionId]);
  const sealed = row ? (JSON.parse(row.federation || "{}") as Record<string, unknown>)[SEALED] : undefined;
  return typeof sealed === "string" ? decryptText(serverSecret(), sealed, SECRET_PURPOSE) : undefined;
}

/**
 * Replaces the parts of the settings given (`oidc`, `claims`, `roles`, `jit`); the others stay. A client secret
 * of undefined keeps the stored one, "" removes it.
 */
export async function saveFederation(sql: Sql, connectionId: string, patch: Partial<FederationInput>, clientSecret: string | undefined, actor: Actor): Promise<FederationView> {
  await sql.transaction(async (tx) => {
    const row = await tx.get<Row>(`SELECT ${COLUMNS} FROM "Connection" WHERE "id" = ?`, [connectionId]);
    if (!row) throw IdentityError.notFound("Connection");
    const stored = JSON.parse(row.federation || "{}") as Record<string, unknown>;
    const parsed = federationSchema.safeParse({ ...parseFederation(row.federation), ...patch });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw IdentityError.invalid(`${issue.path.join(".")}: ${issue.message}`, issue.path.join("."));
    }
    const sealed = clientSecret === undefined ? stored[SEALED] : clientSecret === "" ? undefined : encryptText(serverSecret(), clientSecret, SECRET_PURPOSE);
    const document = { ...parsed.data, ...(typeof sealed === "string" ? { [SEALED]: sealed } : {}) };
    await tx.run(`UPDATE "Connection" SET "federation" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [JSON.stringify(document), new Date(), connectionId]);
    await recordAudit(tx, actor, { action: "connection.federation", targetType: "Connection", targetId: connectionId, summary: Object.keys(patch).join(", ") });
  });
  return readFederation(sql, connectionId);
}
