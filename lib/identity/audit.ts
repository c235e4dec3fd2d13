import type { SqlExecutor } from "../db/sql.ts";
import { newId } from "./ids.ts";

export type Channel = "console" | "scim" | "api" | "system" | "jit" | "oauth";

/** Who did it and through which door; passed to every use case that changes the store. */
export interface Actor {
  name: string;
  channel: Channel;
}

export const SYSTEM_ACTOR: Actor = { name: "system", channel: "system" };

export async function recordAudit(tx: SqlExecutor, actor: Actor, event: { action: string; targetType: string; targetId?: string; summary?: string }): Promise<void> {
  await tx.run(`INSERT INTO "AuditEvent" ("id", "at", "actor", "channel", "action", "targetType", "targetId", "summary") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
    newId(),
    new Date(),
    actor.name,
    actor.channel,
    event.action,
    event.targetType,
    event.targetId ?? null,
    event.summary ?? "",
  ]);
}
