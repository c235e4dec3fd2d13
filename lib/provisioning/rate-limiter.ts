/**
 * Per-target request limits of one instance: at most `maxConcurrent` sends at once, and sends spaced to at most
 * `perSecond` a second. The spacing is a GCRA (generic cell rate algorithm): a send may start up to one interval
 * early, which absorbs timer lateness, so a backlog drains at exactly the rate and never faster.
 *
 * The state is in memory: each instance enforces the limits on its own sends. Several instances sharing a database
 * together send up to their number times the limits; what holds across instances is the target's own Retry-After
 * (a TargetPause row in the database).
 */

export interface RequestLimits {
  maxConcurrent: number | null;
  perSecond: number | null;
}

export const NO_LIMITS: RequestLimits = { maxConcurrent: null, perSecond: null };

/** May start now, or how long until it may: `undefined` means when a send of that target finishes. */
export type StartDecision = { start: true } | { start: false; waitMs: number | undefined };

interface TargetState {
  active: number;
  /** the theoretical arrival time of the next send (ms since epoch) */
  nextAt: number;
}

export class RequestLimiter {
  private readonly targets = new Map<string, TargetState>();

  private state(key: string): TargetState {
    let s = this.targets.get(key);
    if (!s) this.targets.set(key, (s = { active: 0, nextAt: 0 }));
    return s;
  }

  /** Whether a send to this target may start at `now`; when it may, it counts as started (call `finish` after). */
  tryStart(key: string, limits: RequestLimits, now: number = Date.now()): StartDecision {
    const s = this.state(key);
    if (limits.maxConcurrent !== null && s.active >= limits.maxConcurrent) return { start: false, waitMs: undefined };
    if (limits.perSecond !== null) {
      const interval = 1000 / limits.perSecond;
      if (now < s.nextAt - interval) return { start: false, waitMs: Math.ceil(s.nextAt - interval - now) };
      s.nextAt = Math.max(s.nextAt, now) + interval;
    }
    s.active++;
    return { start: true };
  }

  /** Whether `tryStart` would start now, without counting anything. */
  canStart(key: string, limits: RequestLimits, now: number = Date.now()): boolean {
    const s = this.targets.get(key);
    if (!s) return true;
    if (limits.maxConcurrent !== null && s.active >= limits.maxConcurrent) return false;
    return limits.perSecond === null || now >= s.nextAt - 1000 / limits.perSecond;
  }

  finish(key: string): void {
    const s = this.targets.get(key);
    if (!s) return;
    s.active = Math.max(0, s.active - 1);
    // an idle target's spacing has lapsed: forget it, so the map holds only targets in use
    if (s.active === 0 && s.nextAt <= Date.now()) this.targets.delete(key);
  }

  /** Waits until a send to the target may start, then counts it as started: for callers that cannot skip ahead. */
  async start(key: string, limits: RequestLimits, signal?: { finished: () => Promise<void> }): Promise<void> {
    for (;;) {
      const decision = this.tryStart(key, limits);
      if (decision.start) return;
      if (decision.waitMs !== undefined) await new Promise((r) => setTimeout(r, decision.waitMs));
      else await (signal?.finished() ?? new Promise((r) => setTimeout(r, 5)));
    }
  }
}
