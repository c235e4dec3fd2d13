import type { Sql } from "../db/sql.ts";
import { config } from "../env.ts";
import { log } from "../log.ts";
import { registerChangeListener } from "../identity/changes.ts";
import { enqueueChange } from "./enqueue.ts";
import { OutboxWorker } from "./worker.ts";

const g = globalThis as typeof globalThis & { __provisioWorker?: OutboxWorker };

/**
 * Starts outbound provisioning in this process: every change to the store queues its outbox rows inside its
 * own transaction, and a worker delivers them.
 */
export function startOutboundProvisioning(sql: Sql): OutboxWorker {
  const settings = config().outbox;
  const worker = new OutboxWorker(sql, settings);
  g.__provisioWorker = worker;
  registerChangeListener(async (tx, change, origin) => {
    await enqueueChange(tx, change, origin);
    // the transaction commits right after this returns; the worker then finds the rows without waiting a poll
    setTimeout(() => worker.wake(), 2);
  });
  worker.start();
  log.info({ outbox: settings }, "outbound provisioning worker started");
  return worker;
}

export function wakeWorker() {
  g.__provisioWorker?.wake();
}
