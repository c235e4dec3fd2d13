/**
 * The in-memory state of one Provisio instance: its caches, their epochs, and what the composition root wired
 * in (the worker's wake-up; the change listener and the bearer check are kept by the modules that call them,
 * in named caches, so this layer names nothing above it). Created once per database access by the
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
