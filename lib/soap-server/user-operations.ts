import { createUser } from "../identity/users/create-user.ts";
import { deleteUser } from "../identity/users/delete-user.ts";
import { getUser } from "../identity/users/get-user.ts";
import { proxyCreateUser } from "../identity/users/proxy-user.ts";
import { replaceUser } from "../identity/users/replace-user.ts";
import { passwordSchema, type UserInput } from "../identity/users/user-input.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { IdentityError } from "../identity/errors.ts";
import { applyClaims, readClaims } from "../wso2-user-admin/claims.ts";
import { FAULT_TEXT } from "../wso2-user-admin/faults.ts";
import type { Arguments } from "./args.ts";
import { checkProfile, requirePermission, type SoapCall } from "./call.ts";
import { findUserId, requireUserId } from "./directory.ts";
import { SoapFault } from "./fault.ts";
import { changeMembership, resolveRoles } from "./memberships.ts";

/** The password policy of every channel, refused in WSO2's words. */
function checkCredential(credential: string): string {
  const parsed = passwordSchema.safeParse(credential);
  if (!parsed.success) throw SoapFault.client(FAULT_TEXT.credentialInvalid(parsed.error.issues.map((i) => i.message).join("; ")));
  return parsed.data;
}

/** The store's input for a user as it is: what a change leaves alone stays (the password is kept when absent). */
const inputOf = (user: UserView): UserInput => ({ ...user, password: undefined });

/** WSO2's `requirePasswordChange` is accepted and ignored: Provisio has no forced password change. */
export async function addUser(call: SoapCall, args: Arguments<"addUser">): Promise<void> {
  requirePermission(call, "internal_user_mgt_create");
  checkProfile(args.profileName);
  const proxy = call.principal.serviceProvider.proxyMode;
  const roles = await resolveRoles(call, args.roleList);
  if (proxy && roles.length) throw SoapFault.client("Roles cannot be assigned in proxy mode: users are only passed on to the outbound targets, not stored");
  const password = args.credential ? checkCredential(args.credential) : undefined;
  const input = applyClaims<UserInput>({ userName: args.userName, ...(password ? { password } : {}) }, args.claims);
  const write = { actor: call.actor, defaultDomain: call.defaultDomain, source: "local" as const, origin: call.origin };
  let user: UserView;
  try {
    user = proxy ? await proxyCreateUser(call.sql, input, write) : await createUser(call.sql, input, write);
  } catch (err) {
    if (err instanceof IdentityError && err.code === "conflict") throw SoapFault.client(FAULT_TEXT.userExists(args.userName));
    throw err;
  }
  for (const role of roles) await changeMembership(call, user.id, role, true);
}

export async function deleteUserByName(call: SoapCall, args: Arguments<"deleteUser">): Promise<void> {
  requirePermission(call, "internal_user_mgt_delete");
  const id = await requireUserId(call.sql, args.userName, call.defaultDomain);
  await deleteUser(call.sql, id, call.actor, call.origin);
}

export async function isExistingUser(call: SoapCall, args: Arguments<"isExistingUser">): Promise<boolean> {
  requirePermission(call, "internal_user_mgt_view");
  return (await findUserId(call.sql, args.userName, call.defaultDomain)) !== undefined;
}

/** A change computed from the user as it is when written, so concurrent changes of other attributes are kept. */
async function reviseUser(call: SoapCall, userName: string, revise: (input: UserInput) => UserInput): Promise<void> {
  const id = await requireUserId(call.sql, userName, call.defaultDomain);
  const apply = (current: UserView) => revise(inputOf(current));
  // a bad claim fails here, before the write lock is taken
  const preview = apply(await getUser(call.sql, id));
  await replaceUser(call.sql, id, { preview, apply }, { actor: call.actor, origin: call.origin });
}

export async function updateCredentialByAdmin(call: SoapCall, args: Arguments<"updateCredentialByAdmin">): Promise<void> {
  requirePermission(call, "internal_user_mgt_update");
  const password = checkCredential(args.newCredential);
  await reviseUser(call, args.userName, (input) => ({ ...input, password }));
}

export async function setUserClaimValues(call: SoapCall, args: Arguments<"setUserClaimValues">): Promise<void> {
  requirePermission(call, "internal_user_mgt_update");
  checkProfile(args.profileName);
  await reviseUser(call, args.userName, (input) => applyClaims(input, args.claims));
}

/** Clears the claims named (the claim URIs alone, as WSO2 takes them). */
export async function deleteUserClaimValues(call: SoapCall, args: Arguments<"deleteUserClaimValues">): Promise<void> {
  requirePermission(call, "internal_user_mgt_update");
  checkProfile(args.profileName);
  await reviseUser(call, args.userName, (input) =>
    applyClaims(
      input,
      args.claims.map((claimURI) => ({ claimURI, value: "" })),
    ),
  );
}

export async function getUserClaimValues(call: SoapCall, args: Arguments<"getUserClaimValues">) {
  requirePermission(call, "internal_user_mgt_view");
  checkProfile(args.profileName);
  const id = await requireUserId(call.sql, args.userName, call.defaultDomain);
  return readClaims(await getUser(call.sql, id));
}

export async function updateRoleListOfUser(call: SoapCall, args: Arguments<"updateRoleListOfUser">): Promise<void> {
  const userId = await requireUserId(call.sql, args.userName, call.defaultDomain);
  const removed = await resolveRoles(call, args.deletedRoles);
  const added = await resolveRoles(call, args.newRoles);
  for (const role of removed) await changeMembership(call, userId, role, false);
  for (const role of added) await changeMembership(call, userId, role, true);
}
