import type { ChangeOrigin } from "../identity/changes.ts";
import type { Actor } from "../identity/audit.ts";
import { deliverBlocking } from "../provisioning/worker.ts";
import { connectorSummaries } from "../provisioning/connections.ts";
import { outcomeOf, type BlockingOutcome } from "../provisioning/blocking-outcome.ts";
import { eventOutcomes } from "../provisioning/outbox/outcome-reads.ts";
import { standingPauses } from "../provisioning/outbox/pauses.ts";
import { provisio } from "../server/current.ts";
import { RESIDENT_SP_ID } from "../identity/seed.ts";

/**
 * User and group changes made through the admin API provision as the resident service provider, as WSO2's
 * console does; the trigger says whether they came from the console or a script.
 */
export function adminOrigin(actor: Actor): ChangeOrigin {
  return { serviceProviderId: RESIDENT_SP_ID, trigger: actor.channel };
}

export interface BlockingResults {
  /** one line per failed blocking provisioner, as before outboundResults */
  outboundFailures: string[];
  /** every blocking provisioner's outcome: delivered, retried at a time, dead, or queued untried */
  outboundResults: BlockingOutcome[];
}

/**
 * Waits for blocking provisioners and says what became of each: the change is saved whatever they answered, and
 * the console shows failures as a warning that links to the attempt.
 */
export async function blockingResults(origin: ChangeOrigin): Promise<BlockingResults> {
  if (!origin.blocking?.length) return { outboundFailures: [], outboundResults: [] };
  const sql = provisio().sql;
  const results = await deliverBlocking(sql, origin.blocking);
  const states = new Map((await eventOutcomes(sql, origin.blocking)).map((s) => [s.seq, s]));
  const connectorIds = [...new Set([...states.values()].map((s) => s.connectorId))];
  const [connectors, pauses] = await Promise.all([connectorSummaries(sql, connectorIds), standingPauses(sql, connectorIds)]);
  const outboundResults = results.map((r): BlockingOutcome => {
    const state = states.get(r.seq);
    const connector = connectors.find((c) => c.id === state?.connectorId);
    return {
      connectionId: connector?.connectionId ?? null,
      connectionName: connector?.connectionName ?? r.connectionName ?? "",
      connectorType: connector?.type ?? "",
      ...outcomeOf(
        r,
        state,
        pauses.find((p) => p.connectorId === state?.connectorId),
      ),
    };
  });
  const outboundFailures = outboundResults.filter((o) => o.outcome !== "delivered").map((o) => `${o.connectionName ? `${o.connectionName}: ` : ""}${o.error ?? "not delivered yet"}`);
  return { outboundFailures, outboundResults };
}
