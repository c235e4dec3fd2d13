import type { SqlExecutor } from "../db/sql.ts";
import { getApplication } from "../identity/applications.ts";
import { rolesHeldBy } from "../identity/roles/holders.ts";
import { RESIDENT_SP_ID } from "../identity/seed.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { policiesOfConnectors } from "./connection-policy.ts";
import { getConnection, type ConnectorSummary } from "./connections.ts";
import { standingPauses } from "./outbox/pauses.ts";
import { oldestOpenEvent } from "./outbox/queue-reads.ts";
import { findRemoteId } from "./outbox/remote-mappings.ts";
import { provisionersOfConnector } from "./provisioners.ts";
import type { ScopeFacts } from "./provision-scope.ts";
import { parseRule, passesRule } from "./provisioning-rule.ts";

async function serviceProviderName(exec: SqlExecutor, id: string): Promise<string> {
  if (id === RESIDENT_SP_ID) return "the resident service provider";
  try {
    return `application "${(await getApplication(exec, id)).name}"`;
  } catch {
    return `service provider ${id}`;
  }
}

/** Everything the scope decision looks at for one user and one connector, read from the stores. */
export async function scopeFacts(exec: SqlExecutor, user: UserView, connector: ConnectorSummary): Promise<ScopeFacts> {
  const [connection, provisioners, held, remoteId, queued, pauses, policies] = await Promise.all([
    getConnection(exec, connector.connectionId),
    provisionersOfConnector(exec, connector.id),
    rolesHeldBy(exec, user.id),
    findRemoteId(exec, { connectorId: connector.id, entityType: "User", entityId: user.id }),
    oldestOpenEvent(exec, connector.id, "User", user.id),
    standingPauses(exec, [connector.id]),
    policiesOfConnectors(exec, [connector.id]),
  ]);
  // the resident service provider first: console and admin API changes provision as it
  const ordered = [...provisioners].sort((a, b) => Number(b.serviceProviderId === RESIDENT_SP_ID) - Number(a.serviceProviderId === RESIDENT_SP_ID));
  const pause = pauses[0];
  return {
    connectorEnabled: connector.enabled,
    connectionEnabled: connector.connectionEnabled,
    provisioners: await Promise.all(
      ordered.map(async (p) => ({
        serviceProviderId: p.serviceProviderId,
        serviceProviderName: await serviceProviderName(exec, p.serviceProviderId),
        rule: p.rule,
        // null when rules are off: the scope check then says no rule applies
        ruleMatches: p.rulesEnabled ? passesRule(true, parseRule(p.rule), user) : null,
      })),
    ),
    provisioningRoles: connection.provisioningRoles,
    heldRoleIds: held,
    userStore: user.domain,
    remoteId: remoteId ?? null,
    deprovision: policies.get(connector.id)?.policy.deprovision ?? "delete",
    queued,
    pause: pause ? { until: pause.pausedUntil, failures: pause.failures, lastError: pause.lastError } : undefined,
    now: new Date(),
  };
}
