import type { CapabilityCheck, CapabilityState } from "../types.ts";

// The pure half of the SCIM 2.0 capability probe: what each answer of the target means. probe.ts sends.

/** One answer as the probe saw it. `request` names it without ids or hosts: "PATCH /Users/{id}". */
export interface ProbeReply {
  request: string;
  status: number;
  body?: unknown;
  etag?: string | null | undefined;
}

export const CAPABILITY_LABELS = {
  connection: "Endpoint and credentials",
  serviceProviderConfig: "ServiceProviderConfig",
  createUser: "Create a user",
  readUser: "Read a user",
  patch: "PATCH with a path",
  patchPathless: "PATCH without a path",
  filterUserName: "Filter users (userName eq)",
  createGroup: "Create a group with a member",
  filterMembers: "Filter groups by member",
  excludedAttributes: "excludedAttributes=members",
  etag: "ETags",
  bulk: "Bulk",
  deleteGroup: "Delete a group",
  deleteUser: "Delete a user",
} as const;

export type Capability = keyof typeof CAPABILITY_LABELS;

export function check(capability: Capability, state: CapabilityState, evidence: string): CapabilityCheck {
  return { capability, label: CAPABILITY_LABELS[capability], state, evidence };
}

const ok = (status: number) => status >= 200 && status < 300;
/** Answers that say the feature is not there, as opposed to a fault of the moment. */
const NOT_THERE = new Set([400, 403, 404, 405, 406, 409, 422, 501]);

const answered = (reply: ProbeReply) => `${reply.request} answered ${reply.status}`;

/** A plain "did it work" step: 2xx yes, a refusal no, anything else (5xx, 429) not known. */
export function byStatus(capability: Capability, reply: ProbeReply): CapabilityCheck {
  if (ok(reply.status)) return check(capability, "supported", answered(reply));
  return check(capability, NOT_THERE.has(reply.status) ? "unsupported" : "unknown", answered(reply));
}

const list = (body: unknown): Record<string, unknown>[] | undefined => {
  const resources = (body as { Resources?: unknown } | undefined)?.Resources;
  if (Array.isArray(resources)) return resources as Record<string, unknown>[];
  return (body as { totalResults?: unknown } | undefined)?.totalResults === 0 ? [] : undefined;
};

/**
 * A filter works when the answer lists what was asked for and nothing else, and a filter that matches nothing
 * (`nothing`) lists nothing: a server that ignores filters lists everything, which would link the wrong user after
 * a conflict, and on a target holding only the canary the second answer is what gives it away.
 */
export function filterCheck(capability: Capability, reply: ProbeReply, wantedId: string, matches: (resource: Record<string, unknown>) => boolean, nothing?: ProbeReply): CapabilityCheck {
  if (!ok(reply.status)) return byStatus(capability, reply);
  const listedForNothing = nothing && ok(nothing.status) ? list(nothing.body)?.length : undefined;
  if (listedForNothing) return check(capability, "unsupported", `${answered(nothing!)} listing ${listedForNothing} resources for a filter that matches none: the filter was ignored`);
  const resources = list(reply.body);
  if (!resources) return check(capability, "unknown", `${answered(reply)} without a list of resources`);
  if (!resources.some((r) => r.id === wantedId)) return check(capability, "unsupported", `${answered(reply)} without the canary among ${resources.length} resources`);
  const others = resources.filter((r) => !matches(r)).length;
  if (others) return check(capability, "unsupported", `${answered(reply)} listing ${others} resources that do not match: the filter was ignored`);
  return check(capability, "supported", `${answered(reply)} with the canary only`);
}

/** `excludedAttributes=members` works when the group comes back without its members. */
export function excludedAttributesCheck(reply: ProbeReply): CapabilityCheck {
  if (!ok(reply.status)) return byStatus("excludedAttributes", reply);
  const members = (reply.body as { members?: unknown } | undefined)?.members;
  if (Array.isArray(members) && members.length) return check("excludedAttributes", "unsupported", `${answered(reply)} with the members all the same`);
  return check("excludedAttributes", "supported", `${answered(reply)} without members`);
}

/** ETags from the configuration when it says so, otherwise from the read user's ETag header or meta.version. */
export function etagCheck(config: Record<string, unknown> | undefined, read: ProbeReply | undefined): CapabilityCheck {
  const declared = (config?.etag as { supported?: unknown } | undefined)?.supported;
  const version = (read?.body as { meta?: { version?: unknown } } | undefined)?.meta?.version;
  if (read && ok(read.status) && (read.etag || typeof version === "string")) return check("etag", "supported", `${answered(read)} with ${read.etag ? `ETag ${read.etag}` : "meta.version"}`);
  if (typeof declared === "boolean") return check("etag", declared ? "supported" : "unsupported", `ServiceProviderConfig says etag.supported ${declared}`);
  if (read && ok(read.status)) return check("etag", "unsupported", `${answered(read)} without an ETag or meta.version`);
  return check("etag", "unknown", "no user could be read");
}

/** Bulk from the configuration when present, otherwise from an empty BulkRequest. */
export function bulkCheck(config: Record<string, unknown> | undefined, reply: ProbeReply | undefined): CapabilityCheck {
  const declared = (config?.bulk as { supported?: unknown } | undefined)?.supported;
  if (typeof declared === "boolean") return check("bulk", declared ? "supported" : "unsupported", `ServiceProviderConfig says bulk.supported ${declared}`);
  if (!reply) return check("bulk", "unknown", "not tried");
  return byStatus("bulk", reply);
}

export function serviceProviderConfigCheck(reply: ProbeReply): CapabilityCheck {
  if (ok(reply.status) && reply.body && typeof reply.body === "object") return check("serviceProviderConfig", "supported", answered(reply));
  if (ok(reply.status)) return check("serviceProviderConfig", "unsupported", `${answered(reply)} without a JSON body`);
  return byStatus("serviceProviderConfig", reply);
}

/**
 * Why the connection itself fails, as a sentence an administrator can act on; undefined when the answer shows
 * the endpoint and credentials work.
 */
export function connectionProblem(reply: ProbeReply, host: string, endpoint: string): string | undefined {
  if (ok(reply.status)) return undefined;
  switch (reply.status) {
    case 401:
      return `${host} refused the credentials (HTTP 401): check the user name and password, or the OAuth client.`;
    case 403:
      return `${host} accepted the credentials but the account may not manage users there (HTTP 403): grant it the permission.`;
    case 404:
      return `Nothing answers at ${endpoint} (HTTP 404): check the user endpoint URL.`;
    case 405:
      return `${endpoint} does not accept new users (HTTP 405): check that it is the Users endpoint.`;
    default:
      if (reply.status >= 300 && reply.status < 400) return `${endpoint} redirects (HTTP ${reply.status}): use the address it redirects to.`;
      if (reply.status >= 500) return `${host} failed to answer (HTTP ${reply.status}): try again, or ask its administrator.`;
      return `${host} refused a test user (HTTP ${reply.status}); see the evidence for its answer.`;
  }
}

/** The summary sentence of a probe that could connect. */
export function summary(host: string, checks: readonly CapabilityCheck[]): string {
  const supported = checks.filter((c) => c.state === "supported").length;
  const patch = checks.find((c) => c.capability === "patch")?.state;
  const how = patch === "unsupported" ? " Updates will be read, merged and sent whole with PUT." : patch === "supported" ? " Updates will be sent as PATCH operations." : "";
  return `Connected to ${host}: ${supported} of ${checks.length} checks passed.${how}`;
}

/** A request that got no HTTP answer as a sentence; a token endpoint's refusal already is one and stays as it is. */
export function transportProblem(message: string): string {
  const unreachable = /^connection test: [^:]*?failed: /.exec(message);
  if (!unreachable) return message;
  return `The target could not be reached: ${message.slice(unreachable[0].length)}.`.replace(/\.\.$/, ".");
}
