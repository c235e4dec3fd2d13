import type { ServerResponse } from "node:http";
import { ScimError, toScimErrorBody } from "../scim/errors.ts";

/**
 * Whether a request target's path holds "." or ".." segments, plain or percent-encoded. URL parsing resolves
 * them (RFC 3986 section 5.2.4), turning `/scim2/Me/<id>/..` into `/scim2/Me`: a request aimed at one resource
 * would act on another, so such paths are refused instead of normalised. Backslashes count as separators,
 * as the WHATWG URL parser treats them for http(s).
 */
export function hasDotSegments(target: string): boolean {
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/, 1)[0];
  return path.split(/[/\\]/).some((segment) => {
    const plain = segment.replace(/%2e/gi, ".");
    return plain === "." || plain === "..";
  });
}

const DOT_SEGMENTS_DETAIL = 'The path holds "." or ".." segments; send the resource\'s own path';
const refusal = JSON.stringify(toScimErrorBody(new ScimError(400, DOT_SEGMENTS_DETAIL)));

/** The server's answer to such a path, in the SCIM error format the machine-facing APIs speak. */
export function refuseDotSegments(res: ServerResponse): void {
  res.writeHead(400, { "content-type": "application/scim+json", "cache-control": "no-store" }).end(refusal);
}
