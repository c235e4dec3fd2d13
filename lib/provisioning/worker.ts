import { randomUUID } from "node:crypto";
import type { Sql } from "../db/sql.ts";
import { log } from "../log.ts";
import { deliverEvent, noteClaimedConnectors, type DeliveryResult } from "./deliver.ts";
import { LEASE_MS, claimEvents, extendLeases, releaseClaims, type OutboxRow } from "./outbox/events.ts";
import { eventStates } from "./outbox/queue-reads.ts";
import { passGate } from "./outbox/pauses.ts";
import { NO_LIMITS, type RequestLimits } from "./rate-limiter.ts";
import { isLimited, limiterOf, limitsOfConnectors, localBacklogCap } from "./target-limits.ts";

// while claims fail, the wait between them doubles from the poll interval up to this
const MAX_CLAIM_BACKOFF_MS = 5_000;
const CLAIM_FAILURE_LOG_EVERY = 12;

/** How long an idle worker waits before claiming again: the poll interval, longer after failed claims. */
export function idleWait(pollMs: number, claimFailures: number): number {
  if (!claimFailures) return pollMs;
  return Math.max(pollMs, Math.min(MAX_CLAIM_BACKOFF_MS, pollMs * 2 ** Math.min(claimFailures, 16)));
}

/** Extends the lease of every event the owner still holds; a failure is logged, the next renewal tries again. */
async function renewLeases(sql: Sql, owner: string, leaseMs: number): Promise<void> {
  await extendLeases(sql, owner, new Date(Date.now() + leaseMs)).catch((err: Error) => log.error({ err: { message: err.message } }, "renewing outbox leases failed"));
}

const renewalInterval = (leaseMs: number) => Math.max(10, Math.floor(leaseMs / 3));

/** Renews the owner's leases every third of a lease while the work runs. */
export async function whileRenewingLeases<T>(sql: Sql, owner: string, work: () => Promise<T>, leaseMs = LEASE_MS): Promise<T> {
  const timer = setInterval(() => void renewLeases(sql, owner, leaseMs), renewalInterval(leaseMs));
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

interface Signal {
  promise: Promise<void>;
  resolve: () => void;
}
function newSignal(): Signal {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The background worker each server runs: `parallel` delivery lanes take claimed events from a local queue,
 * and the queue is refilled (one claim of up to `batch` at a time) whenever it runs low. A slow delivery
 * holds up only its own lane: the other targets' events keep flowing past it. Idle lanes wait for a commit
 * that queued events (wake) or the next poll.
 *
 * A connection's request limits (concurrency, requests per second; this instance's share) are kept here: a lane
 * takes the first queued event whose target may take a request now, so a throttled target's events wait in the
 * queue while the others' pass them (per entity, order holds: only an entity's oldest open event is ever
 * claimed). A throttled target keeps about a second's worth of events claimed; further claims leave it out.
 */
export class OutboxWorker {
  private readonly owner = `worker-${randomUUID()}`;
  private readonly queue: OutboxRow[] = [];
  private claiming: Promise<void> | undefined;
  // the last claim found nothing due: lanes wait for a wake or the next poll before claiming again
  private exhausted = false;
  // claims that failed in a row (the database is unreachable): the idle wait grows with them
  private claimFailures = 0;
  private signal = newSignal();
  private lanes: Promise<void>[] = [];
  private renewal: NodeJS.Timeout | undefined;
  private stopped = true;
  // claimed and not yet finished (queued or being delivered): their leases are renewed
  private held = 0;
  // the request limits of the targets of the events claimed, read at each claim
  private limits = new Map<string, RequestLimits>();
  // limited targets the last claim left out because enough of theirs were queued here
  private skipped = new Set<string>();
  // resolved when a delivery finishes: a lane waiting for a target's concurrency looks again
  private finished = newSignal();

  constructor(
    private readonly sql: Sql,
    private readonly options: { pollMs: number; batch: number; parallel: number; leaseMs?: number } = { pollMs: 200, batch: 64, parallel: 8 },
  ) {}

  /** The instance's limiter, shared with blocking deliveries. */
  private get limiter() {
    return limiterOf(this.sql);
  }

  private get leaseMs() {
    return this.options.leaseMs ?? LEASE_MS;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.exhausted = false;
    this.renewal = setInterval(() => {
      if (this.held > 0) void renewLeases(this.sql, this.owner, this.leaseMs);
    }, renewalInterval(this.leaseMs));
    this.renewal.unref();
    this.lanes = Array.from({ length: this.options.parallel }, () => this.lane());
  }

  /** Lets the deliveries in progress finish; events claimed but not started go back to the queue at once. */
  async stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.wake();
    await Promise.all(this.lanes);
    await this.claiming;
    clearInterval(this.renewal);
    const unstarted = this.queue.splice(0);
    this.held -= unstarted.length;
    if (unstarted.length) {
      const seqs = unstarted.map((r) => r.seq);
      await releaseClaims(this.sql, this.owner, seqs).catch((err: Error) => log.error({ err: { message: err.message } }, "returning unstarted outbox events failed"));
    }
  }

  /** Called after a commit that queued events, so delivery does not wait for the next poll. */
  wake() {
    this.exhausted = false;
    const signal = this.signal;
    this.signal = newSignal();
    signal.resolve();
  }

  private async lane(): Promise<void> {
    while (!this.stopped) {
      const row = await this.next();
      if (!row) {
        // other lanes took what the last claim brought: claim again at once unless nothing is due
        if (this.exhausted) await this.idle();
        continue;
      }
      try {
        const result = await deliverOrHoldBack(this.sql, this.owner, row, this.leaseMs).finally(() => this.finishedSending(row.connectorId));
        if (result.heldBack) await this.holdBack(row.connectorId);
        // the probe found the target back: the changes it held back are due now, not at the next poll
        else if (result.probe && result.ok) this.wake();
      } catch (err) {
        // deliverEvent records its own failures; this is the bookkeeping around it failing (the database)
        log.error({ err: { message: (err as Error).message }, seq: row.seq }, "outbox delivery bookkeeping failed");
      } finally {
        this.held--;
      }
    }
  }

  /** A paused target's other claimed events go back to the queue together, untried, instead of asking one by one. */
  private async holdBack(connectorId: string): Promise<void> {
    const rows: OutboxRow[] = [];
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.connectorId === connectorId) rows.push(...this.queue.splice(i, 1));
    if (!rows.length) return;
    try {
      await releaseClaims(
        this.sql,
        this.owner,
        rows.map((r) => r.seq),
      );
    } finally {
      this.held -= rows.length;
    }
  }

  private finishedSending(connectorId: string) {
    this.limiter.finish(connectorId);
    const signal = this.finished;
    this.finished = newSignal();
    signal.resolve();
  }

  private limitsOf(connectorId: string): RequestLimits {
    return this.limits.get(connectorId) ?? NO_LIMITS;
  }

  /** Queued events a lane could start now: what the refill looks at, so a throttled target's backlog does not stop claims. */
  private startable(): number {
    const now = Date.now();
    let n = 0;
    for (const row of this.queue) if (this.limiter.canStart(row.connectorId, this.limitsOf(row.connectorId), now)) n++;
    return n;
  }

  /** Takes the first queued event whose target may take a request now, or says how long until one may. */
  private take(): { row: OutboxRow } | { waitMs: number | undefined } {
    const now = Date.now();
    let waitMs: number | undefined;
    const refused = new Set<string>();
    for (let i = 0; i < this.queue.length; i++) {
      const id = this.queue[i]!.connectorId;
      if (refused.has(id)) continue;
      const decision = this.limiter.tryStart(id, this.limitsOf(id), now);
      if (decision.start) {
        const [row] = this.queue.splice(i, 1);
        // a target left out of claims is claimed again once its backlog here runs low
        if (this.skipped.has(id) && this.queuedFor(id) < localBacklogCap(this.limitsOf(id))) this.exhausted = false;
        return { row: row! };
      }
      refused.add(id);
      if (decision.waitMs !== undefined) waitMs = Math.min(waitMs ?? Infinity, decision.waitMs);
    }
    return { waitMs };
  }

  private queuedFor(connectorId: string): number {
    let n = 0;
    for (const row of this.queue) if (row.connectorId === connectorId) n++;
    return n;
  }

  private async next(): Promise<OutboxRow | undefined> {
    while (!this.stopped) {
      // refilled before it runs dry, so lanes rarely wait for a claim
      if (this.startable() < this.options.parallel && !this.exhausted) void this.refill();
      if (!this.queue.length && this.claiming) await this.claiming;
      if (this.stopped || !this.queue.length) return undefined;
      const taken = this.take();
      if ("row" in taken) return taken.row;
      // every queued event is for a target at its limits: wait for the first to open, a send to finish, or a wake
      await this.waitForLimits(taken.waitMs);
    }
    return undefined;
  }

  private async waitForLimits(waitMs: number | undefined): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const opens = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(1, waitMs ?? this.options.pollMs));
    });
    await Promise.race([opens, this.finished.promise, this.signal.promise]);
    clearTimeout(timer);
  }

  /** Limited targets with a second's worth queued here already: the next claim leaves them out. */
  private saturatedTargets(): string[] {
    const counts = new Map<string, number>();
    for (const row of this.queue) counts.set(row.connectorId, (counts.get(row.connectorId) ?? 0) + 1);
    return [...counts].filter(([id, n]) => isLimited(this.limitsOf(id)) && n >= localBacklogCap(this.limitsOf(id))).map(([id]) => id);
  }

  private refill(): Promise<void> {
    this.claiming ??= (async () => {
      try {
        const skip = this.saturatedTargets();
        this.skipped = new Set(skip);
        const rows = await claimEvents(this.sql, this.owner, this.options.batch, undefined, this.leaseMs, skip);
        if (this.claimFailures) log.info({ failures: this.claimFailures }, "claiming outbox events works again");
        this.claimFailures = 0;
        this.held += rows.length;
        if (rows.length) {
          const connectorIds = [...new Set(rows.map((r) => r.connectorId))];
          try {
            await noteClaimedConnectors(this.sql, connectorIds);
            for (const [id, limits] of await limitsOfConnectors(this.sql, connectorIds)) this.limits.set(id, limits);
          } catch (err) {
            // the rows are claimed: they go to the queue under the limits known so far
            log.error({ err: { message: (err as Error).message } }, "reading the claimed connections' settings stamps or request limits failed");
          }
        }
        this.queue.push(...rows);
        if (!rows.length) this.exhausted = true;
      } catch (err) {
        const failures = ++this.claimFailures;
        // a database that is down fails every claim: said at the 1st, 2nd, 4th, 8th … failure, then about once a minute
        if ((failures & (failures - 1)) === 0 || failures % CLAIM_FAILURE_LOG_EVERY === 0) {
          log.error({ err: { message: (err as Error).message }, failures }, "claiming outbox events failed");
        }
        this.exhausted = true;
      } finally {
        this.claiming = undefined;
      }
    })();
    return this.claiming;
  }

  private async idle(): Promise<void> {
    if (this.stopped) return;
    let timer: NodeJS.Timeout | undefined;
    const poll = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, idleWait(this.options.pollMs, this.claimFailures));
    });
    await Promise.race([this.signal.promise, poll]);
    clearTimeout(timer);
    this.exhausted = false;
  }
}

export type GatedResult = DeliveryResult & { heldBack?: boolean; probe?: boolean };

/**
 * Delivers one claimed event unless its target is paused: asked right before sending, as other lanes and other
 * instances may have found the target down since the claim. A held-back event goes back to the queue untried.
 */
export async function deliverOrHoldBack(sql: Sql, owner: string, row: OutboxRow, leaseMs = LEASE_MS): Promise<GatedResult> {
  const gate = await passGate(sql, row.connectorId, `${owner}:${row.seq}`, leaseMs);
  if (gate.kind === "held") {
    await releaseClaims(sql, owner, [row.seq]);
    const when = gate.probing ? "another delivery is probing it" : `the change stays queued until ${gate.until.toISOString()}`;
    return { seq: row.seq, ok: false, heldBack: true, error: `Not tried: the target is unavailable; ${when}` };
  }
  const probe = gate.kind === "probe" ? gate.token : undefined;
  return { ...(await deliverEvent(sql, row, probe)), ...(probe ? { probe: true } : {}) };
}

/** Delivers a set of claimed events over a few lanes (blocking provisioners, provision now). */
export async function deliverAll(sql: Sql, owner: string, rows: OutboxRow[], parallel: number): Promise<GatedResult[]> {
  const results: GatedResult[] = [];
  const limiter = limiterOf(sql);
  const limits = await limitsOfConnectors(sql, [...new Set(rows.map((r) => r.connectorId))]);
  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, rows.length) }, async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      // the caller waits, so it waits for the target's limits too; they count toward the worker's
      await limiter.start(row.connectorId, limits.get(row.connectorId) ?? NO_LIMITS);
      try {
        results.push(await deliverOrHoldBack(sql, owner, row));
      } finally {
        limiter.finish(row.connectorId);
      }
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
    const settled = await eventStates(sql, waiting);
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
