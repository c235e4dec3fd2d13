import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import { log } from "../log.ts";

/**
 * Copies the SQLite write-ahead log back into the database file from a thread of its own. Left to SQLite, the
 * commit that takes the log past 1,000 pages runs the checkpoint itself, with an fsync, on the event loop: on the
 * outbound benchmark a commit then took 2 ms on average and 20-30 ms at the 99th percentile, half of all the time
 * the writer spent in SQL. Here the connections never checkpoint (`wal_autocheckpoint = 0`) while a worker runs
 * passive checkpoints, which never wait for or block a reader or the writer. Should the worker fail, the
 * connections go back to checkpointing themselves.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

// a CommonJS script, so that the production bundle needs no file of its own for the thread
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
// a checkpoint that finds the database busy is simply tried again at the next tick, never waited for
const db = new Database(workerData.file, { timeout: 0 });
let timer;
const tick = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    if (err && err.code !== "SQLITE_BUSY" && err.code !== "SQLITE_LOCKED") throw err;
  }
  timer = setTimeout(tick, workerData.everyMs);
};
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearTimeout(timer);
  db.close();
  parentPort.postMessage("stopped");
});
tick();
`;

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export interface CheckpointerOptions {
  /** how often the log is copied back; an idle pass only reads the log's header */
  everyMs?: number;
  /** the driver module the thread loads (better-sqlite3) */
  driver?: string;
}

export function startCheckpointer(file: string, connections: Database.Database[], options: CheckpointerOptions = {}): Checkpointer {
  const driver = options.driver ?? createRequire(import.meta.url).resolve("better-sqlite3");
  const selfCheckpoint = (pages: number) => {
    for (const conn of connections) if (conn.open) conn.pragma(`wal_autocheckpoint = ${pages}`);
  };
  selfCheckpoint(0);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, everyMs: options.everyMs ?? 100 } });
  // the process may end without stopping it: the database is consistent whatever the log holds
  worker.unref();
  let stopping = false;
  let exited = false;
  const fallBack = (why: string, err?: unknown) => {
    if (stopping) return;
    selfCheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT);
    log.warn({ err: err instanceof Error ? { message: err.message } : undefined, file }, `background checkpoints stopped (${why}); SQLite checkpoints on commit again`);
  };
  worker.on("error", (err) => fallBack("the thread failed", err));
  worker.on("exit", (code) => {
    exited = true;
    fallBack(`the thread exited with ${code}`);
  });
  return {
    async stop() {
      if (stopping || exited) return;
      stopping = true;
      const stopped = new Promise<void>((resolve) => {
        worker.once("message", () => resolve());
        worker.once("exit", () => resolve());
      });
      worker.postMessage("stop");
      await stopped;
      await worker.terminate();
    },
  };
}
