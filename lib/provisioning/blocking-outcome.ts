import type { EventOutcome } from "./outbox/outcome-reads.ts";
import type { PauseStanding } from "./outbox/pauses.ts";

/**
 * What became of a blocking provisioner's change by the time the caller is answered: delivered; tried and
 * failed, to be tried again at `retryAt`; dead, so only a manual retry sends it; or queued untried (its target is
 * paused, or the worker holds it), next tried at `retryAt` when known.
 */
export type OutcomeKind = "delivered" | "retrying" | "dead" | "queued";

export interface BlockingOutcome {
  connectionId: string | null;
  connectionName: string;
  connectorType: string;
  outcome: OutcomeKind;
  retryAt: Date | null;
  /** why it failed, null when delivered */
  error: string | null;
  /** the newest attempt in the provisioning log, null when it was not tried */
  attemptId: string | null;
}

/** Pure: an event's state after the wait, with the result the wait itself saw and its target's pause. */
export function outcomeOf(
  result: { ok: boolean; error?: string },
  state: EventOutcome | undefined,
  pause: PauseStanding | undefined,
): Pick<BlockingOutcome, "outcome" | "retryAt" | "error" | "attemptId"> {
  const error = result.ok ? null : (state?.lastError ?? result.error ?? null);
  if (!state) return { outcome: result.ok ? "delivered" : "queued", retryAt: null, error, attemptId: null };
  const attemptId = state.attemptId;
  if (state.status === "delivered") return { outcome: "delivered", retryAt: null, error: null, attemptId };
  if (state.status === "dead") return { outcome: "dead", retryAt: null, error: state.lastError ?? error, attemptId };
  if (state.status === "in_flight") return { outcome: "queued", retryAt: null, error, attemptId };
  // waiting: the next try is its own due time, or the end of its target's pause when that is later
  const due = pause && pause.pausedUntil > state.nextAttemptAt ? pause.pausedUntil : state.nextAttemptAt;
  const tried = attemptId !== null && state.attempts > 0;
  return { outcome: tried ? "retrying" : "queued", retryAt: due, error, attemptId };
}
