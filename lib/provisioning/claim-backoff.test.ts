import { describe, expect, it } from "vitest";
import type { Sql } from "../db/sql.ts";
import { OutboxWorker, idleWait } from "./worker.ts";

describe("an outbox worker whose database is unreachable", () => {
  it.each([
    [0, 200],
    [1, 400],
    [2, 800],
    [4, 3_200],
    [5, 5_000],
    [40, 5_000],
  ])("waits after %i failed claims in a row %i ms", (failures, wait) => {
    expect(idleWait(200, failures)).toBe(wait);
  });

  it("claims less and less often instead of every poll", async () => {
    let claims = 0;
    const down = () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    const sql = {
      dialect: "sqlite",
      transaction: () => {
        claims++;
        return down();
      },
      all: down,
      get: down,
      run: down,
      close: async () => undefined,
    } as unknown as Sql;
    const worker = new OutboxWorker(sql, { pollMs: 50, batch: 10, parallel: 4 });
    worker.start();
    await new Promise((r) => setTimeout(r, 1_600));
    await worker.stop();
    // every 50 ms would be 32 claims; doubling waits (100, 200, 400, 800 ms) make about 5
    expect(claims).toBeGreaterThanOrEqual(3);
    expect(claims).toBeLessThanOrEqual(8);
  });
});
