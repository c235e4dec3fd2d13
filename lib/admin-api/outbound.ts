import type { ChangeOrigin } from "../identity/changes.ts";
import type { Actor } from "../identity/audit.ts";
import { deliverBlocking } from "../provisioning/worker.ts";
import { provisio } from "../server/current.ts";
import { RESIDENT_SP_ID } from "../identity/seed.ts";

/**
 * User and group changes made through the admin API provision as the resident service provider, as WSO2's
 * console does; the trigger says whether they came from the console or a script.
 */
export function adminOrigin(actor: Actor): ChangeOrigin {
  return { serviceProviderId: RESIDENT_SP_ID, trigger: actor.channel };
}

/** Waits for blocking provisioners and returns their failures: the change is saved, the console shows them as a warning. */
export async function outboundFailures(origin: ChangeOrigin): Promise<string[]> {
  if (!origin.blocking?.length) return [];
  const results = await deliverBlocking(provisio().sql, origin.blocking);
  return results.filter((r) => !r.ok).map((r) => `${r.connectionName ? `${r.connectionName}: ` : ""}${r.error}`);
}
