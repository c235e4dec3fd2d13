import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, expect } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { SCHEMAS, SCIM_JSON, ScimClient, type Json, type ScimResponse } from "../../support/scim-client";
import { databaseFor, type Dialect } from "../databases";

export { SCHEMAS, SCIM_JSON } from "../../support/scim-client";

export interface ScimServer {
  server: ProvisioInstance;
  /** admin/admin, who holds every permission */
  admin: ScimClient;
}

/**
 * A port the system says is free now. Each test worker otherwise counts up from its own random base, and
 * two workers (or other suites on the machine) can land on the same port.
 */
function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** One server per describe block (one per dialect and file), started before its tests and removed after. */
export function useScimServer(dialect: Dialect, env?: Record<string, string>): ScimServer {
  const ctx = {} as ScimServer;
  beforeAll(async () => {
    ctx.server = await startProvisio({ port: await freeTcpPort(), databaseUrl: await databaseFor(dialect), env });
    ctx.admin = new ScimClient(ctx.server.baseUrl);
  });
  afterAll(async () => {
    if (!ctx.server) return;
    await ctx.server.stop();
    removeDataDir(ctx.server.dataDir);
  });
  return ctx;
}

/** An RFC 7644 section 3.12 error: the status as a string, the error schema, the scimType when one applies. */
export function expectScimError(res: ScimResponse, status: number, scimType?: string) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { schemas: [SCHEMAS.error], status: String(status) } });
  expect(res.headers.get("content-type")).toContain(SCIM_JSON);
  expect(typeof res.body.detail).toBe("string");
  if (scimType === undefined) expect(res.body.scimType).toBeUndefined();
  else expect(res.body.scimType).toBe(scimType);
}

/** A successful SCIM answer with a body: the status and the SCIM media type. */
export function expectScim(res: ScimResponse, status: number) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  expect(res.headers.get("content-type")).toContain(SCIM_JSON);
}

let serial = 0;
/** Names unique within a run, so tests sharing a server do not collide. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(serial++).toString(36)}`;

export const PASSWORD = "correct horse battery";

export function userBody(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [SCHEMAS.user], userName, ...extra };
}

/** Creates a user through SCIM and returns the created resource. */
export async function createUser(client: ScimClient, userName: string, extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await client.scim("POST", "/Users", userBody(userName, extra));
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function createGroup(client: ScimClient, displayName: string, memberIds: string[] = []): Promise<Json> {
  const res = await client.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName, members: memberIds.map((value) => ({ value })) });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export function patchBody(...operations: Record<string, unknown>[]) {
  return { schemas: [SCHEMAS.patch], Operations: operations };
}

/** A secondary user store through the admin API; an existing one is fine. */
export async function ensureUserStore(client: ScimClient, domain: string) {
  const res = await client.api("POST", "/api/server/v1/userstores", { domain, description: `${domain} store` });
  expect([201, 409], res.text).toContain(res.status);
}

export async function putSetting(client: ScimClient, key: "accountLock" | "selfRegistration", value: Record<string, unknown>) {
  const res = await client.api("PUT", `/api/server/v1/settings/${key}`, value);
  expect(res.status, res.text).toBe(200);
}

export async function createCustomAttribute(client: ScimClient, definition: Record<string, unknown>) {
  const res = await client.api("POST", "/api/server/v1/schemas/custom-user/attributes", definition);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export const q = encodeURIComponent;
