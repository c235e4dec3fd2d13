"use client";

import { useSyncExternalStore } from "react";

const neverChanges = () => () => {};

/**
 * False while the browser shows the server's HTML without its event handlers, true once React has hydrated it.
 * A button that only works through JavaScript stays disabled until then, so an early click is not silently lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    neverChanges,
    () => true,
    () => false,
  );
}
