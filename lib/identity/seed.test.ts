import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../test/support/prisma-client";
import type { Sql } from "../db/sql";
import { testDatabase } from "../../test/support/test-database";
import { getUser } from "./users/get-user";
import { seed } from "./seed";

let sql: Sql;
let db: Db;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ sql, db, cleanup } = await testDatabase());
});
afterAll(() => cleanup());

const admin = async () => getUser(sql, (await db.user.findFirstOrThrow({ where: { userNameKey: "admin" } })).id);

describe("seed", () => {
  it("gives the first administrator a name and the default email, as SCIM clients expect of every user", async () => {
    const user = await admin();
    expect(user.name).toMatchObject({ givenName: "Provisio", familyName: "Administrator", formatted: "Provisio Administrator" });
    expect(user.emails).toEqual([{ value: "admin@localhost", type: "work", primary: true }]);
  });

  it("keeps what an administrator has set on later starts, even with another ADMIN_EMAIL", async () => {
    const before = await admin();
    await db.user.update({ where: { id: before.id }, data: { givenName: "Ada", familyName: "Lovelace", formattedName: null } });
    await seed(sql, { username: "admin", password: "admin-password", email: "other@example.com" });
    const after = await admin();
    expect(after.name).toMatchObject({ givenName: "Ada", familyName: "Lovelace" });
    expect(after.emails).toEqual([{ value: "admin@localhost", type: "work", primary: true }]);
    expect(after.version).toBe(before.version);
  });

  it("fills in the name and the email of an administrator seeded without them", async () => {
    const before = await admin();
    await db.user.update({ where: { id: before.id }, data: { givenName: null, familyName: null, formattedName: null } });
    await db.userValue.deleteMany({ where: { userId: before.id, attribute: "emails" } });
    await seed(sql, { username: "admin", password: "admin-password", email: "it@example.com" });
    const after = await admin();
    expect(after.name).toMatchObject({ givenName: "Provisio", familyName: "Administrator" });
    expect(after.emails).toEqual([{ value: "it@example.com", type: "work", primary: true }]);
    expect(after.version).toBeGreaterThan(before.version);
  });
});
