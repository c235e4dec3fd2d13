import { z } from "zod";
import type { OutboundConnector, ProvisionedGroup, ProvisionedUser, RemoteResult } from "../types.ts";
import type { SalesforceConfig } from "./config.ts";
import { RefusedRecords, remoteErrors, UnexpectedAnswer, type RefusedRecord } from "./errors.ts";
import type { Connection } from "./jsforce.ts";
import { bareName, developerName, groupName, salesforceUsername, soqlList, soqlString, toSalesforceUser, toSalesforceUserUpdate, usernameAtDomain } from "./mapping.ts";
import { SalesforceSession } from "./session.ts";
import type { Trace } from "./trace.ts";

const saved = z.looseObject({ id: z.string().min(1), success: z.literal(true) });
const collectionResults = z.array(
  z.looseObject({
    id: z.string().nullish(),
    success: z.boolean(),
    errors: z.array(z.unknown()).default([]),
  }),
);
const queryResult = <T extends z.ZodRawShape>(fields: T) => z.looseObject({ records: z.array(z.looseObject({ Id: z.string().min(1), ...fields })) });

/** Checks a 2xx answer; `step` names the request when a call makes several. */
function expectAnswer<T>(schema: z.ZodType<T>, value: unknown, step?: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = [step, issue?.path.join(".")].filter(Boolean).join(": ");
  throw new UnexpectedAnswer(`${where ? `${where}: ` : ""}${issue?.message ?? "unexpected shape"}`);
}

/** The SOQL IN lists and the collection requests carry at most this many ids (the collection API's limit). */
const CHUNK = 200;
const chunks = <T>(list: readonly T[]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/** How many user names' Usernames are remembered between a refused create and the lookup that follows it. */
const REMEMBERED_USERNAMES = 1000;

/**
 * Provisions users as Salesforce User sobjects and groups as public groups (Group with Type Regular, GroupMember
 * rows), over Salesforce's REST API through jsforce. Users are never deleted (Salesforce does not allow it):
 * a deleted user is deactivated, and frozen first when so configured.
 */
export class SalesforceClient implements OutboundConnector {
  private readonly session: SalesforceSession;
  private readonly sentUsernames = new Map<string, string>();

  constructor(private readonly config: SalesforceConfig) {
    this.session = new SalesforceSession(config);
  }

  async createUser(user: ProvisionedUser): Promise<RemoteResult> {
    const username = salesforceUsername(user, this.config);
    this.rememberUsername(user.userName, username);
    const { value, trace } = await this.session.run("create user", async (conn) => expectAnswer(saved, await conn.sobject("User").create(toSalesforceUser(user, this.config, username))));
    return result(trace, value.id);
  }

  /** A PATCH of the identity fields; a user Provisio reactivates is unfrozen when deletion freezes users. */
  async updateUser(remoteId: string, user: ProvisionedUser): Promise<RemoteResult> {
    const fields = toSalesforceUserUpdate(user, this.config);
    const { trace } = await this.session.run("update user", async (conn) => {
      // only a user coming back from deactivation: a freeze a Salesforce administrator put on an active user stays
      const reactivating = this.config.freezeOnDelete && user.active && (await this.isActive(conn, remoteId)) === false;
      expectAnswer(saved, await conn.sobject("User").update({ Id: remoteId, ...fields }));
      if (reactivating) await this.setFrozen(conn, remoteId, false);
    });
    return result(trace, remoteId);
  }

  /**
   * Salesforce users cannot be deleted: deactivated (IsActive=false). Frozen first when so configured, so that a
   * user whose deactivation Salesforce refuses (a default owner of cases or leads, say) can no longer sign in.
   */
  async deleteUser(remoteId: string): Promise<RemoteResult> {
    const { trace } = await this.session.run("deactivate user", async (conn) => {
      if (this.config.freezeOnDelete) await this.setFrozen(conn, remoteId, true);
      expectAnswer(saved, await conn.sobject("User").update({ Id: remoteId, IsActive: false }));
    });
    return result(trace, remoteId);
  }

  async findUserByUserName(userName: string): Promise<string | undefined> {
    const username = this.usernameOf(userName);
    if (!username) return undefined;
    const { value } = await this.session.run("find user", async (conn) =>
      expectAnswer(queryResult({ Username: z.string() }), await conn.query(`SELECT Id, Username FROM User WHERE Username = ${soqlString(username)}`)),
    );
    return value.records.find((r) => r.Username.toLowerCase() === username.toLowerCase())?.Id;
  }

  async createGroup(group: ProvisionedGroup): Promise<RemoteResult> {
    const { value, trace } = await this.session.run("create group", async (conn) => {
      const created = await conn.sobject("Group").create({ Name: groupName(group.displayName), DeveloperName: developerName(group.displayName), Type: "Regular" });
      const { id } = expectAnswer(saved, created);
      await this.addMembers(conn, id, [...new Set(group.memberRemoteIds)]);
      return id;
    });
    return result(trace, value);
  }

  /** The name (its DeveloperName stays as created, as references in Salesforce use it) and the membership delta. */
  async updateGroup(remoteId: string, group: { displayName: string; addMemberRemoteIds: string[]; removeMemberRemoteIds: string[] }): Promise<RemoteResult> {
    const { trace } = await this.session.run("update group", async (conn) => {
      expectAnswer(saved, await conn.sobject("Group").update({ Id: remoteId, Name: groupName(group.displayName) }));
      const adds = [...new Set(group.addMemberRemoteIds)];
      const removes = [...new Set(group.removeMemberRemoteIds)];
      if (!adds.length && !removes.length) return;
      // rows already there are skipped, so a retry after a partial failure repeats nothing
      const rows = await this.memberRows(conn, remoteId, [...adds, ...removes]);
      await this.addMembers(
        conn,
        remoteId,
        adds.filter((id) => !rows.has(id)),
      );
      await this.removeMembers(
        conn,
        removes.flatMap((id) => rows.get(id) ?? []),
      );
    });
    return result(trace, remoteId);
  }

  async deleteGroup(remoteId: string): Promise<RemoteResult> {
    const { trace } = await this.session.run("delete group", async (conn) => expectAnswer(saved, await conn.sobject("Group").destroy(remoteId)));
    return result(trace, remoteId);
  }

  /**
   * The public group Provisio would have created for this name: same DeveloperName and same Name, so a group
   * whose API name merely collides (another name mapping to it) is never linked.
   */
  async findGroupByName(displayName: string): Promise<string | undefined> {
    const name = groupName(displayName);
    const { value } = await this.session.run("find group", async (conn) =>
      expectAnswer(queryResult({ Name: z.string() }), await conn.query(`SELECT Id, Name FROM Group WHERE Type = 'Regular' AND DeveloperName = ${soqlString(developerName(displayName))}`)),
    );
    return value.records.find((r) => r.Name.toLowerCase() === name.toLowerCase())?.Id;
  }

  /**
   * The Username this connector would give the user named `userName`: the one sent by the create just refused
   * (the engine looks a user up after a duplicate), or else what the user name alone tells.
   */
  private usernameOf(userName: string): string | undefined {
    const sent = this.sentUsernames.get(userName.toLowerCase());
    if (sent) return sent;
    if (this.config.usernameSource === "userNameAtDomain") return usernameAtDomain(userName, this.config.usernameDomain ?? "");
    const bare = bareName(userName);
    return bare.includes("@") ? bare : undefined;
  }

  private rememberUsername(userName: string, username: string) {
    const key = userName.toLowerCase();
    this.sentUsernames.delete(key);
    this.sentUsernames.set(key, username);
    if (this.sentUsernames.size > REMEMBERED_USERNAMES) this.sentUsernames.delete(this.sentUsernames.keys().next().value!);
  }

  private async isActive(conn: Connection, userId: string): Promise<boolean | undefined> {
    const found = expectAnswer(queryResult({ IsActive: z.boolean() }), await conn.query(`SELECT Id, IsActive FROM User WHERE Id = ${soqlString(userId)}`), "read user");
    return found.records[0]?.IsActive;
  }

  /** Freezing is a field of the user's UserLogin row (IsFrozen), not of the User. */
  private async setFrozen(conn: Connection, userId: string, frozen: boolean) {
    const what = frozen ? "freeze user" : "unfreeze user";
    const logins = expectAnswer(queryResult({ IsFrozen: z.boolean() }), await conn.query(`SELECT Id, IsFrozen FROM UserLogin WHERE UserId = ${soqlString(userId)}`), what);
    for (const login of logins.records) {
      if (login.IsFrozen !== frozen) expectAnswer(saved, await conn.sobject("UserLogin").update({ Id: login.Id, IsFrozen: frozen }), what);
    }
  }

  /** The GroupMember rows of these users in the group, by user id. */
  private async memberRows(conn: Connection, groupId: string, userIds: string[]): Promise<Map<string, string>> {
    const rows = new Map<string, string>();
    for (const chunk of chunks(userIds)) {
      const soql = `SELECT Id, UserOrGroupId FROM GroupMember WHERE GroupId = ${soqlString(groupId)} AND UserOrGroupId IN ${soqlList(chunk)}`;
      const found = expectAnswer(queryResult({ UserOrGroupId: z.string() }), await conn.query(soql), "read group members");
      for (const r of found.records) rows.set(r.UserOrGroupId, r.Id);
    }
    return rows;
  }

  private async addMembers(conn: Connection, groupId: string, userIds: string[]) {
    if (!userIds.length) return;
    const answer = await conn.sobject("GroupMember").create(
      userIds.map((id) => ({ GroupId: groupId, UserOrGroupId: id })),
      { allOrNone: false, allowRecursive: true },
    );
    // a member added meanwhile is what was wanted
    checkCollection(answer, userIds, new Set(["DUPLICATE_VALUE"]), "add members");
  }

  private async removeMembers(conn: Connection, memberRowIds: string[]) {
    if (!memberRowIds.length) return;
    const answer = await conn.sobject("GroupMember").destroy(memberRowIds, { allOrNone: false, allowRecursive: true });
    // a row removed meanwhile is what was wanted
    checkCollection(answer, memberRowIds, new Set(["NOT_FOUND", "ENTITY_IS_DELETED"]), "remove members");
  }
}

/** The results of a collection request, one per record: refusals other than `fine` fail the call. */
function checkCollection(answer: unknown, ids: string[], fine: Set<string>, step: string) {
  const results = expectAnswer(collectionResults, answer, step);
  if (results.length !== ids.length) throw new UnexpectedAnswer(`${step}: ${results.length} results for ${ids.length} records`);
  const refused: RefusedRecord[] = [];
  results.forEach((r, i) => {
    if (r.success) return;
    const errors = remoteErrors(JSON.stringify(r.errors));
    if (errors.length && errors.every((e) => fine.has(e.code))) return;
    refused.push({ member: ids[i]!, errors });
  });
  if (refused.length) throw new RefusedRecords(refused, ids.length);
}

function result(trace: Trace, remoteId: string): RemoteResult {
  return { remoteId, httpStatus: trace.last()?.status, ...trace.summary() };
}
