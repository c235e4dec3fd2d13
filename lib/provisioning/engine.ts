import type { Sql, SqlExecutor } from "../db/sql.ts";
import type { Config } from "../env.ts";
import { log } from "../log.ts";
import { registerChangeListener } from "../identity/changes.ts";
import { enqueueChange } from "./enqueue.ts";
import { OutboxWorker } from "./worker.ts";

/**
 * Starts outbound provisioning in this process: every change to the store queues its outbox rows inside its
 * own transaction, and a worker delivers them.
 */
export function startOutboundProvisioning(sql: Sql, settings: Config["outbox"]): OutboxWorker {
  const worker = new OutboxWorker(sql, settings);
  sql.state.wakeWorker = () => worker.wake();
  registerChangeListener(sql, async (tx, change, origin) => {
    await enqueueChange(tx, change, origin);
    // the transaction commits right after this returns; the worker then finds the rows without waiting a poll
    setTimeout(() => worker.wake(), 2);
  });
  worker.start();
  log.info({ outbox: settings }, "outbound provisioning worker started");
  return worker;
}

/** Asks this instance's worker, if one runs, to look for due changes now. */
export function wakeWorker(sql: SqlExecutor) {
  sql.state.wakeWorker?.();
}
