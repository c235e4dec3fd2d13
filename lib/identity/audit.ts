import type { SqlExecutor } from "../db/sql.ts";
import { asDate } from "../db/values.ts";
import { AUDIT_CHANNELS, auditWhere, encodeAuditCursor, MAX_AUDIT_PAGE, type AuditCursor, type AuditFilter } from "./audit-filter.ts";
import { timeOrderedId } from "./ids.ts";

export type Channel = (typeof AUDIT_CHANNELS)[number];

/** Who did it and through which door; passed to every use case that changes the store. */
export interface Actor {
  name: string;
  channel: Channel;
}

export const SYSTEM_ACTOR: Actor = { name: "system", channel: "system" };

export async function recordAudit(tx: SqlExecutor, actor: Actor, event: { action: string; targetType: string; targetId?: string; summary?: string }): Promise<void> {
  const at = new Date();
  await tx.run(`INSERT INTO "AuditEvent" ("id", "at", "actor", "channel", "action", "targetType", "targetId", "summary") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
    timeOrderedId(at.getTime()),
    at,
    actor.name,
    actor.channel,
    event.action,
    event.targetType,
    event.targetId ?? null,
    event.summary ?? "",
  ]);
}

export interface AuditEventView {
  id: string;
  at: Date;
  actor: string;
  channel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: string;
}

/** One page of the audit log, newest first, and the cursor of the next page (null on the last one). */
export async function listAuditEvents(exec: SqlExecutor, filter: AuditFilter, page: { after?: AuditCursor; count: number }): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  const count = Math.min(MAX_AUDIT_PAGE, Math.max(1, Math.floor(page.count)));
  const { where, params } = auditWhere(filter, page.after);
  // one row more than the page tells whether another page follows, without counting the table
  const rows = await exec.all<Record<string, unknown>>(
    `SELECT "id", "at", "actor", "channel", "action", "targetType", "targetId", "summary" FROM "AuditEvent" ${where} ORDER BY "at" DESC, "id" DESC LIMIT ?`,
    [...params, count + 1],
  );
  const items = rows.slice(0, count).map((r): AuditEventView => ({
    id: String(r.id),
    at: asDate(r.at),
    actor: String(r.actor),
    channel: String(r.channel),
    action: String(r.action),
    targetType: String(r.targetType),
    targetId: r.targetId === null || r.targetId === undefined ? null : String(r.targetId),
    summary: String(r.summary ?? ""),
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > count && last ? encodeAuditCursor(last) : null };
}
