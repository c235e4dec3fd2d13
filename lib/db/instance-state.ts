import type { ChangeListener } from "../identity/changes.ts";
import type { BearerVerifier } from "../scim-server/auth.ts";

/**
 * The in-memory state of one Provisio instance: its caches, their epochs, and what the composition root wired
 * in (the change listener, the bearer check, the worker's wake-up). Created once per database access by the
 * root (lib/server/provisio.ts) and carried by the `Sql` every store function receives, so each piece of code
 * reaches the instance's state through its parameters — whichever copy of a module (the server's, or one of
 * Next's bundles) it runs in. A test's own `Sql` has its own, empty state.
 */
export interface InstanceState {
  /** invalidation counters (see cache-epoch.ts) */
  readonly epochs: Map<string, number>;
  /** named caches, each owned by the module that fills it (see cacheOf) */
  readonly caches: Map<string, unknown>;
  /** called on a connector's or connection's change, after the provisioner cache is dropped */
  readonly connectorListeners: (() => void)[];
  /** outbound provisioning: called inside each write transaction (see identity/changes.ts) */
  changeListener?: ChangeListener;
  /** OAuth bearer tokens for SCIM; without one, bearer requests are refused */
  bearerVerifier?: BearerVerifier;
  /** asks the outbound worker to look for due changes now */
  wakeWorker?: () => void;
}

export function createInstanceState(): InstanceState {
  return { epochs: new Map(), caches: new Map(), connectorListeners: [] };
}

/** The instance's cache of that name, created on first use. */
export function cacheOf<T>(state: InstanceState, name: string, create: () => T): T {
  let cache = state.caches.get(name) as T | undefined;
  if (cache === undefined) {
    cache = create();
    state.caches.set(name, cache);
  }
  return cache;
}
