import { ConnectorError } from "./types.ts";

/**
 * RFC 9110 section 10.2.3 `Retry-After`: delay-seconds or an HTTP-date. Any connector whose target answers 429 or
 * 503 reads it here, so the engine holds the whole target for as long as the target asked.
 */

/** A target asking for longer than this is held this long, then probed: a typo or a clock far off must not stall it for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * Milliseconds to wait from `now`, or undefined when the header is absent or not understood. A date in the
 * past means "now" (0); larger values are capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Number(text) * 1000);
  // an HTTP-date always names its weekday and a time; plain numbers with signs or fractions are not allowed
  if (!/^[A-Za-z]{3}/.test(text) || !/\d{1,2}:\d{2}:\d{2}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now.getTime()));
}

const ASKS_TO_WAIT = new Set([429, 503]);

/** The error with the wait a 429 or 503 answer asked for, when it asked for one it could read. */
export function withRetryAfter(err: ConnectorError, headers: Pick<Headers, "get">, now: Date = new Date()): ConnectorError {
  if (err.options.httpStatus === undefined || !ASKS_TO_WAIT.has(err.options.httpStatus)) return err;
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfterMs === undefined) return err;
  const copy = new ConnectorError(err.message, { ...err.options, retryAfterMs });
  copy.stack = err.stack;
  return copy;
}
