import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

/**
 * An in-memory SCIM service provider on 127.0.0.1 for connector tests, speaking the wire format of SCIM 2.0
 * (/scim2, RFC 7644 errors, PATCH) or of WSO2's SCIM 1.1 (/wso2/scim, {"Errors": [...]}, PUT only, 404 for an
 * empty filter result), with an OAuth 2.0 client credentials token endpoint at /token.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  json: any;
}

export type Interceptor = (req: RecordedRequest, res: ServerResponse) => boolean;

export interface FakeScimServerOptions {
  version: "2.0" | "1.1";
  basic?: { username: string; password: string };
  client?: { clientId: string; clientSecret: string; expiresIn?: number };
}

export interface FakeScimServer {
  origin: string;
  userEndpoint: string;
  groupEndpoint: string;
  tokenEndpoint: string;
  requests: RecordedRequest[];
  users: Map<string, Record<string, any>>;
  groups: Map<string, Record<string, any>>;
  /** bearer tokens the resource endpoints accept */
  validTokens: Set<string>;
  issuedTokens: string[];
  /** answers the next requests it returns true for, ahead of the normal handling; removed after one use when `once` */
  intercept(fn: Interceptor, once?: boolean): void;
  /** stops answering (connections refused, as when the target is down), keeping its users and groups */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/scim+json" } : {}), ...headers });
  res.end(text);
}

function parseEqFilter(filter: string): { attribute: string; value: string } | undefined {
  const m = /^(\w+)\s+eq\s+("(?:[^"\\]|\\.)*")$/i.exec(filter.trim());
  return m ? { attribute: m[1]!, value: JSON.parse(m[2]!) as string } : undefined;
}

export async function startFakeScimServer(options: FakeScimServerOptions): Promise<FakeScimServer> {
  const v2 = options.version === "2.0";
  const base = v2 ? "/scim2" : "/wso2/scim";
  const requests: RecordedRequest[] = [];
  const users = new Map<string, Record<string, any>>();
  const groups = new Map<string, Record<string, any>>();
  const validTokens = new Set<string>();
  const issuedTokens: string[] = [];
  const interceptors: { fn: Interceptor; once: boolean }[] = [];

  const error = (res: ServerResponse, status: number, detail: string, scimType?: string) =>
    v2
      ? send(res, status, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), ...(scimType ? { scimType } : {}), detail })
      : send(res, status, { Errors: [{ description: detail, code: String(status) }] });

  function authorised(req: RecordedRequest): boolean {
    const header = req.headers.authorization ?? "";
    if (options.basic) {
      const expected = `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString("base64")}`;
      if (header === expected) return true;
    }
    return header.startsWith("Bearer ") && validTokens.has(header.slice(7));
  }

  function token(req: RecordedRequest, res: ServerResponse) {
    const client = options.client;
    // RFC 6749 section 2.3.1: id and secret are form-encoded inside the Basic credentials
    const header = req.headers.authorization ?? "";
    const pair = header.startsWith("Basic ") ? Buffer.from(header.slice(6), "base64").toString("utf8") : "";
    const colon = pair.indexOf(":");
    const decode = (v: string) => decodeURIComponent(v.replace(/\+/g, " "));
    const ok = client && colon > 0 && decode(pair.slice(0, colon)) === client.clientId && decode(pair.slice(colon + 1)) === client.clientSecret;
    if (!ok) return send(res, 401, { error: "invalid_client", error_description: "client authentication failed" });
    const form = new URLSearchParams(req.body);
    if (form.get("grant_type") !== "client_credentials") return send(res, 400, { error: "unsupported_grant_type" });
    const access = `tok-${issuedTokens.length + 1}-${randomUUID()}`;
    issuedTokens.push(access);
    validTokens.add(access);
    send(res, 200, { access_token: access, token_type: "Bearer", ...(client.expiresIn ? { expires_in: client.expiresIn } : {}) }, { "content-type": "application/json" });
  }

  function list(res: ServerResponse, store: Map<string, Record<string, any>>, query: URLSearchParams) {
    const filter = query.get("filter");
    const parsed = filter ? parseEqFilter(filter) : undefined;
    if (filter && !parsed) return error(res, 400, `unsupported filter ${filter}`, "invalidFilter");
    const found = [...store.values()].filter((r) => !parsed || String(r[parsed.attribute] ?? "").toLowerCase() === parsed.value.toLowerCase());
    if (!v2 && found.length === 0) return error(res, 404, "No results found");
    send(res, 200, {
      schemas: [v2 ? "urn:ietf:params:scim:api:messages:2.0:ListResponse" : "urn:scim:schemas:core:1.0"],
      totalResults: found.length,
      itemsPerPage: found.length,
      startIndex: 1,
      Resources: found.map(({ password: _p, ...rest }) => rest),
    });
  }

  function users_(req: RecordedRequest, res: ServerResponse, id?: string) {
    if (!id) {
      if (req.method === "GET") return list(res, users, req.query);
      if (req.method !== "POST") return error(res, 405, "method not allowed");
      const body = req.json;
      if (typeof body?.userName !== "string") return error(res, 400, "userName is required", "invalidValue");
      if ([...users.values()].some((u) => u.userName.toLowerCase() === body.userName.toLowerCase())) {
        return error(res, 409, `User ${body.userName} already exists`, "uniqueness");
      }
      const user = { ...body, id: randomUUID(), meta: { resourceType: "User" } };
      users.set(user.id, user);
      const { password: _p, ...shown } = user;
      return send(res, 201, shown, { location: `${base}/Users/${user.id}` });
    }
    const current = users.get(id);
    if (!current) return error(res, 404, `User ${id} not found`);
    if (req.method === "GET") return send(res, 200, current);
    if (req.method === "PUT") {
      const user = { ...req.json, id, meta: current.meta };
      users.set(id, user);
      const { password: _p, ...shown } = user;
      return send(res, 200, shown);
    }
    if (req.method === "DELETE") {
      users.delete(id);
      return v2 ? send(res, 204) : send(res, 200);
    }
    return error(res, 405, "method not allowed");
  }

  function groups_(req: RecordedRequest, res: ServerResponse, id?: string) {
    if (!id) {
      if (req.method === "GET") return list(res, groups, req.query);
      if (req.method !== "POST") return error(res, 405, "method not allowed");
      if (typeof req.json?.displayName !== "string") return error(res, 400, "displayName is required", "invalidValue");
      if ([...groups.values()].some((g) => g.displayName.toLowerCase() === req.json.displayName.toLowerCase())) {
        return error(res, 409, `Group ${req.json.displayName} already exists`, "uniqueness");
      }
      const group = { ...req.json, members: req.json.members ?? [], id: randomUUID() };
      groups.set(group.id, group);
      return send(res, 201, group);
    }
    const current = groups.get(id);
    if (!current) return error(res, 404, `Group ${id} not found`);
    if (req.method === "GET") return send(res, 200, current);
    if (req.method === "PUT") {
      const group = { ...req.json, members: req.json.members ?? [], id };
      groups.set(id, group);
      return send(res, 200, group);
    }
    if (req.method === "PATCH" && v2) {
      const group: Record<string, any> = { ...current, members: [...current.members] };
      for (const op of req.json.Operations ?? []) {
        const kind = String(op.op).toLowerCase();
        if (kind === "replace" && op.path === "displayName") group.displayName = op.value;
        else if (kind === "add" && op.path === "members") {
          for (const m of op.value) if (!group.members.some((x: any) => x.value === m.value)) group.members.push(m);
        } else if (kind === "remove") {
          const m = /^members\[(.*)\]$/.exec(op.path ?? "");
          const parsed = m ? parseEqFilter(m[1]!) : undefined;
          if (!parsed || parsed.attribute !== "value") return error(res, 400, `unsupported path ${op.path}`, "invalidPath");
          group.members = group.members.filter((x: any) => x.value !== parsed.value);
        } else return error(res, 400, `unsupported operation ${JSON.stringify(op)}`, "invalidSyntax");
      }
      groups.set(id, group);
      return send(res, 200, group);
    }
    if (req.method === "DELETE") {
      groups.delete(id);
      return v2 ? send(res, 204) : send(res, 200);
    }
    return error(res, 405, "method not allowed");
  }

  const server: Server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (c: Buffer) => chunks.push(c));
    incoming.on("end", () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const req: RecordedRequest = { method: incoming.method ?? "GET", path: url.pathname, query: url.searchParams, headers: incoming.headers, body, json };
      requests.push(req);
      for (const entry of [...interceptors]) {
        if (entry.fn(req, res)) {
          if (entry.once) interceptors.splice(interceptors.indexOf(entry), 1);
          return;
        }
      }
      if (url.pathname === "/token" && req.method === "POST") return token(req, res);
      if (!authorised(req)) return error(res, 401, "Authorization failure");
      const [resource, id] = url.pathname.slice(base.length).split("/").filter(Boolean).map(decodeURIComponent);
      if (!url.pathname.startsWith(`${base}/`)) return error(res, 404, `no endpoint at ${url.pathname}`);
      if (resource === "Users") return users_(req, res, id);
      if (resource === "Groups") return groups_(req, res, id);
      return error(res, 404, `no endpoint at ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => {
    if (!server.listening) return Promise.resolve();
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    origin,
    userEndpoint: `${origin}${base}/Users`,
    groupEndpoint: `${origin}${base}/Groups`,
    tokenEndpoint: `${origin}/token`,
    requests,
    users,
    groups,
    validTokens,
    issuedTokens,
    intercept(fn, once = true) {
      interceptors.push({ fn, once });
    },
    stop,
    start() {
      if (server.listening) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      });
    },
    close: stop,
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
