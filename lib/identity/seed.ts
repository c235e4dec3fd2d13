import type { Db } from "../db/client.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { log } from "../log.ts";
import { isUniqueViolation } from "./errors.ts";
import { newId } from "./ids.ts";
import { normaliseKey, PRIMARY_DOMAIN } from "./qualified-name.ts";
import { ADMIN_ROLE, PERMISSIONS } from "./permissions.ts";

export const RESIDENT_SP_ID = "resident";

/** The seeded administrator's name: SCIM clients (Okta's test reads the first user) expect one on every user. */
export const ADMIN_NAME = { givenName: "Provisio", familyName: "Administrator", formatted: "Provisio Administrator" };

/** Runs a seeding step that another instance may be running at the same moment; losing the race is fine. */
async function once(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}

/**
 * First-start content: the PRIMARY user store, the resident service provider, the admin role with every
 * permission and the admin user. Idempotent: later starts only top up what is missing.
 */
export async function seed(client: Db, admin: { username: string; password: string; email?: string }): Promise<void> {
  await once(() => client.userStore.upsert({ where: { domain: PRIMARY_DOMAIN }, update: {}, create: { id: newId(), domain: PRIMARY_DOMAIN, primary: true, description: "Primary user store" } }));
  await once(() =>
    client.serviceProvider.upsert({
      where: { id: RESIDENT_SP_ID },
      update: {},
      create: { id: RESIDENT_SP_ID, name: "Resident", resident: true, kind: "resident", description: "Settings for the console and Basic-auth SCIM" },
    }),
  );
  await once(() => client.role.upsert({ where: { name: ADMIN_ROLE }, update: {}, create: { id: newId(), name: ADMIN_ROLE, description: "Full administration" } }));
  const role = await client.role.findUniqueOrThrow({ where: { name: ADMIN_ROLE } });
  // new permissions of a newer release reach the admin role on upgrade
  await once(() => client.rolePermission.createMany({ data: PERMISSIONS.map((permission) => ({ roleId: role.id, permission })) }).catch(async (err) => {
    if (!isUniqueViolation(err)) throw err;
    for (const permission of PERMISSIONS) {
      await once(() => client.rolePermission.upsert({ where: { roleId_permission: { roleId: role.id, permission } }, update: {}, create: { roleId: role.id, permission } }));
    }
  }));

  const store = await client.userStore.findUniqueOrThrow({ where: { domain: PRIMARY_DOMAIN } });
  const userNameKey = normaliseKey(admin.username);
  let user = await client.user.findUnique({ where: { storeId_userNameKey: { storeId: store.id, userNameKey } }, select: { id: true, passwordHash: true } });
  if (!user) {
    const passwordHash = await hashPassword(admin.password);
    await once(() =>
      client.user.create({
        data: {
          id: newId(),
          storeId: store.id,
          userName: admin.username,
          userNameKey,
          passwordHash,
          passwordChangedAt: new Date(),
          displayName: "Administrator",
          displayNameKey: "administrator",
          givenName: ADMIN_NAME.givenName,
          familyName: ADMIN_NAME.familyName,
          formattedName: ADMIN_NAME.formatted,
          values: { create: [emailValue(admin.email ?? DEFAULT_ADMIN_EMAIL)] },
        },
      }),
    );
    user = await client.user.findUniqueOrThrow({ where: { storeId_userNameKey: { storeId: store.id, userNameKey } }, select: { id: true, passwordHash: true } });
    log.info({ username: admin.username }, "admin user created");
  }
  const adminId = user.id;
  await topUpAdminProfile(client, adminId, admin.email ?? DEFAULT_ADMIN_EMAIL);
  await once(() => client.roleUser.upsert({ where: { roleId_userId: { roleId: role.id, userId: adminId } }, update: {}, create: { roleId: role.id, userId: adminId } }));

  if (user.passwordHash && (await verifyPassword(user.passwordHash, "admin"))) {
    log.warn(
      { username: admin.username },
      "!!! The admin account still uses the default password 'admin'. Anyone who can reach this server can sign in as administrator. Change it in the console (Users) or start with ADMIN_PASSWORD set before the first start. !!!",
    );
  }
}

const DEFAULT_ADMIN_EMAIL = "admin@localhost";

function emailValue(email: string) {
  return { id: newId(), attribute: "emails", position: 0, type: "work", primary: true, value: email, valueKey: email.toLowerCase() };
}

/**
 * An administrator seeded by an older release has no name and no email. Each is filled in only while it is
 * missing altogether: a name or an email the administrator has since set (or removed and replaced) is theirs.
 */
async function topUpAdminProfile(client: Db, userId: string, email: string): Promise<void> {
  const user = await client.user.findUniqueOrThrow({ where: { id: userId }, select: { givenName: true, familyName: true, formattedName: true, middleName: true } });
  const noName = !user.givenName && !user.familyName && !user.formattedName && !user.middleName;
  const noEmail = (await client.userValue.count({ where: { userId, attribute: "emails" } })) === 0;
  if (!noName && !noEmail) return;
  await client.$transaction([
    ...(noEmail ? [client.userValue.create({ data: { ...emailValue(email), userId } })] : []),
    client.user.update({
      where: { id: userId },
      data: { ...(noName ? { givenName: ADMIN_NAME.givenName, familyName: ADMIN_NAME.familyName, formattedName: ADMIN_NAME.formatted } : {}), version: { increment: 1 } },
    }),
  ]);
  log.info({ userId, name: noName, email: noEmail }, "admin profile completed");
}
