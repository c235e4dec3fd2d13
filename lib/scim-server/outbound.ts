import { ScimError } from "../scim/errors.ts";
import type { ChangeOrigin } from "../identity/changes.ts";
import { deliverBlocking } from "../provisioning/worker.ts";
import type { ScimContext } from "./context.ts";

/** The initiating service provider of a SCIM change: the resident one for Basic auth, the token's application otherwise. */
export function scimOrigin(ctx: ScimContext): ChangeOrigin {
  return { serviceProviderId: ctx.principal.serviceProvider.serviceProviderId, trigger: "scim" };
}

/**
 * Blocking outbound provisioners: wait for them, and when one fails answer with an error that says the local
 * change was made and the remote one is queued for retry (clients then look the resource up instead of
 * creating it again).
 */
export async function settleBlocking(ctx: ScimContext, origin: ChangeOrigin, what: string): Promise<void> {
  if (!origin.blocking?.length) return;
  const results = await deliverBlocking(ctx.sql, origin.blocking);
  const failed = results.filter((r) => !r.ok);
  if (!failed.length) return;
  const reasons = failed.map((f) => `${f.connectionName ? `${f.connectionName}: ` : ""}${f.error}`).join("; ");
  throw new ScimError(502, `${what} was saved here, but outbound provisioning failed (${reasons}). The change stays queued and will be retried.`);
}
