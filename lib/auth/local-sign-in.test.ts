import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import { testDatabase } from "../db/test-database";
import { createUser } from "../identity/users/create-user";
import { putSetting } from "../identity/settings";
import { signInWithPassword } from "./local-sign-in";

let db: Sql;
let prisma: Db;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ sql: db, db: prisma, cleanup } = await testDatabase());
  await putSetting(db, "accountLock", { enabled: true, maxFailedAttempts: 3, lockMinutes: 10 });
  await createUser(db, { userName: "sam", password: "sam's password" }, { actor: { name: "t", channel: "console" } });
  await createUser(db, { userName: "off", password: "off password", active: false }, { actor: { name: "t", channel: "console" } });
});
afterAll(() => cleanup());

describe("signInWithPassword", () => {
  it("accepts the right password case-insensitively on the user name", async () => {
    const result = await signInWithPassword(db, "SAM", "sam's password", "console");
    expect(result).toMatchObject({ ok: true, user: { userName: "sam" } });
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    expect(await signInWithPassword(db, "nobody", "x", "console")).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a disabled account only after the password matched", async () => {
    expect(await signInWithPassword(db, "off", "wrong", "console")).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(db, "off", "off password", "console")).toEqual({ ok: false, reason: "disabled" });
  });

  it("locks after the configured number of failures, even for the right password", async () => {
    expect((await signInWithPassword(db, "sam", "bad", "console")).ok).toBe(false);
    expect(await signInWithPassword(db, "sam", "bad", "console")).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithPassword(db, "sam", "bad", "console")).toEqual({ ok: false, reason: "locked" });
    expect(await signInWithPassword(db, "sam", "sam's password", "console")).toEqual({ ok: false, reason: "locked" });
    const row = await prisma.user.findFirstOrThrow({ where: { userNameKey: "sam" } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(await prisma.auditEvent.count({ where: { action: "user.locked", targetId: row.id } })).toBe(1);
  });
});
