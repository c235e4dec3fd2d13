import type { InstanceState } from "./db/instance-state.ts";

/**
 * Invalidation counters of one instance: a change bumps an epoch, and every cache entry filled under an older
 * epoch is ignored (credentials remembered by the SCIM and bearer checks, for one).
 */
export function bumpEpoch(state: InstanceState, name: string): void {
  state.epochs.set(name, (state.epochs.get(name) ?? 0) + 1);
}

export function epochOf(state: InstanceState, name: string): number {
  return state.epochs.get(name) ?? 0;
}
