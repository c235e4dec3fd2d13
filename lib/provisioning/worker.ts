import { randomUUID } from "node:crypto";
import type { Sql } from "../db/sql.ts";
import { placeholders } from "../db/values.ts";
import { log } from "../log.ts";
import { deliverEvent, type DeliveryResult, type OutboxRow } from "./deliver.ts";
import { releaseUntried } from "./target-pause.ts";

// A claimed event not finished within this time is claimable again (its instance died mid-delivery). The owner
// renews the lease while it works, so a slow target (connector timeouts go up to 5 minutes) never lets another
// worker claim an event that is still being delivered.
const LEASE_MS = 60_000;

/**
 * Claims due events: the oldest undelivered event of each (connector, entity) only, so changes to one entity
 * reach a target in order. On PostgreSQL several instances claim side by side (FOR UPDATE SKIP LOCKED); on
 * SQLite the single writer makes the UPDATE a compare-and-set.
 */
export async function claimEvents(sql: Sql, owner: string, limit: number, onlySeqs?: number[], leaseMs = LEASE_MS): Promise<OutboxRow[]> {
  const now = new Date();
  const lease = new Date(now.getTime() + leaseMs);
  const only = onlySeqs?.length ? `AND e."seq" IN (${placeholders(onlySeqs.length)})` : "";
  const skipLocked = sql.dialect === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
  return sql.transaction((tx) =>
    tx.all<OutboxRow>(
      `UPDATE "OutboxEvent" SET "status" = 'in_flight', "lockedBy" = ?, "lockedUntil" = ?, "updatedAt" = ?
       WHERE "seq" IN (
         SELECT e."seq" FROM "OutboxEvent" e
         WHERE ((e."status" = 'pending' AND e."nextAttemptAt" <= ?) OR (e."status" = 'in_flight' AND e."lockedUntil" < ?)) ${only}
           AND NOT EXISTS (
             SELECT 1 FROM "OutboxEvent" p
             WHERE p."connectorId" = e."connectorId" AND p."entityType" = e."entityType" AND p."entityId" = e."entityId"
               AND p."seq" < e."seq" AND p."status" IN ('pending', 'in_flight'))
         ORDER BY e."seq" LIMIT ? ${skipLocked})
       RETURNING "seq", "connectorId", "entityType", "entityId", "operation", "payload", "attempts"`,
      [owner, lease, now, now, now, ...(onlySeqs ?? []), limit],
    ),
  );
}

/** Extends the lease of every event the owner still holds, every third of a lease, while the work runs. */
export async function whileRenewingLeases<T>(sql: Sql, owner: string, work: () => Promise<T>, leaseMs = LEASE_MS): Promise<T> {
  const renew = () =>
    sql
      .run(`UPDATE "OutboxEvent" SET "lockedUntil" = ? WHERE "status" = 'in_flight' AND "lockedBy" = ?`, [new Date(Date.now() + leaseMs), owner])
      .catch((err: Error) => log.error({ err: { message: err.message } }, "renewing outbox leases failed"));
  const timer = setInterval(() => void renew(), Math.max(10, Math.floor(leaseMs / 3)));
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** The background worker each server runs: polls, claims a batch, delivers it with bounded parallelism. */
export class OutboxWorker {
  private readonly owner = `worker-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly sql: Sql,
    private readonly options: { pollMs: number; batch: number; parallel: number; leaseMs?: number } = { pollMs: 200, batch: 64, parallel: 8 },
  ) {}

  start() {
    this.stopped = false;
    this.schedule(0);
  }

  /** Lets an in-flight batch finish; unfinished claims return to the queue when their lease ends. */
  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle;
  }

  /** Runs a pass soon: called after a commit that queued events, so delivery does not wait for the next poll. */
  wake() {
    if (!this.running && !this.stopped) this.schedule(0);
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.idle = this.pass();
    }, ms);
  }

  private async pass(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let claimed = 0;
    try {
      const leaseMs = this.options.leaseMs ?? LEASE_MS;
      const rows = await claimEvents(this.sql, this.owner, this.options.batch, undefined, leaseMs);
      claimed = rows.length;
      if (rows.length) await whileRenewingLeases(this.sql, this.owner, () => deliverAll(this.sql, this.owner, rows, this.options.parallel), leaseMs);
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, "outbox worker pass failed");
    } finally {
      this.running = false;
      // a full batch means more may be waiting: go again at once
      this.schedule(claimed >= this.options.batch ? 0 : this.options.pollMs);
    }
  }
}

/**
 * Delivers claimed events over a few lanes. Once a delivery finds its target unavailable, the events of that
 * connector still waiting in this batch go back to the queue untried, due when the failed one is retried.
 */
async function deliverAll(sql: Sql, owner: string, rows: OutboxRow[], parallel: number): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  const paused = new Map<string, Date>();
  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, rows.length) }, async () => {
    while (next < rows.length) {
      const row = rows[next++];
      const until = paused.get(row.connectorId);
      if (until && until.getTime() > Date.now()) {
        await releaseUntried(sql, row.seq, owner, until);
        results.push({ seq: row.seq, ok: false, error: `Not tried: the target is unavailable; the change stays queued until ${until.toISOString()}` });
        continue;
      }
      const result = await deliverEvent(sql, row);
      if (result.targetPausedUntil) paused.set(row.connectorId, result.targetPausedUntil);
      results.push(result);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Blocking provisioners: the caller waits for these events. An event the worker already claimed is awaited
 * until it settles; failures are reported while the event stays queued for retry.
 */
export async function deliverBlocking(sql: Sql, seqs: number[], timeoutMs = 15_000): Promise<DeliveryResult[]> {
  if (!seqs.length) return [];
  const owner = `blocking-${randomUUID()}`;
  const results = new Map<number, DeliveryResult>();
  const deadline = Date.now() + timeoutMs;
  while (results.size < seqs.length && Date.now() < deadline) {
    const waiting = seqs.filter((s) => !results.has(s));
    const rows = await claimEvents(sql, owner, waiting.length, waiting);
    for (const r of await whileRenewingLeases(sql, owner, () => deliverAll(sql, owner, rows, 4))) results.set(r.seq, r);
    const settled = await sql.all<{ seq: number; status: string; attempts: number; lastError: string | null }>(
      `SELECT "seq", "status", "attempts", "lastError" FROM "OutboxEvent" WHERE "seq" IN (${placeholders(waiting.length)})`,
      waiting,
    );
    for (const s of settled) {
      if (results.has(Number(s.seq))) continue;
      if (s.status === "delivered") results.set(Number(s.seq), { seq: Number(s.seq), ok: true });
      else if (s.status === "dead" || (s.status === "pending" && Number(s.attempts) > 0)) results.set(Number(s.seq), { seq: Number(s.seq), ok: false, error: s.lastError ?? "delivery failed" });
    }
    if (results.size < seqs.length) await new Promise((r) => setTimeout(r, 25));
  }
  for (const s of seqs) if (!results.has(s)) results.set(s, { seq: s, ok: false, error: "The target did not answer in time; the change stays queued" });
  return seqs.map((s) => results.get(s)!);
}
