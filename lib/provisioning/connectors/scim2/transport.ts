import { z } from "zod";
import { ConnectorError, type RemoteResult } from "../types.ts";
import type { AuthProvider } from "./auth.ts";
import { fetchExchange, httpError, type Exchange, type FetchLike } from "./http.ts";
import { withRetryAfter } from "../retry-after.ts";

export interface TransportOptions {
  auth: AuthProvider;
  timeoutMs: number;
  /** media type of request bodies: application/scim+json for SCIM 2.0, application/json for SCIM 1.1 */
  contentType: string;
  /** configured secret values, masked in every summary */
  secrets: readonly (string | undefined)[];
  fetch?: FetchLike | undefined;
}

export interface ScimReply {
  exchange: Exchange;
  /** the parsed body; undefined when the remote sent none */
  body: unknown;
}

export const createdResource = z.looseObject({ id: z.string().min(1) });

/** An update answer: RFC 7644 wants the resource back, but some servers answer 204. */
export const updatedResource = z.union([z.undefined(), z.looseObject({})]);

/** One SCIM endpoint conversation: authentication (with one fresh-token retry on 401), status and body checks. */
export class ScimTransport {
  constructor(private readonly options: TransportOptions) {}

  /** POST to a collection; the new resource's id comes from the answer. Same for SCIM 1.1 and 2.0. */
  async create(endpoint: string, what: string, body: unknown, extraSecrets: readonly (string | undefined)[] = []): Promise<RemoteResult> {
    const reply = await this.send("POST", endpoint, what, body, extraSecrets);
    return remoteResult(reply, expectBody(reply, createdResource, what).id);
  }

  /** PUT or PATCH to a resource; the answer is the resource or nothing. */
  async update(
    method: "PUT" | "PATCH",
    endpoint: string,
    remoteId: string,
    what: string,
    body: unknown,
    extraSecrets: readonly (string | undefined)[] = [],
    headers: Record<string, string> = {},
  ): Promise<RemoteResult> {
    const reply = await this.send(method, resourceUrl(endpoint, remoteId), what, body, extraSecrets, false, headers);
    expectBody(reply, updatedResource, what);
    return remoteResult(reply, remoteId);
  }

  async remove(endpoint: string, remoteId: string, what: string): Promise<RemoteResult> {
    return remoteResult(await this.send("DELETE", resourceUrl(endpoint, remoteId), what), remoteId);
  }

  /**
   * One request with authentication (and one fresh-token retry on 401), whatever the status: for callers that
   * judge the status themselves, such as the capability probe.
   */
  async exchange(method: string, url: string, what: string, body?: unknown, extraSecrets: readonly (string | undefined)[] = [], headers: Record<string, string> = {}): Promise<Exchange> {
    const secrets = [...this.options.secrets, ...extraSecrets];
    const text = body === undefined ? undefined : JSON.stringify(body);
    const attempt = async (authorization: string) =>
      fetchExchange(
        {
          method,
          url,
          headers: {
            authorization,
            accept: "application/scim+json, application/json",
            ...(text !== undefined ? { "content-type": this.options.contentType } : {}),
            ...headers,
          },
          body: text,
          timeoutMs: this.options.timeoutMs,
          secrets,
          fetch: this.options.fetch,
        },
        what,
      );
    let used = await this.options.auth.authorization();
    let exchange = await attempt(used);
    // a token may be revoked or expire early at the resource server: one fresh token, then the 401 stands
    if (exchange.status === 401 && this.options.auth.invalidate(used)) {
      used = await this.options.auth.authorization();
      exchange = await attempt(used);
    }
    return exchange;
  }

  /** `ignoreBody` for answers whose content does not matter (DELETE): some servers send text there. */
  async send(
    method: string,
    url: string,
    what: string,
    body?: unknown,
    extraSecrets: readonly (string | undefined)[] = [],
    ignoreBody = method === "DELETE",
    headers: Record<string, string> = {},
  ): Promise<ScimReply> {
    const secrets = [...this.options.secrets, ...extraSecrets];
    const exchange = await this.exchange(method, url, what, body, extraSecrets, headers);
    if (!exchange.ok) throw withRetryAfter(httpError(exchange, what, secrets), exchange.headers);
    return parsedReply(exchange, url, what, ignoreBody);
  }
}

/** The JSON body of a 2xx answer. */
export function parsedReply(exchange: Exchange, url: string, what: string, ignoreBody = false): ScimReply {
  if (ignoreBody || !exchange.text.trim()) return { exchange, body: undefined };
  try {
    return { exchange, body: JSON.parse(exchange.text) };
  } catch {
    // the call may have taken effect; a blind retry could duplicate it, so this waits for a person
    throw new ConnectorError(`${what}: remote returned malformed JSON (HTTP ${exchange.status} from ${new URL(url).host})`, {
      httpStatus: exchange.status,
      retryable: false,
      request: exchange.request,
      response: exchange.response,
    });
  }
}

/** Checks a 2xx body against what the operation needs; a mismatch means a misbehaving remote, not a transient fault. */
export function expectBody<T>(reply: ScimReply, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(reply.body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
  throw new ConnectorError(`${what}: remote returned an unexpected response (HTTP ${reply.exchange.status}): ${issues}`, {
    httpStatus: reply.exchange.status,
    retryable: false,
    request: reply.exchange.request,
    response: reply.exchange.response,
  });
}

export function remoteResult(reply: ScimReply, remoteId?: string): RemoteResult {
  return {
    ...(remoteId !== undefined ? { remoteId } : {}),
    httpStatus: reply.exchange.status,
    request: reply.exchange.request,
    response: reply.exchange.response,
  };
}

/** `{endpoint}/{id}` with the id percent-encoded, whatever the endpoint's trailing slash. */
export function resourceUrl(endpoint: string, id: string): string {
  return `${endpoint.replace(/\/+$/, "")}/${encodeURIComponent(id)}`;
}

export function filterUrl(endpoint: string, filter: string): string {
  const url = new URL(endpoint);
  url.searchParams.set("filter", filter);
  return url.toString().replace(/\+/g, "%20");
}
