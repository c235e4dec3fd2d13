import { ScimError } from "../scim/errors.ts";
import type { ApiRequest } from "./exchange.ts";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Decodes a request body, refusing bytes that are not UTF-8 (RFC 7644 section 3.1 bodies are UTF-8 JSON):
 * a lenient decoder would store U+FFFD in their place, silently changing what the client sent.
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw ScimError.invalidValue("The request body is not valid UTF-8");
  }
}

/** A Fetch API Request (Next route files) as the handlers' request, with the same strict body decoding as the server's fast path. */
export function strictRequest(request: Request): ApiRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    text: async () => decodeUtf8Strict(new Uint8Array(await request.arrayBuffer())),
  };
}
