import type Provider from "oidc-provider";
import type { Sql } from "../db/sql.ts";
import { connectionByHomeRealm } from "../federation/connection-federation.ts";
import { signInOptions } from "../federation/sign-in-options.ts";
import { COMMONAUTH } from "./federated-sign-in.ts";

export interface SignInChoices {
  local: boolean;
  /** "Sign in with <name>" buttons and where each leads */
  connections: Array<{ id: string; name: string; href: string }>;
  /** a home realm hint (fidp) named one of them: go there at once */
  homeRealm?: string;
}

/**
 * What the sign-in page offers. For an application's authorization request (interaction), its login flow and
 * its `fidp` hint; for the console, the local form and every enabled connection, returning to `returnTo`.
 */
export async function signInChoices(deps: { provider: Provider; sql: Sql }, interactionUid?: string, returnTo?: string): Promise<SignInChoices> {
  const interaction = interactionUid ? await deps.provider.Interaction.find(interactionUid) : undefined;
  const clientId = interaction ? String(interaction.params.client_id) : undefined;
  const options = await signInOptions(deps.sql, clientId);
  const href = (connectionId: string) => {
    const query = new URLSearchParams({ connection: connectionId, ...(interactionUid ? { interaction: interactionUid } : { returnTo: returnTo ?? "/" }) });
    return `${COMMONAUTH}/start?${query}`;
  };
  const connections = options.connections.map((c) => ({ ...c, href: href(c.id) }));
  const hint = typeof interaction?.params.fidp === "string" ? interaction.params.fidp : undefined;
  const hinted = hint ? await connectionByHomeRealm(deps.sql, hint) : undefined;
  const homeRealm = hinted ? connections.find((c) => c.id === hinted.connectionId)?.href : undefined;
  return { local: options.local, connections, ...(homeRealm ? { homeRealm } : {}) };
}
