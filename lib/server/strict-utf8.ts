import { ScimError } from "../scim/errors.ts";
import type { ApiRequest } from "./exchange.ts";
import { TEXT_PROBLEM_MESSAGE, textProblemIn } from "./text-checks.ts";

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const NOT_UTF8 = "The request body is not valid UTF-8";

/**
 * Decodes a request body, refusing bytes that are not UTF-8 (RFC 7644 section 3.1 bodies are UTF-8 JSON):
 * a lenient decoder would store U+FFFD in their place, silently changing what the client sent.
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  const text = decodeOrUndefined(bytes);
  if (text === undefined) throw ScimError.invalidValue(NOT_UTF8);
  return text;
}

function decodeOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
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

/** Why a JSON request body cannot be taken as it is, or undefined when it can. */
function jsonBodyProblem(bytes: Uint8Array): string | undefined {
  const text = decodeOrUndefined(bytes);
  if (text === undefined) return NOT_UTF8;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // the handler's own parse reports malformed JSON in its usual words
    return undefined;
  }
  const problem = textProblemIn(parsed);
  return problem ? TEXT_PROBLEM_MESSAGE[problem] : undefined;
}

/**
 * The console and admin API bodies under the same rule as SCIM's: text that is not Unicode is refused,
 * never stored with U+FFFD in its place. Returns a request the handler can read again, and the refusal
 * when there is one.
 */
export async function checkedJsonRequest(req: Request): Promise<{ request: Request; problem?: string }> {
  if (req.method === "GET" || req.method === "HEAD" || !req.body) return { request: req };
  const bytes = new Uint8Array(await req.arrayBuffer());
  const problem = jsonBodyProblem(bytes);
  return { request: new Request(req.url, { method: req.method, headers: req.headers, body: bytes }), problem };
}
