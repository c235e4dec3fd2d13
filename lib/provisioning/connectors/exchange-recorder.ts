import { AsyncLocalStorage } from "node:async_hooks";

/** One HTTP request a connector sent and what came back, secrets masked as in the provisioning log. */
export interface RecordedExchange {
  method: string;
  /** without user info */
  url: string;
  /** the request's headers; credentials show only their scheme */
  headers: Record<string, string>;
  /** the log's summaries: start line, then the body (masked, cut at the log's limit) */
  request: string;
  response: string;
  /** absent when no HTTP answer came */
  status?: number;
  /** why no answer came (refused, timed out, TLS) */
  error?: string;
  durationMs: number;
}

export type ExchangeRecorder = (exchange: RecordedExchange) => void;

// The server's worker and Next's bundles load separate copies of this module, and a connector client cached by one
// is used by the other: one store for the process, found by a registered symbol, so a recorder set by either copy
// sees the requests of clients built by both.
const STORE = Symbol.for("provisio.exchangeRecorder");
const holder = globalThis as typeof globalThis & { [STORE]?: AsyncLocalStorage<ExchangeRecorder> };
const current = (holder[STORE] ??= new AsyncLocalStorage<ExchangeRecorder>());

/**
 * Runs a delivery while `recorder` hears every request its connector sends. Connector clients are cached and
 * shared by concurrent deliveries, so the recorder follows this call's async context rather than the client.
 */
export function recordingExchanges<T>(recorder: ExchangeRecorder, work: () => Promise<T>): Promise<T> {
  return current.run(recorder, work);
}

/** Called by the HTTP layer after each request; nothing happens outside `recordingExchanges`. */
export function noteExchange(exchange: RecordedExchange): void {
  current.getStore()?.(exchange);
}

/** Whether anyone listens: the HTTP layer skips building the record otherwise. */
export const isRecording = (): boolean => current.getStore() !== undefined;
