import type { Sql } from "../db/sql.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { createUser } from "../identity/users/create-user.ts";
import { getUser } from "../identity/users/get-user.ts";
import { replaceUser } from "../identity/users/replace-user.ts";
import { deleteUser } from "../identity/users/delete-user.ts";
import { IdentityError } from "../identity/errors.ts";
import { readFederation } from "../federation/connection-federation.ts";
import { linksOfUsers } from "../federation/links.ts";
import { userFormSchema } from "../console/user-form.ts";
import { formToUserInput } from "../console/user-form-mapping.ts";
import type { AdminCaller } from "./caller.ts";
import { adminOrigin, blockingResults, type BlockingResults } from "./outbound.ts";

export type UserChange = UserView & BlockingResults;

export interface FederatedIdentity {
  connectionId: string;
  connectionName: string;
  subject: string;
  lastSignInAt: Date;
}

/** The identity providers a user signs in through, newest sign-in first, each with its connection's name. */
export async function federatedIdentitiesOf(sql: Sql, userId: string): Promise<FederatedIdentity[]> {
  const links = await linksOfUsers(sql, [userId]);
  const names = new Map<string, string>();
  for (const connectionId of new Set(links.map((l) => l.connectionId))) {
    names.set(connectionId, (await readFederation(sql, connectionId)).connectionName);
  }
  return links.map((l) => ({ connectionId: l.connectionId, connectionName: names.get(l.connectionId) ?? l.connectionId, subject: l.subject, lastSignInAt: l.lastSignInAt }));
}

/** A user as its page shows it: with its groups and the identity providers it signs in through. */
export async function userWithFederatedIdentities(sql: Sql, id: string): Promise<UserView & { federatedIdentities: FederatedIdentity[] }> {
  const user = await getUser(sql, id);
  return { ...user, federatedIdentities: await federatedIdentitiesOf(sql, id) };
}

/** Creates a local user from the console's form, then waits for blocking provisioners. */
export async function createUserFromForm(sql: Sql, body: unknown, caller: AdminCaller): Promise<UserChange> {
  const form = userFormSchema.parse(body);
  const origin = adminOrigin(caller.actor);
  const user = await createUser(sql, formToUserInput(form), { actor: caller.actor, source: "local", origin });
  return { ...user, ...(await blockingResults(origin)) };
}

/** Saves the form over the user, keeping what the form does not show; a stale version is refused. */
export async function replaceUserFromForm(sql: Sql, id: string, body: unknown, caller: AdminCaller): Promise<UserChange> {
  const form = userFormSchema.parse(body);
  const current = await getUser(sql, id);
  const origin = adminOrigin(caller.actor);
  const user = await replaceUser(sql, id, formToUserInput(form, current), { actor: caller.actor, origin }, { ifVersion: form.version });
  return { ...user, ...(await blockingResults(origin)) };
}

/** Deletes the user, never the caller's own account; says what became of it at blocking provisioners. */
export async function deleteUserAs(sql: Sql, id: string, caller: AdminCaller): Promise<BlockingResults> {
  if (id === caller.userId) throw IdentityError.invalid("You cannot delete the account you are signed in with");
  const origin = adminOrigin(caller.actor);
  await deleteUser(sql, id, caller.actor, origin);
  return blockingResults(origin);
}
