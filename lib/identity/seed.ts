import type { Sql, SqlExecutor } from "../db/sql.ts";
import { hashPassword, verifyPassword } from "../crypto/password.ts";
import { log } from "../log.ts";
import { isUniqueViolation } from "./errors.ts";
import { newId } from "./ids.ts";
import { normaliseKey, PRIMARY_DOMAIN } from "./qualified-name.ts";
import { ADMIN_ROLE, PERMISSIONS } from "./permissions.ts";
import type { Columns } from "../generated/tables.ts";

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

// every row is written only where none exists (`ON CONFLICT DO NOTHING`, which both dialects accept)
const insertMissing = (exec: SqlExecutor, table: string, row: Record<string, string | number | boolean | Date | null>) => {
  const names = Object.keys(row);
  return exec.run(`INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`, Object.values(row));
};

/**
 * First-start content: the PRIMARY user store, the resident service provider, the admin role with every
 * permission and the admin user. Idempotent: later starts only top up what is missing.
 */
export async function seed(sql: Sql, admin: { username: string; password: string; email?: string }): Promise<void> {
  const now = new Date();
  await insertMissing(sql, "UserStore", { id: newId(), domain: PRIMARY_DOMAIN, description: "Primary user store", primary: true, readOnly: false, createdAt: now, updatedAt: now });
  await insertMissing(sql, "ServiceProvider", {
    id: RESIDENT_SP_ID,
    name: "Resident",
    resident: true,
    kind: "resident",
    description: "Settings for the console and Basic-auth SCIM",
    createdAt: now,
    updatedAt: now,
  });
  await insertMissing(sql, "Role", { id: newId(), name: ADMIN_ROLE, description: "Full administration", createdAt: now, updatedAt: now });
  const role = await sql.get<Columns<"Role", "id">>(`SELECT "id" FROM "Role" WHERE "name" = ?`, [ADMIN_ROLE]);
  if (!role) throw new Error(`The ${ADMIN_ROLE} role is missing after seeding`);
  // new permissions of a newer release reach the admin role on upgrade
  await sql.transaction(async (tx) => {
    for (const permission of PERMISSIONS) await insertMissing(tx, "RolePermission", { roleId: role.id, permission });
  });

  const store = await sql.get<Columns<"UserStore", "id">>(`SELECT "id" FROM "UserStore" WHERE "domain" = ?`, [PRIMARY_DOMAIN]);
  if (!store) throw new Error("The PRIMARY user store is missing after seeding");
  const userNameKey = normaliseKey(admin.username);
  const findAdmin = () => sql.get<Columns<"User", "id" | "passwordHash">>(`SELECT "id", "passwordHash" FROM "User" WHERE "storeId" = ? AND "userNameKey" = ?`, [store.id, userNameKey]);
  let user = await findAdmin();
  if (!user) {
    const passwordHash = await hashPassword(admin.password);
    const id = newId();
    await once(() =>
      sql.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO "User" ("id", "storeId", "userName", "userNameKey", "passwordHash", "passwordChangedAt", "displayName", "displayNameKey", "givenName", "familyName", "formattedName", "createdAt", "updatedAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, store.id, admin.username, userNameKey, passwordHash, now, "Administrator", "administrator", ADMIN_NAME.givenName, ADMIN_NAME.familyName, ADMIN_NAME.formatted, now, now],
        );
        await insertEmail(tx, id, admin.email ?? DEFAULT_ADMIN_EMAIL);
      }),
    );
    user = await findAdmin();
    if (!user) throw new Error("The administrator is missing after seeding");
    log.info({ username: admin.username }, "admin user created");
  }
  const adminId = user.id;
  await topUpAdminProfile(sql, adminId, admin.email ?? DEFAULT_ADMIN_EMAIL);
  await insertMissing(sql, "RoleUser", { roleId: role.id, userId: adminId, createdAt: now });

  if (user.passwordHash && (await verifyPassword(user.passwordHash, "admin"))) {
    log.warn(
      { username: admin.username },
      "!!! The admin account still uses the default password 'admin'. Anyone who can reach this server can sign in as administrator. Change it in the console (Users) or start with ADMIN_PASSWORD set before the first start. !!!",
    );
  }
}

const DEFAULT_ADMIN_EMAIL = "admin@localhost";

function insertEmail(exec: SqlExecutor, userId: string, email: string) {
  return exec.run(`INSERT INTO "UserValue" ("id", "userId", "attribute", "position", "type", "primary", "value", "valueKey") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
    newId(),
    userId,
    "emails",
    0,
    "work",
    true,
    email,
    email.toLowerCase(),
  ]);
}

/**
 * An administrator seeded by an older release has no name and no email. Each is filled in only while it is
 * missing altogether: a name or an email the administrator has since set (or removed and replaced) is theirs.
 */
async function topUpAdminProfile(sql: Sql, userId: string, email: string): Promise<void> {
  const user = await sql.get<Columns<"User", "givenName" | "familyName" | "formattedName" | "middleName">>(
    `SELECT "givenName", "familyName", "formattedName", "middleName" FROM "User" WHERE "id" = ?`,
    [userId],
  );
  if (!user) throw new Error("The administrator is missing");
  const noName = !user.givenName && !user.familyName && !user.formattedName && !user.middleName;
  const noEmail = !(await sql.get(`SELECT 1 AS "one" FROM "UserValue" WHERE "userId" = ? AND "attribute" = ?`, [userId, "emails"]));
  if (!noName && !noEmail) return;
  await sql.transaction(async (tx) => {
    if (noEmail) await insertEmail(tx, userId, email);
    if (noName) {
      await tx.run(`UPDATE "User" SET "givenName" = ?, "familyName" = ?, "formattedName" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [
        ADMIN_NAME.givenName,
        ADMIN_NAME.familyName,
        ADMIN_NAME.formatted,
        new Date(),
        userId,
      ]);
    } else {
      await tx.run(`UPDATE "User" SET "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [new Date(), userId]);
    }
  });
  log.info({ userId, name: noName, email: noEmail }, "admin profile completed");
}
