import { OPERATIONS, type SpmlOperation } from "./messages.ts";
import type { SpmlReply } from "./responses.ts";

/** How the engine should take a refused request: retry it, re-create or call it gone, link, or wait for a person. */
export interface Refusal {
  message: string;
  retryable: boolean;
  notFound?: boolean;
  conflict?: boolean;
}

/**
 * SPML 2.0's error codes (core schema, ErrorCode) that say the request itself cannot succeed as sent: sending it
 * again would get the same answer. "resultSetToLarge" is the schema's own spelling; the specification's text
 * spells it "resultSetTooLarge".
 */
const PERMANENT_ERRORS = new Set([
  "malformedRequest",
  "unsupportedOperation",
  "unsupportedIdentifierType",
  "unsupportedExecutionMode",
  "invalidContainment",
  "noSuchRequest",
  "unsupportedSelectionType",
  "resultSetToLarge",
  "resultSetTooLarge",
  "unsupportedProfile",
  "invalidIdentifier",
  "containerNotEmpty",
]);

/** Error codes meaning the provider lacks what a search needs, so no existing user can be found this way. */
export const SEARCH_UNSUPPORTED = new Set(["unsupportedOperation", "unsupportedProfile", "unsupportedSelectionType", "unsupportedExecutionMode"]);

const words = (messages: readonly string[]) => (messages.length ? `: ${messages.join("; ").slice(0, 300)}` : "");

/**
 * Judges a provider's reply to one request; undefined when it succeeded. `expectedRequestId` is what the request
 * sent: an answer naming another request belongs to someone else.
 */
export function judgeReply(reply: SpmlReply, operation: SpmlOperation, expectedRequestId: string): Refusal | undefined {
  const element = OPERATIONS[operation].response;
  if (reply.kind === "fault") {
    // the provider could not or would not process the envelope: the same envelope would meet the same fault
    return { message: `SOAP fault ${reply.faultCode}: ${reply.faultString.slice(0, 300)}`, retryable: false };
  }
  if (reply.requestId !== undefined && reply.requestId !== expectedRequestId) {
    return { message: `${element} answers request ${JSON.stringify(reply.requestId)}, not the one sent (${expectedRequestId})`, retryable: false };
  }
  if (reply.status === "success") return undefined;
  if (reply.status === "pending") {
    // requests are sent synchronous; a provider that queues anyway leaves the outcome unknown here
    return { message: `${element} status "pending" to a synchronous request: the outcome is unknown; check the object at the target`, retryable: false };
  }
  const code = reply.error;
  const said = `${element} status "failure"${code ? ` error "${code}"` : ""}${words(reply.errorMessages)}`;
  if (code === "alreadyExists") return { message: said, retryable: false, conflict: true };
  if (code === "noSuchIdentifier") return { message: said, retryable: false, notFound: true };
  if (code && PERMANENT_ERRORS.has(code)) return { message: said, retryable: false };
  // customError, or no code: the provider did not say the request is at fault (a backend may be down), and a
  // failed SPML request took no effect, so sending it again a few times is safe
  return { message: said, retryable: true };
}
