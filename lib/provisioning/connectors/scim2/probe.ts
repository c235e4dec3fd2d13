import { randomBytes } from "node:crypto";
import { ConnectorError, type CapabilityCheck, type ConnectionTestResult } from "../types.ts";
import type { Scim2Config } from "./config.ts";
import { eqFilter, SCIM2_GROUP_SCHEMA, SCIM2_PATCH_SCHEMA, SCIM2_USER_SCHEMA } from "./mapping.ts";
import {
  bulkCheck,
  byStatus,
  check,
  connectionProblem,
  etagCheck,
  excludedAttributesCheck,
  filterCheck,
  serviceProviderConfigCheck,
  summary,
  transportProblem,
  type ProbeReply,
} from "./probe-steps.ts";
import { filterUrl, resourceUrl, type ScimTransport } from "./transport.ts";

const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

/** The service provider's base URL: the user endpoint without its last segment ("…/scim2/Users" → "…/scim2"). */
export function scimBase(userEndpoint: string): string {
  return userEndpoint.replace(/\/+$/, "").replace(/\/[^/]*$/, "");
}

function parse(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

const idOf = (body: unknown) => {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id ? id : undefined;
};

/**
 * Tries the target once with a canary user and group, which it deletes again: the configuration, create, read,
 * PATCH with and without a path, filters, excludedAttributes, ETags and Bulk. Each capability is recorded as
 * supported, unsupported or unknown with the answer that decided it. Transport failures (no route, TLS, a
 * token endpoint refusing the client) end the probe with their message.
 */
export async function probeScim2(transport: ScimTransport, config: Pick<Scim2Config, "userEndpoint" | "groupEndpoint">, now: () => Date = () => new Date()): Promise<ConnectionTestResult> {
  const checks: CapabilityCheck[] = [];
  const host = new URL(config.userEndpoint).host;
  const testedAt = now().toISOString();
  const ask = async (method: string, url: string, request: string, body?: unknown): Promise<ProbeReply> => {
    const exchange = await transport.exchange(method, url, `connection test: ${request}`, body);
    return { request, status: exchange.status, body: parse(exchange.text), etag: exchange.headers.get("etag") };
  };
  const canary = `provisio-probe-${randomBytes(6).toString("hex")}`;
  let userId: string | undefined;
  let groupId: string | undefined;
  try {
    const spc = await ask("GET", `${scimBase(config.userEndpoint)}/ServiceProviderConfig`, "GET /ServiceProviderConfig");
    const spcCheck = serviceProviderConfigCheck(spc);
    const declared = spcCheck.state === "supported" ? (spc.body as Record<string, unknown>) : undefined;

    const created = await ask("POST", config.userEndpoint, "POST /Users", {
      schemas: [SCIM2_USER_SCHEMA],
      userName: canary,
      active: false,
      name: { givenName: "Provisio", familyName: "Probe" },
      displayName: "Provisio connection test",
    });
    userId = idOf(created.body);
    const problem =
      connectionProblem(created, host, config.userEndpoint) ?? (userId ? undefined : `${host} answered ${created.status} to a new user without its id: it does not speak SCIM 2.0 there.`);
    checks.push(check("connection", problem ? "unsupported" : "supported", `POST /Users answered ${created.status}`), spcCheck);
    if (problem || !userId) return { ok: false, message: problem!, testedAt, capabilities: checks };
    checks.push(check("createUser", "supported", `POST /Users answered ${created.status}`));

    const read = await ask("GET", resourceUrl(config.userEndpoint, userId), "GET /Users/{id}");
    checks.push(byStatus("readUser", read));
    const patch = (operation: Record<string, unknown>) => ({ schemas: [SCIM2_PATCH_SCHEMA], Operations: [operation] });
    checks.push(
      byStatus("patch", await ask("PATCH", resourceUrl(config.userEndpoint, userId), "PATCH /Users/{id} (path)", patch({ op: "replace", path: "displayName", value: "Provisio connection test 2" }))),
    );
    checks.push(
      byStatus(
        "patchPathless",
        await ask("PATCH", resourceUrl(config.userEndpoint, userId), "PATCH /Users/{id} (no path)", patch({ op: "replace", value: { displayName: "Provisio connection test 3" } })),
      ),
    );
    const byName = await ask("GET", filterUrl(config.userEndpoint, eqFilter("userName", canary)), "GET /Users?filter=userName eq");
    const noName = await ask("GET", filterUrl(config.userEndpoint, eqFilter("userName", `${canary}-none`)), "GET /Users?filter=userName eq (no match)");
    checks.push(filterCheck("filterUserName", byName, userId, (r) => typeof r.userName === "string" && r.userName.toLowerCase() === canary, noName));

    const group = await ask("POST", config.groupEndpoint, "POST /Groups", { schemas: [SCIM2_GROUP_SCHEMA], displayName: canary, members: [{ value: userId }] });
    groupId = idOf(group.body);
    checks.push(byStatus("createGroup", group));
    if (groupId) {
      const byMember = await ask("GET", filterUrl(config.groupEndpoint, eqFilter("members.value", userId)), "GET /Groups?filter=members.value eq");
      const noMember = await ask("GET", filterUrl(config.groupEndpoint, eqFilter("members.value", `${canary}-none`)), "GET /Groups?filter=members.value eq (no match)");
      const holdsCanary = (r: Record<string, unknown>) => !Array.isArray(r.members) || (r.members as { value?: unknown }[]).some((m) => m.value === userId);
      checks.push(filterCheck("filterMembers", byMember, groupId, holdsCanary, noMember));
      const url = new URL(resourceUrl(config.groupEndpoint, groupId));
      url.searchParams.set("excludedAttributes", "members");
      checks.push(excludedAttributesCheck(await ask("GET", url.toString(), "GET /Groups/{id}?excludedAttributes=members")));
    } else {
      checks.push(check("filterMembers", "unknown", "no group could be created"), check("excludedAttributes", "unknown", "no group could be created"));
    }
    checks.push(etagCheck(declared, read));
    const bulk = declared ? undefined : await ask("POST", `${scimBase(config.userEndpoint)}/Bulk`, "POST /Bulk", { schemas: [BULK_REQUEST], Operations: [] });
    checks.push(bulkCheck(declared, bulk));
  } catch (err) {
    if (!(err instanceof ConnectorError)) throw err;
    // no answer at all (DNS, refused, TLS, timeout) or a token endpoint that refused: the sentence says which
    return { ok: false, message: transportProblem(err.message), testedAt, capabilities: [...checks, check("connection", "unsupported", err.message)] };
  } finally {
    await cleanUp(ask, config, checks, groupId, userId);
  }
  return { ok: true, message: summary(host, checks), testedAt, capabilities: checks };
}

/** Deletes the canaries, group first; a failure to delete is recorded, never thrown. */
async function cleanUp(
  ask: (method: string, url: string, request: string) => Promise<ProbeReply>,
  config: Pick<Scim2Config, "userEndpoint" | "groupEndpoint">,
  checks: CapabilityCheck[],
  groupId?: string,
  userId?: string,
) {
  const remove = async (capability: "deleteGroup" | "deleteUser", endpoint: string, id: string | undefined, request: string) => {
    if (!id) return;
    try {
      checks.push(byStatus(capability, await ask("DELETE", resourceUrl(endpoint, id), request)));
    } catch (err) {
      checks.push(check(capability, "unknown", (err as Error).message));
    }
  };
  await remove("deleteGroup", config.groupEndpoint, groupId, "DELETE /Groups/{id}");
  await remove("deleteUser", config.userEndpoint, userId, "DELETE /Users/{id}");
}
