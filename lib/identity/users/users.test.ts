import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../test/support/prisma-client";
import type { Sql } from "../../db/sql";
import { testDatabase } from "../../../test/support/test-database";
import { createUser } from "./create-user";
import { replaceUser } from "./replace-user";
import { deleteUser } from "./delete-user";
import { getUser } from "./get-user";
import { listUsers } from "./list-users";
import { IdentityError } from "../errors";
import { newId } from "../ids";
import { verifyPassword } from "../../crypto/password";
import type { Actor } from "../audit";

const actor: Actor = { name: "tester", channel: "console" };
let db: Sql;
let prisma: Db;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ sql: db, db: prisma, cleanup } = await testDatabase());
  await prisma.userStore.create({ data: { id: newId(), domain: "MYSQL" } });
});
afterAll(() => cleanup());

async function expectIdentityError(promise: Promise<unknown>, code: string, field?: string) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IdentityError);
  expect((err as IdentityError).code).toBe(code);
  if (field) expect((err as IdentityError).field).toBe(field);
}

describe("users in the store", () => {
  it("creates a user with multi-valued attributes and a hashed password", async () => {
    const user = await createUser(
      db,
      {
        userName: "ada",
        password: "correct horse",
        emails: [
          { value: "Ada@Example.com", type: "work", primary: true },
          { value: "ada@home.example", primary: true },
        ],
      },
      { actor },
    );
    expect(user.userName).toBe("ada");
    expect(user.domain).toBe("PRIMARY");
    // at most one primary (RFC 7643 section 2.4): the first one wins
    expect(user.emails).toEqual([{ value: "Ada@Example.com", type: "work", primary: true }, { value: "ada@home.example" }]);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash!, "correct horse")).toBe(true);
    expect(await prisma.auditEvent.count({ where: { targetId: user.id, action: "user.create" } })).toBe(1);
  });

  it("places a qualified name in its domain and a bare one in the default domain", async () => {
    const kim = await createUser(db, { userName: "mysql/kim" }, { actor });
    expect(kim).toMatchObject({ userName: "MYSQL/kim", domain: "MYSQL" });
    const lee = await createUser(db, { userName: "lee" }, { actor, defaultDomain: "MYSQL" });
    expect(lee.userName).toBe("MYSQL/lee");
    // the same name may exist once per domain
    expect((await createUser(db, { userName: "kim" }, { actor })).domain).toBe("PRIMARY");
    await expectIdentityError(createUser(db, { userName: "NOPE/kim" }, { actor }), "invalid", "userName");
  });

  it("rejects a duplicate user name in the same domain, whatever its case", async () => {
    await createUser(db, { userName: "grace" }, { actor });
    await expectIdentityError(createUser(db, { userName: "GRACE" }, { actor }), "conflict", "userName");
  });

  it("replaces a user, keeps the password when none is given, and ignores a no-op", async () => {
    const u = await createUser(db, { userName: "linus", password: "first password" }, { actor });
    const changed = await replaceUser(db, u.id, { userName: "Linus", displayName: "Linus T", name: { givenName: "Linus" } }, { actor });
    expect(changed).toMatchObject({ userName: "Linus", displayName: "Linus T", version: 2, hasPassword: true });
    const again = await replaceUser(db, u.id, { userName: "Linus", displayName: "Linus T", name: { givenName: "Linus" } }, { actor });
    expect(again.version).toBe(2);
    expect(again.updatedAt).toEqual(changed.updatedAt);
    await expectIdentityError(replaceUser(db, u.id, { userName: "Linus", displayName: "x" }, { actor }, { ifVersion: 1 }), "precondition_failed");
    await expectIdentityError(replaceUser(db, u.id, { userName: "MYSQL/Linus" }, { actor }), "invalid", "userName");
    await expectIdentityError(replaceUser(db, u.id, { userName: "grace" }, { actor }), "conflict", "userName");
  });

  it("lists users whose user name, display name or email starts with the search term, in any case, paged with a correct total", async () => {
    for (let i = 0; i < 5; i++) await createUser(db, { userName: `pager${i}`, emails: [{ value: `Mail.P${i}@Paging.example` }] }, { actor });
    const page = await listUsers(db, { search: "PAGER", startIndex: 2, count: 2 });
    expect(page.totalResults).toBe(5);
    expect(page.items.map((u) => u.userName)).toEqual(["pager1", "pager2"]);
    expect((await listUsers(db, { search: "pager", domain: "MYSQL" })).totalResults).toBe(0);
    // by email, by display name; the middle of a value does not match
    expect((await listUsers(db, { search: "mail.p3@" })).items.map((u) => u.userName)).toEqual(["pager3"]);
    await createUser(db, { userName: "sk", displayName: "Søren Kierkegaard" }, { actor });
    expect((await listUsers(db, { search: "SØREN K" })).items.map((u) => u.userName)).toEqual(["sk"]);
    expect((await listUsers(db, { search: "paging.example" })).totalResults).toBe(0);
    expect((await listUsers(db, { search: "kierkegaard" })).totalResults).toBe(0);
  });

  it("takes LIKE's wildcards in a search literally", async () => {
    await createUser(db, { userName: "under_score" }, { actor });
    await createUser(db, { userName: "underXscore" }, { actor });
    await createUser(db, { userName: "100%sure" }, { actor });
    expect((await listUsers(db, { search: "under_" })).items.map((u) => u.userName)).toEqual(["under_score"]);
    expect((await listUsers(db, { search: "100%" })).items.map((u) => u.userName)).toEqual(["100%sure"]);
    expect((await listUsers(db, { search: "%" })).totalResults).toBe(0);
  });

  it("sorts by user name, display name or creation, either way, ties broken the same on every page", async () => {
    const names = ["sort-c", "sort-a", "sort-b"];
    for (const [i, n] of names.entries()) {
      await createUser(db, { userName: n, displayName: `Sorted ${["z", "y", "y"][i]}` }, { actor });
      // creation times a few milliseconds apart, so their order is the order of creation
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const list = async (sortBy: "userName" | "displayName" | "createdAt", sortOrder: "ascending" | "descending") =>
      (await listUsers(db, { search: "sort-", sortBy, sortOrder })).items.map((u) => u.userName);
    expect(await list("userName", "ascending")).toEqual(["sort-a", "sort-b", "sort-c"]);
    expect(await list("userName", "descending")).toEqual(["sort-c", "sort-b", "sort-a"]);
    expect(await list("displayName", "ascending")).toEqual(["sort-a", "sort-b", "sort-c"]);
    expect(await list("displayName", "descending")).toEqual(["sort-c", "sort-b", "sort-a"]);
    expect(await list("createdAt", "ascending")).toEqual(names);
    expect(await list("createdAt", "descending")).toEqual([...names].reverse());
  });

  it("lists only the users a connection created just in time when asked for its id", async () => {
    const federated = (connectionId: string, subject: string) => ({ actor, source: "jit" as const, federated: { connectionId, subject } });
    const [a, b] = [newId(), newId()];
    await createUser(db, { userName: "jit-a1" }, federated(a, "s1"));
    await createUser(db, { userName: "jit-a2" }, federated(a, "s2"));
    await createUser(db, { userName: "jit-b1" }, federated(b, "s1"));
    await createUser(db, { userName: "jit-local" }, { actor });
    const fromA = await listUsers(db, { sourceConnection: a });
    expect(fromA.totalResults).toBe(2);
    expect(fromA.items.map((u) => [u.userName, u.source, u.sourceConnection, u.sourceSubject])).toEqual([
      ["jit-a1", "jit", a, "s1"],
      ["jit-a2", "jit", a, "s2"],
    ]);
    // with the search box and paging
    expect((await listUsers(db, { sourceConnection: a, search: "JIT-A2" })).items.map((u) => u.userName)).toEqual(["jit-a2"]);
    expect((await listUsers(db, { sourceConnection: a, startIndex: 2, count: 1 })).items.map((u) => u.userName)).toEqual(["jit-a2"]);
    expect((await listUsers(db, { sourceConnection: b })).items.map((u) => u.userName)).toEqual(["jit-b1"]);
    expect((await listUsers(db, { sourceConnection: newId() })).totalResults).toBe(0);
    // no connection: everyone
    expect((await listUsers(db, { search: "jit-" })).totalResults).toBe(4);
  });

  it("deletes a user and reports a missing one as not found", async () => {
    const u = await createUser(db, { userName: "temp" }, { actor });
    await deleteUser(db, u.id, actor);
    await expectIdentityError(getUser(db, u.id), "not_found");
    await expectIdentityError(deleteUser(db, u.id, actor), "not_found");
  });

  it("validates input before touching the store", async () => {
    await expect(createUser(db, { userName: "   " }, { actor })).rejects.toThrow();
    await expect(createUser(db, { userName: "x", password: "short" }, { actor })).rejects.toThrow(/at least 6/);
    await expect(createUser(db, { userName: "bad\u0000name" }, { actor })).rejects.toThrow(/control characters/);
  });
});
