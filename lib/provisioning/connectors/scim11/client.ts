import { z } from "zod";
import { ConnectorError, type ConnectionTestResult, type OutboundConnector, type ProvisionedGroup, type ProvisionedUser, type RemoteResult } from "../types.ts";
import { listResponse, pickByName, transportFor, type ClientDeps } from "../scim2/client.ts";
import { eqFilter, memberValues, remoteName, remoteUserName } from "../scim2/mapping.ts";
import { expectBody, filterUrl, resourceUrl, type ScimTransport } from "../scim2/transport.ts";
import { checkCredentials } from "../scim2/credentials-check.ts";
import type { Scim11Config } from "./config.ts";
import { applyMemberDelta, toScim11Group, toScim11User } from "./mapping.ts";

const remoteGroup = z.looseObject({
  members: z.array(z.looseObject({ value: z.string().min(1), display: z.string().optional(), type: z.string().optional() })).nullish(),
});

/** WSO2 documents SCIM 1.1 filters with "Eq"; operators are case-insensitive, so other servers read it as "eq". */
const EQ = "Eq";

export class Scim11Client implements OutboundConnector {
  private readonly transport: ScimTransport;

  constructor(
    private readonly config: Scim11Config,
    deps: ClientDeps = {},
  ) {
    this.transport = transportFor(config, deps, "application/json");
  }

  previewUser(user: ProvisionedUser): Record<string, unknown> {
    const { password: _never, ...shown } = toScim11User(user, this.config);
    return shown;
  }

  async createUser(user: ProvisionedUser): Promise<RemoteResult> {
    return this.transport.create(this.config.userEndpoint, "create user", toScim11User(user, this.config), [user.password]);
  }

  async updateUser(remoteId: string, user: ProvisionedUser): Promise<RemoteResult> {
    return this.transport.update("PUT", this.config.userEndpoint, remoteId, "update user", toScim11User(user, this.config), [user.password]);
  }

  async deleteUser(remoteId: string): Promise<RemoteResult> {
    return this.transport.remove(this.config.userEndpoint, remoteId, "delete user");
  }

  async findUserByUserName(userName: string): Promise<string | undefined> {
    const name = remoteUserName(userName, this.config);
    const list = await this.search(filterUrl(this.config.userEndpoint, eqFilter("userName", name, EQ)), "find user", "userName");
    return pickByName(list, "userName", name);
  }

  async createGroup(group: ProvisionedGroup): Promise<RemoteResult> {
    return this.transport.create(this.config.groupEndpoint, "create group", toScim11Group(group.displayName, memberValues(group.memberRemoteIds), this.config));
  }

  /**
   * SCIM 1.1 PUT replaces the whole group, members included, while the engine sends only the delta. So the
   * remote group is read first and the delta applied to its members; sending only the delta would drop every
   * member it does not name. Members added at the remote by others are kept for the same reason.
   */
  async updateGroup(remoteId: string, group: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult> {
    const url = resourceUrl(this.config.groupEndpoint, remoteId);
    const current = expectBody(await this.transport.send("GET", url, "read group before update"), remoteGroup, "read group before update");
    const members = applyMemberDelta(current.members ?? [], group.addMemberRemoteIds, group.removeMemberRemoteIds);
    return this.transport.update("PUT", this.config.groupEndpoint, remoteId, "update group", toScim11Group(group.displayName, members, this.config));
  }

  async deleteGroup(remoteId: string): Promise<RemoteResult> {
    return this.transport.remove(this.config.groupEndpoint, remoteId, "delete group");
  }

  async findGroupByName(displayName: string): Promise<string | undefined> {
    const name = remoteName(displayName, this.config);
    const list = await this.search(filterUrl(this.config.groupEndpoint, eqFilter("displayName", name, EQ)), "find group", "displayName");
    return pickByName(list, "displayName", name);
  }

  /** SCIM 1.1 has no PATCH or ServiceProviderConfig to probe: the test proves the endpoint and the credentials. */
  async testConnection(): Promise<ConnectionTestResult> {
    return checkCredentials(this.transport, this.config.userEndpoint, EQ);
  }

  /** WSO2's SCIM 1.1 endpoints answer a filter that matches nothing with 404 rather than an empty list. */
  private async search(url: string, what: string, nameAttribute: "userName" | "displayName") {
    try {
      const reply = await this.transport.send("GET", url, what);
      return expectBody(reply, listResponse(nameAttribute), what).Resources;
    } catch (err) {
      if (err instanceof ConnectorError && err.options.notFound) return undefined;
      throw err;
    }
  }
}
