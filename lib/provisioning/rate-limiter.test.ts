import { describe, expect, it } from "vitest";
import { RequestLimiter, type RequestLimits } from "./rate-limiter";

type Step = ["start", number, boolean | number | "finish-wait"] | ["finish"];

/** Runs start/finish steps at given times on one target; each start step says what it expects. */
function run(limits: RequestLimits, steps: Step[]) {
  const limiter = new RequestLimiter();
  for (const step of steps) {
    if (step[0] === "finish") {
      limiter.finish("t");
      continue;
    }
    const [, at, expected] = step;
    const d = limiter.tryStart("t", limits, at);
    if (expected === true) expect(d, `at ${at}`).toEqual({ start: true });
    else if (expected === "finish-wait") expect(d, `at ${at}`).toEqual({ start: false, waitMs: undefined });
    else expect(d, `at ${at}`).toEqual({ start: false, waitMs: expected });
  }
}

describe("RequestLimiter", () => {
  it.each<[string, RequestLimits, Step[]]>([
    [
      "no limits: everything starts",
      { maxConcurrent: null, perSecond: null },
      [
        ["start", 0, true],
        ["start", 0, true],
        ["start", 0, true],
      ],
    ],
    [
      "concurrency 2: the third waits for a finish",
      { maxConcurrent: 2, perSecond: null },
      [["start", 0, true], ["start", 0, true], ["start", 0, "finish-wait"], ["finish"], ["start", 1, true], ["start", 1, "finish-wait"]],
    ],
    [
      "10 per second: two at once (one interval early), then one every 100 ms",
      { maxConcurrent: null, perSecond: 10 },
      [
        ["start", 1000, true],
        ["start", 1000, true],
        ["start", 1000, 100],
        ["start", 1100, true],
        ["start", 1150, 50],
        ["start", 1200, true],
        ["start", 1200, 100],
      ],
    ],
    [
      "a late timer does not lower the rate: the next send may go one interval early",
      { maxConcurrent: null, perSecond: 10 },
      [
        ["start", 0, true],
        ["start", 0, true],
        ["start", 108, true],
        ["start", 192, 8],
        ["start", 200, true],
      ],
    ],
    [
      "after a long idle, no burst beyond two",
      { maxConcurrent: null, perSecond: 10 },
      [
        ["start", 0, true],
        ["start", 50_000, true],
        ["start", 50_000, true],
        ["start", 50_000, 100],
      ],
    ],
    [
      "0.5 per second: two seconds apart",
      { maxConcurrent: null, perSecond: 0.5 },
      [
        ["start", 0, true],
        ["start", 0, 2000],
        ["start", 2000, true],
        ["start", 2000, 2000],
      ],
    ],
    ["both limits: the rate allows it, the concurrency does not", { maxConcurrent: 1, perSecond: 100 }, [["start", 0, true], ["start", 20, "finish-wait"], ["finish"], ["start", 20, true]]],
  ])("%s", (_, limits, steps) => run(limits, steps));

  it("keeps targets apart: one at its limit does not hold back another", () => {
    const limiter = new RequestLimiter();
    const one = { maxConcurrent: 1, perSecond: null };
    expect(limiter.tryStart("a", one, 0)).toEqual({ start: true });
    expect(limiter.tryStart("a", one, 0)).toEqual({ start: false, waitMs: undefined });
    expect(limiter.canStart("a", one, 0)).toBe(false);
    expect(limiter.canStart("b", one, 0)).toBe(true);
    expect(limiter.tryStart("b", one, 0)).toEqual({ start: true });
  });

  it.each([
    [50, 10_000],
    [10, 10_000],
    [2.5, 10_000],
    [0.5, 20_000],
  ])("drains a backlog at %d a second, and no second (sliding) ever holds more", (perSecond, spanMs) => {
    const limiter = new RequestLimiter();
    const limits = { maxConcurrent: null, perSecond };
    const starts: number[] = [];
    // a lane that wakes up to 3 ms late, as timers do under load
    for (let now = 0; now < spanMs; now += 1 + (now % 3)) while (limiter.tryStart("t", limits, now).start) starts.push(now);
    expect(starts.length).toBeGreaterThanOrEqual(Math.floor((perSecond * spanMs) / 1000) - 1);
    expect(starts.length).toBeLessThanOrEqual(Math.floor((perSecond * spanMs) / 1000) + 1);
    // in any window of the rate's span, no more than the rate allows (a whole rate: per second)
    const window = (Math.ceil(perSecond) / perSecond) * 1000;
    for (const at of starts) expect(starts.filter((t) => t >= at && t < at + window).length).toBeLessThanOrEqual(Math.ceil(perSecond));
  });
});
