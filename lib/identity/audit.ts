import type { Db, Tx } from "../db/client.ts";
import { newId } from "./ids.ts";

export type Channel = "console" | "scim" | "api" | "system" | "jit" | "oauth";

/** Who did it and through which door; passed to every use case that changes the store. */
export interface Actor {
  name: string;
  channel: Channel;
}

export const SYSTEM_ACTOR: Actor = { name: "system", channel: "system" };

export async function recordAudit(
  client: Db | Tx,
  actor: Actor,
  event: { action: string; targetType: string; targetId?: string; summary?: string },
): Promise<void> {
  await client.auditEvent.create({
    data: { id: newId(), actor: actor.name, channel: actor.channel, action: event.action, targetType: event.targetType, targetId: event.targetId, summary: event.summary ?? "" },
  });
}
