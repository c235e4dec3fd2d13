import { db } from "../db/client.ts";
import { jsonReply, type ApiReply } from "./exchange.ts";

/** GET /api/health: 200 when the database answers, 503 when it does not. */
export async function healthHandler(): Promise<ApiReply> {
  const started = performance.now();
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return jsonReply(200, { status: "ok", database: "up", latencyMs: Math.round((performance.now() - started) * 10) / 10 }, "application/json");
  } catch {
    return jsonReply(503, { status: "unavailable", database: "down" }, "application/json");
  }
}
