const g = globalThis as typeof globalThis & { __provisioEpochs?: Map<string, number> };
const epochs = (g.__provisioEpochs ??= new Map());

/**
 * Invalidation that reaches every copy of a module in the process: the server entry and Next's bundles load
 * separate copies, each with its own caches, so a change saved through a Next route bumps a shared epoch and
 * every cache filled under an older epoch is ignored.
 */
export function bumpEpoch(name: string): void {
  epochs.set(name, (epochs.get(name) ?? 0) + 1);
}

export function epochOf(name: string): number {
  return epochs.get(name) ?? 0;
}
