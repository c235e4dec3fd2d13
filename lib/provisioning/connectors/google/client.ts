import { randomBytes } from "node:crypto";
import { z } from "zod";
import { ConnectorError, type OutboundConnector, type ProvisionedGroup, type ProvisionedUser, type RemoteResult } from "../types.ts";
import { DirectoryApi, type DirectoryReply } from "./api.ts";
import { GOOGLE_ROOT_URL, type GoogleConfig, type ServiceAccountKey } from "./config.ts";
import { unexpectedAnswer } from "./errors.ts";
import { emailFromUserName, groupEmailOf, groupNameOf, provisioIdOf, toGoogleUser, toGoogleUserInsert } from "./mapping.ts";

const resource = z.looseObject({ id: z.string().min(1) });
const user = z.looseObject({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  externalIds: z.array(z.looseObject({ type: z.string().optional(), customType: z.string().optional(), value: z.string().optional() })).optional(),
});
const group = z.looseObject({ id: z.string().min(1), email: z.string().optional(), name: z.string().optional() });
const groupList = z.looseObject({ groups: z.array(group).optional() });
const anyObject = z.looseObject({});

/**
 * Google requires a password on insert. A user created without one (no password provisioning, no default) gets a
 * random one nobody knows: the user signs in through single sign-on or after an administrator's reset. The
 * suffix meets a domain policy that asks for several kinds of characters.
 */
const randomPassword = () => `${randomBytes(24).toString("base64url")}-aA9`;

/** Conflicting addresses remembered for the link after a 409; bounded, as only the latest few are ever asked for. */
const REMEMBERED_CONFLICTS = 256;

const isNotFound = (err: unknown) => err instanceof ConnectorError && !!err.options.notFound;
const isConflict = (err: unknown) => err instanceof ConnectorError && !!err.options.conflict;

/** Google's search syntax: a value in single quotes, with quotes and backslashes escaped. */
const quoted = (value: string) => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;

function parseAnswer<T>(reply: DirectoryReply, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(reply.data);
  if (parsed.success) return parsed.data;
  const issue = typeof reply.data === "string" ? "the body is not JSON" : parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
  throw unexpectedAnswer(what, reply.status, issue, reply.request, reply.response);
}

const result = (reply: DirectoryReply, remoteId?: string, notes: string[] = []): RemoteResult => ({
  ...(remoteId !== undefined ? { remoteId } : {}),
  httpStatus: reply.status,
  request: reply.request,
  response: notes.length ? `${reply.response}\n${notes.join("\n")}`.slice(0, 2000) : reply.response,
});

/**
 * Provisions users and groups to Google Workspace through the Admin SDK Directory API. The remote id is
 * Google's immutable user or group id, not the primary email: the address changes when the user is renamed
 * here, the id never does, and every Directory API call accepts the id as its user or group key.
 */
export class GoogleWorkspaceClient implements OutboundConnector {
  private readonly api: DirectoryApi;
  /** user name → the address a create found taken, and the local user it was for */
  private readonly conflicts = new Map<string, { email: string; localId: string }>();
  private readonly base: string;

  constructor(
    private readonly config: GoogleConfig,
    key: ServiceAccountKey,
  ) {
    this.api = new DirectoryApi(config, key);
    this.base = `${(config.rootUrl ?? GOOGLE_ROOT_URL).replace(/\/+$/, "")}/admin/directory/v1`;
  }

  /** How a call shows in the log when it failed before anything was sent. */
  private label(method: string, path: string) {
    return `${method} ${this.base}${path}`;
  }

  async createUser(u: ProvisionedUser): Promise<RemoteResult> {
    const password = u.password ?? randomPassword();
    const body = toGoogleUserInsert(u, this.config, password);
    try {
      const reply = await this.api.call("create user", this.label("POST", "/users"), (d) => d.users.insert({ requestBody: body }), [password]);
      return result(reply, parseAnswer(reply, resource, "create user").id);
    } catch (err) {
      // the engine asks findUserByUserName next: the address is what Google found taken
      if (isConflict(err)) this.rememberConflict(u.userName, { email: body.primaryEmail, localId: u.id });
      throw err;
    }
  }

  /** users.update keeps what the body leaves out; the password goes only when one was provisioned with the change. */
  async updateUser(remoteId: string, u: ProvisionedUser): Promise<RemoteResult> {
    const body = toGoogleUser(u, this.config, u.password);
    const reply = await this.api.call("update user", this.label("PUT", `/users/${remoteId}`), (d) => d.users.update({ userKey: remoteId, requestBody: body }), [u.password]);
    parseAnswer(reply, anyObject, "update user");
    return result(reply, remoteId);
  }

  async deleteUser(remoteId: string): Promise<RemoteResult> {
    return result(await this.api.call("delete user", this.label("DELETE", `/users/${remoteId}`), (d) => d.users.delete({ userKey: remoteId })), remoteId);
  }

  /**
   * The user a 409 on create ran into: users.get by the address the create used. Linked only when that is
   * the user's primary email (an alias belongs to someone else, whom an update would rename), and not when
   * Provisio created the account for another local user.
   */
  async findUserByUserName(userName: string): Promise<string | undefined> {
    const conflict = this.conflicts.get(userName);
    const email = conflict?.email ?? (this.config.primaryEmailSource === "userName" ? emailFromUserName(userName, this.config.domain) : undefined);
    if (!email) return undefined;
    let reply: DirectoryReply;
    try {
      reply = await this.api.call("find user", this.label("GET", `/users/${email}`), (d) => d.users.get({ userKey: email }));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const found = parseAnswer(reply, user, "find user");
    if (found.primaryEmail.toLowerCase() !== email.toLowerCase()) return undefined;
    const owner = provisioIdOf(found.externalIds);
    return owner && conflict && owner !== conflict.localId ? undefined : found.id;
  }

  async createGroup(g: ProvisionedGroup): Promise<RemoteResult> {
    const body = { email: groupEmailOf(g.displayName, this.config.domain), name: groupNameOf(g.displayName) };
    const reply = await this.api.call("create group", this.label("POST", "/groups"), (d) => d.groups.insert({ requestBody: body }));
    const id = parseAnswer(reply, resource, "create group").id;
    return result(reply, id, await this.changeMembers(id, g.memberRemoteIds, []));
  }

  /**
   * Renames with groups.patch, which changes only the name: the group's address stays the one it was created
   * with, since people and other systems send mail to it. Then one call per member added or removed.
   */
  async updateGroup(remoteId: string, g: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult> {
    const body = { name: groupNameOf(g.displayName) };
    const reply = await this.api.call("update group", this.label("PATCH", `/groups/${remoteId}`), (d) => d.groups.patch({ groupKey: remoteId, requestBody: body }));
    parseAnswer(reply, anyObject, "update group");
    return result(reply, remoteId, await this.changeMembers(remoteId, g.addMemberRemoteIds, g.removeMemberRemoteIds));
  }

  async deleteGroup(remoteId: string): Promise<RemoteResult> {
    return result(await this.api.call("delete group", this.label("DELETE", `/groups/${remoteId}`), (d) => d.groups.delete({ groupKey: remoteId })), remoteId);
  }

  /** groups.get by the address the group would get; failing that, a search by name in the domain. */
  async findGroupByName(displayName: string): Promise<string | undefined> {
    const email = groupEmailOf(displayName, this.config.domain);
    try {
      const reply = await this.api.call("find group", this.label("GET", `/groups/${email}`), (d) => d.groups.get({ groupKey: email }));
      const found = parseAnswer(reply, group, "find group");
      if (found.email?.toLowerCase() === email) return found.id;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const name = groupNameOf(displayName);
    const query = `name=${quoted(name)}`;
    const reply = await this.api.call("find group", this.label("GET", `/groups?domain=${this.config.domain}`), (d) => d.groups.list({ domain: this.config.domain, query, maxResults: 10 }));
    const matches = (parseAnswer(reply, groupList, "find group").groups ?? []).filter((x) => x.name?.toLowerCase() === name.toLowerCase());
    return matches.length === 1 ? matches[0]!.id : undefined;
  }

  /**
   * One call per member. Google wants a member's email on insert (its documentation makes the id insufficient),
   * so the user's primary email is read first. Adding a member who is one already, or removing one who is not,
   * is done, so a retry after a partial failure repeats nothing. Notes for the log say what happened to each.
   */
  private async changeMembers(groupId: string, add: readonly string[], remove: readonly string[]): Promise<string[]> {
    const notes: string[] = [];
    for (const memberId of add) {
      let email: string;
      try {
        const reply = await this.api.call("add member", this.label("GET", `/users/${memberId}`), (d) => d.users.get({ userKey: memberId, fields: "id,primaryEmail" }));
        email = parseAnswer(reply, user, "add member").primaryEmail;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        // deleted at Google by someone else: the user is re-created at its next change here, and joins then
        notes.push(`member ${memberId} not added: no such user at Google`);
        continue;
      }
      try {
        await this.api.call("add member", this.label("POST", `/groups/${groupId}/members`), (d) => d.members.insert({ groupKey: groupId, requestBody: { email, role: "MEMBER" } }));
        notes.push(`member ${email} added`);
      } catch (err) {
        if (!isConflict(err)) throw err;
        notes.push(`member ${email} was a member already`);
      }
    }
    for (const memberId of remove) {
      try {
        await this.api.call("remove member", this.label("DELETE", `/groups/${groupId}/members/${memberId}`), (d) => d.members.delete({ groupKey: groupId, memberKey: memberId }));
        notes.push(`member ${memberId} removed`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        notes.push(`member ${memberId} was not a member`);
      }
    }
    return notes;
  }

  private rememberConflict(userName: string, conflict: { email: string; localId: string }) {
    this.conflicts.delete(userName);
    this.conflicts.set(userName, conflict);
    if (this.conflicts.size > REMEMBERED_CONFLICTS) this.conflicts.delete(this.conflicts.keys().next().value!);
  }
}
