// Where one request's time goes, statement by statement: seeds a fresh database (SQLite, or a private PostgreSQL
// cluster), then answers SCIM requests in-process through handleScim with an executor that times every SQL
// statement, and prints the last of several repetitions (the first ones pay for caches and JIT).
//
//   node --import tsx bench/trace.ts sqlite|postgres [--users 100000] [--repeat 5]
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { createSql, type Sql, type SqlExecutor, type SqlParam } from "../lib/db/sql.ts";
import { startPostgres, type PostgresCluster } from "../e2e/support/postgres.ts";
import { prepareDatabase, seedUsers } from "./seed.ts";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
process.env.LOG_LEVEL ??= "warn";

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { users: { type: "string", default: "100000" }, repeat: { type: "string", default: "5" } },
});
const dialect = positionals[0];
if (dialect !== "sqlite" && dialect !== "postgres") {
  console.error("usage: node --import tsx bench/trace.ts sqlite|postgres [--users N] [--repeat N]");
  process.exit(2);
}
const USERS = Number(opts.users);
const REPEAT = Number(opts.repeat);
const BASE = "http://localhost:3000";
const AUTH = `Basic ${Buffer.from("admin:admin").toString("base64")}`;

interface Statement {
  text: string;
  ms: number;
}
let statements: Statement[] = [];

function timed(exec: SqlExecutor): SqlExecutor {
  const wrap =
    <R>(call: (text: string, params?: SqlParam[]) => Promise<R>) =>
    async (text: string, params?: SqlParam[]): Promise<R> => {
      const started = performance.now();
      try {
        return await call(text, params);
      } finally {
        statements.push({ text, ms: performance.now() - started });
      }
    };
  return {
    dialect: exec.dialect,
    state: exec.state,
    all: wrap((t, p) => exec.all(t, p)) as SqlExecutor["all"],
    get: wrap((t, p) => exec.get(t, p)) as SqlExecutor["get"],
    run: wrap((t, p) => exec.run(t, p)),
  };
}

async function main() {
  let cluster: PostgresCluster | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "provisio-trace-"));
  let sql: Sql | undefined;
  try {
    let url = `file:${path.join(dir, "provisio.db")}`;
    if (dialect === "postgres") {
      cluster = await startPostgres();
      url = await cluster.createDatabase("provisio_trace");
    }
    await prepareDatabase(url);
    const seed = await seedUsers(url, USERS);
    // the handlers read configuration (base URL, dialect) from the environment
    process.env.DATABASE_URL = url;
    process.env.PROVISIO_DATA_DIR = dir;
    const { handleScim } = await import("../lib/scim-server/router.ts");
    const { apiRequest } = await import("../lib/server/exchange.ts");
    const base = createSql(url);
    sql = { ...timed(base), transaction: (work) => base.transaction((tx) => work(timed(tx))), close: () => base.close() };

    let n = 0;
    const user = (prefix: string) => ({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `${prefix}.${Date.now()}.${n++}`,
      name: { givenName: "Trace", familyName: "User" },
      emails: [{ value: `t${n}@example.com`, type: "work", primary: true }],
    });
    const extra: string[] = [];
    const requests: Array<[string, string, () => unknown]> = [
      ["GET", `/Users/${seed.sampleIds[500]}`, () => undefined],
      ["GET", `/Users?filter=${encodeURIComponent(`userName eq "${seed.sampleUserNames[700]}"`)}`, () => undefined],
      ["GET", `/Users?sortBy=userName&count=100&startIndex=${Math.floor(USERS / 2)}`, () => undefined],
      ["POST", "/Users", () => user("trace")],
      ["PATCH", `/Groups/${seed.groupId}`, () => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "members", value: [{ value: extra.shift() }] }] })],
    ];
    // users outside the big group, for the PATCH repetitions
    for (let i = 0; i < REPEAT; i++) {
      const r = await handleScim(apiRequest("POST", `${BASE}/scim2/Users`, { authorization: AUTH, "content-type": "application/scim+json" }, JSON.stringify(user("member"))), { sql, baseUrl: BASE });
      extra.push((JSON.parse(r.body ?? "{}") as { id: string }).id);
    }
    for (const [method, p, body] of requests) {
      let last = { status: 0, bytes: 0, ms: 0, statements: [] as Statement[] };
      for (let i = 0; i < REPEAT; i++) {
        statements = [];
        const payload = body();
        const started = performance.now();
        const res = await handleScim(
          apiRequest(method, `${BASE}/scim2${p}`, { authorization: AUTH, "content-type": "application/scim+json" }, payload === undefined ? undefined : JSON.stringify(payload)),
          { sql, baseUrl: BASE },
        );
        const text = res.body ?? "";
        last = { status: res.status, bytes: text.length, ms: performance.now() - started, statements };
      }
      const inSql = last.statements.reduce((a, s) => a + s.ms, 0);
      // statements started together (Promise.all) overlap, so on PostgreSQL their sum can exceed the request's time
      console.log(`\n${method} ${decodeURIComponent(p)} -> ${last.status}, ${last.bytes} B, ${last.ms.toFixed(2)} ms; ${last.statements.length} statements, ${inSql.toFixed(2)} ms summed`);
      for (const s of last.statements)
        console.log(
          `  ${s.ms.toFixed(2).padStart(8)} ms  ${s.text
            .replace(/\s+/g, " ")
            .replace(/(\?, ){4,}\?/g, "?, …")
            .slice(0, 200)}`,
        );
    }
  } finally {
    await sql?.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
