import { beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import { SCHEMAS, SCIM_JSON, ScimClient, basicAuth, type Json, type RequestBody, type ScimResponse } from "../../support/scim-client";
import { exchangeOnSocket, requestHead } from "../../support/raw-http";
import { PASSWORD, createGroup, createUser, expectScim, patchBody, useScimServer, userBody } from "./setup";

// SCIM_FUZZ_SEED=<n> replays a run; the seed in use is part of every failure message.
const SEED = Number(process.env.SCIM_FUZZ_SEED ?? 20_240_611);
const REQUESTS = Number(process.env.SCIM_FUZZ_REQUESTS ?? 10_000);
const IN_FLIGHT = 6;
const HANG_MS = 20_000;

/** The answer, or a "hung" failure when none comes in time. */
function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** mulberry32: small, fast and the same on every platform, so a seed names one sequence of requests */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const ATTRIBUTES = [
  "userName",
  "name",
  "name.givenName",
  "name.familyName",
  "displayName",
  "nickName",
  "title",
  "active",
  "password",
  "emails",
  "emails.value",
  "emails.type",
  "emails.primary",
  "phoneNumbers",
  "addresses",
  "addresses.locality",
  "groups",
  "groups.value",
  "members",
  "members.value",
  "members.display",
  "externalId",
  "id",
  "meta",
  "meta.created",
  "meta.version",
  "meta.resourceType",
  "roles",
  "entitlements",
  "x509Certificates",
  "permissions",
  "users",
  "locale",
  "timezone",
  "profileUrl",
  "nosuch",
  "NAME.GIVENNAME",
  "Emails.Value",
  `${SCHEMAS.enterprise}:manager`,
  `${SCHEMAS.enterprise}:manager.value`,
  `${SCHEMAS.enterprise}:department`,
  `${SCHEMAS.enterprise}:nosuch`,
  `${SCHEMAS.custom}:level`,
  `${SCHEMAS.custom}:tags`,
  `${SCHEMAS.custom}:nosuch`,
  SCHEMAS.enterprise,
  SCHEMAS.user,
  "urn:x:y",
  "urn:",
  ":",
  "",
];
const OPERATORS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "EQ", "xx", "and", "or", "not"];
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "😀",
  "\u202e",
  "\uFEFF",
  "%",
  "_",
  "\\",
  "'",
  '"',
  '\'; DROP TABLE "User"; --',
  "%00",
  "../../etc",
  "null",
  "true",
  "[]",
  "{}",
  "\n\r\t",
  "\u0085",
  "\u2028",
  "ẞ",
  "İ",
  "ﬀ",
  "x".repeat(300),
  "0",
  "-1",
  "1e309",
  "NaN",
  'W/"1"',
  "*",
  "bulkId:x",
  "bulkId:",
];

function randomString(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return r.pick(NASTY_STRINGS);
    case 1: {
      // random code points, surrogates and controls included
      let s = "";
      for (let i = r.int(24); i > 0; i--) s += String.fromCharCode(r.chance(0.2) ? r.int(32) : r.int(0xffff));
      return s;
    }
    case 2:
      return "x".repeat(r.pick([256, 2049, 5000, 70_000]));
    case 3:
      return r.pick(ATTRIBUTES);
    default:
      return `v${r.int(1e6)}`;
  }
}

/** URL-encodes text that may hold lone surrogates, which encodeURIComponent refuses */
const encode = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"));

function randomValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 7 : 10)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 0.5, -0, 123456789012345]);
    case 3:
    case 4:
    case 5:
      return randomString(r);
    case 6:
      return r.pick(["True", "False", "true", "FALSE", "yes"]);
    case 7:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 8:
      return [{ value: randomString(r), type: r.pick(["work", "home", randomString(r)]), primary: randomValue(r, depth + 1) }];
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) obj[r.chance(0.7) ? r.pick(ATTRIBUTES) : randomString(r)] = randomValue(r, depth + 1);
      return obj;
    }
  }
}

/** A value of the wrong JSON type for a member that wants a number or a string: objects whose own toString or valueOf is no function, arrays, booleans. */
function confused(r: Rng): unknown {
  return r.pick<unknown>([{ toString: 1 }, { valueOf: 2 }, { toString: "x", valueOf: "y" }, [1], ["a", {}], {}, true, 1.5, [], { $gt: "" }]);
}

function randomFilter(r: Rng, depth = 0): string {
  const leaf = () => {
    const attr = r.pick(ATTRIBUTES);
    const op = r.pick(OPERATORS);
    if (op === "pr") return `${attr} pr`;
    const value = r.pick([JSON.stringify(randomString(r)), String(r.int(100)), "true", "false", "null", `"${r.pick(NASTY_STRINGS)}"`, "2024-01-01T00:00:00Z", `"2024-13-45T99:00:00Z"`, ""]);
    return `${attr} ${op} ${value}`;
  };
  switch (depth > 3 ? 0 : r.int(8)) {
    case 0:
    case 1:
    case 2:
      return leaf();
    case 3:
      return `${randomFilter(r, depth + 1)} ${r.pick(["and", "or", "AND", "xor"])} ${randomFilter(r, depth + 1)}`;
    case 4:
      return `not (${randomFilter(r, depth + 1)})`;
    case 5:
      return `${r.pick(["emails", "members", "groups", "addresses", "name", "userName"])}[${randomFilter(r, depth + 1)}]${r.chance(0.3) ? ".value" : ""}`;
    case 6:
      return `(${randomFilter(r, depth + 1)}`;
    default: {
      // a valid filter cut or spliced at a random place
      const text = leaf();
      const at = r.int(text.length + 1);
      return r.chance(0.5) ? text.slice(0, at) : text.slice(0, at) + randomString(r) + text.slice(at);
    }
  }
}

function randomPatchPath(r: Rng): string {
  switch (r.int(4)) {
    case 0:
      return r.pick(ATTRIBUTES);
    case 1:
      return `${r.pick(["emails", "members", "phoneNumbers", "addresses", "users", "permissions", "name"])}[${randomFilter(r, 2)}]${r.chance(0.5) ? `.${r.pick(["value", "type", "primary", "nosuch"])}` : ""}`;
    case 2:
      return randomString(r);
    default:
      return `${r.pick(ATTRIBUTES)}${r.pick([".", "..", "[", "]", ":", " "])}${r.pick(ATTRIBUTES)}`;
  }
}

/** Changes one place of a JSON value: a wrong type, a missing or unknown member, a different case. */
function mutate(r: Rng, value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object" || r.chance(0.15)) return randomValue(r);
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length === 0 || r.chance(0.2)) copy.push(randomValue(r));
    else {
      const i = r.int(copy.length);
      copy[i] = mutate(r, copy[i], depth + 1);
    }
    return copy;
  }
  const obj = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(obj);
  const key = keys.length ? r.pick(keys) : "x";
  switch (r.int(6)) {
    case 0:
      delete obj[key];
      break;
    case 1:
      obj[r.chance(0.5) ? r.pick(ATTRIBUTES) : randomString(r)] = randomValue(r);
      break;
    case 2:
      if (keys.length) {
        const v = obj[key];
        delete obj[key];
        obj[r.chance(0.5) ? key.toUpperCase() : key.toLowerCase()] = v;
      }
      break;
    case 3:
      obj[key] = randomValue(r);
      break;
    default:
      obj[key] = mutate(r, obj[key], depth + 1);
  }
  return obj;
}

interface Targets {
  userIds: string[];
  groupIds: string[];
  roleIds: string[];
}

function validBody(r: Rng, kind: string, t: Targets): Record<string, unknown> {
  const someUser = () => r.pick(t.userIds);
  switch (kind) {
    case "user":
      return userBody(`fz${r.int(1e9)}`, {
        name: { givenName: "Fuzz", familyName: randomString(r).slice(0, 40) },
        emails: [{ value: "fz@example.com", type: "work", primary: true }],
        active: true,
        [SCHEMAS.enterprise]: { department: "QA", manager: { value: someUser() } },
        [SCHEMAS.custom]: { level: r.int(10), tags: ["a", "b"] },
        ...(r.chance(0.05) ? { password: PASSWORD } : {}),
      });
    case "group":
      return { schemas: [SCHEMAS.group], displayName: `fz-group-${r.int(1e9)}`, members: [{ value: someUser() }] };
    case "role":
      return { schemas: [SCHEMAS.role], displayName: `fz-role-${r.int(1e9)}`, permissions: [{ value: "internal_user_mgt_list" }], users: [{ value: someUser() }] };
    case "patch": {
      const ops = Array.from({ length: 1 + r.int(3) }, () => {
        const op: Record<string, unknown> = { op: r.pick(["add", "remove", "replace", "Add", "Replace", "Remove", "copy", "", "ADD"]) };
        if (r.chance(0.85)) op.path = randomPatchPath(r);
        if (r.chance(0.8)) op.value = r.chance(0.5) ? randomValue(r) : [{ value: someUser() }];
        return op;
      });
      return patchBody(...ops);
    }
    case "search": {
      const search: Record<string, unknown> = {
        schemas: [SCHEMAS.search],
        filter: randomFilter(r),
        ...(r.chance(0.5) ? { attributes: [r.pick(ATTRIBUTES)] } : {}),
        ...(r.chance(0.3) ? { excludedAttributes: [r.pick(ATTRIBUTES)] } : {}),
        ...(r.chance(0.4) ? { startIndex: randomValue(r), count: r.pick([0, 1, 5, -3, 1e9, "10", null]) } : {}),
        ...(r.chance(0.3) ? { sortBy: r.pick(ATTRIBUTES), sortOrder: r.pick(["ascending", "descending", "up"]) } : {}),
        ...(r.chance(0.1) ? { cursor: r.pick(["", randomString(r), "eyJvIjo1LCJmIjoiIn0"]) } : {}),
      };
      // type confusion: a member that holds an object, an array or a boolean where a number or string belongs
      if (r.chance(0.3)) search[r.pick(["count", "startIndex", "sortBy", "sortOrder", "cursor", "attributes", "excludedAttributes", "filter", "Count", "STARTINDEX"])] = confused(r);
      return search;
    }
    default: {
      // bulk; /Me is left out: its operations would act on the administrator running them
      const kinds = ["user", "group", "patch", "role"];
      const ops = Array.from({ length: 1 + r.int(4) }, (_, i) => {
        const k = r.pick(kinds);
        const path =
          k === "user"
            ? "/Users"
            : k === "group"
              ? "/Groups"
              : k === "role"
                ? "/Roles"
                : r.pick([`/Users/${someUser()}`, `/Groups/${r.pick(t.groupIds)}`, "/Users/bulkId:b0", `/Roles/${r.pick(t.roleIds)}`]);
        const method = k === "patch" ? "PATCH" : r.pick(["POST", "POST", "PUT", "DELETE", "GET"]);
        return { method, path: method === "DELETE" && path.startsWith("/Users/") && !path.includes("bulkId") ? "/Users/bulkId:nowhere" : path, bulkId: `b${i}`, data: validBody(r, k, t) };
      });
      return { schemas: [SCHEMAS.bulkRequest], Operations: ops, ...(r.chance(0.3) ? { failOnErrors: randomValue(r) } : {}) };
    }
  }
}

interface FuzzRequest {
  method: string;
  path: string;
  body?: RequestBody;
  headers: Record<string, string>;
  /** /Me acts on the caller: it is exercised as an unprivileged user, never as the administrator */
  asPlain: boolean;
}

function queryString(r: Rng): string {
  const params: string[] = [];
  // Node refuses request heads over 16 KiB before any handler runs: keep each parameter well below that
  const add = (k: string, v: string) => params.push(`${k}=${encode(v).slice(0, 3000)}`);
  if (r.chance(0.5)) add("filter", randomFilter(r));
  if (r.chance(0.2)) add(r.pick(["attributes", "excludedAttributes"]), Array.from({ length: 1 + r.int(3) }, () => r.pick(ATTRIBUTES)).join(","));
  if (r.chance(0.2)) add("startIndex", r.pick(["1", "0", "-5", "x", "1.5", "99999999999999999999", "1e3", ""]));
  if (r.chance(0.2)) add("count", r.pick(["0", "1", "-1", "abc", "100000", ""]));
  if (r.chance(0.15)) add("sortBy", r.pick(ATTRIBUTES));
  if (r.chance(0.1)) add("sortOrder", r.pick(["ascending", "DESCENDING", "random"]));
  if (r.chance(0.08)) add("cursor", r.pick(["", "garbage", randomString(r)]));
  if (r.chance(0.05)) params.push(`${r.pick(["%", "%zz", "filter=%E0%A4%A", "a=b=c", "&&"])}`);
  return params.length ? `?${params.join("&")}` : "";
}

const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xc0, 0xaf], [0x80]];

function serialise(r: Rng, body: unknown): RequestBody {
  const text = JSON.stringify(body);
  switch (r.int(17)) {
    case 14: {
      // bytes that are not UTF-8 inside a JSON string (after the first quote past the start)
      const at = Math.max(0, text.indexOf('"', r.int(text.length)) + 1);
      const head = Buffer.from(text.slice(0, at));
      return new Uint8Array(Buffer.concat([head, Buffer.from(r.pick(INVALID_UTF8)), Buffer.from(text.slice(at))]));
    }
    case 15: {
      // a lone surrogate escape inside a JSON string
      const at = Math.max(0, text.indexOf('"', r.int(text.length)) + 1);
      return text.slice(0, at) + r.pick(["\\ud800", "\\udfff", "\\udbff\\u0041", "\\ud83d"]) + text.slice(at);
    }
    case 0:
      return text.slice(0, r.int(text.length));
    case 1:
      return text.slice(0, r.int(text.length)) + randomString(r) + text.slice(r.int(text.length));
    case 2:
      return new Uint8Array(Array.from({ length: 1 + r.int(64) }, () => r.int(256)));
    case 3:
      return r.pick(["", "null", "[]", "1", '"x"', "{", "}", "{}", "[{}]"]);
    default:
      return text;
  }
}

function generate(r: Rng, t: Targets): FuzzRequest {
  const resource = r.pick([
    "Users",
    "Users",
    "Groups",
    "Groups",
    "Bulk",
    "Roles",
    "v2/Roles",
    "Me",
    ".search",
    "Users/.search",
    "Groups/.search",
    "Roles/.search",
    "Schemas",
    "ResourceTypes",
    "ServiceProviderConfig",
    "Nowhere",
  ]);
  let path = `/${resource}`;
  const withId = r.chance(0.5);
  if (withId && ["Users", "Groups", "Roles", "v2/Roles"].includes(resource)) {
    const ids = resource === "Users" ? t.userIds : resource === "Groups" ? t.groupIds : t.roleIds;
    path += `/${r.chance(0.8) ? r.pick(ids) : encode(randomString(r))}`;
  }
  let method = r.pick(["GET", "GET", "POST", "POST", "PUT", "PATCH", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
  // deleting the fixtures would starve the rest of the run of targets
  if (method === "DELETE" && r.chance(0.8)) method = "PATCH";
  if (resource === "Me" && method === "DELETE") method = "PATCH";
  const kind = resource.includes("search") ? "search" : resource === "Bulk" ? "bulk" : method === "PATCH" ? "patch" : resource.includes("Roles") ? "role" : resource === "Groups" ? "group" : "user";
  const hasBody = !["GET", "HEAD"].includes(method) && r.chance(0.95);
  const body = hasBody ? serialise(r, r.chance(0.75) ? mutate(r, validBody(r, kind, t)) : validBody(r, kind, t)) : undefined;

  const headers: Record<string, string> = {};
  if (r.chance(0.1))
    headers["content-type"] = r.pick(["text/plain", "application/json", "application/scim+json; charset=latin1", "application/xml", "", "*/*", "application/scim+json;;", "multipart/form-data"]);
  const printable = () =>
    randomString(r)
      .replace(/[^\x20-\x7e]/g, "")
      .slice(0, 200);
  if (r.chance(0.1)) headers[r.pick(["if-match", "if-none-match"])] = r.pick(['W/"1"', '"1"', "*", "W/", 'W/"x"', printable(), 'W/"1", W/"2"']);
  if (r.chance(0.05)) headers.accept = r.pick(["text/html", "application/xml", "*/*"]);
  // malformed or unknown credentials only: wrong passwords for real accounts would lock them
  if (r.chance(0.04))
    headers.authorization = r.pick([
      "Basic",
      "Basic =",
      "Bearer",
      "Bearer abc.def.ghi",
      "Negotiate x",
      basicAuth({ user: "nobody-fuzz", password: "x" }),
      `Basic ${Buffer.from(printable()).toString("base64")}`,
    ]);
  return { method, path: path + queryString(r), body, headers, asPlain: resource === "Me" };
}

function violation(req: FuzzRequest, res: ScimResponse): string | undefined {
  if (res.status >= 500) return `status ${res.status}`;
  if (res.status < 400 || req.method === "HEAD") return undefined;
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes(SCIM_JSON)) return `error with content-type "${type}"`;
  const body = res.body as Json;
  if (!body || typeof body !== "object" || !Array.isArray(body.schemas) || body.schemas[0] !== SCHEMAS.error) return "error body is not a SCIM error";
  if (body.status !== String(res.status)) return `error body status ${JSON.stringify(body.status)} differs from ${res.status}`;
  if (typeof body.detail !== "string") return "error body without detail";
  return undefined;
}

const describeRequest = (req: FuzzRequest) => {
  const body = req.body === undefined ? "" : typeof req.body === "string" ? req.body : req.body instanceof Uint8Array ? `<${req.body.length} bytes>` : JSON.stringify(req.body);
  return `${req.method} ${req.path.slice(0, 300)} ${JSON.stringify(req.headers).slice(0, 200)} ${body.slice(0, 300)}`;
};

describe.each(DIALECTS)("SCIM fuzzing on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  const targets: Targets = { userIds: [], groupIds: [], roleIds: [] };
  let plain: ScimClient;

  beforeAll(async () => {
    for (const definition of [
      { name: "level", type: "integer" },
      { name: "tags", type: "string", multiValued: true },
    ]) {
      const res = await ctx.admin.api("POST", "/api/server/v1/schemas/custom-user/attributes", definition);
      expect(res.status, res.text).toBe(201);
    }
    for (let i = 0; i < 4; i++) targets.userIds.push((await createUser(ctx.admin, `fuzz-target-${i}`, { emails: [{ value: `t${i}@example.com`, type: "work" }] })).id);
    await createUser(ctx.admin, "fuzz-plain", { password: PASSWORD });
    plain = ctx.admin.as({ user: "fuzz-plain", password: PASSWORD });
    for (let i = 0; i < 2; i++) targets.groupIds.push((await createGroup(ctx.admin, `fuzz-group-${i}`, targets.userIds.slice(i))).id);
    const role = await ctx.admin.scim("POST", "/Roles", { schemas: [SCHEMAS.role], displayName: "fuzz-role", users: [{ value: targets.userIds[0] }] });
    expect(role.status).toBe(201);
    targets.roleIds.push(role.body.id);
  });

  it(`answers ${REQUESTS} generated bad requests with 2xx, 3xx or a SCIM 4xx, never a 5xx (seed ${SEED})`, { timeout: Math.max(240_000, REQUESTS * 60) }, async () => {
    const r = prng(SEED);
    const requests = Array.from({ length: REQUESTS }, () => generate(r, targets));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        const req = requests[index]!;
        const client = req.asPlain ? plain : ctx.admin;
        let res: ScimResponse;
        try {
          // an answer that never comes is a hung connection: a failure, not a wait for the test's timeout
          res = await withinDeadline(client.scim(req.method, req.path, req.body, req.headers), HANG_MS);
        } catch (err) {
          failures.push(`#${index} no response (${(err as Error).message}): ${describeRequest(req)}`.slice(0, 800));
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const problem = violation(req, res);
        if (problem) failures.push(`#${index} ${problem} (${res.status}): ${describeRequest(req)} -> ${res.text.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(
      failures.length,
      `seed ${SEED}, ${failures.length} of ${REQUESTS} requests:\n${failures
        .slice(0, 25)
        .map((f) => f.slice(0, 900))
        .join("\n")}`,
    ).toBe(0);
    // the run has to reach past the first checks to mean anything
    const total = (from: number, to: number) => [...statuses].filter(([s]) => s >= from && s < to).reduce((n, [, c]) => n + c, 0);
    expect(total(200, 300), JSON.stringify([...statuses])).toBeGreaterThan(REQUESTS / 20);
    expect(total(400, 500)).toBeGreaterThan(REQUESTS / 2);
  });

  it("ends the connection after a body over the server's limit, so a request behind it on the same socket never hangs", async () => {
    const host = new URL(ctx.server.baseUrl).host;
    const size = 11 * 1024 * 1024;
    const head = requestHead("POST", "/scim2/Users", host, { authorization: basicAuth({ user: "admin", password: "admin" }), "content-type": SCIM_JSON, "content-length": size });
    const behind = requestHead("GET", "/scim2/ServiceProviderConfig", host, {});
    for (let i = 0; i < 3; i++) {
      const result = await exchangeOnSocket(ctx.server.baseUrl, [head, Buffer.alloc(size, 0x20), behind], 2, 15_000);
      expect(result.hung, result.received.slice(0, 300)).toBe(false);
      expect(result.received).toMatch(/^HTTP\/1\.1 413 /);
      expect(result.received.toLowerCase()).toContain("connection: close");
      expect(result.closed).toBe(true);
    }
  });

  it("answers the next request on the same socket after a body the SCIM layer refuses as too large", async () => {
    const host = new URL(ctx.server.baseUrl).host;
    const size = 1_500_000;
    const head = requestHead("POST", "/scim2/Users", host, { authorization: basicAuth({ user: "admin", password: "admin" }), "content-type": SCIM_JSON, "content-length": size });
    const behind = requestHead("GET", "/scim2/ServiceProviderConfig", host, {});
    const result = await exchangeOnSocket(ctx.server.baseUrl, [head, Buffer.alloc(size, 0x20), behind], 2, 15_000);
    expect(result.hung, result.received.slice(0, 300)).toBe(false);
    expect(result.received.match(/^HTTP\/1\.1 \d{3}/gm)).toEqual(["HTTP/1.1 413", "HTTP/1.1 200"]);
  });

  it("is healthy afterwards", async () => {
    const health = await fetch(`${ctx.server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "up" });
    expectScim(await ctx.admin.scim("GET", "/ServiceProviderConfig"), 200);
    const created = await createUser(ctx.admin, "after-the-storm", { emails: [{ value: "calm@example.com", type: "work" }] });
    const found = await ctx.admin.scim("GET", `/Users?filter=${encodeURIComponent('userName eq "AFTER-THE-STORM"')}`);
    expectScim(found, 200);
    expect(found.body.Resources.map((u: Json) => u.id)).toEqual([created.id]);
    const group = await createGroup(ctx.admin, "after-the-storm", [created.id]);
    expect((await ctx.admin.scim("GET", `/Users/${created.id}`)).body.groups).toEqual([expect.objectContaining({ value: group.id })]);
    expect((await ctx.admin.scim("DELETE", `/Users/${created.id}`)).status).toBe(204);
  });
});
