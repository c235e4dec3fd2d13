import { bumpEpoch, epochOf } from "../../cache-epoch.ts";
import type { SqlExecutor } from "../../db/sql.ts";

const EPOCH = "user-credentials";

/**
 * Called after a write that can make remembered credentials wrong: a new password, deactivation, deletion, a
 * lock. Caches of verified credentials in this instance check the database again on their next use; other
 * instances notice within their short re-check interval.
 */
export function credentialsChanged(exec: SqlExecutor): void {
  bumpEpoch(exec.state, EPOCH);
}

export function credentialsEpoch(exec: SqlExecutor): number {
  return epochOf(exec.state, EPOCH);
}
