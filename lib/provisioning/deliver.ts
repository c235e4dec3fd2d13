import type { Sql, SqlExecutor } from "../db/sql.ts";
import { decryptText } from "../crypto/crypto.ts";
import { cacheOf } from "../db/instance-state.ts";
import { loadGroups } from "../identity/groups/group-reads.ts";
import { memberIds } from "../identity/groups/member-rows.ts";
import { getSetting } from "../identity/settings.ts";
import { log } from "../log.ts";
import { connectorDefinition } from "./connectors/registry.ts";
import { ConnectorError, type OutboundConnector, type ProvisionedUser, type RemoteResult } from "./connectors/types.ts";
import { connectorSettings, connectorSettingsStamp, connectorSettingsStamps, onConnectorChange, recordLearnedCapability } from "./connections.ts";
import { policiesOfConnectors } from "./connection-policy.ts";
import { PASSWORD_PURPOSE } from "./enqueue.ts";
import { findMapping, findRemoteId, MappingWrites, remoteIdsOf } from "./outbox/remote-mappings.ts";
import { retryDelay } from "./backoff.ts";
import { serverSecret } from "./server-secret.ts";
import { endPause, noteUnreachable, releaseProbe } from "./outbox/pauses.ts";
import { recordAttempt } from "./outbox/attempts.ts";
import { markDelivered, markFailed, type OutboxRow } from "./outbox/events.ts";
import { meansTargetUnavailable, targetAnswered } from "./target-pause.ts";

interface Payload {
  name: string;
  user?: ProvisionedUser;
  password?: string;
  addMembers?: string[];
  removeMembers?: string[];
  renamed?: boolean;
  /** send every mapped attribute again, not the delta since the last send (a sync mending drift) */
  resend?: boolean;
  /** on a removal: why, when the user stays here but left the target's scope (then `user` is its state) */
  reason?: string;
}

interface Client {
  connector: OutboundConnector;
  type: string;
  connectionName: string;
  enabled: boolean;
  password: { enabled: boolean; defaultPassword?: string };
}

// Building a client parses its settings and decrypts its secrets: once per connector until its settings change.
// The instance's cache, dropped whenever a connector or connection is saved in this instance.
function clientsOf(sql: Sql): Map<string, { stamp: string; client: Client | null }> {
  return cacheOf(sql.state, "connector-clients", () => {
    const clients = new Map<string, { stamp: string; client: Client | null }>();
    onConnectorChange(sql, () => clients.clear());
    return clients;
  });
}

// The settings stamps read at the last claim, per connector: a claimed event is delivered with the settings as
// they were when it was claimed, and a pass of many events costs one stamp query instead of one per event.
function claimedStamps(sql: Sql): Map<string, string> {
  return cacheOf(sql.state, "connector-claimed-stamps", () => {
    const stamps = new Map<string, string>();
    onConnectorChange(sql, () => stamps.clear());
    return stamps;
  });
}

/** Reads the settings stamps of the connectors of claimed events, once per claim (the worker's pass). */
export async function noteClaimedConnectors(sql: Sql, connectorIds: string[]): Promise<void> {
  const stamps = claimedStamps(sql);
  // should the read fail, these connectors' deliveries read their own stamps rather than older ones
  for (const id of connectorIds) stamps.delete(id);
  for (const [id, stamp] of await connectorSettingsStamps(sql, connectorIds)) stamps.set(id, stamp);
}

async function clientFor(sql: Sql, connectorId: string): Promise<Client | null> {
  const stamp = claimedStamps(sql).get(connectorId) ?? (await connectorSettingsStamp(sql, connectorId));
  const clients = clientsOf(sql);
  const hit = clients.get(connectorId);
  if (hit && hit.stamp === stamp) return hit.client;
  const settings = await connectorSettings(sql, connectorId);
  let client: Client | null = null;
  if (settings) {
    const definition = connectorDefinition(settings.type);
    const config = definition.configSchema.parse(settings.config);
    client = {
      connector: definition.create(config, {
        capabilities: settings.capabilities,
        learned: (check) => void recordLearnedCapability(sql, connectorId, check).catch((err) => log.warn({ err, connectorId }, "could not keep what the target answered")),
      }),
      type: settings.type,
      connectionName: settings.connectionName,
      enabled: settings.enabled,
      password: definition.passwordProvisioning(config),
    };
  }
  clients.set(connectorId, { stamp, client });
  return client;
}

/**
 * What the connector's attribute mapping makes of the user, nothing sent: the connector's own preview, or the user
 * as every connector receives it when the connector maps only while sending. Undefined when the connector is gone.
 */
export async function previewUser(sql: Sql, connectorId: string, user: ProvisionedUser): Promise<{ representation: Record<string, unknown>; mapped: boolean } | undefined> {
  const client = await clientFor(sql, connectorId);
  if (!client) return undefined;
  const mapped = client.connector.previewUser?.(user);
  return mapped ? { representation: mapped, mapped: true } : { representation: { ...user }, mapped: false };
}

const isConflict = (err: unknown) => err instanceof ConnectorError && err.options.conflict;
const isNotFound = (err: unknown) => err instanceof ConnectorError && err.options.notFound;

/** The operation actually performed, for the log: a create may end as a link, an update as a re-create. */
type Outcome = RemoteResult & { operation: string; skipped?: boolean };

/** Updates what the mapping names at the target; creates it when there is none, or when the target lost it. */
async function updateOrCreate(mappings: MappingWrites, remoteId: string | undefined, update: (remoteId: string) => Promise<RemoteResult>, create: () => Promise<Outcome>): Promise<Outcome> {
  if (!remoteId) return create();
  try {
    return { ...(await update(remoteId)), remoteId, operation: "update" };
  } catch (err) {
    if (!isNotFound(err)) throw err;
    mappings.forget();
    return { ...(await create()), operation: "re-create" };
  }
}

/** Deletes what the mapping names at the target; what was never sent there, or is gone already, is done too. */
async function deleteRemote(mappings: MappingWrites, remoteId: string | undefined, remove: (remoteId: string) => Promise<RemoteResult>): Promise<Outcome> {
  if (!remoteId) return { operation: "delete", skipped: true, request: "", response: "never provisioned to this target" };
  try {
    const result = await remove(remoteId);
    mappings.forget();
    return { ...result, operation: "delete" };
  } catch (err) {
    if (!isNotFound(err)) throw err;
    mappings.forget();
    return { operation: "delete", httpStatus: 404, request: "", response: "already absent at the target" };
  }
}

/** What the connection does with users who leave its scope but stay here. */
async function deprovisionOf(sql: Sql, connectorId: string): Promise<"delete" | "deactivate"> {
  return (await policiesOfConnectors(sql, [connectorId])).get(connectorId)?.policy.deprovision ?? "delete";
}

/**
 * A user who left the target's scope, kept there deactivated (the connection's choice): the mapping stays, so the
 * user coming back into scope is updated and reactivated rather than created again.
 */
async function deactivateRemote(mappings: MappingWrites, remoteId: string, user: ProvisionedUser, lastSent: Record<string, unknown> | undefined, client: Client): Promise<Outcome> {
  try {
    const result = await client.connector.updateUser(remoteId, { ...user, active: false }, lastSent);
    if (result.sentState) mappings.remember(remoteId, result.sentState);
    return { ...result, remoteId, operation: "deactivate" };
  } catch (err) {
    if (!isNotFound(err)) throw err;
    mappings.forget();
    return { operation: "deactivate", httpStatus: 404, request: "", response: "already absent at the target" };
  }
}

async function deliverUser(sql: Sql, mappings: MappingWrites, row: OutboxRow, payload: Payload, client: Client): Promise<Outcome> {
  // what the target last received from here: the connector sends only what changed since
  const mapping = await findMapping(sql, row);
  const remoteId = mapping?.remoteId;
  const c = client.connector;
  if (row.operation === "delete") {
    if (payload.user && remoteId && (await deprovisionOf(sql, row.connectorId)) === "deactivate") return deactivateRemote(mappings, remoteId, payload.user, mapping?.lastSent, client);
    return deleteRemote(mappings, remoteId, (id) => c.deleteUser(id));
  }
  const user: ProvisionedUser = { ...payload.user! };
  const plain = payload.password ? decryptText(serverSecret(), payload.password, PASSWORD_PURPOSE) : undefined;
  if (client.password.enabled && plain) user.password = plain;
  const create = async (): Promise<Outcome> => {
    const withDefault = !user.password && client.password.defaultPassword ? { ...user, password: client.password.defaultPassword } : user;
    try {
      const result = await c.createUser(withDefault);
      if (result.remoteId) mappings.remember(result.remoteId, result.sentState);
      return { ...result, operation: "create" };
    } catch (err) {
      if (!isConflict(err)) throw err;
      // the target already has this user (created earlier, or a retry after a crash): link and bring it up to date
      const existing = await c.findUserByUserName(user.userName);
      if (!existing) throw err;
      mappings.remember(existing);
      const result = await c.updateUser(existing, user);
      if (result.sentState) mappings.remember(existing, result.sentState);
      return { ...result, remoteId: existing, operation: "link+update" };
    }
  };
  const update = async (id: string) => {
    const result = await c.updateUser(id, user, mapping?.lastSent, { resend: payload.resend === true });
    if (result.sentState) mappings.remember(id, result.sentState);
    return result;
  };
  return updateOrCreate(mappings, remoteId, update, create);
}

async function deliverGroup(sql: Sql, mappings: MappingWrites, row: OutboxRow, payload: Payload, client: Client): Promise<Outcome> {
  const remoteId = await findRemoteId(sql, row);
  const c = client.connector;
  if (row.operation === "delete") return deleteRemote(mappings, remoteId, (id) => c.deleteGroup(id));
  // qualified like user names ("SALES/ops"), so the connector applies the same domain rules to both
  const [group] = await loadGroups(sql, [row.entityId], { countMembers: false });
  const displayName = group?.displayName ?? payload.name;
  const create = async (): Promise<Outcome> => {
    const members = await remoteIdsOf(sql, row.connectorId, await memberIds(sql, row.entityId));
    try {
      const result = await c.createGroup({ id: row.entityId, displayName, memberRemoteIds: members });
      if (result.remoteId) mappings.remember(result.remoteId);
      return { ...result, operation: "create" };
    } catch (err) {
      if (!isConflict(err)) throw err;
      const existing = await c.findGroupByName(displayName);
      if (!existing) throw err;
      mappings.remember(existing);
      const result = await c.updateGroup(existing, { displayName, addMemberRemoteIds: members, removeMemberRemoteIds: [] });
      return { ...result, remoteId: existing, operation: "link+update" };
    }
  };
  return updateOrCreate(
    mappings,
    remoteId,
    async (id) =>
      c.updateGroup(id, {
        displayName,
        addMemberRemoteIds: await remoteIdsOf(sql, row.connectorId, payload.addMembers ?? []),
        removeMemberRemoteIds: await remoteIdsOf(sql, row.connectorId, payload.removeMembers ?? []),
      }),
    create,
  );
}

async function logAttempt(
  sql: SqlExecutor,
  row: OutboxRow,
  client: Client | null,
  payload: Payload,
  fields: { status: string; operation: string; httpStatus?: number; durationMs: number; error?: string; request?: string; response?: string },
) {
  await recordAttempt(sql, {
    eventSeq: row.seq,
    connectorId: row.connectorId,
    connectionName: client?.connectionName ?? "",
    connectorType: client?.type ?? "",
    entityType: row.entityType,
    entityId: row.entityId,
    entityName: payload.name ?? "",
    operation: fields.operation,
    status: fields.status,
    httpStatus: fields.httpStatus ?? null,
    durationMs: fields.durationMs,
    error: fields.error ?? null,
    attempt: row.attempts + 1,
    request: fields.request ?? "",
    response: fields.response ?? "",
  });
}

export interface DeliveryResult {
  seq: number;
  ok: boolean;
  error?: string;
  connectionName?: string;
}

/**
 * Delivers one claimed outbox event and records the attempt. A target that does not answer pauses (target-pause.ts):
 * the event waits with the others, and such tries never count toward dead-lettering, however long the outage.
 * Other failures that may pass (5xx, 408, 429 for one object) go back to the queue with backoff until the retry
 * limit, then to the dead letters; the rest are dead at once. `probe` names the probe this delivery holds.
 * Never throws: one bad event must not stop the worker.
 */
export async function deliverEvent(sql: Sql, row: OutboxRow, probe?: string): Promise<DeliveryResult> {
  const payload = JSON.parse(row.payload) as Payload;
  const started = performance.now();
  let client: Client | null = null;
  const mappings = new MappingWrites(row);
  try {
    client = await clientFor(sql, row.connectorId);
    if (!client) throw new ConnectorError("The connector was removed", { retryable: false });
    if (!client.enabled) throw new ConnectorError("The connector or its connection is disabled", { retryable: false });
    const outcome = row.entityType === "User" ? await deliverUser(sql, mappings, row, payload, client) : await deliverGroup(sql, mappings, row, payload, client);
    const durationMs = Math.round(performance.now() - started);
    // the outcome and its log entry commit together (and, on SQLite, with the other lanes' in one group)
    await sql.transaction(async (tx) => {
      // the target answers: a pause standing for it ends (the first success resets its growth). The pause row is
      // written before the hourly tally, as in a failure's settlement: two settlements of one connector taking
      // them in opposite orders deadlock on PostgreSQL
      if (!outcome.skipped) await endPause(tx, row.connectorId);
      await mappings.writeTo(tx);
      await markDelivered(tx, row.seq);
      await logAttempt(tx, row, client!, payload, {
        status: outcome.skipped ? "skipped" : "success",
        operation: outcome.operation,
        httpStatus: outcome.httpStatus,
        durationMs,
        request: outcome.request,
        response: outcome.response,
      });
    });
    return { seq: row.seq, ok: true, connectionName: client.connectionName };
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    const known = err instanceof ConnectorError ? err : undefined;
    const message = known ? known.message : `Unexpected failure: ${(err as Error)?.message ?? String(err)}`;
    if (!known) log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack }, seq: row.seq }, "outbound delivery failed unexpectedly");
    const policy = await getSetting(sql, "outboundRetry");
    const outage = meansTargetUnavailable(err);
    const attempts = row.attempts + 1;
    const outageTries = Number(row.outageTries ?? 0) + (outage ? 1 : 0);
    // only failures that speak about this change spend its retry budget
    const counted = attempts - outageTries;
    const retry = outage || ((known ? known.options.retryable : true) && counted < policy.maxAttempts);
    const now = new Date();
    const connection = client?.connectionName ?? "this connection";
    const logged = await sql.transaction(async (tx) => {
      let next: Date;
      let logged = message;
      if (outage) {
        const asked = known?.options.retryAfterMs;
        const pause = await noteUnreachable(tx, row.connectorId, probe, policy, message, now, asked);
        next = pause.until;
        const why = asked !== undefined ? `the target asked to wait ${Math.ceil(asked / 1000)} s (Retry-After)` : `${pause.failures} failed in a row; the pause doubles up to a minute`;
        logged =
          `${message}; the other changes queued for ${connection} wait until ${pause.until.toISOString()}, untried, then one probe tries the target for all ` +
          `(${why}). Tries that find the target unreachable do not count toward the retry limit`;
      } else {
        next = new Date(now.getTime() + retryDelay(counted, policy));
        if (targetAnswered(err)) await endPause(tx, row.connectorId);
        else if (probe) await releaseProbe(tx, row.connectorId, probe);
      }
      // what the target did before the failure (a create linked, then its update refused) still holds
      await mappings.writeTo(tx);
      await markFailed(tx, row.seq, { status: retry ? "pending" : "dead", attempts, outageTries, nextAttemptAt: next, lastError: logged, at: now });
      await logAttempt(tx, row, client, payload, {
        status: retry ? "retrying" : "dead",
        operation: row.operation,
        httpStatus: known?.options.httpStatus,
        durationMs,
        error: logged,
        request: known?.options.request,
        response: known?.options.response,
      });
      return logged;
    });
    return { seq: row.seq, ok: false, error: logged, connectionName: client?.connectionName };
  }
}
