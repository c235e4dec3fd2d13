// GET /scim2/Users/{id} authenticated with HTTP Basic and with an OAuth 2.0 bearer token, against one production
// server, alternating runs so both see the same machine. Usage: node --import tsx bench/bearer-vs-basic.ts
import autocannon from "autocannon";
import { startProvisio, removeDataDir } from "../e2e/support/provisio.ts";
import { createSql } from "../lib/db/sql.ts";
import { createApplication } from "../lib/identity/applications.ts";
// @ts-expect-error plain ESM script without types
import { buildIfNeeded } from "../scripts/build-if-needed.mjs";

process.env.PROVISIO_SECRET ??= "test-secret-test-secret-test-secret-0123";
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

buildIfNeeded();
const server = await startProvisio({ env: { LOG_LEVEL: "warn" } });
try {
  const basic = "Basic " + Buffer.from("admin:admin").toString("base64");
  const created = await fetch(`${server.baseUrl}/scim2/Users`, {
    method: "POST",
    headers: { authorization: basic, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: [], userName: "bench.reader", emails: [{ value: "r@example.com", primary: true }] }),
  }).then((r) => r.json());
  const sql = createSql(server.databaseUrl);
  const app = await createApplication(sql, { name: "bench", kind: "m2m", scopes: ["internal_user_mgt_view"] }, { name: "bench", channel: "api" });
  await sql.close();
  const token = await fetch(`${server.baseUrl}/oauth2/token`, {
    method: "POST",
    headers: { authorization: "Basic " + Buffer.from(`${app.application.clientId}:${app.clientSecret}`).toString("base64"), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials&scope=internal_user_mgt_view",
  }).then((r) => r.json());
  const bearer = `Bearer ${token.access_token}`;
  const path = `/scim2/Users/${created.id}`;
  const run = async (authorization: string) => {
    const r = await autocannon({ url: server.baseUrl.replace("localhost", "127.0.0.1") + path, connections: 32, duration: DURATION, headers: { authorization } });
    if (r.non2xx) throw new Error(`${r.non2xx} failed requests`);
    return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 };
  };
  await run(basic); // warm-up
  const rows: { basic: Awaited<ReturnType<typeof run>>; bearer: Awaited<ReturnType<typeof run>> }[] = [];
  for (let i = 0; i < ROUNDS; i++) rows.push({ basic: await run(basic), bearer: await run(bearer) });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const b = median(rows.map((r) => r.basic.rps));
  const t = median(rows.map((r) => r.bearer.rps));
  console.table(rows.map((r, i) => ({ round: i + 1, "basic req/s": r.basic.rps, "basic p99": r.basic.p99, "bearer req/s": r.bearer.rps, "bearer p99": r.bearer.p99 })));
  console.log(`median: basic ${b} req/s, bearer ${t} req/s, bearer/basic = ${(t / b).toFixed(2)}`);
} finally {
  await server.stop();
  removeDataDir(server.dataDir);
}
