import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { matches, parseSoql, SoqlError } from "./fake-soql.ts";

/**
 * An in-memory Salesforce org on 127.0.0.1 for connector tests, speaking the wire format jsforce speaks to the
 * real one: the OAuth 2.0 token endpoint (/services/oauth2/token, grant_type=password, form-encoded, answering
 * access_token and an instance_url pointing here), and the REST API under /services/data/vXX.X (sobjects User,
 * UserLogin, Group and GroupMember, the sObject Collections API, SOQL queries) with Salesforce's error array
 * `[{ message, errorCode, fields }]`. It checks what Salesforce checks of these objects (required fields, lengths,
 * unique Username and DeveloperName, known Profile ids) and keeps its records between requests.
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

export interface FakeSalesforceOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  /** what the token request must carry as password: the password with the security token appended */
  password: string;
  /** Profile ids a new User may name; PROFILE_ID by default */
  profileIds?: string[];
}

export type SObject = Record<string, any> & { Id: string };

export interface FakeSalesforce {
  /** the login URL and, after a sign-in, the instance URL */
  origin: string;
  requests: RecordedRequest[];
  users: Map<string, SObject>;
  userLogins: Map<string, SObject>;
  groups: Map<string, SObject>;
  groupMembers: Map<string, SObject>;
  /** Usernames taken in other orgs: unique across Salesforce, so a create with one is a DUPLICATE_USERNAME */
  foreignUsernames: Set<string>;
  /** the API versions requests used */
  versions: Set<string>;
  tokensIssued: number;
  /** ends every session: the next API request answers 401 INVALID_SESSION_ID */
  expireSessions(): void;
  /** the integration user's password (with its security token) changes, which ends its sessions */
  changePassword(password: string): void;
  userByUsername(username: string): SObject | undefined;
  loginOf(userId: string): SObject | undefined;
  membersOf(groupId: string): string[];
  /** answers the next requests it returns true for, ahead of the normal handling; removed after one use when `once` */
  intercept(fn: Interceptor, once?: boolean): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A Profile id the fake knows ("Standard User"). */
export const PROFILE_ID = "00e5g000001AbCdAAK";

type SfError = { message: string; errorCode: string; fields?: string[] };

export function sendJson(res: ServerResponse, status: number, body?: unknown) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, text ? { "content-type": "application/json;charset=UTF-8" } : {});
  res.end(text);
}

const sfError = (message: string, errorCode: string, fields: string[] = []): SfError => ({ message, errorCode, fields });

const USER_REQUIRED = ["Username", "LastName", "Email", "Alias", "TimeZoneSidKey", "LocaleSidKey", "EmailEncodingKey", "LanguageLocaleKey", "ProfileId"];
const USER_FIELDS = new Set([...USER_REQUIRED, "FirstName", "Title", "Department", "EmployeeNumber", "IsActive", "CompanyName", "Division"]);
const LENGTHS: Record<string, Record<string, number>> = {
  User: { Username: 80, LastName: 80, FirstName: 40, Email: 128, Alias: 8, Title: 80, Department: 80, EmployeeNumber: 20 },
  Group: { Name: 40, DeveloperName: 80 },
};
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$/;

export async function startFakeSalesforce(initial: FakeSalesforceOptions): Promise<FakeSalesforce> {
  const options = { ...initial };
  const requests: RecordedRequest[] = [];
  const users = new Map<string, SObject>();
  const userLogins = new Map<string, SObject>();
  const groups = new Map<string, SObject>();
  const groupMembers = new Map<string, SObject>();
  const deleted = new Set<string>();
  const foreignUsernames = new Set<string>();
  const versions = new Set<string>();
  const tokens = new Set<string>();
  const interceptors: { fn: Interceptor; once: boolean }[] = [];
  const profiles = new Set(options.profileIds ?? [PROFILE_ID]);
  const orgId = "00D5g000004XyZaEAK";
  let counter = 0;
  let origin = "";
  const fake = { tokensIssued: 0 };

  const newId = (prefix: string) => `${prefix}5g${String(++counter).padStart(10, "0")}AAA`;
  const stores: Record<string, Map<string, SObject>> = { User: users, UserLogin: userLogins, Group: groups, GroupMember: groupMembers };

  function token(req: RecordedRequest, res: ServerResponse) {
    if (req.method !== "POST") return sendJson(res, 405, { error: "invalid_request", error_description: "must use HTTP POST" });
    const form = new URLSearchParams(req.body);
    if (form.get("grant_type") !== "password") return sendJson(res, 400, { error: "unsupported_grant_type", error_description: "grant type not supported" });
    if (form.get("client_id") !== options.clientId) return sendJson(res, 400, { error: "invalid_client_id", error_description: "client identifier invalid" });
    if (form.get("client_secret") !== options.clientSecret) return sendJson(res, 400, { error: "invalid_client", error_description: "invalid client credentials" });
    if (form.get("username") !== options.username || form.get("password") !== options.password) {
      return sendJson(res, 400, { error: "invalid_grant", error_description: "authentication failure" });
    }
    const access = `00D5g!${randomUUID()}`;
    tokens.add(access);
    fake.tokensIssued++;
    sendJson(res, 200, {
      access_token: access,
      instance_url: origin,
      id: `${origin}/id/${orgId}/0055g00000IntegAAA`,
      token_type: "Bearer",
      issued_at: String(Date.now()),
      signature: Buffer.from(randomUUID()).toString("base64"),
    });
  }

  /** Checks an insert or update of a User; null clears a field, and a required one may not be cleared. */
  function checkUser(fields: Record<string, any>, id?: string): SfError[] {
    const errors: SfError[] = [];
    const unknown = Object.keys(fields).filter((f) => !USER_FIELDS.has(f));
    for (const f of unknown) errors.push(sfError(`No such column '${f}' on sobject of type User`, "INVALID_FIELD"));
    const missing = USER_REQUIRED.filter((f) => (id ? f in fields && (fields[f] === null || fields[f] === "") : fields[f] === undefined || fields[f] === null || fields[f] === ""));
    if (missing.length) errors.push(sfError(`Required fields are missing: [${missing.join(", ")}]`, "REQUIRED_FIELD_MISSING", missing));
    errors.push(...lengthErrors("User", fields));
    if (typeof fields.Username === "string") {
      if (!EMAIL.test(fields.Username))
        errors.push(sfError("Username: invalid username, must be in the form of an email address (for example, john@acme.com)", "FIELD_INTEGRITY_EXCEPTION", ["Username"]));
      const taken = [...users.values()].some((u) => u.Id !== id && u.Username.toLowerCase() === fields.Username.toLowerCase()) || foreignUsernames.has(fields.Username.toLowerCase());
      if (taken) {
        errors.push(sfError(`Duplicate Username.<br>Another user has already registered using ${fields.Username}. Please choose a different username.`, "DUPLICATE_USERNAME", ["Username"]));
      }
    }
    if (typeof fields.Email === "string" && !EMAIL.test(fields.Email)) errors.push(sfError(`Email: invalid email address: ${fields.Email}`, "INVALID_EMAIL_ADDRESS", ["Email"]));
    if (fields.ProfileId !== undefined && !profiles.has(fields.ProfileId)) errors.push(sfError("invalid cross reference id", "INVALID_CROSS_REFERENCE_KEY", ["ProfileId"]));
    return errors;
  }

  function lengthErrors(type: string, fields: Record<string, any>): SfError[] {
    return Object.entries(LENGTHS[type] ?? {})
      .filter(([f, max]) => typeof fields[f] === "string" && Array.from(fields[f] as string).length > max)
      .map(([f, max]) => sfError(`${f}: data value too large: ${fields[f]} (max length=${max})`, "STRING_TOO_LONG", [f]));
  }

  function checkGroup(fields: Record<string, any>, id?: string): SfError[] {
    const errors: SfError[] = [];
    const unknown = Object.keys(fields).filter((f) => !["Name", "DeveloperName", "Type", "DoesIncludeBosses"].includes(f));
    for (const f of unknown) errors.push(sfError(`No such column '${f}' on sobject of type Group`, "INVALID_FIELD"));
    if (!id && !fields.Name) errors.push(sfError("Required fields are missing: [Name]", "REQUIRED_FIELD_MISSING", ["Name"]));
    errors.push(...lengthErrors("Group", fields));
    if (fields.DeveloperName !== undefined) {
      if (!DEVELOPER_NAME.test(fields.DeveloperName)) {
        errors.push(sfError("The Group Name field can only contain underscores and alphanumeric characters.", "FIELD_INTEGRITY_EXCEPTION", ["DeveloperName"]));
      } else if ([...groups.values()].some((g) => g.Id !== id && g.DeveloperName.toLowerCase() === fields.DeveloperName.toLowerCase())) {
        errors.push(sfError(`The Group Name "${fields.DeveloperName}" is already in use.`, "DUPLICATE_DEVELOPER_NAME", ["DeveloperName"]));
      }
    }
    if (fields.Type !== undefined && fields.Type !== "Regular") errors.push(sfError(`bad value for restricted picklist field: ${fields.Type}`, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", ["Type"]));
    return errors;
  }

  /** Inserts one record of `type`: its errors, or its new id. */
  function insert(type: string, fields: Record<string, any>): SfError[] | string {
    if (type === "User") {
      const errors = checkUser(fields);
      if (errors.length) return errors;
      const id = newId("005");
      users.set(id, { IsActive: true, ...fields, Id: id });
      const login = newId("060");
      userLogins.set(login, { Id: login, UserId: id, IsFrozen: false });
      return id;
    }
    if (type === "Group") {
      const errors = checkGroup(fields);
      if (errors.length) return errors;
      const id = newId("00G");
      const name = String(fields.Name);
      groups.set(id, { Type: "Regular", DeveloperName: name.replace(/[^A-Za-z0-9]+/g, "_"), ...fields, Id: id });
      return id;
    }
    if (type === "GroupMember") {
      if (!groups.has(fields.GroupId)) return [sfError("invalid cross reference id", "INVALID_CROSS_REFERENCE_KEY", ["GroupId"])];
      if (!users.has(fields.UserOrGroupId) && !groups.has(fields.UserOrGroupId)) return [sfError("invalid cross reference id", "INVALID_CROSS_REFERENCE_KEY", ["UserOrGroupId"])];
      const existing = [...groupMembers.values()].find((m) => m.GroupId === fields.GroupId && m.UserOrGroupId === fields.UserOrGroupId);
      if (existing) return [sfError(`duplicate value found: <unknown> duplicates value on record with id: ${existing.Id}`, "DUPLICATE_VALUE")];
      const id = newId("011");
      groupMembers.set(id, { GroupId: fields.GroupId, UserOrGroupId: fields.UserOrGroupId, Id: id });
      return id;
    }
    return [sfError(`The requested resource does not exist`, "NOT_FOUND")];
  }

  function update(type: string, id: string, fields: Record<string, any>): SfError[] | undefined {
    const store = stores[type]!;
    const record = store.get(id);
    if (!record) return [deleted.has(id) ? sfError("entity is deleted", "ENTITY_IS_DELETED") : sfError("The requested resource does not exist", "NOT_FOUND")];
    const errors = type === "User" ? checkUser(fields, id) : type === "Group" ? checkGroup(fields, id) : type === "UserLogin" ? loginErrors(fields) : [];
    if (errors.length) return errors;
    for (const [k, v] of Object.entries(fields)) {
      if (v === null) delete record[k];
      else record[k] = v;
    }
    return undefined;
  }

  function loginErrors(fields: Record<string, any>): SfError[] {
    return Object.keys(fields)
      .filter((f) => f !== "IsFrozen")
      .map((f) =>
        sfError(
          `Unable to create/update fields: ${f}. Please check the security settings of this field and verify that it is read/write for your Profile or Permission Set.`,
          "INVALID_FIELD_FOR_INSERT_UPDATE",
          [f],
        ),
      );
  }

  function remove(type: string, id: string): SfError[] | undefined {
    if (type === "User") return [sfError("You can't delete users. Deactivate them instead.", "DELETE_FAILED")];
    const store = stores[type]!;
    if (!store.has(id)) return [deleted.has(id) ? sfError("entity is deleted", "ENTITY_IS_DELETED") : sfError("The requested resource does not exist", "NOT_FOUND")];
    store.delete(id);
    deleted.add(id);
    if (type === "Group") for (const [mid, m] of groupMembers) if (m.GroupId === id) groupMembers.delete(mid);
    return undefined;
  }

  const typeOfId = (id: string) => ({ "005": "User", "060": "UserLogin", "00G": "Group", "011": "GroupMember" })[id.slice(0, 3)];

  function query(req: RecordedRequest, res: ServerResponse) {
    let soql;
    try {
      soql = parseSoql(req.query.get("q") ?? "");
    } catch (err) {
      return sendJson(res, 400, [sfError((err as SoqlError).message, "MALFORMED_QUERY")]);
    }
    const store = stores[soql.object];
    if (!store) return sendJson(res, 400, [sfError(`sObject type '${soql.object}' is not supported.`, "INVALID_TYPE")]);
    const records = [...store.values()]
      .filter((r) => matches(r, soql))
      .map((r) => {
        const out: Record<string, unknown> = { attributes: { type: soql.object, url: `/services/data/v${[...versions].at(-1)}/sobjects/${soql.object}/${r.Id}` } };
        for (const f of soql.fields) out[f] = r[f] ?? null;
        return out;
      });
    sendJson(res, 200, { totalSize: records.length, done: true, records });
  }

  function collection(req: RecordedRequest, res: ServerResponse) {
    if (req.method === "POST") {
      const records: any[] = Array.isArray(req.json?.records) ? req.json.records : [];
      if (records.length > 200) return sendJson(res, 400, [sfError("Maximum number of records is 200", "EXCEEDED_ID_LIMIT")]);
      const results = records.map((r) => {
        const { attributes, ...fields } = r;
        const outcome = insert(attributes?.type ?? "", fields);
        return typeof outcome === "string"
          ? { id: outcome, success: true, errors: [] }
          : { success: false, errors: outcome.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields })) };
      });
      return sendJson(res, 200, results);
    }
    if (req.method === "DELETE") {
      const ids = (req.query.get("ids") ?? "").split(",").filter(Boolean);
      if (ids.length > 200) return sendJson(res, 400, [sfError("Maximum number of records is 200", "EXCEEDED_ID_LIMIT")]);
      const results = ids.map((id) => {
        const errors = remove(typeOfId(id) ?? "", id) ?? [];
        return errors.length ? { id, success: false, errors: errors.map((e) => ({ statusCode: e.errorCode, message: e.message, fields: e.fields })) } : { id, success: true, errors: [] };
      });
      return sendJson(res, 200, results);
    }
    sendJson(res, 405, [sfError("HTTP Method not allowed", "METHOD_NOT_ALLOWED")]);
  }

  function sobjects(req: RecordedRequest, res: ServerResponse, type: string, id: string | undefined) {
    if (!stores[type]) return sendJson(res, 404, [sfError(`The requested resource does not exist`, "NOT_FOUND")]);
    if (!id) {
      if (req.method !== "POST") return sendJson(res, 405, [sfError("HTTP Method not allowed", "METHOD_NOT_ALLOWED")]);
      if (type === "UserLogin") return sendJson(res, 400, [sfError("entity type cannot be inserted: User Login", "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY")]);
      const outcome = insert(type, req.json ?? {});
      return typeof outcome === "string" ? sendJson(res, 201, { id: outcome, success: true, errors: [] }) : sendJson(res, 400, outcome);
    }
    if (req.method === "GET") {
      const record = stores[type]!.get(id);
      return record ? sendJson(res, 200, { attributes: { type }, ...record }) : sendJson(res, 404, [sfError("The requested resource does not exist", "NOT_FOUND")]);
    }
    const errors = req.method === "PATCH" ? update(type, id, req.json ?? {}) : req.method === "DELETE" ? remove(type, id) : [sfError("HTTP Method not allowed", "METHOD_NOT_ALLOWED")];
    if (!errors) return sendJson(res, 204);
    const notFound = errors.some((e) => e.errorCode === "NOT_FOUND" || e.errorCode === "ENTITY_IS_DELETED");
    sendJson(res, notFound ? 404 : 400, errors);
  }

  function api(req: RecordedRequest, res: ServerResponse, version: string, rest: string[]) {
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ") || !tokens.has(auth.slice(7))) return sendJson(res, 401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
    versions.add(version);
    const [head, type, id] = rest;
    if (head === "query" && rest.length === 1 && req.method === "GET") return query(req, res);
    if (head === "composite" && type === "sobjects" && rest.length === 2) return collection(req, res);
    if (head === "sobjects" && type && rest.length <= 3) return sobjects(req, res, type, id);
    sendJson(res, 404, [sfError("The requested resource does not exist", "NOT_FOUND")]);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", origin);
    let json: any;
    try {
      json = body && /json/.test(String(req.headers["content-type"])) ? JSON.parse(body) : undefined;
    } catch {
      return sendJson(res, 400, [sfError("The request body is not valid JSON", "JSON_PARSER_ERROR")]);
    }
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers: req.headers, body, json };
    requests.push(recorded);
    for (const entry of [...interceptors]) {
      if (entry.fn(recorded, res)) {
        if (entry.once) interceptors.splice(interceptors.indexOf(entry), 1);
        return;
      }
    }
    if (url.pathname === "/services/oauth2/token") return token(recorded, res);
    const m = /^\/services\/data\/v(\d+\.\d)\/(.+)$/.exec(url.pathname);
    if (m) return api(recorded, res, m[1]!, m[2]!.split("/").map(decodeURIComponent));
    sendJson(res, 404, [sfError("The requested resource does not exist", "NOT_FOUND")]);
  }

  let server: Server = createServer((req, res) => void handle(req, res));
  async function stop() {
    if (!server.listening) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    requests,
    users,
    userLogins,
    groups,
    groupMembers,
    foreignUsernames,
    versions,
    get tokensIssued() {
      return fake.tokensIssued;
    },
    expireSessions: () => tokens.clear(),
    changePassword(password) {
      options.password = password;
      tokens.clear();
    },
    userByUsername: (username) => [...users.values()].find((u) => u.Username.toLowerCase() === username.toLowerCase()),
    loginOf: (userId) => [...userLogins.values()].find((l) => l.UserId === userId),
    membersOf: (groupId) => [...groupMembers.values()].filter((m) => m.GroupId === groupId).map((m) => m.UserOrGroupId),
    intercept(fn, once = true) {
      interceptors.push({ fn, once });
    },
    stop,
    async start() {
      server = createServer((req, res) => void handle(req, res));
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close: stop,
  };
}
