import { z } from "zod";
import {
  ConnectorError,
  type AttributeChange,
  type ConnectionTestResult,
  type ConnectorContext,
  type OutboundConnector,
  type ProvisionedGroup,
  type ProvisionedUser,
  type RemoteResult,
} from "../types.ts";
import { capabilityState } from "../capabilities.ts";
import { authFor } from "./auth.ts";
import type { Scim2Config } from "./config.ts";
import type { FetchLike } from "./http.ts";
import { eqFilter, remoteName, remoteUserName, toScim2User } from "./mapping.ts";
import { groupCreation, groupPatchMessages, mergeGroupForPut, type MembershipDelta } from "./member-chunks.ts";
import { probeScim2 } from "./probe.ts";
import { expectBody, filterUrl, resourceUrl, ScimTransport, type ScimReply } from "./transport.ts";
import { mergeForPut, patchMessage, userAttributeChanges, userPatchOperations, type PatchOperation } from "./user-delta.ts";
import type { Scim11Config } from "../scim11/config.ts";

export interface ClientDeps {
  fetch?: FetchLike;
  now?: () => number;
  /** waits between re-sends to a throttling target (tests pass a quick one) */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A ListResponse; RFC 7644 section 3.4.2 lets a server leave out Resources when nothing matched, otherwise it
 * must be there.
 */
export const listResponse = (nameAttribute: "userName" | "displayName") =>
  z
    .looseObject({
      totalResults: z.number().int().nonnegative().optional(),
      Resources: z.array(z.looseObject({ id: z.string().min(1), [nameAttribute]: z.string().optional() })).optional(),
    })
    .refine((l) => l.Resources !== undefined || l.totalResults === 0, { message: "Resources must be an array", path: ["Resources"] });

/**
 * The id of the listed resource named `name`. Names compare case-insensitively (userName is caseExact false in
 * RFC 7643); a remote that ignores the filter and lists others must not get a wrong user linked.
 */
export function pickByName(resources: readonly Record<string, unknown>[] | undefined, attribute: string, name: string): string | undefined {
  if (!resources?.length) return undefined;
  const wanted = name.toLowerCase();
  const exact = resources.find((r) => typeof r[attribute] === "string" && (r[attribute] as string).toLowerCase() === wanted);
  if (exact) return exact.id as string;
  return resources.length === 1 && resources[0]![attribute] === undefined ? (resources[0]!.id as string) : undefined;
}

/** The transport of a SCIM connector (2.0 or 1.1): its authentication, timeout and secrets to mask. */
export function transportFor(config: Scim2Config | Scim11Config, deps: ClientDeps, contentType: string): ScimTransport {
  return new ScimTransport({
    auth: authFor(config, deps),
    timeoutMs: config.timeoutMs,
    contentType,
    secrets: [config.password, config.clientSecret, config.defaultPassword],
    fetch: deps.fetch,
  });
}

/** Statuses that say "this server does not do PATCH here", as opposed to refusing this one message. */
const NO_PATCH_STATUSES = new Set([405, 501]);
const isNoPatch = (err: unknown): err is ConnectorError => err instanceof ConnectorError && NO_PATCH_STATUSES.has(err.options.httpStatus ?? 0);
const isTooMany = (err: unknown) => err instanceof ConnectorError && err.options.httpStatus === 400 && /tooMany/i.test(err.message);
const isThrottled = (err: unknown) => err instanceof ConnectorError && err.options.httpStatus === 429;
const isStaleVersion = (err: unknown) => err instanceof ConnectorError && err.options.httpStatus === 412;

/** How often a read, merge and PUT starts over when the target's object changed between the read and the PUT. */
const STALE_VERSION_RETRIES = 2;

/** How often, and how long at most, one request of a chunked group change is re-sent after a 429. */
const THROTTLE_RETRIES = 8;
const THROTTLE_WAIT_MS = 1000;

const withoutPassword = (user: Record<string, unknown>) => {
  const { password: _password, ...rest } = user;
  return rest;
};

/**
 * SCIM 2.0 target. It speaks the best dialect the target supports: user updates as PATCH operations naming only
 * what changed since the target's last known state, or (when the connection test found no PATCH, or the target
 * answers 405/501 to one) a read, merge and PUT of the whole user that keeps what the target holds on its own.
 * Group membership only ever travels as add/remove operations of at most `maxMembersPerRequest` members.
 */
export class Scim2Client implements OutboundConnector {
  private readonly transport: ScimTransport;
  private patchSupported: boolean;
  private maxMembers: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly config: Scim2Config,
    deps: ClientDeps = {},
    private readonly context: ConnectorContext = {},
  ) {
    this.transport = transportFor(config, deps, "application/scim+json");
    this.patchSupported = capabilityState(context.capabilities, "patch") !== "unsupported";
    this.maxMembers = config.maxMembersPerRequest;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  previewUser(user: ProvisionedUser): Record<string, unknown> {
    return withoutPassword(toScim2User(user, this.config));
  }

  async createUser(user: ProvisionedUser): Promise<RemoteResult> {
    const body = toScim2User(user, this.config);
    const result = await this.transport.create(this.config.userEndpoint, "create user", body, [user.password]);
    return { ...result, sentState: withoutPassword(body) };
  }

  async updateUser(remoteId: string, user: ProvisionedUser, previous?: Record<string, unknown>, options: { resend?: boolean } = {}): Promise<RemoteResult> {
    const next = toScim2User(user, this.config);
    const sentState = withoutPassword(next);
    if (this.patchSupported) {
      const operations = userPatchOperations(previous, next, options);
      if (!operations.length) return { remoteId, request: "", response: "nothing changed since the target's last update", sentState };
      try {
        const result = await this.transport.update("PATCH", this.config.userEndpoint, remoteId, "update user", patchMessage(operations), [user.password]);
        return { ...result, sentState };
      } catch (err) {
        if (!isNoPatch(err)) throw err;
        this.noPatch(err);
      }
    }
    const merged = await this.readMergePut(this.config.userEndpoint, remoteId, "user", (remote) => mergeForPut(remote, previous, next), [user.password]);
    return { ...merged, sentState };
  }

  userChanges(user: ProvisionedUser, previous: Record<string, unknown> | undefined): AttributeChange[] {
    return userAttributeChanges(previous, withoutPassword(toScim2User(user, this.config)));
  }

  /** Learnt from a 405/501: kept with the connector, so every instance, and this one after a restart, goes straight to PUT. */
  private noPatch(err: ConnectorError) {
    this.patchSupported = false;
    this.context.learned?.({ capability: "patch", label: "PATCH with a path", state: "unsupported", evidence: `a delivery's PATCH was answered ${err.options.httpStatus}` });
  }

  /**
   * Read, merge, PUT: the target's own attributes go back as they were, Provisio's as they are now. The PUT names
   * the version read (If-Match) where the target gives one, so a change made at the target in between is not
   * overwritten: a 412 starts over from a fresh read.
   */
  private async readMergePut(
    endpoint: string,
    remoteId: string,
    kind: "user" | "group",
    merge: (remote: Record<string, unknown>) => unknown,
    secrets: (string | undefined)[] = [],
  ): Promise<RemoteResult> {
    for (let attempt = 0; ; attempt++) {
      const reply = await this.transport.send("GET", resourceUrl(endpoint, remoteId), `read ${kind}`);
      const remote = expectBody(reply, z.looseObject({}), `read ${kind}`);
      const version = reply.exchange.headers.get("etag") ?? versionOf(remote);
      try {
        return await this.transport.update("PUT", endpoint, remoteId, `update ${kind}`, merge(remote), secrets, version ? { "if-match": version } : {});
      } catch (err) {
        if (!(version && isStaleVersion(err) && attempt < STALE_VERSION_RETRIES)) throw err;
      }
    }
  }

  async deleteUser(remoteId: string): Promise<RemoteResult> {
    return this.transport.remove(this.config.userEndpoint, remoteId, "delete user");
  }

  async findUserByUserName(userName: string): Promise<string | undefined> {
    const name = remoteUserName(userName, this.config);
    const reply = await this.search(filterUrl(this.config.userEndpoint, eqFilter("userName", name)), "find user");
    return pickByName(expectBody(reply, listResponse("userName"), "find user").Resources, "userName", name);
  }

  /** A large group is created with its first chunk of members; the others follow in chunks. */
  async createGroup(group: ProvisionedGroup): Promise<RemoteResult> {
    const limit = this.patchSupported ? this.maxMembers : Number.MAX_SAFE_INTEGER;
    const { body, rest } = groupCreation(group.displayName, group.memberRemoteIds, this.config, limit);
    const created = await this.transport.create(this.config.groupEndpoint, "create group", body);
    if (!rest.length) return created;
    const filled = await this.patchGroup(created.remoteId!, { displayName: group.displayName, addMemberRemoteIds: rest, removeMemberRemoteIds: [] }, false);
    return { ...filled, remoteId: created.remoteId!, request: `${created.request}\n${filled.request}` };
  }

  async updateGroup(remoteId: string, group: MembershipDelta): Promise<RemoteResult> {
    if (this.patchSupported) {
      try {
        return await this.patchGroup(remoteId, group, true);
      } catch (err) {
        if (!isNoPatch(err)) throw err;
        this.noPatch(err);
      }
    }
    return this.readMergePut(this.config.groupEndpoint, remoteId, "group", (remote) => mergeGroupForPut(remote, group, this.config));
  }

  /**
   * The membership change in requests of at most `maxMembers` members. A target that answers `tooMany` gets
   * the rest in halves (and keeps the lower limit); one that throttles is waited for, so a long change still
   * completes rather than starting over.
   */
  private async patchGroup(remoteId: string, group: MembershipDelta, withName: boolean): Promise<RemoteResult> {
    let pending = { ...group, addMemberRemoteIds: [...new Set(group.addMemberRemoteIds)], removeMemberRemoteIds: [...new Set(group.removeMemberRemoteIds)] };
    let nameToSend = withName;
    let last: RemoteResult | undefined;
    let requests = 0;
    let throttled = 0;
    for (;;) {
      const [message] = groupPatchMessages(pending, this.config, this.maxMembers, nameToSend);
      if (!message) break;
      const sentMembers = membersIn(message);
      try {
        last = await this.transport.update("PATCH", this.config.groupEndpoint, remoteId, "update group", message);
        requests++;
        throttled = 0;
      } catch (err) {
        if (isTooMany(err) && sentMembers.adds + sentMembers.removes > 1) {
          this.maxMembers = Math.max(1, Math.floor((sentMembers.adds + sentMembers.removes) / 2));
          continue;
        }
        if (isThrottled(err) && throttled < THROTTLE_RETRIES && requests > 0) {
          throttled++;
          await this.sleep(THROTTLE_WAIT_MS * throttled);
          continue;
        }
        throw err;
      }
      nameToSend = false;
      pending = { ...pending, addMemberRemoteIds: pending.addMemberRemoteIds.slice(sentMembers.adds), removeMemberRemoteIds: pending.removeMemberRemoteIds.slice(sentMembers.removes) };
      if (!pending.addMemberRemoteIds.length && !pending.removeMemberRemoteIds.length) break;
    }
    if (!last) return { remoteId, request: "", response: "nothing to change" };
    return requests > 1 ? { ...last, request: `${requests} requests of at most ${this.maxMembers} members; the last: ${last.request}` } : last;
  }

  async deleteGroup(remoteId: string): Promise<RemoteResult> {
    return this.transport.remove(this.config.groupEndpoint, remoteId, "delete group");
  }

  async findGroupByName(displayName: string): Promise<string | undefined> {
    const name = remoteName(displayName, this.config);
    const reply = await this.search(filterUrl(this.config.groupEndpoint, eqFilter("displayName", name)), "find group");
    return pickByName(expectBody(reply, listResponse("displayName"), "find group").Resources, "displayName", name);
  }

  /** The full capability probe with a canary user and group (probe.ts). */
  async testConnection(): Promise<ConnectionTestResult> {
    return probeScim2(this.transport, this.config);
  }

  /** A 404 to a search is a wrong endpoint, not a missing resource: it must not read as "already gone". */
  private async search(url: string, what: string): Promise<ScimReply> {
    try {
      return await this.transport.send("GET", url, what);
    } catch (err) {
      if (err instanceof ConnectorError && err.options.notFound) {
        throw new ConnectorError(`${err.message} (check the endpoint URL)`, { ...err.options, notFound: false });
      }
      throw err;
    }
  }
}

/** How many members a group PATCH message adds and removes. */
function membersIn(message: Record<string, unknown>): { adds: number; removes: number } {
  let adds = 0;
  let removes = 0;
  for (const op of (message.Operations as PatchOperation[]) ?? []) {
    if (op.op === "add" && op.path === "members") adds += (op.value as unknown[]).length;
    if (op.op === "remove" && op.path?.startsWith("members[")) removes++;
  }
  return { adds, removes };
}

/** meta.version of a SCIM resource, for targets that send it in the body but no ETag header. */
function versionOf(resource: Record<string, unknown>): string | undefined {
  const meta = resource.meta;
  const version = meta && typeof meta === "object" ? (meta as { version?: unknown }).version : undefined;
  return typeof version === "string" && version ? version : undefined;
}
