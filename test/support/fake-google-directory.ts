import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, randomBytes, randomInt, verify, type KeyObject } from "node:crypto";

/**
 * An in-memory Google Workspace for connector tests on 127.0.0.1: Google's OAuth token endpoint for service
 * accounts (the JWT bearer grant of RFC 7523, as https://oauth2.googleapis.com/token answers it) and the Admin
 * SDK Directory API paths the connector uses (/admin/directory/v1/users, /groups, /groups/{key}/members), with
 * Google's error bodies. Service accounts are made here with throwaway RSA keys; their key files point
 * `token_uri` at this server.
 */

export const GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
export const USER_SCOPE = "https://www.googleapis.com/auth/admin.directory.user";
export const GROUP_SCOPE = "https://www.googleapis.com/auth/admin.directory.group";
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const API = "/admin/directory/v1";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  json: any;
}

export type Interceptor = (req: RecordedRequest, res: ServerResponse) => boolean;

export interface FakeUser {
  id: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string };
  suspended: boolean;
  password: string;
  aliases: string[];
  externalIds: { type: string; customType?: string; value: string }[];
}

export interface FakeGroup {
  id: string;
  email: string;
  name: string;
  description: string;
  aliases: string[];
  /** user ids */
  members: Set<string>;
}

export interface ServiceAccount {
  clientEmail: string;
  clientId: string;
  /** the content of its JSON key file, as Google's console downloads it, with token_uri at this server */
  keyFile: string;
  publicKey: KeyObject;
}

export interface TokenGrant {
  clientEmail: string;
  sub: string;
  scopes: string[];
}

export interface FakeGoogleDirectory {
  origin: string;
  /** the connector's root URL setting */
  rootUrl: string;
  tokenUrl: string;
  domain: string;
  users: Map<string, FakeUser>;
  groups: Map<string, FakeGroup>;
  requests: RecordedRequest[];
  /** access tokens issued, with whom they act for */
  tokens: Map<string, TokenGrant>;
  /** users of the domain who administer it: the only ones a service account may act for at the API */
  admins: Set<string>;
  /**
   * A new service account with a throwaway key. `delegatedScopes` is what domain-wide delegation grants its
   * client ID (both directory scopes unless told; [] is no delegation at all).
   */
  serviceAccount(options?: { delegatedScopes?: string[]; tokenUri?: string }): ServiceAccount;
  /** a user made at Google by other means (its admin console, another tool) */
  addUser(user: { primaryEmail: string; givenName: string; familyName: string }): FakeUser;
  userByEmail(email: string): FakeUser | undefined;
  groupByEmail(email: string): FakeGroup | undefined;
  /** answers the next requests it returns true for, ahead of the normal handling; removed after one use when `once` */
  intercept(fn: Interceptor, once?: boolean): void;
  clearIntercepts(): void;
  /** stops answering (connections refused), keeping its state */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Google's JSON error body. */
export function googleError(code: number, message: string, reason: string, status?: string) {
  return { error: { code, message, errors: [{ message, domain: "global", reason }], ...(status ? { status } : {}) } };
}

function send(res: ServerResponse, status: number, body?: unknown) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, text ? { "content-type": "application/json; charset=UTF-8" } : {});
  res.end(text);
}

const b64urlJson = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

// Google's ids: users have 21 digits, groups 15 characters of [0-9a-z]
const userId = () => `1${Array.from({ length: 20 }, () => randomInt(10)).join("")}`;
const groupId = () => `0${randomBytes(10).toString("hex").slice(0, 14)}`;

export async function startFakeGoogleDirectory(options: { domain?: string; admins?: string[] } = {}): Promise<FakeGoogleDirectory> {
  const domain = options.domain ?? "example.com";
  const users = new Map<string, FakeUser>();
  const groups = new Map<string, FakeGroup>();
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, TokenGrant>();
  const admins = new Set((options.admins ?? [`admin@${domain}`]).map((a) => a.toLowerCase()));
  const accounts = new Map<string, { publicKey: KeyObject; clientId: string; scopes: Set<string> }>();
  let interceptors: { fn: Interceptor; once: boolean }[] = [];
  let port = 0;

  const lower = (s: string) => s.toLowerCase();
  const userByEmail = (email: string) => [...users.values()].find((u) => lower(u.primaryEmail) === lower(email) || u.aliases.some((a) => lower(a) === lower(email)));
  const groupByEmail = (email: string) => [...groups.values()].find((g) => lower(g.email) === lower(email) || g.aliases.some((a) => lower(a) === lower(email)));
  const findUser = (key: string) => users.get(key) ?? userByEmail(key);
  const findGroup = (key: string) => groups.get(key) ?? groupByEmail(key);
  const inDomain = (email: string) => /^[^@\s]+@[^@\s]+$/.test(email) && lower(email.split("@")[1]!) === domain;

  const userView = (u: FakeUser) => ({
    kind: "admin#directory#user",
    id: u.id,
    primaryEmail: u.primaryEmail,
    name: { ...u.name, fullName: `${u.name.givenName} ${u.name.familyName}` },
    suspended: u.suspended,
    isAdmin: admins.has(lower(u.primaryEmail)),
    ...(u.aliases.length ? { aliases: u.aliases } : {}),
    ...(u.externalIds.length ? { externalIds: u.externalIds } : {}),
    orgUnitPath: "/",
  });
  const groupView = (g: FakeGroup) => ({
    kind: "admin#directory#group",
    id: g.id,
    email: g.email,
    name: g.name,
    description: g.description,
    directMembersCount: String(g.members.size),
    adminCreated: true,
    ...(g.aliases.length ? { aliases: g.aliases } : {}),
  });

  const notFound = (res: ServerResponse, what: string) => send(res, 404, googleError(404, `Resource Not Found: ${what}`, "notFound"));
  const invalid = (res: ServerResponse, message: string) => send(res, 400, googleError(400, message, "invalid"));
  const exists = (res: ServerResponse) => send(res, 409, googleError(409, "Entity already exists.", "duplicate"));

  /** RFC 7523 with Google's checks and answers; a grant records who the token acts for. */
  function token(req: RecordedRequest, res: ServerResponse) {
    const form = new URLSearchParams(req.body);
    const refuse = (status: number, error: string, description: string) => send(res, status, { error, error_description: description });
    if (form.get("grant_type") !== JWT_BEARER) return refuse(400, "unsupported_grant_type", `Invalid grant_type: ${form.get("grant_type") ?? ""}`);
    const parts = (form.get("assertion") ?? "").split(".");
    if (parts.length !== 3) return refuse(400, "invalid_grant", "Invalid JWT: the assertion is not a JWT");
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = b64urlJson(parts[0]!);
      claims = b64urlJson(parts[1]!);
    } catch {
      return refuse(400, "invalid_grant", "Invalid JWT: cannot be decoded");
    }
    const account = accounts.get(String(claims.iss));
    if (!account) return refuse(400, "invalid_grant", "Invalid grant: account not found");
    const signed = header.alg === "RS256" && verify("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), account.publicKey, Buffer.from(parts[2]!, "base64url"));
    if (!signed) return refuse(400, "invalid_grant", "Invalid JWT Signature.");
    const now = Math.floor(Date.now() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (claims.aud !== GOOGLE_TOKEN_AUDIENCE) return refuse(400, "invalid_grant", `Invalid JWT: audience must be ${GOOGLE_TOKEN_AUDIENCE}`);
    if (!(exp > now && iat <= now + 300 && exp - iat <= 3600)) {
      return refuse(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
    }
    const sub = typeof claims.sub === "string" ? lower(claims.sub) : "";
    if (!sub || !(admins.has(sub) || userByEmail(sub))) return refuse(400, "invalid_grant", "Invalid email or User ID");
    const scopes = typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : [];
    if (!scopes.length || scopes.some((s) => !account.scopes.has(s))) {
      return refuse(401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.");
    }
    const accessToken = `ya29.${randomBytes(24).toString("base64url")}`;
    tokens.set(accessToken, { clientEmail: String(claims.iss), sub, scopes });
    send(res, 200, { access_token: accessToken, expires_in: 3599, token_type: "Bearer" });
  }

  /** The bearer token's grant when it may call this path; otherwise answers as Google does. */
  function authorise(req: RecordedRequest, res: ServerResponse, scope: string): boolean {
    const header = req.headers.authorization ?? "";
    const grant = header.startsWith("Bearer ") ? tokens.get(header.slice(7)) : undefined;
    if (!grant) {
      send(
        res,
        401,
        googleError(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "authError", "UNAUTHENTICATED"),
      );
      return false;
    }
    if (!grant.scopes.includes(scope)) {
      send(res, 403, googleError(403, "Request had insufficient authentication scopes.", "insufficientPermissions", "PERMISSION_DENIED"));
      return false;
    }
    if (!admins.has(grant.sub)) {
      send(res, 403, googleError(403, "Not Authorized to access this resource/api", "forbidden"));
      return false;
    }
    return true;
  }

  /** users.insert and users.update: the fields the connector sends, checked as Google checks them. */
  function writeUser(req: RecordedRequest, res: ServerResponse, existing?: FakeUser) {
    const body = req.json;
    if (!body || typeof body !== "object") return invalid(res, "Invalid Input");
    const email = body.primaryEmail ?? existing?.primaryEmail;
    if (typeof email !== "string" || !inDomain(email)) return invalid(res, "Invalid Input: primary_user_email");
    const taken = userByEmail(email) ?? groupByEmail(email);
    if (taken && taken !== existing) return exists(res);
    const name = { givenName: body.name?.givenName ?? existing?.name.givenName, familyName: body.name?.familyName ?? existing?.name.familyName };
    if (typeof name.givenName !== "string" || !name.givenName.trim() || name.givenName.length > 60) return invalid(res, "Invalid Given/Family Name: GivenName");
    if (typeof name.familyName !== "string" || !name.familyName.trim() || name.familyName.length > 60) return invalid(res, "Invalid Given/Family Name: FamilyName");
    const password = body.password ?? existing?.password;
    if (typeof password !== "string" || password.length < 8 || password.length > 100) return invalid(res, "Invalid Password");
    if (body.suspended !== undefined && typeof body.suspended !== "boolean") return invalid(res, "Invalid Input: suspended");
    if (body.externalIds !== undefined && !Array.isArray(body.externalIds)) return invalid(res, "Invalid Input: externalIds");
    const user: FakeUser = existing ?? { id: userId(), primaryEmail: email, name, suspended: false, password, aliases: [], externalIds: [] };
    // a repeated field is replaced as a whole when sent, as at Google
    if (body.externalIds !== undefined) user.externalIds = body.externalIds;
    // a renamed user keeps its old address as an alias, as at Google
    if (existing && lower(existing.primaryEmail) !== lower(email)) user.aliases.push(existing.primaryEmail);
    Object.assign(user, { primaryEmail: email, name, password, suspended: body.suspended ?? existing?.suspended ?? false });
    users.set(user.id, user);
    send(res, 200, userView(user));
  }

  function writeGroup(req: RecordedRequest, res: ServerResponse, existing?: FakeGroup) {
    const body = req.json;
    if (!body || typeof body !== "object") return invalid(res, "Invalid Input");
    const email = body.email ?? existing?.email;
    if (typeof email !== "string") return send(res, 400, googleError(400, "Missing required field: email", "required"));
    if (!inDomain(email)) return invalid(res, "Invalid Input: email");
    const taken = groupByEmail(email) ?? userByEmail(email);
    if (taken && taken !== existing) return exists(res);
    const group: FakeGroup = existing ?? { id: groupId(), email, name: email.split("@")[0]!, description: "", aliases: [], members: new Set() };
    if (existing && lower(existing.email) !== lower(email)) group.aliases.push(existing.email);
    Object.assign(group, { email, name: typeof body.name === "string" ? body.name : group.name, description: typeof body.description === "string" ? body.description : group.description });
    groups.set(group.id, group);
    send(res, 200, groupView(group));
  }

  /** groups.list's query: `name='…'` or `email='…'`, exact, with Google's escaping. */
  function listGroups(req: RecordedRequest, res: ServerResponse) {
    if (req.query.get("domain") !== domain && req.query.get("customer") !== "my_customer") return invalid(res, "Invalid Input: domain");
    const query = req.query.get("query");
    let found = [...groups.values()];
    if (query) {
      const m = /^(name|email)\s*=\s*'((?:[^'\\]|\\.)*)'$/.exec(query.trim());
      if (!m) return invalid(res, "Invalid Input: query");
      const value = m[2]!.replace(/\\(.)/g, "$1");
      found = found.filter((g) => lower(m[1] === "name" ? g.name : g.email) === lower(value));
    }
    // Google leaves out "groups" when nothing matched
    send(res, 200, { kind: "admin#directory#groups", ...(found.length ? { groups: found.map(groupView) } : {}) });
  }

  function route(req: RecordedRequest, res: ServerResponse) {
    if (req.method === "POST" && req.path === "/token") return token(req, res);
    if (!req.path.startsWith(`${API}/`)) return send(res, 404, googleError(404, "Not Found", "notFound"));
    const parts = req.path
      .slice(API.length + 1)
      .split("/")
      .map((p) => decodeURIComponent(p));
    const [collection, key, sub, memberKey] = parts;

    if (collection === "users") {
      if (!authorise(req, res, USER_SCOPE)) return;
      if (!key) return req.method === "POST" ? writeUser(req, res) : send(res, 405, googleError(405, "Method not allowed", "httpMethodNotAllowed"));
      const user = findUser(key);
      if (!user) return notFound(res, "userKey");
      if (req.method === "GET") return send(res, 200, userView(user));
      if (req.method === "PUT" || req.method === "PATCH") return writeUser(req, res, user);
      if (req.method === "DELETE") {
        users.delete(user.id);
        for (const g of groups.values()) g.members.delete(user.id);
        return send(res, 204);
      }
    }

    if (collection === "groups") {
      if (!authorise(req, res, GROUP_SCOPE)) return;
      if (!key) return req.method === "POST" ? writeGroup(req, res) : req.method === "GET" ? listGroups(req, res) : send(res, 405, googleError(405, "Method not allowed", "httpMethodNotAllowed"));
      const group = findGroup(key);
      if (!group) return notFound(res, "groupKey");
      if (sub === "members") {
        if (!memberKey && req.method === "POST") {
          const email = req.json?.email;
          if (typeof email !== "string" || !email) return send(res, 400, googleError(400, "Missing required field: memberKey", "required"));
          const member = userByEmail(email);
          if (!member) return notFound(res, "memberKey");
          if (group.members.has(member.id)) return send(res, 409, googleError(409, "Member already exists.", "duplicate"));
          group.members.add(member.id);
          return send(res, 200, { kind: "admin#directory#member", id: member.id, email: member.primaryEmail, role: req.json.role ?? "MEMBER", type: "USER", status: "ACTIVE" });
        }
        if (memberKey && req.method === "DELETE") {
          const member = findUser(memberKey);
          if (!member || !group.members.delete(member.id)) return notFound(res, "memberKey");
          return send(res, 204);
        }
      } else if (!sub) {
        if (req.method === "GET") return send(res, 200, groupView(group));
        if (req.method === "PUT" || req.method === "PATCH") return writeGroup(req, res, group);
        if (req.method === "DELETE") {
          groups.delete(group.id);
          return send(res, 204);
        }
      }
    }
    send(res, 404, googleError(404, "Not Found", "notFound"));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://localhost");
    let json: any;
    try {
      json = body && req.headers["content-type"]?.includes("json") ? JSON.parse(body) : undefined;
    } catch {
      return send(res, 400, googleError(400, "Invalid JSON payload received.", "parseError", "INVALID_ARGUMENT"));
    }
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, json };
    requests.push(recorded);
    for (const i of [...interceptors]) {
      if (i.fn(recorded, res)) {
        if (i.once) interceptors = interceptors.filter((x) => x !== i);
        return;
      }
    }
    route(recorded, res);
  }

  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => {
        handle(req, res).catch((err) => send(res, 500, googleError(500, String(err), "backendError")));
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    rootUrl: origin,
    tokenUrl: `${origin}/token`,
    domain,
    users,
    groups,
    requests,
    tokens,
    admins,
    serviceAccount(o = {}) {
      const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const name = `provisio-${randomBytes(4).toString("hex")}`;
      const clientEmail = `${name}@provisio-test.iam.gserviceaccount.com`;
      const clientId = String(100000000000000000000n + BigInt(randomInt(1e9)) * 1000n);
      accounts.set(clientEmail, { publicKey, clientId, scopes: new Set(o.delegatedScopes ?? [USER_SCOPE, GROUP_SCOPE]) });
      // the fields and layout of a key file from Google's console
      const keyFile = JSON.stringify(
        {
          type: "service_account",
          project_id: "provisio-test",
          private_key_id: randomBytes(20).toString("hex"),
          private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
          client_email: clientEmail,
          client_id: clientId,
          auth_uri: "https://accounts.google.com/o/oauth2/auth",
          token_uri: o.tokenUri ?? `${origin}/token`,
          auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
          client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
          universe_domain: "googleapis.com",
        },
        null,
        2,
      );
      return { clientEmail, clientId, keyFile, publicKey };
    },
    addUser({ primaryEmail, givenName, familyName }) {
      const user: FakeUser = { id: userId(), primaryEmail, name: { givenName, familyName }, suspended: false, password: randomBytes(12).toString("hex"), aliases: [], externalIds: [] };
      users.set(user.id, user);
      return user;
    },
    userByEmail,
    groupByEmail,
    intercept(fn, once = true) {
      interceptors.push({ fn, once });
    },
    clearIntercepts() {
      interceptors = [];
    },
    stop,
    start: listen,
    close: stop,
  };
}
