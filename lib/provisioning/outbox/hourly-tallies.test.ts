import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Sql } from "../../db/sql";
import { testDatabase } from "../../../test/support/test-database";
import { clearOutbox } from "../../../test/support/outbox-fixtures";
import { recordAttempt } from "./attempts";
import { hourlyCounts, recountHourlyTallies, type HourlyCounts } from "./hourly-tallies";

// The hourly counts are kept as attempts are recorded; they must always say what the attempt log says.

let sql: Sql;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ sql, cleanup } = await testDatabase());
});
afterAll(() => cleanup());
beforeEach(() => clearOutbox(sql));
afterEach(() => vi.useRealTimers());

async function record(connectorId: string, status: string, at: string) {
  vi.setSystemTime(new Date(at));
  await sql.transaction((tx) =>
    recordAttempt(tx, {
      eventSeq: 1,
      connectorId,
      connectionName: "Partner",
      connectorType: "scim2",
      entityType: "User",
      entityId: "u1",
      entityName: "u1",
      operation: "create",
      status,
      httpStatus: status === "success" ? 201 : 500,
      durationMs: 3,
      error: null,
      attempt: 1,
      request: "",
      response: "",
    }),
  );
}

const sorted = (counts: HourlyCounts[]) => [...counts].sort((a, b) => a.connectorId.localeCompare(b.connectorId) || a.hour.getTime() - b.hour.getTime());

describe("hourly counts", () => {
  it.each([
    { status: "success", counts: { successes: 1, failures: 0, deadLetters: 0, settled: 1 } },
    { status: "skipped", counts: { successes: 0, failures: 0, deadLetters: 0, settled: 1 } },
    { status: "retrying", counts: { successes: 0, failures: 1, deadLetters: 0, settled: 0 } },
    { status: "dead", counts: { successes: 0, failures: 1, deadLetters: 1, settled: 1 } },
  ])("counts a $status attempt in its hour", async ({ status, counts }) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await record("k1", status, "2026-03-10T14:59:59.999Z");
    expect(await hourlyCounts(sql, new Date("2026-03-10T14:30:00Z"))).toEqual([{ connectorId: "k1", hour: new Date("2026-03-10T14:00:00Z"), ...counts }]);
  });

  it("counts nothing for entries that are no delivery try (held, approved, discarded)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    for (const status of ["held", "approved", "discarded"]) await record("k1", status, "2026-03-10T14:10:00Z");
    expect(await hourlyCounts(sql, new Date("2026-03-10T00:00:00Z"))).toEqual([]);
  });

  it("equals a count of the attempt log, per connector and hour, and reads from the given instant's hour on", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const log: [string, string, string][] = [
      ["k1", "success", "2026-03-10T12:00:00.000Z"],
      ["k1", "success", "2026-03-10T12:59:59.999Z"],
      ["k1", "retrying", "2026-03-10T12:30:00Z"],
      ["k1", "dead", "2026-03-10T13:00:00Z"],
      ["k2", "success", "2026-03-10T13:15:00Z"],
      ["k2", "skipped", "2026-03-10T13:16:00Z"],
      ["k2", "held", "2026-03-10T13:17:00Z"],
      ["k1", "success", "2026-03-10T09:00:00Z"],
    ];
    for (const [connectorId, status, at] of log) await record(connectorId, status, at);
    const kept = sorted(await hourlyCounts(sql, new Date("2026-03-10T12:45:00Z")));
    expect(kept).toEqual([
      { connectorId: "k1", hour: new Date("2026-03-10T12:00:00Z"), successes: 2, failures: 1, deadLetters: 0, settled: 2 },
      { connectorId: "k1", hour: new Date("2026-03-10T13:00:00Z"), successes: 0, failures: 1, deadLetters: 1, settled: 1 },
      { connectorId: "k2", hour: new Date("2026-03-10T13:00:00Z"), successes: 1, failures: 0, deadLetters: 0, settled: 2 },
    ]);
    // counted again from the log alone: the same
    await recountHourlyTallies(sql);
    expect(sorted(await hourlyCounts(sql, new Date("2026-03-10T12:45:00Z")))).toEqual(kept);
    expect(await hourlyCounts(sql, new Date("2026-03-10T00:00:00Z"))).toHaveLength(4);
  });
});
