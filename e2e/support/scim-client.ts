// A SCIM 2.0 client for HTTP tests: the base URL of a started server plus Basic credentials, raw enough to
// send what real clients (and broken ones) send. Admin API answers are checked against the API's OpenAPI document.
import { checkAdminApiResponse, isAdminApiPath } from "./admin-api-contract";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ScimResponse<T = Json> {
  status: number;
  headers: Headers;
  /** parsed JSON when the body is JSON, undefined when empty, the text otherwise */
  body: T;
  text: string;
}

export interface Credentials {
  user: string;
  password: string;
}

/** A body given as a string or bytes goes out as is, so tests can send malformed JSON. */
export type RequestBody = Record<string, unknown> | unknown[] | string | Uint8Array | undefined;

export const SCIM_JSON = "application/scim+json";

export const SCHEMAS = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  custom: "urn:scim:schemas:extension:custom:User",
  role: "urn:ietf:params:scim:schemas:extension:2.0:Role",
  patch: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  list: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  search: "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
  bulkRequest: "urn:ietf:params:scim:api:messages:2.0:BulkRequest",
  bulkResponse: "urn:ietf:params:scim:api:messages:2.0:BulkResponse",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
} as const;

export const basicAuth = (c: Credentials) => `Basic ${Buffer.from(`${c.user}:${c.password}`).toString("base64")}`;

export class ScimClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials: Credentials | null = { user: "admin", password: "admin" },
  ) {}

  /** The same server as another caller; null calls without credentials. */
  as(credentials: Credentials | null): ScimClient {
    return new ScimClient(this.baseUrl, credentials);
  }

  /** A SCIM request; `path` is relative to /scim2 ("/Users?filter=..."). Headers given win over the defaults. */
  scim<T = Json>(method: string, path: string, body?: RequestBody, headers: Record<string, string> = {}): Promise<ScimResponse<T>> {
    return this.request<T>(method, `/scim2${path}`, body, { "content-type": SCIM_JSON, ...headers });
  }

  /** The admin REST API (/api/server/v1/...), JSON with the same credentials. */
  api<T = Json>(method: string, path: string, body?: RequestBody): Promise<ScimResponse<T>> {
    return this.request<T>(method, path, body, { "content-type": "application/json" });
  }

  async request<T = Json>(method: string, path: string, body: RequestBody, headers: Record<string, string>): Promise<ScimResponse<T>> {
    const all: Record<string, string> = { accept: `${SCIM_JSON}, application/json`, ...headers };
    if (this.credentials && !Object.keys(all).some((k) => k.toLowerCase() === "authorization")) all.authorization = basicAuth(this.credentials);
    if (body === undefined) for (const k of Object.keys(all)) if (k.toLowerCase() === "content-type") delete all[k];
    const payload = body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
    const res = await fetch(this.baseUrl + path, { method, headers: all, body: payload as BodyInit | undefined, redirect: "manual" });
    const text = await res.text();
    let parsed: unknown = text === "" ? undefined : text;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the text itself is the body, and the test decides whether that is acceptable
      }
    }
    if (isAdminApiPath(path)) checkAdminApiResponse(method, path, { status: res.status, headers: res.headers, text });
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }
}

/** The id at the end of a Location header or meta.location. */
export const idFrom = (location: string) => location.slice(location.lastIndexOf("/") + 1);

/** A SCIM request to a server as its administrator. */
export const scimAsAdmin = (baseUrl: string, method: string, path: string, body?: RequestBody) => new ScimClient(baseUrl).scim(method, path, body);

/** The user of that name at a server, or undefined. */
export async function userAt(server: { baseUrl: string }, userName: string): Promise<Json | undefined> {
  const found = await scimAsAdmin(server.baseUrl, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  return found.body.Resources?.[0];
}

/** How many users at a server match a SCIM filter. */
export async function countUsersAt(server: { baseUrl: string }, filter: string): Promise<number> {
  return (await scimAsAdmin(server.baseUrl, "GET", `/Users?count=0&filter=${encodeURIComponent(filter)}`)).body.totalResults as number;
}
