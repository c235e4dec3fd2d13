import type { Provisio } from "./provisio.ts";

/**
 * The one process-wide global, and the only one: the instance server.ts composed, handed to Next's route
 * handlers and pages. Next bundles the app/ files apart from server.ts's module graph (and re-evaluates them
 * on every reload in development), so a module variable would not be shared; a registered symbol on
 * globalThis is. Everything else is reached through the instance (or passed down from it as parameters).
 */
const KEY = Symbol.for("provisio.instance");
type Holder = { [KEY]?: Provisio };

export function installProvisio(instance: Provisio): void {
  (globalThis as Holder)[KEY] = instance;
}

export function provisio(): Provisio {
  const instance = (globalThis as Holder)[KEY];
  if (!instance) {
    throw new Error("Provisio is not running: start it through server.ts (npm start, or npm run dev), which composes the instance the routes use");
  }
  return instance;
}
