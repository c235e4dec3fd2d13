import type { ChangeOrigin } from "../identity/changes.ts";
import { deliverBlocking } from "../provisioning/worker.ts";
import { provisio } from "../server/current.ts";
import { RESIDENT_SP_ID } from "../identity/seed.ts";

/** Console changes provision as the resident service provider, as WSO2's console does. */
export function consoleOrigin(): ChangeOrigin {
  return { serviceProviderId: RESIDENT_SP_ID, trigger: "console" };
}

/** Waits for blocking provisioners and returns their failures, which the console shows as a warning toast. */
export async function outboundFailures(origin: ChangeOrigin): Promise<string[]> {
  if (!origin.blocking?.length) return [];
  const results = await deliverBlocking(provisio().sql, origin.blocking);
  return results.filter((r) => !r.ok).map((r) => `${r.connectionName ? `${r.connectionName}: ` : ""}${r.error}`);
}
