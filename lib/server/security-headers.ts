/**
 * Headers every answer carries, set once by the server before any handler runs (Next's pages and route
 * handlers, the SCIM fast path, the OAuth provider), so no route can forget them.
 *
 * The script policy allows 'self' and inline scripts: Next's production pages bootstrap with inline scripts
 * and carry no nonce unless every page is rendered per request with one; 'unsafe-inline' keeps other origins'
 * scripts, eval, plugins and <base> hijacking out. oidc-provider adds the hash of its own inline form_post
 * script to script-src, which browsers then prefer to 'unsafe-inline'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  // clickjacking: no page of ours may be framed, by anyone (X-Frame-Options for older browsers)
  "frame-ancestors 'none'",
].join("; ");

// answers of these carry identity data (users, groups, sessions, secrets' metadata): never kept by any cache
const NO_STORE_PREFIXES = ["/api/", "/scim2", "/wso2/scim", "/services/"];

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

export interface SecurityHeaders {
  /** the headers for a request path (no query string) */
  forPath(path: string): HeaderList;
}

export function securityHeaders(baseUrl: string): SecurityHeaders {
  const common: Array<[string, string]> = [
    ["content-security-policy", CONTENT_SECURITY_POLICY],
    ["x-frame-options", "DENY"],
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "no-referrer"],
  ];
  // HSTS only means something over https, and a browser must never learn it for a plain-http deployment
  if (new URL(baseUrl).protocol === "https:") common.push(["strict-transport-security", "max-age=31536000"]);
  const identityData: HeaderList = [...common, ["cache-control", "no-store"]];
  return {
    forPath(path) {
      return NO_STORE_PREFIXES.some((p) => path.startsWith(p)) ? identityData : common;
    },
  };
}
