import type { SqlExecutor } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";

/**
 * A committed-with-the-transaction change of the store, as outbound provisioning sees it. `snapshot` carries the
 * user as this transaction leaves it (read once by the writer), or a user that is not stored at all (proxy
 * mode): provisioning then takes it from the change instead of reading the store again.
 */
export type IdentityChange =
  | { entityType: "User"; entityId: string; operation: "create" | "update"; name: string; password?: string; snapshot?: import("./users/user-view.ts").UserView }
  | { entityType: "User"; entityId: string; operation: "delete"; name: string }
  | { entityType: "Group"; entityId: string; operation: "create"; name: string }
  | { entityType: "Group"; entityId: string; operation: "update"; name: string; addMembers: string[]; removeMembers: string[]; removeAll?: boolean; renamed: boolean }
  | { entityType: "Group"; entityId: string; operation: "delete"; name: string }
  | { entityType: "Role"; entityId: string; operation: "assignments"; name: string; usersBefore: string[]; usersAfter: string[] };

/** Who initiated a change: the service provider whose outbound configuration applies. */
export interface ChangeOrigin {
  serviceProviderId: string;
  /** "console", "scim", "jit", "api", "role" */
  trigger: string;
  /** filled by the listener: outbox events to deliver before answering (blocking provisioners) */
  blocking?: number[];
}

export type ChangeListener = (tx: SqlExecutor, change: IdentityChange, origin: ChangeOrigin) => Promise<void>;

/**
 * Outbound provisioning registers here at start (on the instance the database access belongs to); the store
 * calls it inside each write transaction, so a change and its outbox rows commit together or not at all.
 */
export function registerChangeListener(sql: SqlExecutor, listener: ChangeListener | undefined) {
  wiring(sql).listener = listener;
}

const wiring = (exec: SqlExecutor) => cacheOf(exec.state, "change-listener", () => ({ listener: undefined as ChangeListener | undefined }));

/** The listener registered on this instance, if any. */
export const changeListenerOf = (exec: SqlExecutor): ChangeListener | undefined => wiring(exec).listener;

export async function emitChange(tx: SqlExecutor, change: IdentityChange, origin: ChangeOrigin | undefined): Promise<void> {
  const listener = wiring(tx).listener;
  if (listener && origin) await listener(tx, change, origin);
}
