import { randomBytes, randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();

let lastMs = 0;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): the millisecond first, then a counter within the millisecond, then random bits.
 * Ids of one instance sort in the order they were made, so rows written within the same millisecond (several audit
 * events of one request) still read back newest first when a log orders by (at, id).
 */
export function timeOrderedId(ms: number = Date.now()): string {
  if (ms === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = ms;
    sequence = 0;
  }
  const random = randomBytes(8);
  random[0] = (random[0]! & 0x3f) | 0x80; // the RFC 4122 variant
  const hex = ms.toString(16).padStart(12, "0") + "7" + sequence.toString(16).padStart(3, "0") + random.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
