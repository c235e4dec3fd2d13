import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

/**
 * A deliberately limited SCIM 2.0 service provider on 127.0.0.1, like the real targets outbound provisioning
 * meets: by choice no PATCH (405 or 501), at most N members per request (400 tooMany), a request rate with
 * 429 and Retry-After beyond it, no ServiceProviderConfig, filters ignored or refused, no Bulk. Users and groups
 * live in memory as the JSON they were sent, so attributes set at the target (nickName, an extension) stay
 * until a request changes them: tests check that Provisio's updates leave them be.
 */
export interface LimitedTargetOptions {
  /** answer PATCH with this status instead of applying it */
  noPatch?: 405 | 501;
  /** the most members one request may carry (add values, remove filters, or a group body) */
  maxMembersPerRequest?: number;
  /** requests answered per second; the others get 429 with Retry-After: 1 */
  requestsPerSecond?: number;
  /** serve /ServiceProviderConfig (off by default, as many targets do not) */
  serviceProviderConfig?: boolean;
  /** filters: applied (eq only), ignored (every resource is listed) or refused (400 invalidFilter) */
  filter?: "eq" | "ignored" | "refused";
  credentials?: { username: string; password: string };
  /** users carry a version: an ETag on reads, and a PUT whose If-Match names an older one gets 412 */
  etags?: boolean;
  /** called after each read of one user, before the answer is sent: a change made "meanwhile" at the target */
  onUserRead?: (id: string) => void;
}

export interface TargetRequest {
  method: string;
  path: string;
  status: number;
  /** bytes of the request body */
  bytes: number;
  json: any;
}

export interface LimitedTarget {
  baseUrl: string;
  userEndpoint: string;
  groupEndpoint: string;
  users: Map<string, Record<string, any>>;
  groups: Map<string, Record<string, any>>;
  requests: TargetRequest[];
  /** the user with this userName, as the target holds it */
  user(userName: string): Record<string, any> | undefined;
  group(displayName: string): Record<string, any> | undefined;
  /** a change made at the target by its own administrator: applied, and the user's version moves on */
  changeAtTarget(id: string, change: (user: Record<string, any>) => void): void;
  close(): Promise<void>;
}

const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/scim+json" } : {}), ...headers });
  res.end(text);
}

function scimError(res: ServerResponse, status: number, detail: string, scimType?: string, headers: Record<string, string> = {}) {
  send(res, status, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), detail, ...(scimType ? { scimType } : {}) }, headers);
}

/** `members[value eq "x"]` → x */
const memberFilter = (path: string) => /^members\[\s*value\s+eq\s+"((?:[^"\\]|\\.)*)"\s*\]$/i.exec(path)?.[1];

/** Sets, adds or removes one attribute path (`title`, `name.givenName`, `urn:…:User:department`) of a resource. */
function applyPath(resource: Record<string, any>, op: string, path: string, value: unknown) {
  const urn = path.startsWith("urn:") ? path.lastIndexOf(":") : -1;
  const dot = urn < 0 ? path.indexOf(".") : -1;
  const split = urn > 0 ? urn : dot;
  const container = split > 0 ? path.slice(0, split) : undefined;
  const key = split > 0 ? path.slice(split + 1) : path;
  let parent: Record<string, any> = resource;
  if (container) {
    if (typeof resource[container] !== "object" || resource[container] === null) {
      if (op === "remove") return;
      resource[container] = {};
    }
    parent = resource[container];
  }
  if (op === "remove") delete parent[key];
  else if (op === "add" && Array.isArray(parent[key]) && Array.isArray(value)) parent[key] = [...parent[key], ...value];
  else parent[key] = value;
}

export async function startLimitedTarget(options: LimitedTargetOptions = {}): Promise<LimitedTarget> {
  const users = new Map<string, Record<string, any>>();
  const groups = new Map<string, Record<string, any>>();
  const requests: TargetRequest[] = [];
  const versions = new Map<string, number>();
  const bump = (id: string) => versions.set(id, (versions.get(id) ?? 0) + 1);
  const etag = (id: string): Record<string, string> => (options.etags ? { etag: `W/"${versions.get(id) ?? 0}"` } : {});
  const window = { second: 0, count: 0 };
  let baseUrl = "";

  const meta = (type: string, id: string) => ({ resourceType: type, location: `${baseUrl}/scim/v2/${type}s/${id}` });
  const tooMany = (count: number) => options.maxMembersPerRequest !== undefined && count > options.maxMembersPerRequest;

  function list(res: ServerResponse, all: Record<string, any>[], query: URLSearchParams) {
    const filter = query.get("filter");
    let found = all;
    if (filter && options.filter === "refused") return scimError(res, 400, "filtering is not supported", "invalidFilter");
    if (filter && options.filter === "eq") {
      const m = /^([\w.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"$/i.exec(filter.trim());
      if (!m) return scimError(res, 400, `unsupported filter ${filter}`, "invalidFilter");
      const [attribute, wanted] = [m[1]!, JSON.parse(`"${m[2]!}"`) as string];
      found = all.filter((r) =>
        attribute === "members.value" ? (r.members ?? []).some((x: { value: string }) => x.value === wanted) : String(r[attribute] ?? "").toLowerCase() === wanted.toLowerCase(),
      );
    }
    send(res, 200, { schemas: [LIST_SCHEMA], totalResults: found.length, itemsPerPage: found.length, startIndex: 1, Resources: found });
  }

  function handleUsers(req: { method: string; id?: string; json: any; query: URLSearchParams; ifMatch?: string | undefined }, res: ServerResponse) {
    const { method, id, json } = req;
    if (!id) {
      if (method === "GET") return list(res, [...users.values()], req.query);
      if (method !== "POST") return scimError(res, 405, "method not allowed");
      if (!json?.userName) return scimError(res, 400, "userName is required", "invalidValue");
      if ([...users.values()].some((u) => u.userName.toLowerCase() === String(json.userName).toLowerCase())) return scimError(res, 409, `User ${json.userName} already exists`, "uniqueness");
      const newId = randomUUID();
      const { password: _password, ...stored } = json;
      users.set(newId, { ...stored, id: newId, meta: meta("User", newId) });
      bump(newId);
      return send(res, 201, users.get(newId), etag(newId));
    }
    const user = users.get(id);
    if (!user) return scimError(res, 404, `User ${id} not found`);
    if (method === "GET") {
      const headers = etag(id);
      const answer = structuredClone(user);
      options.onUserRead?.(id);
      return send(res, 200, answer, headers);
    }
    if (method === "DELETE") return (users.delete(id), send(res, 204));
    if (method === "PUT") {
      if (options.etags && req.ifMatch && req.ifMatch !== etag(id).etag) return scimError(res, 412, "the user changed since it was read", "invalidVers");
      const { password: _password, ...stored } = json;
      users.set(id, { ...stored, id, meta: user.meta });
      bump(id);
      return send(res, 200, users.get(id), etag(id));
    }
    if (method === "PATCH") {
      const next = structuredClone(user);
      for (const op of json?.Operations ?? []) {
        const kind = String(op.op).toLowerCase();
        if (op.path) applyPath(next, kind, op.path, op.value);
        else if (kind !== "remove" && op.value && typeof op.value === "object") for (const [k, v] of Object.entries(op.value)) applyPath(next, kind, k, v);
        else return scimError(res, 400, "remove needs a path", "noTarget");
      }
      delete next.password;
      users.set(id, next);
      bump(id);
      return send(res, 200, next, etag(id));
    }
    return scimError(res, 405, "method not allowed");
  }

  function handleGroups(req: { method: string; id?: string; json: any; query: URLSearchParams }, res: ServerResponse) {
    const { method, id, json } = req;
    if (!id) {
      if (method === "GET") return list(res, [...groups.values()], req.query);
      if (method !== "POST") return scimError(res, 405, "method not allowed");
      if (tooMany((json?.members ?? []).length)) return scimError(res, 400, `at most ${options.maxMembersPerRequest} members per request`, "tooMany");
      if ([...groups.values()].some((g) => g.displayName === json.displayName)) return scimError(res, 409, `Group ${json.displayName} already exists`, "uniqueness");
      const newId = randomUUID();
      groups.set(newId, {
        schemas: [GROUP_SCHEMA],
        displayName: json.displayName,
        members: (json.members ?? []).map((m: { value: string }) => ({ value: m.value })),
        id: newId,
        meta: meta("Group", newId),
      });
      return send(res, 201, groups.get(newId));
    }
    const group = groups.get(id);
    if (!group) return scimError(res, 404, `Group ${id} not found`);
    if (method === "GET") {
      if (req.query.get("excludedAttributes")?.split(",").includes("members")) {
        const { members: _members, ...rest } = group;
        return send(res, 200, rest);
      }
      return send(res, 200, group);
    }
    if (method === "DELETE") return (groups.delete(id), send(res, 204));
    if (method === "PUT") {
      if (tooMany((json?.members ?? []).length)) return scimError(res, 400, `at most ${options.maxMembersPerRequest} members per request`, "tooMany");
      groups.set(id, { ...group, displayName: json.displayName, members: (json.members ?? []).map((m: { value: string }) => ({ value: m.value })) });
      return send(res, 200, groups.get(id));
    }
    if (method === "PATCH") {
      const ops: { op: string; path?: string; value?: any }[] = json?.Operations ?? [];
      const named = ops.reduce((n, op) => n + (op.path === "members" && Array.isArray(op.value) ? op.value.length : memberFilter(op.path ?? "") !== undefined ? 1 : 0), 0);
      if (tooMany(named)) return scimError(res, 400, `at most ${options.maxMembersPerRequest} members per request`, "tooMany");
      const members = new Map<string, { value: string }>((group.members ?? []).map((m: { value: string }) => [m.value, m]));
      let displayName = group.displayName;
      for (const op of ops) {
        const kind = op.op.toLowerCase();
        const removed = memberFilter(op.path ?? "");
        if (removed !== undefined && kind === "remove") members.delete(JSON.parse(`"${removed}"`));
        else if (op.path === "members" && kind === "add") for (const m of op.value ?? []) members.set(m.value, { value: m.value });
        else if (op.path === "displayName" && kind === "replace") displayName = op.value;
        else if (op.path === "members" && kind === "replace") {
          members.clear();
          for (const m of op.value ?? []) members.set(m.value, { value: m.value });
        } else return scimError(res, 400, `unsupported operation ${kind} ${op.path ?? ""}`, "invalidPath");
      }
      groups.set(id, { ...group, displayName, members: [...members.values()] });
      return send(res, 204);
    }
    return scimError(res, 405, "method not allowed");
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", baseUrl);
      const method = req.method ?? "GET";
      let json: any;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const entry: TargetRequest = { method, path: url.pathname + url.search, status: 0, bytes: Buffer.byteLength(body), json };
      requests.push(entry);
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((status: number, ...rest: any[]) => ((entry.status = status), writeHead(status, ...rest))) as typeof res.writeHead;

      if (options.credentials) {
        const expected = `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString("base64")}`;
        if (req.headers.authorization !== expected) return scimError(res, 401, "authentication required");
      }
      if (options.requestsPerSecond !== undefined) {
        const second = Math.floor(Date.now() / 1000);
        if (second !== window.second) Object.assign(window, { second, count: 0 });
        if (++window.count > options.requestsPerSecond) return scimError(res, 429, "too many requests", undefined, { "retry-after": "1" });
      }
      const segments = url.pathname
        .replace(/^\/scim\/v2\/?/, "")
        .split("/")
        .filter(Boolean);
      const [collection, id] = segments;
      if (method === "PATCH" && options.noPatch) return scimError(res, options.noPatch, "PATCH is not supported");
      if (collection === "Users") return handleUsers({ method, id, json, query: url.searchParams, ifMatch: req.headers["if-match"] }, res);
      if (collection === "Groups") return handleGroups({ method, id, json, query: url.searchParams }, res);
      if (collection === "ServiceProviderConfig" && options.serviceProviderConfig && method === "GET") {
        return send(res, 200, {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
          patch: { supported: !options.noPatch },
          bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
          filter: { supported: options.filter === "eq", maxResults: 1000 },
          changePassword: { supported: false },
          sort: { supported: false },
          etag: { supported: false },
          authenticationSchemes: [],
        });
      }
      scimError(res, 404, `no such endpoint ${url.pathname}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scimBase = `${baseUrl}/scim/v2`;
  return {
    baseUrl: scimBase,
    userEndpoint: `${scimBase}/Users`,
    groupEndpoint: `${scimBase}/Groups`,
    users,
    groups,
    requests,
    user: (userName) => [...users.values()].find((u) => u.userName === userName),
    group: (displayName) => [...groups.values()].find((g) => g.displayName === displayName),
    changeAtTarget: (id, change) => {
      change(users.get(id)!);
      bump(id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
