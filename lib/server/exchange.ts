/**
 * The request and reply shapes of the machine-facing APIs (SCIM 2.0, SCIM 1.1, health). They are the part of
 * the Fetch API's Request the handlers read, and a plain reply: the production server fills and writes them
 * straight from and to Node's http objects (building WHATWG Request/Response objects per request cost a
 * quarter of a GET's time), while Next route files pass a real Request and convert the reply.
 */
export interface ApiRequest {
  readonly method: string;
  /** absolute URL */
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface ApiReply {
  status: number;
  /** lower-case names */
  headers: Record<string, string>;
  body?: string;
}

export function reply(status: number, body?: string, headers: Record<string, string> = {}): ApiReply {
  return { status, headers, body };
}

export function jsonReply(status: number, value: unknown, contentType: string, headers: Record<string, string> = {}): ApiReply {
  return { status, headers: { "content-type": contentType, ...headers }, body: JSON.stringify(value) };
}

/** A request made in-process (a Bulk operation, a test): same shape as one that came over the wire. */
export function apiRequest(method: string, url: string, headers: Record<string, string> = {}, body?: string): ApiRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, url, headers: { get: (name) => lower[name.toLowerCase()] ?? null }, text: async () => body ?? "" };
}

export function toWebResponse(r: ApiReply): Response {
  return new Response(r.body ?? null, { status: r.status, headers: r.headers });
}
