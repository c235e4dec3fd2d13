// Preloaded into instance A (NODE_OPTIONS=--import) by `bench/outbound.ts --sql-stats`: times every better-sqlite3
// statement (run/get/all, and exec for BEGIN/COMMIT/SAVEPOINT) by its SQL text. SIGWINCH writes the cumulative
// counts to <PROVISIO_BENCH_SQL_DIR>/<n>.json; the benchmark takes the difference of two snapshots around a
// measured window. Costs about a microsecond per statement.
import { createRequire } from "node:module";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.PROVISIO_BENCH_SQL_DIR;
if (dir) {
  const require = createRequire(path.join(process.cwd(), "package.json"));
  const Database = require("better-sqlite3");
  const stats = new Map();
  const key = (sql) => sql.replace(/\s+/g, " ").trim().slice(0, 160);
  const record = (k, ms) => {
    const s = stats.get(k) ?? { calls: 0, ms: 0 };
    s.calls++;
    s.ms += ms;
    stats.set(k, s);
  };
  const timed = (k, fn) =>
    function (...args) {
      const t = performance.now();
      try {
        return fn.apply(this, args);
      } finally {
        record(k, performance.now() - t);
      }
    };
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (source, ...rest) {
    const stmt = prepare.call(this, source, ...rest);
    const k = key(source);
    for (const m of ["run", "get", "all"]) stmt[m] = timed(k, stmt[m]);
    return stmt;
  };
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (source) {
    const t = performance.now();
    try {
      return exec.call(this, source);
    } finally {
      record(`exec: ${key(source)}`, performance.now() - t);
    }
  };
  let written = 0;
  process.on("SIGWINCH", () => {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${++written}.json`);
    writeFileSync(`${file}.part`, JSON.stringify(Object.fromEntries(stats)));
    renameSync(`${file}.part`, file);
  });
}
