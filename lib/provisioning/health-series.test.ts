import { describe, expect, it } from "vitest";
import { connectionHealth, depthSeries, hourBoundaries, type HealthInputs } from "./health-series";
import type { ConnectorSummary } from "./connections";
import type { HourlyCounts } from "./outbox/hourly-tallies";

const HOUR = 3_600_000;
const now = new Date("2026-03-10T14:25:00Z");
const boundaries = hourBoundaries(now);
const hour = (i: number) => new Date(boundaries[0]!.getTime() + i * HOUR);

function connector(id: string, connectionId: string, connectionName: string, enabled = true): ConnectorSummary {
  return { id, type: id.includes("google") ? "google" : "scim2", connectionId, connectionName, enabled, connectionEnabled: true, updatedAt: now, connectionUpdatedAt: now };
}

/** An hour's counts of one connector, zero where not given. */
const counted = (connectorId: string, at: Date, c: Partial<Omit<HourlyCounts, "connectorId" | "hour">>): HourlyCounts => ({
  connectorId,
  hour: at,
  successes: 0,
  failures: 0,
  deadLetters: 0,
  settled: 0,
  ...c,
});

const inputs = (over: Partial<HealthInputs>): HealthInputs => ({
  boundaries,
  connectors: [],
  counts: [],
  queued: [],
  open: [],
  lastSuccess: new Map(),
  pauses: [],
  ...over,
});

describe("hourBoundaries", () => {
  it("covers 24 whole hours, the last one being the hour under way", () => {
    expect(boundaries).toHaveLength(25);
    expect(boundaries[0]).toEqual(new Date("2026-03-09T15:00:00Z"));
    expect(boundaries[23]).toEqual(new Date("2026-03-10T14:00:00Z"));
    expect(boundaries[24]).toEqual(new Date("2026-03-10T15:00:00Z"));
  });
});

describe("depthSeries", () => {
  it.each([
    { case: "nothing queued or settled: the queue was as it is now", open: 3, queued: [0, 0, 0], settled: [0, 0, 0], depths: [3, 3, 3] },
    { case: "queued in the last hour: not waiting before it", open: 2, queued: [0, 0, 2], settled: [0, 0, 0], depths: [0, 0, 2] },
    { case: "queued then delivered in the same hour: never waiting at an hour's end", open: 0, queued: [0, 5, 0], settled: [0, 5, 0], depths: [0, 0, 0] },
    { case: "a backlog drained over two hours", open: 0, queued: [10, 0, 0], settled: [0, 6, 4], depths: [10, 4, 0] },
    { case: "waiting since before the window, delivered in its first hour", open: 1, queued: [0, 0, 0], settled: [4, 0, 0], depths: [1, 1, 1] },
  ])("$case", ({ open, queued, settled, depths }) => {
    expect(depthSeries(open, queued, settled)).toEqual(depths);
  });
});

describe("connectionHealth", () => {
  it("adds up a connection's connectors hour by hour, and leaves out what is outside the window or of a removed connector", () => {
    const health = connectionHealth(
      inputs({
        connectors: [connector("k-scim", "c-partner", "Partner"), connector("k-google", "c-partner", "Partner", false), connector("k-hr", "c-hr", "HR")],
        counts: [
          counted("k-scim", hour(0), { successes: 5, settled: 5 }),
          counted("k-google", hour(0), { successes: 2, settled: 2 }),
          // 3 retrying, 1 dead, 9 skipped: the dead and the skipped settled their events
          counted("k-scim", hour(23), { failures: 4, deadLetters: 1, settled: 10 }),
          // before the window, and a connector removed since
          counted("k-scim", new Date(boundaries[0]!.getTime() - HOUR), { successes: 50, settled: 50 }),
          counted("k-gone", hour(1), { failures: 7, deadLetters: 7, settled: 7 }),
        ],
        // the 10 settled and the 4 open were all queued in the last hour
        queued: [{ connectorId: "k-scim", hour: hour(23), n: 14 }],
        open: [
          { connectorId: "k-scim", status: "pending", n: 3 },
          { connectorId: "k-google", status: "in_flight", n: 1 },
          { connectorId: "k-scim", status: "dead", n: 2 },
        ],
        lastSuccess: new Map([
          ["k-scim", new Date("2026-03-10T09:00:00Z")],
          ["k-google", new Date("2026-03-10T11:00:00Z")],
        ]),
        pauses: [{ connectorId: "k-google", pausedUntil: new Date("2026-03-10T14:30:00Z"), failures: 2, lastError: "connection refused" }],
      }),
    );
    expect(health.map((h) => h.connectionName)).toEqual(["HR", "Partner"]);
    const [hr, partner] = health;
    expect(hr).toMatchObject({ successes: 0, failures: 0, queueDepth: 0, lastSuccessAt: null, pausedUntil: null, enabled: true });
    expect(partner).toMatchObject({
      connectorTypes: ["scim2", "google"],
      enabled: true,
      successes: 7,
      failures: 4,
      deadLetters: 1,
      queueDepth: 4,
      openDeadLetters: 2,
      lastSuccessAt: new Date("2026-03-10T11:00:00Z"),
      pausedUntil: new Date("2026-03-10T14:30:00Z"),
      pauseError: "connection refused",
    });
    expect(partner!.series).toHaveLength(24);
    expect(partner!.series[0]).toEqual({ at: hour(0), successes: 7, failures: 0, deadLetters: 0, queueDepth: 0 });
    expect(partner!.series[23]).toEqual({ at: hour(23), successes: 0, failures: 4, deadLetters: 1, queueDepth: 4 });
    expect(partner!.series.slice(1, 23).every((p) => p.successes + p.failures + p.queueDepth === 0)).toBe(true);
  });

  it("calls a connection disabled only when none of its connectors would deliver", () => {
    const off = { ...connector("k1", "c1", "Off", true), connectionEnabled: false };
    const [health] = connectionHealth(inputs({ connectors: [off, connector("k2", "c1", "Off", false)] }));
    expect(health!.enabled).toBe(false);
  });
});
