import { db } from "../db/client.ts";

/** GET /api/health: 200 when the database answers, 503 when it does not. */
export async function healthHandler(): Promise<Response> {
  const started = performance.now();
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok", database: "up", latencyMs: Math.round((performance.now() - started) * 10) / 10 });
  } catch {
    return Response.json({ status: "unavailable", database: "down" }, { status: 503 });
  }
}
