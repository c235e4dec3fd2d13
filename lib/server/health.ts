import type { SqlExecutor } from "../db/sql.ts";
import { jsonReply, type ApiReply } from "./exchange.ts";

/** GET /api/health: 200 when the database answers (through the pool that serves every request), 503 when it does not. */
export async function healthHandler(sql: SqlExecutor): Promise<ApiReply> {
  const started = performance.now();
  try {
    await sql.get('SELECT 1 AS "one"');
    return jsonReply(200, { status: "ok", database: "up", latencyMs: Math.round((performance.now() - started) * 10) / 10 }, "application/json");
  } catch {
    return jsonReply(503, { status: "unavailable", database: "down" }, "application/json");
  }
}
