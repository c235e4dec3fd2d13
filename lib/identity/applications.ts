import { z } from "zod";
import type { Sql, SqlExecutor } from "../db/sql.ts";
import { asBool, asDate } from "../db/values.ts";
import { hashClientSecret, randomToken } from "../crypto/crypto.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { IdentityError, isUniqueViolation } from "./errors.ts";
import { newId } from "./ids.ts";
import { PERMISSIONS } from "./permissions.ts";
import { findStore } from "./user-stores.ts";
import { invalidateInboundSettings } from "./service-providers.ts";
import { RESIDENT_SP_ID } from "./seed.ts";
import type { Columns } from "../generated/tables.ts";
import { TOKEN_SIGNING_ALGS, type TokenSigningAlg } from "./token-signing-algs.ts";

export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;
export const GRANT_TYPES = ["client_credentials", "authorization_code", "refresh_token"] as const;

const uri = z
  .string()
  .trim()
  .url("Enter an absolute URL")
  .refine((u) => /^https?:\/\//.test(u) && !u.includes("#"), "Use an http(s) URL without a fragment");

/** One schema for the console form, the admin API and the store. */
export const applicationInputSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100),
    description: z.string().max(1024).default(""),
    kind: z.enum(["m2m", "web"]).default("m2m"),
    redirectUris: z.array(uri).max(20).default([]),
    postLogoutRedirectUris: z.array(uri).max(20).default([]),
    grantTypes: z.array(z.enum(GRANT_TYPES)).max(3).optional(),
    scopes: z.array(z.string()).max(100).default([]),
    tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]).default("client_secret_basic"),
    accessTokenLifetime: z.number().int().min(60).max(86_400).default(900),
    // ES256 signs in a fraction of RS256's time; ID tokens keep OpenID Connect's default, RS256, which every
    // relying party verifies, unless the application says otherwise
    accessTokenSigningAlg: z.enum(TOKEN_SIGNING_ALGS).default("ES256"),
    idTokenSignedResponseAlg: z.enum(TOKEN_SIGNING_ALGS).default("RS256"),
  })
  .transform((a) => ({ ...a, grantTypes: a.grantTypes ?? (a.kind === "m2m" ? ["client_credentials" as const] : ["authorization_code" as const, "refresh_token" as const]) }))
  .superRefine((a, ctx) => {
    const allowed = new Set<string>([...PERMISSIONS, ...OIDC_SCOPES]);
    const unknown = a.scopes.find((s) => !allowed.has(s));
    if (unknown) ctx.addIssue({ code: "custom", path: ["scopes"], message: `Unknown scope "${unknown}"` });
    if (a.grantTypes.includes("authorization_code") && a.redirectUris.length === 0) {
      ctx.addIssue({ code: "custom", path: ["redirectUris"], message: "An application using the authorization code grant needs a redirect URI" });
    }
    if (a.grantTypes.includes("refresh_token") && !a.grantTypes.includes("authorization_code")) {
      ctx.addIssue({ code: "custom", path: ["grantTypes"], message: "Refresh tokens come with the authorization code grant" });
    }
  });
export type ApplicationInput = z.input<typeof applicationInputSchema>;

export const inboundInputSchema = z.object({
  userStore: z
    .string()
    .trim()
    .min(1)
    .transform((d) => d.toUpperCase()),
  proxyMode: z.boolean().default(false),
});

export const loginFlowSchema = z.object({
  /** the local user name and password form */
  local: z.boolean().default(true),
  /** the connections whose federated sign-in is offered, by id, in this order */
  connections: z.array(z.string().min(1).max(64)).max(50).default([]),
});
export type LoginFlow = z.output<typeof loginFlowSchema>;

export interface ApplicationView {
  id: string;
  name: string;
  description: string;
  kind: "m2m" | "web" | "resident";
  clientId: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: string[];
  scopes: string[];
  tokenEndpointAuthMethod: string;
  accessTokenLifetime: number;
  accessTokenSigningAlg: TokenSigningAlg;
  idTokenSignedResponseAlg: TokenSigningAlg;
  inbound: { userStore: string; proxyMode: boolean };
  /** sign-in options offered to the application's users; null: local sign-in and every enabled connection */
  loginFlow: LoginFlow | null;
  tokensNotBefore: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Kept apart from the view so the hash never leaves the store by accident. */
export interface ApplicationSecretRecord {
  clientSecretHash: string;
}

function toView(r: Record<string, unknown>): ApplicationView {
  return {
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    kind: String(r.kind) as ApplicationView["kind"],
    clientId: r.clientId === null ? null : String(r.clientId),
    redirectUris: JSON.parse(String(r.redirectUris)),
    postLogoutRedirectUris: JSON.parse(String(r.postLogoutRedirectUris)),
    grantTypes: JSON.parse(String(r.grantTypes)),
    scopes: JSON.parse(String(r.scopes)),
    tokenEndpointAuthMethod: String(r.tokenEndpointAuthMethod),
    accessTokenLifetime: Number(r.accessTokenLifetime),
    accessTokenSigningAlg: r.accessTokenSigningAlg === "RS256" ? "RS256" : "ES256",
    idTokenSignedResponseAlg: r.idTokenSignedResponseAlg === "ES256" ? "ES256" : "RS256",
    inbound: { userStore: String(r.inboundUserStore), proxyMode: asBool(r.proxyMode) },
    loginFlow: r.loginFlow ? loginFlowSchema.parse(JSON.parse(String(r.loginFlow))) : null,
    tokensNotBefore: r.tokensNotBefore ? asDate(r.tokensNotBefore) : null,
    version: Number(r.version),
    createdAt: asDate(r.createdAt),
    updatedAt: asDate(r.updatedAt),
  };
}

export async function listApplications(exec: SqlExecutor): Promise<ApplicationView[]> {
  return (await exec.all(`SELECT * FROM "ServiceProvider" WHERE "resident" = ? ORDER BY LOWER("name")`, [false])).map(toView);
}

/**
 * The version of the application a client id names, or undefined when there is none: every change that bears on
 * its tokens bumps it, so one indexed read tells whether a parsed copy still holds.
 */
export async function applicationVersion(exec: SqlExecutor, clientId: string): Promise<number | undefined> {
  const row = await exec.get<Columns<"ServiceProvider", "version">>(`SELECT "version" FROM "ServiceProvider" WHERE "clientId" = ?`, [clientId]);
  return row ? Number(row.version) : undefined;
}

export async function getApplication(exec: SqlExecutor, id: string): Promise<ApplicationView> {
  const row = await exec.get(`SELECT * FROM "ServiceProvider" WHERE "id" = ?`, [id]);
  if (!row) throw IdentityError.notFound("Application");
  return toView(row);
}

/** The application owning an OAuth client id, with its secret hash, for client authentication. */
export async function applicationByClientId(exec: SqlExecutor, clientId: string): Promise<(ApplicationView & ApplicationSecretRecord) | undefined> {
  const row = await exec.get(`SELECT * FROM "ServiceProvider" WHERE "clientId" = ?`, [clientId]);
  return row ? { ...toView(row), clientSecretHash: String(row.clientSecretHash) } : undefined;
}

function columns(a: z.output<typeof applicationInputSchema>) {
  return {
    name: a.name,
    description: a.description,
    kind: a.kind,
    redirectUris: JSON.stringify(a.redirectUris),
    postLogoutRedirectUris: JSON.stringify(a.postLogoutRedirectUris),
    grantTypes: JSON.stringify(a.grantTypes),
    scopes: JSON.stringify(a.scopes),
    tokenEndpointAuthMethod: a.tokenEndpointAuthMethod,
    accessTokenLifetime: a.accessTokenLifetime,
    accessTokenSigningAlg: a.accessTokenSigningAlg,
    idTokenSignedResponseAlg: a.idTokenSignedResponseAlg,
  };
}

/** Creates an application with OAuth credentials; the secret is returned here once and stored only as a hash. */
export async function createApplication(sql: Sql, raw: ApplicationInput, actor: Actor): Promise<{ application: ApplicationView; clientSecret: string }> {
  const input = applicationInputSchema.parse(raw);
  const id = newId();
  const clientId = randomToken(18);
  const clientSecret = randomToken(32);
  const now = new Date();
  const data: Record<string, string | number | boolean | Date> = {
    id,
    ...columns(input),
    resident: false,
    clientId,
    clientSecretHash: hashClientSecret(clientSecret),
    inboundUserStore: "PRIMARY",
    proxyMode: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await sql.transaction(async (tx) => {
      if (await tx.get(`SELECT 1 AS "x" FROM "ServiceProvider" WHERE LOWER("name") = ?`, [input.name.toLowerCase()])) {
        throw IdentityError.conflict(`An application named "${input.name}" already exists`, "name");
      }
      const names = Object.keys(data);
      await tx.run(`INSERT INTO "ServiceProvider" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`, Object.values(data));
      await recordAudit(tx, actor, { action: "application.create", targetType: "Application", targetId: id, summary: input.name });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`An application named "${input.name}" already exists`, "name");
    throw err;
  }
  return { application: await getApplication(sql, id), clientSecret };
}

export async function updateApplication(sql: Sql, id: string, raw: ApplicationInput, actor: Actor): Promise<ApplicationView> {
  const input = applicationInputSchema.parse(raw);
  const current = await getApplication(sql, id);
  if (current.kind === "resident") throw IdentityError.invalid("The resident service provider has no OAuth settings");
  const data = columns(input);
  try {
    await sql.transaction(async (tx) => {
      const clash = await tx.get<Columns<"ServiceProvider", "id">>(`SELECT "id" FROM "ServiceProvider" WHERE LOWER("name") = ?`, [input.name.toLowerCase()]);
      if (clash && clash.id !== id) throw IdentityError.conflict(`An application named "${input.name}" already exists`, "name");
      const names = Object.keys(data);
      await tx.run(`UPDATE "ServiceProvider" SET ${names.map((n) => `"${n}" = ?`).join(", ")}, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [...Object.values(data), new Date(), id]);
      await recordAudit(tx, actor, { action: "application.update", targetType: "Application", targetId: id, summary: input.name });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`An application named "${input.name}" already exists`, "name");
    throw err;
  }
  invalidateInboundSettings(sql);
  return getApplication(sql, id);
}

/** A new secret, shown once; tokens issued with the old one stop working at once. */
export async function regenerateSecret(sql: Sql, id: string, actor: Actor): Promise<{ application: ApplicationView; clientSecret: string }> {
  const current = await getApplication(sql, id);
  if (!current.clientId) throw IdentityError.invalid("The resident service provider has no client credentials");
  const clientSecret = randomToken(32);
  await sql.transaction(async (tx) => {
    await tx.run(`UPDATE "ServiceProvider" SET "clientSecretHash" = ?, "tokensNotBefore" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [
      hashClientSecret(clientSecret),
      new Date(),
      new Date(),
      id,
    ]);
    await recordAudit(tx, actor, { action: "application.secret.regenerate", targetType: "Application", targetId: id, summary: current.name });
  });
  return { application: await getApplication(sql, id), clientSecret };
}

export async function deleteApplication(sql: Sql, id: string, actor: Actor): Promise<void> {
  if (id === RESIDENT_SP_ID) throw IdentityError.invalid("The resident service provider cannot be deleted");
  await sql.transaction(async (tx) => {
    const row = await tx.get<Columns<"ServiceProvider", "name">>(`SELECT "name" FROM "ServiceProvider" WHERE "id" = ?`, [id]);
    if (!row) throw IdentityError.notFound("Application");
    // its outbound provisioners go with it, by the foreign key's cascade
    await tx.run(`DELETE FROM "ServiceProvider" WHERE "id" = ?`, [id]);
    await recordAudit(tx, actor, { action: "application.delete", targetType: "Application", targetId: id, summary: row.name });
  });
  invalidateInboundSettings(sql);
}

/** Inbound provisioning settings of an application or of the resident service provider. */
export async function setInboundSettings(sql: Sql, id: string, raw: z.input<typeof inboundInputSchema>, actor: Actor): Promise<ApplicationView> {
  const input = inboundInputSchema.parse(raw);
  if (!(await findStore(sql, input.userStore))) throw IdentityError.invalid(`User store domain "${input.userStore}" does not exist`, "userStore");
  await getApplication(sql, id);
  await sql.transaction(async (tx) => {
    await tx.run(`UPDATE "ServiceProvider" SET "inboundUserStore" = ?, "proxyMode" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [input.userStore, input.proxyMode, new Date(), id]);
    await recordAudit(tx, actor, { action: "application.inbound.update", targetType: "Application", targetId: id, summary: `${input.userStore}${input.proxyMode ? " (proxy)" : ""}` });
  });
  invalidateInboundSettings(sql);
  return getApplication(sql, id);
}

/** The application's sign-in options; null goes back to the default (local and every enabled connection). */
export async function setLoginFlow(sql: Sql, id: string, raw: z.input<typeof loginFlowSchema> | null, actor: Actor): Promise<ApplicationView> {
  const flow = raw === null ? null : loginFlowSchema.parse(raw);
  if (flow && !flow.local && !flow.connections.length) throw IdentityError.invalid("Offer at least one way to sign in", "loginFlow");
  await getApplication(sql, id);
  await sql.transaction(async (tx) => {
    await tx.run(`UPDATE "ServiceProvider" SET "loginFlow" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [flow ? JSON.stringify(flow) : null, new Date(), id]);
    await recordAudit(tx, actor, {
      action: "application.login-flow.update",
      targetType: "Application",
      targetId: id,
      summary: flow ? `${flow.local ? "local + " : ""}${flow.connections.length} connections` : "default",
    });
  });
  return getApplication(sql, id);
}
