import { z } from "zod";
import type { Sql, SqlExecutor } from "../db/sql.ts";
import { asBool } from "../db/values.ts";
import { getApplication } from "../identity/applications.ts";
import { recordAudit, type Actor } from "../identity/audit.ts";
import { IdentityError, isUniqueViolation } from "../identity/errors.ts";
import { newId } from "../identity/ids.ts";
import { parseFilter } from "../scim/filter/parser.ts";
import type { Filter } from "../scim/filter/ast.ts";
import { parseRule } from "./provisioning-rule.ts";
import { cacheOf } from "../db/instance-state.ts";
import { config } from "../env.ts";
import type { Columns } from "../generated/tables.ts";

export const provisionerInputSchema = z.object({
  connectorId: z.string().min(1),
  blocking: z.boolean().default(false),
  rulesEnabled: z.boolean().default(false),
  /** a SCIM filter on the user, e.g. urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Engineering" */
  rule: z.string().max(4096).nullish(),
  jitEnabled: z.boolean().default(true),
});
export type ProvisionerInput = z.input<typeof provisionerInputSchema>;

export interface ProvisionerView {
  id: string;
  serviceProviderId: string;
  connectorId: string;
  connectorType: string;
  connectionId: string;
  connectionName: string;
  blocking: boolean;
  rulesEnabled: boolean;
  rule: string | null;
  jitEnabled: boolean;
}

/** A provisioner as the engine uses it: the rule parsed once. */
export interface ActiveProvisioner extends ProvisionerView {
  filter?: Filter;
  roleIds: string[];
}

function toView(r: Record<string, unknown>): ProvisionerView {
  return {
    id: String(r.id),
    serviceProviderId: String(r.serviceProviderId),
    connectorId: String(r.connectorId),
    connectorType: String(r.connectorType),
    connectionId: String(r.connectionId),
    connectionName: String(r.connectionName),
    blocking: asBool(r.blocking),
    rulesEnabled: asBool(r.rulesEnabled),
    rule: r.rule === null || r.rule === undefined ? null : String(r.rule),
    jitEnabled: asBool(r.jitEnabled),
  };
}

const SELECT = `SELECT p.*, k."type" AS "connectorType", k."connectionId", c."name" AS "connectionName", k."enabled" AS "connectorEnabled", c."enabled" AS "connectionEnabled"
  FROM "OutboundProvisioner" p JOIN "Connector" k ON k."id" = p."connectorId" JOIN "Connection" c ON c."id" = k."connectionId"`;

export async function listProvisioners(exec: SqlExecutor, serviceProviderId: string): Promise<ProvisionerView[]> {
  return (await exec.all(`${SELECT} WHERE p."serviceProviderId" = ? ORDER BY c."name"`, [serviceProviderId])).map(toView);
}

function checkRule(input: z.output<typeof provisionerInputSchema>) {
  if (input.rulesEnabled) {
    if (!input.rule?.trim()) throw IdentityError.invalid("Enter the rule users must match", "rule");
    try {
      parseFilter(input.rule);
    } catch (err) {
      throw IdentityError.invalid(`The rule is not a valid filter: ${(err as Error).message}`, "rule");
    }
  }
}

export async function addProvisioner(sql: Sql, serviceProviderId: string, raw: ProvisionerInput, actor: Actor): Promise<ProvisionerView> {
  const input = provisionerInputSchema.parse(raw);
  checkRule(input);
  // an unknown application is not found
  await getApplication(sql, serviceProviderId);
  if (!(await sql.get(`SELECT 1 AS "x" FROM "Connector" WHERE "id" = ?`, [input.connectorId]))) throw IdentityError.invalid("The connector does not exist", "connectorId");
  const id = newId();
  try {
    await sql.transaction(async (tx) => {
      await tx.run(`INSERT INTO "OutboundProvisioner" ("id", "serviceProviderId", "connectorId", "blocking", "rulesEnabled", "rule", "jitEnabled", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        id,
        serviceProviderId,
        input.connectorId,
        input.blocking,
        input.rulesEnabled,
        input.rule ?? null,
        input.jitEnabled,
        new Date(),
      ]);
      await recordAudit(tx, actor, { action: "provisioner.add", targetType: "Application", targetId: serviceProviderId, summary: input.connectorId });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict("This connector is already configured for outbound provisioning", "connectorId");
    throw err;
  }
  invalidateProvisioners(sql);
  return (await listProvisioners(sql, serviceProviderId)).find((p) => p.id === id)!;
}

export async function updateProvisioner(sql: Sql, id: string, raw: Omit<ProvisionerInput, "connectorId">, actor: Actor): Promise<ProvisionerView> {
  const row = await sql.get<Columns<"OutboundProvisioner", "serviceProviderId" | "connectorId">>(`SELECT "serviceProviderId", "connectorId" FROM "OutboundProvisioner" WHERE "id" = ?`, [id]);
  if (!row) throw IdentityError.notFound("Outbound provisioner");
  const input = provisionerInputSchema.parse({ ...raw, connectorId: row.connectorId });
  checkRule(input);
  await sql.run(`UPDATE "OutboundProvisioner" SET "blocking" = ?, "rulesEnabled" = ?, "rule" = ?, "jitEnabled" = ? WHERE "id" = ?`, [
    input.blocking,
    input.rulesEnabled,
    input.rule ?? null,
    input.jitEnabled,
    id,
  ]);
  await recordAudit(sql, actor, { action: "provisioner.update", targetType: "Application", targetId: row.serviceProviderId, summary: row.connectorId });
  invalidateProvisioners(sql);
  return (await listProvisioners(sql, row.serviceProviderId)).find((p) => p.id === id)!;
}

export async function removeProvisioner(sql: Sql, id: string, actor: Actor): Promise<void> {
  const row = await sql.get<Columns<"OutboundProvisioner", "serviceProviderId">>(`SELECT "serviceProviderId" FROM "OutboundProvisioner" WHERE "id" = ?`, [id]);
  if (!row) throw IdentityError.notFound("Outbound provisioner");
  await sql.run(`DELETE FROM "OutboundProvisioner" WHERE "id" = ?`, [id]);
  await recordAudit(sql, actor, { action: "provisioner.remove", targetType: "Application", targetId: row.serviceProviderId });
  invalidateProvisioners(sql);
}

// Read inside every write transaction: cached briefly; other instances see configuration changes within seconds.
// One cache per instance: the server entry (SCIM) and Next's bundles (console, admin API) load separate copies of
// this module, and a change made through one must reach the other at once.
const cacheIn = (exec: SqlExecutor) => cacheOf(exec.state, "provisioners", () => new Map<string, { at: number; list: ActiveProvisioner[] }>());
const TTL_MS = 3_000;
const ttlMs = () => config().settingsCacheMs ?? TTL_MS;

export function invalidateProvisioners(exec: SqlExecutor) {
  cacheIn(exec).clear();
}

/** The enabled provisioners of a service provider, with their rules parsed and their connections' roles. */
export async function activeProvisioners(exec: SqlExecutor, serviceProviderId: string): Promise<ActiveProvisioner[]> {
  const cache = cacheIn(exec);
  const hit = cache.get(serviceProviderId);
  if (hit && Date.now() - hit.at < ttlMs()) return hit.list;
  const rows = await exec.all<Record<string, unknown>>(`${SELECT} WHERE p."serviceProviderId" = ?`, [serviceProviderId]);
  const enabled = rows.filter((r) => asBool(r.connectorEnabled) && asBool(r.connectionEnabled));
  const roles = await exec.all<Columns<"ConnectionRole", "connectionId" | "roleId">>(`SELECT "connectionId", "roleId" FROM "ConnectionRole"`);
  const list = enabled.map((r) => {
    const view = toView(r);
    const filter = view.rulesEnabled ? parseRule(view.rule) : undefined;
    return { ...view, filter, roleIds: roles.filter((x) => x.connectionId === view.connectionId).map((x) => x.roleId) };
  });
  cache.set(serviceProviderId, { at: Date.now(), list });
  return list;
}

/** The provisioners (of any application) that deliver through this connector. */
export async function provisionersOfConnector(exec: SqlExecutor, connectorId: string): Promise<ProvisionerView[]> {
  return (await exec.all(`${SELECT} WHERE p."connectorId" = ? ORDER BY p."createdAt"`, [connectorId])).map(toView);
}

/**
 * WSO2's connector-level switches, applied to every provisioner using the connector: blocking on or off, and
 * rules off (rules themselves are per application, so turning them on is done there).
 */
export async function setConnectorProvisioning(sql: Sql, connectorId: string, change: { blocking?: boolean; rulesOff?: boolean }, actor: Actor): Promise<void> {
  if (change.blocking === undefined && !change.rulesOff) return;
  await sql.transaction(async (tx) => {
    if (change.blocking !== undefined) await tx.run(`UPDATE "OutboundProvisioner" SET "blocking" = ? WHERE "connectorId" = ?`, [change.blocking, connectorId]);
    if (change.rulesOff) await tx.run(`UPDATE "OutboundProvisioner" SET "rulesEnabled" = ? WHERE "connectorId" = ?`, [false, connectorId]);
    await recordAudit(tx, actor, { action: "provisioner.update", targetType: "Connector", targetId: connectorId, summary: JSON.stringify(change) });
  });
  invalidateProvisioners(sql);
}
