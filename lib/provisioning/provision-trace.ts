import type { RecordedExchange } from "./connectors/exchange-recorder.ts";
import type { PlannedAction, ScopeDecision } from "./provision-scope.ts";

// What "provision now" did for one user at one connector, step by step, as the admin API returns it.

export interface TraceMapping {
  /** the user as the connector's attribute mapping represents it for the target (no password) */
  representation: Record<string, unknown>;
  /** false when the connector maps only while sending: then this is the user as every connector receives it */
  mapped: boolean;
  note: string;
}

export type DeliveryStatus = "success" | "skipped" | "retrying" | "dead" | "held" | "held-back";

export interface TraceDelivery {
  eventSeq: number;
  status: DeliveryStatus;
  /** the operation performed, as the provisioning log names it (create, update, link+update, deactivate, delete) */
  operation: string;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** every request the connector sent, in order, with the target's answers */
  exchanges: RecordedExchange[];
  /** the log entry's summaries: what connectors that do not speak HTTP themselves report */
  request: string;
  response: string;
}

export type TraceOutcome = "created" | "updated" | "deactivated" | "deleted" | "nothing-sent" | "held" | "failed";

export interface ProvisionTrace {
  user: { id: string; userName: string };
  connection: { connectorId: string; connectorType: string; connectionId: string; connectionName: string; deprovision: "delete" | "deactivate" };
  scope: ScopeDecision;
  mapping: TraceMapping | null;
  delivery: TraceDelivery | null;
  remoteId: { before: string | null; after: string | null };
  outcome: TraceOutcome;
  summary: string;
}

const DONE: Record<Exclude<PlannedAction, "none">, TraceOutcome> = { create: "created", update: "updated", deactivate: "deactivated", delete: "deleted" };

/** The trace's headline: what became of the user at the target. */
export function traceOutcome(action: PlannedAction, delivery: Pick<TraceDelivery, "status" | "operation" | "error"> | null, connectionName: string): { outcome: TraceOutcome; summary: string } {
  if (action === "none" || !delivery) return { outcome: "nothing-sent", summary: `Nothing sent to ${connectionName}` };
  switch (delivery.status) {
    case "success": {
      const performed = delivery.operation === "re-create" || delivery.operation === "link+update" ? delivery.operation : undefined;
      const outcome = performed === "re-create" ? "created" : delivery.operation === "deactivate" ? "deactivated" : delivery.operation === "delete" ? "deleted" : DONE[action];
      return { outcome, summary: `${outcome[0]!.toUpperCase()}${outcome.slice(1)} at ${connectionName}${performed ? ` (${performed})` : ""}` };
    }
    case "skipped":
      return { outcome: "nothing-sent", summary: `Nothing to send to ${connectionName}: ${delivery.error ?? "never provisioned there"}` };
    case "held":
      return { outcome: "held", summary: `Held by the deletion guard: nothing sent to ${connectionName} until an administrator approves it` };
    case "held-back":
      return { outcome: "held", summary: `Not sent: ${delivery.error ?? `${connectionName} is paused`}` };
    default:
      return { outcome: "failed", summary: `Failed at ${connectionName}: ${delivery.error ?? "no answer"}${delivery.status === "retrying" ? " (queued for retry)" : ""}` };
  }
}
