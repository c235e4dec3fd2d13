import { z } from "zod";
import type { Sql, SqlExecutor } from "../db/sql.ts";
import { asBool, asDate, placeholders } from "../db/values.ts";
import { decryptText, encryptText } from "../crypto/crypto.ts";
import { recordAudit, type Actor } from "../identity/audit.ts";
import { IdentityError, isUniqueViolation } from "../identity/errors.ts";
import { newId } from "../identity/ids.ts";
import { allRolesExist, roleNamesByIds } from "../identity/roles/roles.ts";
import { connectorDefinition } from "./connectors/registry.ts";
import { parseConnectionTest } from "./connectors/capabilities.ts";
import type { CapabilityCheck, ConnectionTestResult } from "./connectors/types.ts";
import { invalidateProvisioners } from "./provisioners.ts";
import { serverSecret } from "./server-secret.ts";
import { dropUndelivered } from "./outbox/events.ts";
import { endPause } from "./outbox/pauses.ts";
import type { Columns } from "../generated/tables.ts";

export const connectionInputSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(100),
  description: z.string().max(1024).default(""),
  homeRealmId: z.string().trim().max(255).nullish(),
  alias: z.string().trim().max(1024).nullish(),
  enabled: z.boolean().default(true),
});
export type ConnectionInput = z.input<typeof connectionInputSchema>;

export interface ConnectorView {
  id: string;
  connectionId: string;
  type: string;
  enabled: boolean;
  /** settings without secrets; a secret field shows only whether it is set */
  config: Record<string, unknown>;
  secretsSet: string[];
  /** the last connection test of the saved settings, if any */
  connectionTest: ConnectionTestResult | null;
}

export interface ConnectionView {
  id: string;
  name: string;
  description: string;
  homeRealmId: string | null;
  alias: string | null;
  enabled: boolean;
  connectors: ConnectorView[];
  provisioningRoles: { id: string; name: string }[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const SECRET_PURPOSE = "connector-secrets";

function connectorView(r: Record<string, unknown>): ConnectorView {
  const secrets = r.secrets ? (JSON.parse(decryptText(serverSecret(), String(r.secrets), SECRET_PURPOSE)) as Record<string, unknown>) : {};
  return {
    id: String(r.id),
    connectionId: String(r.connectionId),
    type: String(r.type),
    enabled: asBool(r.enabled),
    config: JSON.parse(String(r.config)),
    secretsSet: Object.keys(secrets).filter((k) => secrets[k] !== undefined && secrets[k] !== ""),
    connectionTest: parseConnectionTest(r.capabilities as string | null) ?? null,
  };
}

export async function loadConnections(exec: SqlExecutor, ids?: string[]): Promise<ConnectionView[]> {
  const where = ids ? `WHERE "id" IN (${placeholders(ids.length)})` : "";
  if (ids && !ids.length) return [];
  const rows = await exec.all<Record<string, unknown>>(`SELECT * FROM "Connection" ${where} ORDER BY LOWER("name")`, ids ?? []);
  if (!rows.length) return [];
  const cids = rows.map((r) => String(r.id));
  const marks = placeholders(cids.length);
  const [connectors, links] = await Promise.all([
    exec.all<Record<string, unknown>>(`SELECT * FROM "Connector" WHERE "connectionId" IN (${marks}) ORDER BY "createdAt"`, cids),
    exec.all<Columns<"ConnectionRole", "connectionId" | "roleId">>(`SELECT "connectionId", "roleId" FROM "ConnectionRole" WHERE "connectionId" IN (${marks})`, cids),
  ]);
  // by name; a role deleted since is left out
  const roles = await roleNamesByIds(exec, [...new Set(links.map((l) => l.roleId))]);
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    homeRealmId: r.homeRealmId === null ? null : String(r.homeRealmId),
    alias: r.alias === null ? null : String(r.alias),
    enabled: asBool(r.enabled),
    connectors: connectors.filter((c) => c.connectionId === r.id).map(connectorView),
    provisioningRoles: roles.filter((role) => links.some((l) => l.connectionId === r.id && l.roleId === role.id)).map(({ id, name }) => ({ id, name })),
    version: Number(r.version),
    createdAt: asDate(r.createdAt),
    updatedAt: asDate(r.updatedAt),
  }));
}

export async function getConnection(exec: SqlExecutor, id: string): Promise<ConnectionView> {
  const [c] = await loadConnections(exec, [id]);
  if (!c) throw IdentityError.notFound("Connection");
  return c;
}

export async function createConnection(sql: Sql, raw: ConnectionInput, actor: Actor): Promise<ConnectionView> {
  const input = connectionInputSchema.parse(raw);
  const id = newId();
  const now = new Date();
  try {
    await sql.transaction(async (tx) => {
      if (await tx.get(`SELECT 1 AS "x" FROM "Connection" WHERE LOWER("name") = ?`, [input.name.toLowerCase()]))
        throw IdentityError.conflict(`A connection named "${input.name}" already exists`, "name");
      await tx.run(
        `INSERT INTO "Connection" ("id", "name", "description", "homeRealmId", "alias", "enabled", "federation", "version", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, '{}', 1, ?, ?)`,
        [id, input.name, input.description, input.homeRealmId ?? null, input.alias ?? null, input.enabled, now, now],
      );
      await recordAudit(tx, actor, { action: "connection.create", targetType: "Connection", targetId: id, summary: input.name });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`A connection named "${input.name}" already exists`, "name");
    throw err;
  }
  return getConnection(sql, id);
}

export async function updateConnection(sql: Sql, id: string, raw: ConnectionInput, actor: Actor): Promise<ConnectionView> {
  const input = connectionInputSchema.parse(raw);
  await getConnection(sql, id);
  try {
    await sql.transaction(async (tx) => {
      const clash = await tx.get<Columns<"Connection", "id">>(`SELECT "id" FROM "Connection" WHERE LOWER("name") = ?`, [input.name.toLowerCase()]);
      if (clash && clash.id !== id) throw IdentityError.conflict(`A connection named "${input.name}" already exists`, "name");
      await tx.run(`UPDATE "Connection" SET "name" = ?, "description" = ?, "homeRealmId" = ?, "alias" = ?, "enabled" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [
        input.name,
        input.description,
        input.homeRealmId ?? null,
        input.alias ?? null,
        input.enabled,
        new Date(),
        id,
      ]);
      await recordAudit(tx, actor, { action: "connection.update", targetType: "Connection", targetId: id, summary: input.name });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`A connection named "${input.name}" already exists`, "name");
    throw err;
  }
  invalidateConnectorCache(sql);
  return getConnection(sql, id);
}

/** Deleting a connection drops its connectors, provisioners and queued events; remote ids stay for audit. */
export async function deleteConnection(sql: Sql, id: string, actor: Actor): Promise<void> {
  await sql.transaction(async (tx) => {
    const row = await tx.get<Columns<"Connection", "name">>(`SELECT "name" FROM "Connection" WHERE "id" = ?`, [id]);
    if (!row) throw IdentityError.notFound("Connection");
    const connectorIds = (await tx.all<Columns<"Connector", "id">>(`SELECT "id" FROM "Connector" WHERE "connectionId" = ?`, [id])).map((k) => k.id);
    await dropUndelivered(tx, connectorIds);
    await tx.run(`DELETE FROM "Connection" WHERE "id" = ?`, [id]);
    await recordAudit(tx, actor, { action: "connection.delete", targetType: "Connection", targetId: id, summary: row.name });
  });
  invalidateConnectorCache(sql);
}

/**
 * Adds or replaces the connector of a type on a connection. Secret fields left empty keep their stored value,
 * so a form that never receives secrets can still save the other settings.
 */
export async function saveConnector(sql: Sql, connectionId: string, raw: { type: string; enabled?: boolean; config: Record<string, unknown> }, actor: Actor): Promise<ConnectorView> {
  const definition = connectorDefinition(raw.type);
  await getConnection(sql, connectionId);
  const existing = await sql.get<Record<string, unknown>>(`SELECT * FROM "Connector" WHERE "connectionId" = ? AND "type" = ?`, [connectionId, raw.type]);
  const config = { ...(await withStoredSecrets(sql, connectionId, raw.type, raw.config)) };
  const secrets: Record<string, unknown> = {};
  for (const field of definition.secretFields) {
    if (config[field] !== undefined) secrets[field] = config[field];
    delete config[field];
  }
  const sealed = Object.keys(secrets).length ? encryptText(serverSecret(), JSON.stringify(secrets), SECRET_PURPOSE) : null;
  const now = new Date();
  const id = existing ? String(existing.id) : newId();
  await sql.transaction(async (tx) => {
    if (existing) {
      // a connection test speaks of the settings it tried: other settings may mean another target
      const sameTarget = existing.config === JSON.stringify(config) && (existing.secrets !== null) === (sealed !== null);
      await tx.run(`UPDATE "Connector" SET "enabled" = ?, "config" = ?, "secrets" = ?, "capabilities" = ?, "updatedAt" = ? WHERE "id" = ?`, [
        raw.enabled ?? asBool(existing.enabled),
        JSON.stringify(config),
        sealed,
        sameTarget ? ((existing.capabilities as string | null) ?? null) : null,
        now,
        id,
      ]);
    } else {
      await tx.run(`INSERT INTO "Connector" ("id", "connectionId", "type", "enabled", "config", "secrets", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        id,
        connectionId,
        raw.type,
        raw.enabled ?? true,
        JSON.stringify(config),
        sealed,
        now,
        now,
      ]);
    }
    // new settings (a corrected endpoint, new credentials) are tried at once, not after the old ones' pause
    if (existing) await endPause(tx, id);
    await recordAudit(tx, actor, { action: existing ? "connector.update" : "connector.create", targetType: "Connector", targetId: id, summary: raw.type });
  });
  invalidateConnectorCache(sql);
  return connectorView((await sql.get<Record<string, unknown>>(`SELECT * FROM "Connector" WHERE "id" = ?`, [id]))!);
}

/**
 * A connector's settings as posted (a form, the admin API) over the saved ones of the connection's connector of
 * that type: secret fields left out or empty keep their stored values. Validated; invalid settings are a 400.
 */
export async function withStoredSecrets(exec: SqlExecutor, connectionId: string, type: string, posted: Record<string, unknown>): Promise<Record<string, unknown>> {
  const definition = connectorDefinition(type);
  const existing = await exec.get<Columns<"Connector", "secrets">>(`SELECT "secrets" FROM "Connector" WHERE "connectionId" = ? AND "type" = ?`, [connectionId, type]);
  const storedSecrets = existing?.secrets ? (JSON.parse(decryptText(serverSecret(), existing.secrets, SECRET_PURPOSE)) as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...posted };
  for (const field of definition.secretFields) {
    if (merged[field] === undefined || merged[field] === "") {
      if (storedSecrets[field] !== undefined) merged[field] = storedSecrets[field];
      else delete merged[field];
    }
  }
  const parsed = definition.configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw IdentityError.invalid(`${issue.path.join(".") || "config"}: ${issue.message}`, `config.${issue.path.join(".")}`);
  }
  return parsed.data as Record<string, unknown>;
}

/** Keeps the outcome of a connection test with the connector; its clients are rebuilt to use what it found. */
export async function recordConnectionTest(sql: SqlExecutor, connectorId: string, result: ConnectionTestResult): Promise<void> {
  await sql.run(`UPDATE "Connector" SET "capabilities" = ?, "updatedAt" = ? WHERE "id" = ?`, [JSON.stringify(result), new Date(), connectorId]);
  invalidateConnectorCache(sql);
}

/**
 * Adds what a delivery found out (a 405 to PATCH) to the connector's stored capabilities. The connector's clients
 * are rebuilt from it, in this instance and (by the changed stamp) in the others.
 */
export async function recordLearnedCapability(sql: Sql, connectorId: string, check: CapabilityCheck): Promise<void> {
  const row = await sql.get<Columns<"Connector", "capabilities">>(`SELECT "capabilities" FROM "Connector" WHERE "id" = ?`, [connectorId]);
  if (!row) return;
  const stored = parseConnectionTest(row.capabilities as string | null);
  if (stored?.capabilities.some((c) => c.capability === check.capability && c.state === check.state)) return;
  const result: ConnectionTestResult = stored
    ? { ...stored, capabilities: [...stored.capabilities.filter((c) => c.capability !== check.capability), check] }
    : { ok: true, message: "Not tested yet: what deliveries found out about the target.", testedAt: new Date().toISOString(), capabilities: [check] };
  await recordConnectionTest(sql, connectorId, result);
}

export async function setConnectorEnabled(sql: Sql, connectorId: string, enabled: boolean, actor: Actor): Promise<void> {
  const changed = await sql.run(`UPDATE "Connector" SET "enabled" = ?, "updatedAt" = ? WHERE "id" = ?`, [enabled, new Date(), connectorId]);
  if (!changed) throw IdentityError.notFound("Connector");
  await recordAudit(sql, actor, { action: enabled ? "connector.enable" : "connector.disable", targetType: "Connector", targetId: connectorId });
  invalidateConnectorCache(sql);
}

export async function deleteConnector(sql: Sql, connectorId: string, actor: Actor): Promise<void> {
  await sql.transaction(async (tx) => {
    if (!(await tx.run(`DELETE FROM "Connector" WHERE "id" = ?`, [connectorId]))) throw IdentityError.notFound("Connector");
    await dropUndelivered(tx, [connectorId]);
    await endPause(tx, connectorId);
    await recordAudit(tx, actor, { action: "connector.delete", targetType: "Connector", targetId: connectorId });
  });
  invalidateConnectorCache(sql);
}

export async function setProvisioningRoles(sql: Sql, connectionId: string, roleIds: string[], actor: Actor): Promise<ConnectionView> {
  await getConnection(sql, connectionId);
  const ids = [...new Set(roleIds)];
  await sql.transaction(async (tx) => {
    if (!(await allRolesExist(tx, ids))) throw IdentityError.invalid("A provisioning role does not exist", "roles");
    await tx.run(`DELETE FROM "ConnectionRole" WHERE "connectionId" = ?`, [connectionId]);
    for (const roleId of ids) await tx.run(`INSERT INTO "ConnectionRole" ("connectionId", "roleId") VALUES (?, ?)`, [connectionId, roleId]);
    await recordAudit(tx, actor, { action: "connection.roles", targetType: "Connection", targetId: connectionId, summary: `${ids.length} provisioning roles` });
  });
  invalidateConnectorCache(sql);
  return getConnection(sql, connectionId);
}

const WITH_CONNECTION = `FROM "Connector" k JOIN "Connection" c ON c."id" = k."connectionId"`;

/** Full settings of a connector including decrypted secrets: for building its client, never for a response. */
export async function connectorSettings(
  exec: SqlExecutor,
  connectorId: string,
): Promise<{ type: string; config: Record<string, unknown>; connectionName: string; enabled: boolean; capabilities?: ConnectionTestResult } | undefined> {
  const row = await exec.get<Record<string, unknown>>(`SELECT k.*, c."name" AS "connectionName", c."enabled" AS "connectionEnabled" ${WITH_CONNECTION} WHERE k."id" = ?`, [connectorId]);
  if (!row) return undefined;
  const secrets = row.secrets ? (JSON.parse(decryptText(serverSecret(), String(row.secrets), SECRET_PURPOSE)) as Record<string, unknown>) : {};
  return {
    type: String(row.type),
    config: { ...JSON.parse(String(row.config)), ...secrets },
    connectionName: String(row.connectionName),
    enabled: asBool(row.enabled) && asBool(row.connectionEnabled),
    capabilities: parseConnectionTest(row.capabilities as string | null),
  };
}

export interface ConnectorSummary {
  id: string;
  type: string;
  connectionId: string;
  connectionName: string;
  /** the connector's own switch; its connection has another */
  enabled: boolean;
  connectionEnabled: boolean;
  updatedAt: Date;
  connectionUpdatedAt: Date;
}

/** Connectors with their connection's name and state, without settings: the ones given, or all. */
export async function connectorSummaries(exec: SqlExecutor, ids?: string[]): Promise<ConnectorSummary[]> {
  if (ids && !ids.length) return [];
  const where = ids ? `WHERE k."id" IN (${placeholders(ids.length)})` : "";
  const rows = await exec.all<Record<string, unknown>>(
    `SELECT k."id", k."type", k."connectionId", c."name" AS "connectionName", k."enabled", c."enabled" AS "connectionEnabled", k."updatedAt", c."updatedAt" AS "connectionUpdatedAt"
     ${WITH_CONNECTION} ${where}`,
    ids ?? [],
  );
  return rows.map((r) => ({
    id: String(r.id),
    type: String(r.type),
    connectionId: String(r.connectionId),
    connectionName: String(r.connectionName),
    enabled: asBool(r.enabled),
    connectionEnabled: asBool(r.connectionEnabled),
    updatedAt: asDate(r.updatedAt),
    connectionUpdatedAt: asDate(r.connectionUpdatedAt),
  }));
}

/**
 * When the connector or its connection last changed ("" when the connector is gone): read before every delivery,
 * since another instance may have changed them, so it reads only the two timestamps.
 */
export async function connectorSettingsStamp(exec: SqlExecutor, connectorId: string): Promise<string> {
  const row = await exec.get<{ k: unknown; c: unknown }>(`SELECT k."updatedAt" AS "k", c."updatedAt" AS "c" ${WITH_CONNECTION} WHERE k."id" = ?`, [connectorId]);
  return row ? `${asDate(row.k).getTime()}/${asDate(row.c).getTime()}` : "";
}

/** The stamps of several connectors at once (see connectorSettingsStamp); a removed connector's is "". */
export async function connectorSettingsStamps(exec: SqlExecutor, connectorIds: string[]): Promise<Map<string, string>> {
  const stamps = new Map(connectorIds.map((id) => [id, ""]));
  if (!connectorIds.length) return stamps;
  const rows = await exec.all<{ id: string; k: unknown; c: unknown }>(
    `SELECT k."id" AS "id", k."updatedAt" AS "k", c."updatedAt" AS "c" ${WITH_CONNECTION} WHERE k."id" IN (${placeholders(connectorIds.length)})`,
    connectorIds,
  );
  for (const row of rows) stamps.set(String(row.id), `${asDate(row.k).getTime()}/${asDate(row.c).getTime()}`);
  return stamps;
}

/** The ids of a connection's provisioning roles. */
export async function provisioningRoleIds(exec: SqlExecutor, connectionId: string): Promise<string[]> {
  return (await exec.all<Columns<"ConnectionRole", "roleId">>(`SELECT "roleId" FROM "ConnectionRole" WHERE "connectionId" = ?`, [connectionId])).map((r) => String(r.roleId));
}

/** A connection whose outbound provisioning is limited to holders of some roles, as a role's page lists it. */
export interface ConnectionUsingRole {
  id: string;
  name: string;
  enabled: boolean;
  /** every provisioning role of the connection, by name: a holder of any one of them is provisioned */
  provisioningRoles: { id: string; name: string }[];
}

/** The connections that provision only holders of this role (or of it and others), by name. */
export async function connectionsUsingRole(exec: SqlExecutor, roleId: string): Promise<ConnectionUsingRole[]> {
  const rows = await exec.all<Columns<"Connection", "id" | "name" | "enabled">>(
    `SELECT c."id", c."name", c."enabled" FROM "Connection" c WHERE c."id" IN (SELECT cr."connectionId" FROM "ConnectionRole" cr WHERE cr."roleId" = ?) ORDER BY LOWER(c."name")`,
    [roleId],
  );
  if (!rows.length) return [];
  const links = await exec.all<Columns<"ConnectionRole", "connectionId" | "roleId">>(
    `SELECT "connectionId", "roleId" FROM "ConnectionRole" WHERE "connectionId" IN (${placeholders(rows.length)})`,
    rows.map((r) => r.id),
  );
  // by name; a role deleted since is left out
  const roles = await roleNamesByIds(exec, [...new Set(links.map((l) => l.roleId))]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    enabled: asBool(r.enabled),
    provisioningRoles: roles.filter((role) => links.some((l) => l.connectionId === r.id && l.roleId === role.id)),
  }));
}

// Kept on the instance, so a change saved through the admin API or the console (Next's copy of this module)
// reaches the worker's cached clients (the server's copy) in the same process.
export function onConnectorChange(sql: SqlExecutor, fn: () => void) {
  sql.state.connectorListeners.push(fn);
}
export function invalidateConnectorCache(sql: SqlExecutor) {
  // the engine's provisioners carry their connectors' and connections' enabled flags and provisioning roles
  invalidateProvisioners(sql);
  for (const fn of sql.state.connectorListeners) fn();
}
