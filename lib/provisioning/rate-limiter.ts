/**
 * Per-target request limits of one instance: at most `maxConcurrent` sends at once, and sends spaced to at most
 * `perSecond` a second. The spacing is a GCRA (generic cell rate algorithm): a send may start up to one interval
 * early, which absorbs timer lateness, so a backlog drains at the rate. On top, a sliding window never holds more
 * starts than the rate allows (for a whole rate: no second more than `perSecond`), so a limit set equal to a
 * target's own, which counts the same way, does not draw its 429s.
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
  /** the starts within the sliding window, oldest first */
  recent: number[];
}

/** The sliding window of a rate: `starts` in `ms` (50/s: 50 in 1000 ms; 2.5/s: 3 in 1200 ms; 0.5/s: 1 in 2000 ms). */
function slidingWindow(perSecond: number): { starts: number; ms: number } {
  const starts = Math.ceil(perSecond);
  return { starts, ms: (starts / perSecond) * 1000 };
}

export class RequestLimiter {
  private readonly targets = new Map<string, TargetState>();

  private state(key: string): TargetState {
    let s = this.targets.get(key);
    if (!s) this.targets.set(key, (s = { active: 0, nextAt: 0, recent: [] }));
    return s;
  }

  /** Whether a send to this target may start at `now`; when it may, it counts as started (call `finish` after). */
  tryStart(key: string, limits: RequestLimits, now: number = Date.now()): StartDecision {
    const s = this.state(key);
    if (limits.maxConcurrent !== null && s.active >= limits.maxConcurrent) return { start: false, waitMs: undefined };
    if (limits.perSecond !== null) {
      const interval = 1000 / limits.perSecond;
      if (now < s.nextAt - interval) return { start: false, waitMs: Math.ceil(s.nextAt - interval - now) };
      const window = slidingWindow(limits.perSecond);
      while (s.recent.length && s.recent[0]! <= now - window.ms) s.recent.shift();
      if (s.recent.length >= window.starts) return { start: false, waitMs: Math.max(1, Math.ceil(s.recent[s.recent.length - window.starts]! + window.ms - now)) };
      s.nextAt = Math.max(s.nextAt, now) + interval;
      s.recent.push(now);
    }
    s.active++;
    return { start: true };
  }

  /** Whether `tryStart` would start now, without counting anything. */
  canStart(key: string, limits: RequestLimits, now: number = Date.now()): boolean {
    const s = this.targets.get(key);
    if (!s) return true;
    if (limits.maxConcurrent !== null && s.active >= limits.maxConcurrent) return false;
    if (limits.perSecond === null) return true;
    const window = slidingWindow(limits.perSecond);
    const windowFull = s.recent.filter((at) => at > now - window.ms).length >= window.starts;
    return !windowFull && now >= s.nextAt - 1000 / limits.perSecond;
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
