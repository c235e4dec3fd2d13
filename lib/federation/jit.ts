import type { Sql } from "../db/sql.ts";
import type { Actor } from "../identity/audit.ts";
import type { ChangeOrigin } from "../identity/changes.ts";
import { IdentityError } from "../identity/errors.ts";
import { qualifyName, splitQualifiedName } from "../identity/qualified-name.ts";
import { changeUserRoles, roleIdsByNames } from "../identity/roles/roles.ts";
import { findStore } from "../identity/user-stores.ts";
import { accountStanding, inGoodStanding } from "../identity/users/account-standing.ts";
import { createUser } from "../identity/users/create-user.ts";
import { replaceUser } from "../identity/users/replace-user.ts";
import { loadUsers, userIdByName, userIdsWithEmail } from "../identity/users/user-rows.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { passwordSchema, userNameSchema } from "../identity/users/user-input.ts";
import { log } from "../log.ts";
import { applyAttributes, mapClaims, mappedRoleNames, newUserInput, type MappedIdentity, type SyncableInput } from "./claim-mapping.ts";
import type { FederationView } from "./connection-federation.ts";
import { findLink, insertLink, touchLink } from "./links.ts";
import { FederationError } from "./oidc-client.ts";
import type { JitScheme } from "./settings.ts";

/**
 * The Just-in-Time step of a federated sign-in: from the identity provider's verified claims to the local user
 * who signs in. A linked identity signs in as its user (attributes and mapped roles synchronised as the
 * connection says); an unlinked one is linked to an existing user only on a verified email or an exact user
 * name, when the connection allows it, or provisioned as a new user: silently, or after the scheme's prompts.
 * A new user, its link and its roles are written in one transaction, and announced to outbound provisioning
 * with trigger "jit".
 */

export interface JitContext {
  /**
   * The application being signed in to, trigger "jit": its outbound provisioners with JIT enabled receive the
   * user. Blocking provisioners' events are noted on it for the caller to wait for.
   */
  origin?: ChangeOrigin;
}

export interface PromptRequest {
  userName: boolean;
  password: boolean;
  consent: boolean;
  proposedUserName: string;
  /** the attributes the new user will get, for the consent text */
  attributes: Array<[attribute: string, value: string]>;
  /** why a name must be chosen, when the proposed one is taken */
  notice?: string;
}

export type JitOutcome = { kind: "signed-in"; userId: string } | { kind: "prompt"; prompt: PromptRequest };

const PROMPTS: Record<JitScheme, { userName: boolean; password: boolean; consent: boolean }> = {
  PROMPT_USERNAME_PASSWORD_CONSENT: { userName: true, password: true, consent: true },
  PROMPT_PASSWORD_CONSENT: { userName: false, password: true, consent: true },
  PROMPT_CONSENT: { userName: false, password: false, consent: true },
  PROVISION_SILENTLY: { userName: false, password: false, consent: false },
};

const jitActor = (connection: FederationView): Actor => ({ name: `connection:${connection.connectionName}`, channel: "jit" });

function mapped(connection: FederationView, claims: Record<string, unknown>): MappedIdentity {
  const result = mapClaims(claims, connection.settings.claims);
  if (!result.ok) throw new FederationError(result.reason, result.message);
  return result.identity;
}

/** The proposed name in the connection's user store: a name the IdP sends with a domain keeps only its last part's meaning as a name. */
function inStore(userStore: string, name: string): string {
  return qualifyName(userStore.toUpperCase(), name);
}

async function assertCanSignIn(sql: Sql, userId: string): Promise<void> {
  if (!inGoodStanding(await accountStanding(sql, userId))) throw new FederationError("account_disabled", "The local account linked to this identity is disabled or locked.");
}

async function mappedRoleIds(sql: Sql, connection: FederationView, identity: MappedIdentity): Promise<string[]> {
  const names = mappedRoleNames(identity.idpRoles, connection.settings.roles.mappings);
  const ids = await roleIdsByNames(sql, names);
  const missing = names.filter((n) => !ids.has(n.toLowerCase()));
  if (missing.length) log.warn({ connection: connection.connectionName, roles: missing }, "role mapping names local roles that do not exist");
  return [...ids.values()];
}

/** On a later sign-in: attributes as the connection's sync method says, mapped roles granted and those no longer mapped taken back. */
async function synchronise(sql: Sql, connection: FederationView, user: UserView, identity: MappedIdentity, previousRoleIds: string[], ctx: JitContext): Promise<string[]> {
  const { attributeSync, syncExceptions } = connection.settings.jit;
  if (attributeSync !== "NONE") {
    await replaceUser(
      sql,
      user.id,
      {
        preview: user as unknown as SyncableInput,
        apply(current) {
          const input = structuredClone(current) as unknown as SyncableInput;
          return applyAttributes(input, identity.attributes, attributeSync === "OVERRIDE_ALL" ? "all" : "empty", syncExceptions) ? input : null;
        },
      },
      { actor: jitActor(connection), source: "jit", origin: ctx.origin },
    );
  }
  const roleIds = await mappedRoleIds(sql, connection, identity);
  await sql.transaction(async (tx) => {
    await changeUserRoles(tx, user.id, roleIds, previousRoleIds, { announce: true, origin: ctx.origin });
    await touchLink(tx, connection.connectionId, identity.subject, roleIds);
  });
  return roleIds;
}

/** An existing local user this identity may be linked to: one user with the verified email, or exactly the proposed name. */
async function associationCandidate(sql: Sql, connection: FederationView, identity: MappedIdentity): Promise<string | undefined> {
  if (!connection.settings.jit.associateLocalUser) return undefined;
  if (identity.email && identity.emailVerified) {
    const ids = await userIdsWithEmail(sql, identity.email);
    if (ids.length === 1) return ids[0];
  }
  const store = await findStore(sql, connection.settings.jit.userStore.toUpperCase());
  return store ? userIdByName(sql, store.id, splitQualifiedName(identity.proposedUserName).name) : undefined;
}

async function nameTaken(sql: Sql, userStore: string, name: string): Promise<boolean> {
  const store = await findStore(sql, userStore.toUpperCase());
  if (!store) throw new FederationError("provisioning_failed", `The connection's JIT user store "${userStore}" does not exist.`);
  return (await userIdByName(sql, store.id, name)) !== undefined;
}

/**
 * The first step after the identity provider's answer: sign in a linked user, link an allowed existing user,
 * provision a new user silently, or ask the scheme's prompts.
 */
export async function resolveFederatedUser(sql: Sql, connection: FederationView, claims: Record<string, unknown>, ctx: JitContext = {}): Promise<JitOutcome> {
  const identity = mapped(connection, claims);
  const jit = connection.settings.jit;
  const link = await findLink(sql, connection.connectionId, identity.subject);
  if (link) {
    await assertCanSignIn(sql, link.userId);
    const [user] = await loadUsers(sql, [link.userId]);
    if (jit.enabled) {
      try {
        await synchronise(sql, connection, user, identity, link.mappedRoleIds, ctx);
      } catch (err) {
        if (jit.onFailure === "FAIL") throw provisioningFailure(err);
        log.warn({ connection: connection.connectionName, err: { message: (err as Error).message } }, "federated sign-in continues without updating the user");
      }
    } else await touchLink(sql, connection.connectionId, identity.subject, link.mappedRoleIds);
    return { kind: "signed-in", userId: link.userId };
  }
  if (!jit.enabled) throw new FederationError("no_account", "No local account is linked to this identity, and this connection does not provision new users.");

  const candidate = await associationCandidate(sql, connection, identity);
  if (candidate) {
    await assertCanSignIn(sql, candidate);
    const [user] = await loadUsers(sql, [candidate]);
    await sql.transaction((tx) => insertLink(tx, connection.connectionId, identity.subject, candidate, []));
    try {
      await synchronise(sql, connection, user, identity, [], ctx);
    } catch (err) {
      if (jit.onFailure === "FAIL") throw provisioningFailure(err);
    }
    return { kind: "signed-in", userId: candidate };
  }

  const prompts = PROMPTS[jit.scheme];
  const proposed = splitQualifiedName(identity.proposedUserName).name;
  const taken = await nameTaken(sql, jit.userStore, proposed);
  if (!prompts.consent) {
    if (taken) throw new FederationError("user_name_taken", `The user name "${proposed}" is already taken by another local account, so the account could not be created.`);
    return { kind: "signed-in", userId: await provision(sql, connection, identity, proposed, undefined, ctx) };
  }
  return {
    kind: "prompt",
    prompt: {
      ...prompts,
      userName: prompts.userName || taken,
      proposedUserName: proposed,
      attributes: [...identity.attributes],
      ...(taken && !prompts.userName ? { notice: `The user name "${proposed}" is already taken: choose another.` } : {}),
    },
  };
}

export interface PromptAnswers {
  userName?: string;
  password?: string;
  consent: boolean;
}

/**
 * The prompts answered: checks the answers against what was asked and provisions the user. Invalid answers
 * throw IdentityError (field set), so the page can ask again; nothing is written then.
 */
export async function completeFederatedPrompt(
  sql: Sql,
  connection: FederationView,
  claims: Record<string, unknown>,
  prompt: PromptRequest,
  answers: PromptAnswers,
  ctx: JitContext = {},
): Promise<string> {
  if (!answers.consent) throw IdentityError.invalid("Consent is needed to create the account", "consent");
  const identity = mapped(connection, claims);
  const name = prompt.userName ? (answers.userName ?? "").trim() : prompt.proposedUserName;
  if (!name) throw IdentityError.invalid("Choose a user name", "userName");
  if (name.includes("/")) throw IdentityError.invalid("A user name cannot contain '/'", "userName");
  if (prompt.userName) {
    const valid = userNameSchema.safeParse(name);
    if (!valid.success) throw IdentityError.invalid(valid.error.issues[0].message, "userName");
  }
  if (prompt.password) {
    const valid = passwordSchema.safeParse(answers.password ?? "");
    if (!valid.success) throw IdentityError.invalid(answers.password ? valid.error.issues[0].message : "Choose a password", "password");
  }
  if (await nameTaken(sql, connection.settings.jit.userStore, name)) throw IdentityError.conflict(`The user name "${name}" is already taken`, "userName");
  return provision(sql, connection, identity, name, prompt.password ? answers.password : undefined, ctx);
}

async function provision(sql: Sql, connection: FederationView, identity: MappedIdentity, name: string, password: string | undefined, ctx: JitContext): Promise<string> {
  const roleIds = await mappedRoleIds(sql, connection, identity);
  try {
    const user = await createUser(sql, newUserInput(inStore(connection.settings.jit.userStore, name), identity.attributes, password), {
      actor: jitActor(connection),
      source: "jit",
      federated: { connectionId: connection.connectionId, subject: identity.subject },
      origin: ctx.origin,
      async alsoWrite(tx, userId) {
        await insertLink(tx, connection.connectionId, identity.subject, userId, roleIds);
        await changeUserRoles(tx, userId, roleIds, [], { announce: false });
      },
    });
    log.info({ connection: connection.connectionName, userId: user.id, userName: user.userName }, "user provisioned just in time");
    return user.id;
  } catch (err) {
    if (err instanceof IdentityError && err.field === "password") throw err;
    if (err instanceof IdentityError && err.code === "conflict") throw new FederationError("user_name_taken", `The user name "${name}" is already taken by another local account.`);
    throw provisioningFailure(err);
  }
}

function provisioningFailure(err: unknown): FederationError {
  if (err instanceof FederationError) return err;
  const message = err instanceof IdentityError ? err.message : "The local account could not be created or updated.";
  return new FederationError("provisioning_failed", `Your account could not be provisioned: ${message}`, (err as Error).message);
}
