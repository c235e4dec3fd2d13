import { bumpEpoch, epochOf } from "../../cache-epoch.ts";

const EPOCH = "user-credentials";

/**
 * Called after a write that can make remembered credentials wrong: a new password, deactivation, deletion, a
 * lock. Caches of verified credentials in this process (every copy of the module) check the database again
 * on their next use; other instances notice within their short re-check interval.
 */
export function credentialsChanged(): void {
  bumpEpoch(EPOCH);
}

export function credentialsEpoch(): number {
  return epochOf(EPOCH);
}
