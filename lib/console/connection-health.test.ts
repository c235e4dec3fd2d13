import { describe, expect, it } from "vitest";
import { healthSummary, type ConnectionHealthJson } from "./connection-health";

const time = (at: Date) => at.toISOString().slice(11, 16);
const now = new Date("2026-03-10T14:00:00Z");
const health = (over: Partial<ConnectionHealthJson>): ConnectionHealthJson => ({
  connectionId: "c1",
  connectionName: "Partner",
  enabled: true,
  connectorTypes: ["scim2"],
  lastSuccessAt: "2026-03-10T13:55:00Z",
  successes: 40,
  failures: 0,
  deadLetters: 0,
  queueDepth: 0,
  openDeadLetters: 0,
  pausedUntil: null,
  pauseError: null,
  series: [],
  ...over,
});

describe("healthSummary", () => {
  it.each([
    { case: "without outbound connectors", h: undefined, enabled: true, want: { tone: "ok", state: "Enabled", details: ["No outbound connectors"] } },
    { case: "disabled, without outbound connectors", h: undefined, enabled: false, want: { tone: "off", state: "Disabled", details: ["No outbound connectors"] } },
    { case: "healthy", h: health({}), enabled: true, want: { tone: "ok", state: "Healthy", details: ["Last success 13:55", "0 failures and 0 dead letters in 24 h"] } },
    {
      case: "some failures, retried",
      h: health({ failures: 1, queueDepth: 2 }),
      enabled: true,
      want: { tone: "warning", state: "Failing at times", details: ["Last success 13:55", "1 failure and 0 dead letters in 24 h", "2 changes queued"] },
    },
    {
      case: "dead letters waiting for a retry",
      h: health({ failures: 3, deadLetters: 1, openDeadLetters: 1 }),
      enabled: true,
      want: { tone: "failing", state: "1 dead letter to retry", details: ["Last success 13:55", "3 failures and 1 dead letter in 24 h"] },
    },
    {
      case: "paused",
      h: health({ pausedUntil: "2026-03-10T14:02:00Z", lastSuccessAt: null, failures: 2, openDeadLetters: 4, queueDepth: 1 }),
      enabled: true,
      want: { tone: "failing", state: "Paused until 14:02", details: ["Never delivered", "2 failures and 0 dead letters in 24 h", "1 change queued"] },
    },
    { case: "a pause that ended, its probe under way", h: health({ pausedUntil: "2026-03-10T13:59:00Z" }), enabled: true, want: { tone: "failing", state: "Paused, probing" } },
    { case: "the connection disabled", h: health({ failures: 5 }), enabled: false, want: { tone: "off", state: "Disabled" } },
    { case: "every connector disabled", h: health({ enabled: false }), enabled: true, want: { tone: "off", state: "Disabled" } },
  ])("$case", ({ h, enabled, want }) => {
    expect(healthSummary(h, enabled, time, now)).toMatchObject(want);
  });
});
