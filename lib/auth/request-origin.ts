/**
 * Cross-site request forgery defence for state-changing API requests, from the headers browsers add by
 * themselves: Origin (sent on every cross-origin request and on every same-origin POST, PUT, PATCH, DELETE)
 * and Sec-Fetch-Site. "Same site" is not enough: another port or subdomain of the host is another origin,
 * and SameSite=Lax cookies travel with its requests. The only accepted origin is the configured base URL's.
 */
export interface OriginCheckRequest {
  readonly method: string;
  readonly headers: { get(name: string): string | null };
}

export interface OriginRefusal {
  status: 403 | 415;
  code: "forbidden" | "unsupported_media_type";
  message: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheckOptions {
  /**
   * The request is authenticated by something the browser attaches on its own (the session cookie): then it
   * must prove it comes from our pages (a browser always sends Origin or Sec-Fetch-Site on these methods) and
   * carry JSON, which a page of another origin cannot send without a CORS preflight we never grant.
   */
  ambientCredentials: boolean;
}

export function refuseForeignOrigin(request: OriginCheckRequest, expectedOrigin: string, options: OriginCheckOptions): OriginRefusal | undefined {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  const foreign: OriginRefusal = { status: 403, code: "forbidden", message: "Requests from other sites are not accepted" };
  // "null" (sandboxed frames, some redirects) never equals a real origin, so it is refused here too
  if (origin !== null && origin !== expectedOrigin) return foreign;
  if (site !== null && site !== "same-origin") return foreign;
  if (!options.ambientCredentials) return undefined;
  if (origin === null && site === null) return { ...foreign, message: "The request does not show that it comes from the console" };
  if (hasBody(request) && !isJson(request.headers.get("content-type"))) {
    return { status: 415, code: "unsupported_media_type", message: "The request body must be application/json" };
  }
  return undefined;
}

function hasBody(request: OriginCheckRequest): boolean {
  const length = request.headers.get("content-length");
  return request.headers.get("transfer-encoding") !== null || (length !== null && length.trim() !== "0") || request.headers.get("content-type") !== null;
}

function isJson(contentType: string | null): boolean {
  return contentType?.split(";", 1)[0].trim().toLowerCase() === "application/json";
}
