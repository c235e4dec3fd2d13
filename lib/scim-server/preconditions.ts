import type { ApiRequest } from "../server/exchange.ts";
import { ScimError } from "../scim/errors.ts";
import { versionsIn } from "./http.ts";

/**
 * If-Match on a write (RFC 7644 section 3.14): the version the client expects, or undefined when it sent none.
 * A mismatch is a 412 before anything is written.
 */
export function expectedVersion(request: ApiRequest, current: number): number | undefined {
  const match = versionsIn(request.headers.get("if-match"));
  if (!match || match.any) return undefined;
  if (!match.versions.includes(current)) throw ScimError.preconditionFailed(`The resource is at version W/"${current}", not ${request.headers.get("if-match")}`);
  return current;
}
