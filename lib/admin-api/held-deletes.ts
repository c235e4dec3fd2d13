import type { Actor } from "../identity/audit.ts";
import type { Sql } from "../db/sql.ts";
import { decideHeldRemovals, type HeldDecision } from "../provisioning/held-removals.ts";
import { heldDecisionInput } from "./schemas/outbound-policy.ts";

/** Approve or discard from a request body: `{ seqs }`, or empty for every held delete of the connection. */
export async function decideFromBody(sql: Sql, connectionId: string, decision: HeldDecision, req: Request, actor: Actor): Promise<{ count: number }> {
  const text = await req.text();
  const { seqs } = heldDecisionInput.parse(text.trim() ? JSON.parse(text) : {});
  return { count: await decideHeldRemovals(sql, connectionId, decision, seqs, actor) };
}
