import { z } from "zod";
import { ConnectorError, type OutboundConnector, type ProvisionedGroup, type ProvisionedUser, type RemoteResult } from "../types.ts";
import { authFor } from "./auth.ts";
import type { Scim2Config } from "./config.ts";
import type { FetchLike } from "./http.ts";
import { eqFilter, remoteName, remoteUserName, toScim2Group, toScim2GroupPatch, toScim2User } from "./mapping.ts";
import { expectBody, filterUrl, ScimTransport, type ScimReply } from "./transport.ts";
import type { Scim11Config } from "../scim11/config.ts";

export interface ClientDeps {
  fetch?: FetchLike;
  now?: () => number;
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

export class Scim2Client implements OutboundConnector {
  private readonly transport: ScimTransport;

  constructor(
    private readonly config: Scim2Config,
    deps: ClientDeps = {},
  ) {
    this.transport = transportFor(config, deps, "application/scim+json");
  }

  async createUser(user: ProvisionedUser): Promise<RemoteResult> {
    return this.transport.create(this.config.userEndpoint, "create user", toScim2User(user, this.config), [user.password]);
  }

  /** PUT with the whole user (RFC 7644 section 3.5.1), so the remote ends up exactly as sent. */
  async updateUser(remoteId: string, user: ProvisionedUser): Promise<RemoteResult> {
    return this.transport.update("PUT", this.config.userEndpoint, remoteId, "update user", toScim2User(user, this.config), [user.password]);
  }

  async deleteUser(remoteId: string): Promise<RemoteResult> {
    return this.transport.remove(this.config.userEndpoint, remoteId, "delete user");
  }

  async findUserByUserName(userName: string): Promise<string | undefined> {
    const name = remoteUserName(userName, this.config);
    const reply = await this.search(filterUrl(this.config.userEndpoint, eqFilter("userName", name)), "find user");
    return pickByName(expectBody(reply, listResponse("userName"), "find user").Resources, "userName", name);
  }

  async createGroup(group: ProvisionedGroup): Promise<RemoteResult> {
    return this.transport.create(this.config.groupEndpoint, "create group", toScim2Group(group, this.config));
  }

  async updateGroup(remoteId: string, group: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult> {
    return this.transport.update("PATCH", this.config.groupEndpoint, remoteId, "update group", toScim2GroupPatch(group, this.config));
  }

  async deleteGroup(remoteId: string): Promise<RemoteResult> {
    return this.transport.remove(this.config.groupEndpoint, remoteId, "delete group");
  }

  async findGroupByName(displayName: string): Promise<string | undefined> {
    const name = remoteName(displayName, this.config);
    const reply = await this.search(filterUrl(this.config.groupEndpoint, eqFilter("displayName", name)), "find group");
    return pickByName(expectBody(reply, listResponse("displayName"), "find group").Resources, "displayName", name);
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
