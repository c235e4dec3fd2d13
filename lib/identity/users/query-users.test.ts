import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../test/support/prisma-client";
import type { Sql, SqlExecutor } from "../../db/sql";
import { testDatabase } from "../../../test/support/test-database";
import { parseFilter } from "../../scim/filter/parser";
import { createGroup } from "../groups/create-group";
import { newId } from "../ids";
import type { Actor } from "../audit";
import { createUser } from "./create-user";
import { queryUserIds } from "./query-users";
import { userStamps } from "./user-stamps";

const actor: Actor = { name: "tester", channel: "console" };
let db: Sql;
let prisma: Db;
let cleanup: () => Promise<void>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ sql: db, db: prisma, cleanup } = await testDatabase());
  await prisma.userStore.create({ data: { id: newId(), domain: "MYSQL" } });
  for (const userName of ["ada", "grace", "MYSQL/kim", "MYSQL/ada"]) ids[userName] = (await createUser(db, { userName }, { actor })).id;
  await createGroup(db, { displayName: "staff", memberIds: [ids.ada!, ids.grace!] }, { actor });
});
afterAll(() => cleanup());

const page = (filter: string, offset = 0) => queryUserIds(db, { filter: parseFilter(filter), offset, count: 10 });

describe("queryUserIds", () => {
  it.each([
    { filter: 'userName eq "ada"', users: ["ada"], stamps: true },
    { filter: 'USERNAME eq "ADA"', users: ["ada"], stamps: true },
    { filter: 'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "grace"', users: ["grace"], stamps: true },
    { filter: 'userName eq "MYSQL/kim"', users: ["MYSQL/kim"], stamps: true },
    { filter: 'userName eq "MYSQL/ada"', users: ["MYSQL/ada"], stamps: true },
    { filter: 'userName eq "nobody"', users: [], stamps: true },
    { filter: 'id eq "{ada}"', users: ["ada"], stamps: true },
    { filter: 'userName sw "gr"', users: ["grace"], stamps: false },
    { filter: 'userName ne "ada" and userName ne "admin"', users: ["grace", "MYSQL/kim", "MYSQL/ada"], stamps: false },
    { filter: 'userName eq "ada" or userName eq "grace"', users: ["ada", "grace"], stamps: false },
  ])("$filter finds $users (stamps read with them: $stamps)", async ({ filter, users, stamps }) => {
    const found = await page(filter.replace("{ada}", ids.ada!));
    // users created within one millisecond have no creation order between them
    expect([...found.ids].sort()).toEqual(users.map((u) => ids[u]).sort());
    expect(found.total).toBe(users.length);
    if (!stamps) return expect(found.stamps).toBeUndefined();
    // the same stamps as the statement that reads them by id
    expect(found.stamps).toEqual(await userStamps(db, found.ids));
  });

  it("still refuses a sortBy that names nothing sortable on a lookup of one user", async () => {
    await expect(queryUserIds(db, { filter: parseFilter('userName eq "ada"'), sortBy: "nothing", offset: 0, count: 10 })).rejects.toThrow(/sortBy/);
  });

  it("reads the stamps separately past the first row", async () => {
    const found = await page('userName eq "ada"', 1);
    expect(found.ids).toEqual([]);
    expect(found.stamps).toBeUndefined();
  });

  it("reads a stamp that names the user's groups and their versions", async () => {
    const { stamps } = await page('userName eq "grace"');
    const group = await prisma.group.findFirstOrThrow({ where: { displayName: "staff" } });
    expect(stamps?.get(ids.grace!)?.stamp).toBe(`1|${group.id}:${group.version}`);
  });
});

describe("the total of a full page", () => {
  it("is counted once, reused while nothing is committed, and counted again after a commit", async () => {
    const statements: string[] = [];
    const watched: SqlExecutor = {
      dialect: db.dialect,
      state: db.state,
      all: (text, params) => (statements.push(text), db.all(text, params)),
      get: (text, params) => (statements.push(text), db.get(text, params)),
      run: (text, params) => db.run(text, params),
      changeStamp: db.changeStamp,
    };
    const counts = () => statements.filter((text) => text.startsWith("SELECT COUNT(*)")).length;
    // a page of one is full, so its total has to be counted
    const fullPage = () => queryUserIds(watched, { offset: 0, count: 1, sortBy: "userName" });
    const first = await fullPage();
    expect(counts()).toBe(1);
    expect((await fullPage()).total).toBe(first.total);
    expect(counts()).toBe(1);
    await createUser(db, { userName: "counted-later" }, { actor });
    expect((await fullPage()).total).toBe(first.total + 1);
    expect(counts()).toBe(2);
  });
});
