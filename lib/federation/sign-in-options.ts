import type { SqlExecutor } from "../db/sql.ts";
import { applicationByClientId } from "../identity/applications.ts";
import { federatedConnections } from "./connection-federation.ts";

export interface SignInOptions {
  /** the user name and password form */
  local: boolean;
  /** "Sign in with <name>" buttons, in the order the application lists them */
  connections: Array<{ id: string; name: string }>;
}

/**
 * What the sign-in page offers: for an application, its login flow (by default the local form and every enabled
 * federated connection); for the console, the local form and every enabled federated connection. A connection
 * disabled since it was chosen is left out.
 */
export async function signInOptions(exec: SqlExecutor, clientId?: string): Promise<SignInOptions> {
  const enabled = (await federatedConnections(exec)).map((c) => ({ id: c.connectionId, name: c.connectionName }));
  const flow = clientId ? (await applicationByClientId(exec, clientId))?.loginFlow : null;
  if (!flow) return { local: true, connections: enabled };
  const chosen = flow.connections.map((id) => enabled.find((c) => c.id === id)).filter((c): c is { id: string; name: string } => c !== undefined);
  // an application whose every chosen connection is gone still lets its users sign in locally
  return { local: flow.local || chosen.length === 0, connections: chosen };
}

/** Whether the application (or the console) offers this connection. */
export async function offersConnection(exec: SqlExecutor, connectionId: string, clientId?: string): Promise<boolean> {
  return (await signInOptions(exec, clientId)).connections.some((c) => c.id === connectionId);
}
