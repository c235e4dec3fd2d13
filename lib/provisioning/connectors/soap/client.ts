import { z } from "zod";
import { ConnectorError, type OutboundConnector, type ProvisionedGroup, type ProvisionedUser, type RemoteResult } from "../types.ts";
import type { FetchLike } from "../scim2/http.ts";
import type { SoapConfig } from "./config.ts";
import { addUserArguments, claimUpdate, soapRoleName, soapUserName } from "./mapping.ts";
import { SoapTransport, type CallOptions } from "./transport.ts";

export interface SoapClientDeps {
  fetch?: FetchLike;
}

const nothing = z.looseObject({});
const yesNo = z.object({ return: z.boolean({ error: "return must be true or false" }) });

const PROFILE = "default";

/** Several calls reported as one result: the log shows each call and each answer, in order. */
class Calls {
  private readonly requests: string[] = [];
  private readonly responses: string[] = [];
  private status: number | undefined;

  constructor(private readonly transport: SoapTransport) {}

  async run<T>(operation: Parameters<SoapTransport["call"]>[0], args: Record<string, unknown>, answer: z.ZodType<T>, options: CallOptions): Promise<T> {
    try {
      const outcome = await this.transport.call(operation, args, answer, options);
      this.requests.push(outcome.result.request);
      this.responses.push(outcome.result.response);
      this.status = outcome.result.httpStatus;
      return outcome.answer;
    } catch (err) {
      if (!(err instanceof ConnectorError) || !this.requests.length) throw err;
      // what went through before the failure belongs in the log too
      throw new ConnectorError(err.message, {
        ...err.options,
        request: [...this.requests, err.options.request ?? ""].join("\n\n"),
        response: [...this.responses, err.options.response ?? ""].join("\n\n"),
      });
    }
  }

  note(text: string) {
    this.requests.push(text);
  }

  result(remoteId: string): RemoteResult {
    return { remoteId, ...(this.status !== undefined ? { httpStatus: this.status } : {}), request: this.requests.join("\n\n"), response: this.responses.join("\n\n") };
  }
}

/**
 * Provisioning through WSO2's RemoteUserStoreManagerService. Its API addresses users and roles by name, so the
 * remote id of a user is its user name there and that of a group its role name. It cannot rename either: after a
 * rename here the remote keeps the old name (the log of each later change says so).
 */
export class SoapUserAdminClient implements OutboundConnector {
  private readonly transport: SoapTransport;

  constructor(
    private readonly config: SoapConfig,
    deps: SoapClientDeps = {},
  ) {
    this.transport = new SoapTransport({
      serviceUrl: config.serviceUrl,
      username: config.username,
      password: config.password,
      timeoutMs: config.timeoutMs,
      secrets: [config.password, config.defaultPassword],
      fetch: deps.fetch,
    });
  }

  previewUser(user: ProvisionedUser): Record<string, unknown> {
    const { credential: _never, ...shown } = addUserArguments(user, this.config);
    return shown;
  }

  async createUser(user: ProvisionedUser): Promise<RemoteResult> {
    const args = addUserArguments(user, this.config);
    const name = args.userName as string;
    const calls = new Calls(this.transport);
    await calls.run("addUser", args, nothing, { what: `create user ${name}`, secrets: [user.password], names: [name] });
    return calls.result(name);
  }

  async updateUser(remoteId: string, user: ProvisionedUser): Promise<RemoteResult> {
    const calls = new Calls(this.transport);
    const renamed = soapUserName(user.userName, this.config);
    if (renamed.toLowerCase() !== remoteId.toLowerCase()) calls.note(`renamed here to ${renamed}: the remote service cannot rename users, so it keeps the name ${remoteId}`);
    const { set, clear } = claimUpdate(user);
    const options = { names: [remoteId], secrets: [user.password] };
    if (set.length) await calls.run("setUserClaimValues", { userName: remoteId, claims: set, profileName: PROFILE }, nothing, { ...options, what: `update user ${remoteId}` });
    if (clear.length) await calls.run("deleteUserClaimValues", { userName: remoteId, claims: clear, profileName: PROFILE }, nothing, { ...options, what: `clear claims of user ${remoteId}` });
    if (user.password) await calls.run("updateCredentialByAdmin", { userName: remoteId, newCredential: user.password }, nothing, { ...options, what: `set the password of user ${remoteId}` });
    return calls.result(remoteId);
  }

  async deleteUser(remoteId: string): Promise<RemoteResult> {
    const calls = new Calls(this.transport);
    await calls.run("deleteUser", { userName: remoteId }, nothing, { what: `delete user ${remoteId}`, names: [remoteId] });
    return calls.result(remoteId);
  }

  async findUserByUserName(userName: string): Promise<string | undefined> {
    const name = soapUserName(userName, this.config);
    const found = await this.transport.call("isExistingUser", { userName: name }, yesNo, { what: `find user ${name}`, names: [name] });
    return found.answer.return ? name : undefined;
  }

  async createGroup(group: ProvisionedGroup): Promise<RemoteResult> {
    const name = soapRoleName(group.displayName, this.config);
    const calls = new Calls(this.transport);
    await calls.run("addRole", { roleName: name, userList: group.memberRemoteIds }, nothing, { what: `create role ${name}`, names: [name, ...group.memberRemoteIds] });
    return calls.result(name);
  }

  /**
   * Members move one call each (updateRoleListOfUser), never by sending the role's whole user list. A member the
   * remote does not know fails the update; a role the remote does not know is reported as gone, so the engine
   * creates it again.
   */
  async updateGroup(remoteId: string, group: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult> {
    const calls = new Calls(this.transport);
    const renamed = soapRoleName(group.displayName, this.config);
    if (renamed.toLowerCase() !== remoteId.toLowerCase()) calls.note(`renamed here to ${renamed}: the remote service cannot rename roles, so it keeps the name ${remoteId}`);
    const moves = [...group.removeMemberRemoteIds.map((m) => [m, false] as const), ...group.addMemberRemoteIds.map((m) => [m, true] as const)];
    for (const [member, add] of moves) {
      const args = { userName: member, deletedRoles: add ? [] : [remoteId], newRoles: add ? [remoteId] : [] };
      try {
        await calls.run("updateRoleListOfUser", args, nothing, { what: `${add ? "add" : "remove"} ${member} ${add ? "to" : "from"} role ${remoteId}`, names: [member, remoteId] });
      } catch (err) {
        throw await this.whichIsGone(err, remoteId);
      }
    }
    if (!moves.length) calls.note("no member changed: nothing to send");
    return calls.result(remoteId);
  }

  async deleteGroup(remoteId: string): Promise<RemoteResult> {
    const calls = new Calls(this.transport);
    await calls.run("deleteRole", { roleName: remoteId }, nothing, { what: `delete role ${remoteId}`, names: [remoteId] });
    return calls.result(remoteId);
  }

  async findGroupByName(displayName: string): Promise<string | undefined> {
    const name = soapRoleName(displayName, this.config);
    const found = await this.transport.call("isExistingRole", { roleName: name }, yesNo, { what: `find role ${name}`, names: [name] });
    return found.answer.return ? name : undefined;
  }

  /**
   * "Does not exist" in a membership change may be about the role or the user. Only a missing role means the
   * group is gone at the remote (and may be created again); a missing user is a failure of this change.
   */
  private async whichIsGone(err: unknown, roleName: string): Promise<unknown> {
    if (!(err instanceof ConnectorError) || !err.options.notFound) return err;
    const role = await this.transport.call("isExistingRole", { roleName }, yesNo, { what: `find role ${roleName}`, names: [roleName] });
    if (!role.answer.return) return err;
    const { notFound: _gone, ...options } = err.options;
    return new ConnectorError(`${err.message} (the role exists at the remote: the member is missing there)`, options);
  }
}
