import { describe, expect, it } from "vitest";
import { outcomeOf } from "./blocking-outcome";
import type { EventOutcome } from "./outbox/outcome-reads";

const due = new Date("2026-03-10T14:05:00Z");
const state = (over: Partial<EventOutcome>): EventOutcome => ({ seq: 1, connectorId: "k1", status: "pending", attempts: 1, nextAttemptAt: due, lastError: "HTTP 500", attemptId: "a1", ...over });
const pause = (until: string) => ({ connectorId: "k1", pausedUntil: new Date(until), failures: 1, lastError: "connection refused" });

describe("outcomeOf", () => {
  it.each([
    { case: "delivered", result: { ok: true }, s: state({ status: "delivered", lastError: null }), p: undefined, want: { outcome: "delivered", retryAt: null, error: null, attemptId: "a1" } },
    {
      case: "delivered by the worker while the wait gave up",
      result: { ok: false, error: "timed out" },
      s: state({ status: "delivered" }),
      p: undefined,
      want: { outcome: "delivered", retryAt: null, error: null, attemptId: "a1" },
    },
    {
      case: "failed, tried again at its due time",
      result: { ok: false, error: "HTTP 500" },
      s: state({}),
      p: undefined,
      want: { outcome: "retrying", retryAt: due, error: "HTTP 500", attemptId: "a1" },
    },
    {
      case: "failed on a paused target: tried again when the pause ends",
      result: { ok: false, error: "connection refused" },
      s: state({ lastError: "connection refused" }),
      p: pause("2026-03-10T14:09:00Z"),
      want: { outcome: "retrying", retryAt: new Date("2026-03-10T14:09:00Z"), error: "connection refused", attemptId: "a1" },
    },
    {
      case: "held back untried by a pause",
      result: { ok: false, error: "Not tried: the target is unavailable" },
      s: state({ attempts: 0, attemptId: null, lastError: null }),
      p: pause("2026-03-10T14:09:00Z"),
      want: { outcome: "queued", retryAt: new Date("2026-03-10T14:09:00Z"), error: "Not tried: the target is unavailable", attemptId: null },
    },
    {
      case: "dead",
      result: { ok: false, error: "HTTP 401" },
      s: state({ status: "dead", lastError: "HTTP 401: unauthorized" }),
      p: undefined,
      want: { outcome: "dead", retryAt: null, error: "HTTP 401: unauthorized", attemptId: "a1" },
    },
    {
      case: "still with the worker",
      result: { ok: false, error: "The target did not answer in time" },
      s: state({ status: "in_flight", lastError: null }),
      p: undefined,
      want: { outcome: "queued", retryAt: null, error: "The target did not answer in time", attemptId: "a1" },
    },
    { case: "an event gone since", result: { ok: false, error: "HTTP 500" }, s: undefined, p: undefined, want: { outcome: "queued", retryAt: null, error: "HTTP 500", attemptId: null } },
  ])("$case", ({ result, s, p, want }) => {
    expect(outcomeOf(result, s, p)).toEqual(want);
  });
});
