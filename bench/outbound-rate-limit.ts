// Benchmark of outbound request limits: the end-to-end delivery rate from a production Provisio server (A, SQLite)
// to a local SCIM 2.0 target held to 50 requests a second, three ways:
//
//   limit   the connection's "Maximum requests per second" is 50; the target takes everything
//   429     no limit at A; the target answers 429 with Retry-After: 1 beyond 50 requests in any second
//   both    the limit at A and the 429s at the target: the limit keeps A under the target's threshold
//
//   node --import tsx bench/outbound-rate-limit.ts [--users 1000] [--rate 50] [--only limit,429,both]
//
// Each scenario queues its creates in one SCIM bulk request to A and times their arrival at the target. Everything
// talks to 127.0.0.1 only. See bench/README.md, "Outbound request limits".
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { removeDataDir, startProvisio } from "../e2e/support/provisio.ts";
import { provisionTo } from "../e2e/support/outbound-setup.ts";
import { startThrottlingTarget, type ThrottlingTarget } from "../e2e/support/throttling-target.ts";
import { AUTH, BULK_SCHEMA, call, ensureBuild, log, root, sleep, userBody } from "./outbound-support.ts";
import { codeVersion, machine } from "./host.ts";

process.chdir(root);
const { values: opts } = parseArgs({
  options: {
    users: { type: "string", default: "1000" },
    rate: { type: "string", default: "50" },
    only: { type: "string", default: "limit,429,both" },
  },
});
const USERS = Number(opts.users);
const RATE = Number(opts.rate);
const only = new Set(opts.only.split(","));

interface Figures {
  scenario: string;
  users: number;
  /** from the first to the last create accepted by the target */
  seconds: number;
  /** creates accepted by the target per second over that span */
  perSecond: number;
  /** the same once A had every create queued (from the bulk request's answer to the last create): the limit's own rate */
  queuedPerSecond: number;
  /** how long A took to take the bulk request, queueing the creates as it went */
  bulkSeconds: number;
  /** the most and fewest creates accepted in one whole second of the span */
  busiestSecond: number;
  quietestSecond: number;
  refused429: number;
  lost: number;
}

function figures(scenario: string, target: ThrottlingTarget, bulkDone: number, bulkSeconds: number): Figures {
  const accepted = target.log.filter((l) => l.status === 0 && l.method === "POST").map((l) => l.at);
  const first = accepted[0]!;
  const last = accepted[accepted.length - 1]!;
  const seconds = (last - first) / 1000;
  const buckets = new Map<number, number>();
  for (const at of accepted) buckets.set(Math.floor((at - first) / 1000), (buckets.get(Math.floor((at - first) / 1000)) ?? 0) + 1);
  // the last second is partial
  const whole = [...buckets].filter(([s]) => s < Math.floor(seconds)).map(([, n]) => n);
  const afterBulk = accepted.filter((at) => at > bulkDone);
  return {
    scenario,
    users: USERS,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Number(((accepted.length - 1) / seconds).toFixed(1)),
    queuedPerSecond: Number((afterBulk.length / ((last - bulkDone) / 1000)).toFixed(1)),
    bulkSeconds: Number(bulkSeconds.toFixed(2)),
    busiestSecond: Math.max(...whole),
    quietestSecond: Math.min(...whole),
    refused429: target.refused(),
    lost: USERS - target.fake.users.size,
  };
}

async function scenario(name: string, limitAtA: boolean, targetLimit: number | undefined): Promise<Figures> {
  log(`scenario ${name}: ${USERS} creates, ${limitAtA ? `A limited to ${RATE}/s` : "no limit at A"}, ${targetLimit ? `target 429 beyond ${targetLimit}/s` : "target unlimited"}`);
  const a = await startProvisio({ env: { LOG_LEVEL: "warn" } });
  const target = await startThrottlingTarget(targetLimit ?? Number.MAX_SAFE_INTEGER, 1);
  try {
    const { connectionId } = await provisionTo(a, { baseUrl: target.fake.origin }, { name: `bench-${name}` });
    if (limitAtA) {
      const res = await fetch(`${a.baseUrl}/api/server/v1/identity-providers/${connectionId}/provisioning/outbound-policy`, {
        method: "PUT",
        headers: { authorization: AUTH, "content-type": "application/json" },
        body: JSON.stringify({ maxRequestsPerSecond: RATE }),
      });
      if (!res.ok) throw new Error(`setting the limit: ${res.status} ${await res.text()}`);
    }
    // the provisioner was written behind the server's back: it is picked up within the cache period
    await sleep(3500);
    const Operations = Array.from({ length: USERS }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `b${i}`, data: userBody(`rate.${name}.${i}`, i) }));
    const bulk = await call(a.baseUrl, "POST", "/scim2/Bulk", { schemas: [BULK_SCHEMA], Operations });
    const bulkDone = Date.now();
    if (bulk.status !== 200) throw new Error(`bulk: ${bulk.status} ${bulk.body.slice(0, 300)}`);
    const deadline = Date.now() + (USERS / Math.min(RATE, targetLimit ?? RATE)) * 3000 + 60_000;
    while (target.fake.users.size < USERS && Date.now() < deadline) await sleep(200);
    const f = figures(name, target, bulkDone, bulk.ms / 1000);
    log(
      `  ${f.perSecond}/s over ${f.seconds} s, ${f.queuedPerSecond}/s once queued (bulk took ${f.bulkSeconds} s) (seconds between ${f.quietestSecond} and ${f.busiestSecond}), ${f.refused429} answered 429, ${f.lost} lost`,
    );
    return f;
  } finally {
    await a.stop();
    removeDataDir(a.dataDir);
    await target.fake.close();
  }
}

await ensureBuild(process.env.PROVISIO_NEXT_DIST ?? ".next");
const results: Figures[] = [];
if (only.has("limit")) results.push(await scenario("limit", true, undefined));
if (only.has("429")) results.push(await scenario("429", false, RATE));
if (only.has("both")) results.push(await scenario("both", true, RATE));

console.log(
  "\n| Scenario | Creates | Bulk at A (s) | Span at target (s) | Delivered/s overall | Delivered/s once queued | Busiest second | Quietest second | 429 answers | Lost |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
);
for (const f of results)
  console.log(`| ${f.scenario} | ${f.users} | ${f.bulkSeconds} | ${f.seconds} | ${f.perSecond} | ${f.queuedPerSecond} | ${f.busiestSecond} | ${f.quietestSecond} | ${f.refused429} | ${f.lost} |`);
const dir = path.join(root, "bench/results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `outbound-rate-limit-${new Date().toISOString().slice(0, 10)}${USERS !== 1000 || RATE !== 50 ? "-partial" : ""}.json`);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), settings: { users: USERS, rate: RATE }, code: codeVersion(), machine: machine(), results }, null, 2));
log(`wrote ${path.relative(root, file)}`);
