import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../test/support/prisma-client";
import type { Sql } from "../db/sql";
import { testDatabase } from "../../test/support/test-database";
import { createUser } from "../identity/users/create-user";
import { putSetting } from "../identity/settings";
import { log } from "../log";
import { signInWithPassword } from "./local-sign-in";

let db: Sql;
let prisma: Db;
let cleanup: () => Promise<void>;
const actor = { actor: { name: "t", channel: "console" as const } };
const HERE = "203.0.113.7";
const ELSEWHERE = "198.51.100.20";
beforeAll(async () => {
  ({ sql: db, db: prisma, cleanup } = await testDatabase());
  await createUser(db, { userName: "sam", password: "sam's password" }, actor);
  await createUser(db, { userName: "off", password: "off password", active: false }, actor);
});
beforeEach(async () => {
  await putSetting(db, "accountLock", { enabled: true, maxFailedAttempts: 3, lockMinutes: 10 });
});
afterAll(() => cleanup());

const signIn = (name: string, password: string, address = HERE) => signInWithPassword(db, name, password, "console", address);
const throttleRow = (account: string, address: string) => prisma.signInThrottle.findUnique({ where: { account_address: { account, address } } });

describe("signInWithPassword", () => {
  it("accepts the right password case-insensitively on the user name", async () => {
    const result = await signIn("SAM", "sam's password");
    expect(result).toMatchObject({ ok: true, user: { userName: "sam" } });
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    expect(await signIn("nobody", "x")).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a disabled account only after the password matched", async () => {
    expect(await signIn("off", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("off", "off password")).toEqual({ ok: false, reason: "disabled" });
  });

  it("answers a name with a NUL character like any unknown name", async () => {
    expect(await signIn("sa\u0000m", "x")).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("locks per account and client address", () => {
  it("locks the address that failed, even for the right password, while another address still signs in", async () => {
    await createUser(db, { userName: "admin2", password: "right one" }, actor);
    const warn = vi.spyOn(log, "warn");
    expect(await signIn("admin2", "bad 1")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("admin2", "bad 2")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("admin2", "bad 3")).toEqual({ ok: false, reason: "locked" });
    expect(await signIn("admin2", "right one")).toEqual({ ok: false, reason: "locked" });
    expect(await signIn("admin2", "right one", ELSEWHERE)).toMatchObject({ ok: true });

    const row = await throttleRow("PRIMARY/admin2", HERE);
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    const user = await prisma.user.findFirstOrThrow({ where: { userNameKey: "admin2" } });
    // the account itself is not locked: that was how five anonymous requests locked out an administrator
    expect(user.lockedUntil).toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "user.locked", targetId: user.id } })).toBe(1);
    // every lock is logged with the account and the address, never with a password
    expect(warn).toHaveBeenCalledTimes(1);
    const [fields, message] = warn.mock.calls[0] as unknown as [Record<string, unknown>, string];
    expect(fields).toMatchObject({ account: "PRIMARY/admin2", address: HERE });
    expect(message).toMatch(/locked/);
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/bad \d|right one/);
    warn.mockRestore();
  });

  it("locks a name without an account the same way, so the answer tells nothing", async () => {
    for (const name of ["sam", "no.such.user"]) {
      const address = `192.0.2.${name.length}`;
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await signIn(name, `wrong ${i}`, address)) as { reason: string });
      expect(answers.map((a) => a.reason)).toEqual(["invalid", "invalid", "locked", "locked"]);
    }
  });

  it("doubles the lock each time the same address is locked out again", async () => {
    await createUser(db, { userName: "doubled", password: "right one" }, actor);
    for (let i = 0; i < 3; i++) await signIn("doubled", "wrong");
    const first = (await throttleRow("PRIMARY/doubled", HERE))!.lockedUntil!.getTime() - Date.now();
    await prisma.signInThrottle.update({ where: { account_address: { account: "PRIMARY/doubled", address: HERE } }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await signIn("doubled", "wrong")).toEqual({ ok: false, reason: "invalid" });
    await signIn("doubled", "wrong");
    expect(await signIn("doubled", "wrong")).toEqual({ ok: false, reason: "locked" });
    const second = (await throttleRow("PRIMARY/doubled", HERE))!.lockedUntil!.getTime() - Date.now();
    expect(first).toBeGreaterThan(9 * 60_000);
    expect(second).toBeGreaterThan(19 * 60_000);
  });

  it("forgets the failures of an address once it signs in", async () => {
    await createUser(db, { userName: "forgetful", password: "right one" }, actor);
    await signIn("forgetful", "wrong");
    await signIn("forgetful", "wrong");
    expect(await signIn("forgetful", "right one")).toMatchObject({ ok: true });
    expect(await signIn("forgetful", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("forgetful", "wrong")).toEqual({ ok: false, reason: "invalid" });
  });

  it("lifts a lock when an administrator sets a new password", async () => {
    await createUser(db, { userName: "reset.me", password: "old one" }, actor);
    for (let i = 0; i < 3; i++) await signIn("reset.me", "wrong");
    expect(await signIn("reset.me", "old one")).toEqual({ ok: false, reason: "locked" });
    await new Promise((r) => setTimeout(r, 5));
    const { hashPassword } = await import("../crypto/password");
    await prisma.user.updateMany({ where: { userNameKey: "reset.me" }, data: { passwordHash: await hashPassword("new one"), passwordChangedAt: new Date() } });
    expect(await signIn("reset.me", "new one")).toMatchObject({ ok: true });
  });

  it("keeps an account lock set on the user for every address, said only to whoever gives the password", async () => {
    await createUser(db, { userName: "held", password: "right one" }, actor);
    await prisma.user.updateMany({ where: { userNameKey: "held" }, data: { lockedUntil: new Date(Date.now() + 60 * 60_000) } });
    expect(await signIn("held", "wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("held", "right one")).toEqual({ ok: false, reason: "locked" });
    expect(await signIn("held", "right one", ELSEWHERE)).toEqual({ ok: false, reason: "locked" });
  });

  it("counts nothing when the lock policy is off", async () => {
    await putSetting(db, "accountLock", { enabled: false, maxFailedAttempts: 1, lockMinutes: 10 });
    for (let i = 0; i < 3; i++) expect(await signIn("sam", "wrong", "192.0.2.99")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn("sam", "sam's password", "192.0.2.99")).toMatchObject({ ok: true });
  });
});

describe("timing", () => {
  it("takes about as long for a name without an account as for a wrong password", async () => {
    await putSetting(db, "accountLock", { enabled: true, maxFailedAttempts: 100, lockMinutes: 10 });
    const time = async (name: string) => {
      const start = process.hrtime.bigint();
      const result = await signIn(name, "not the password", "192.0.2.200");
      expect(result).toEqual({ ok: false, reason: "invalid" });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    await time("sam");
    await time("nobody.at.all");
    const unknown: number[] = [];
    const wrong: number[] = [];
    // interleaved, so a burst of load on the machine hits both series alike
    for (let i = 0; i < 20; i++) {
      unknown.push(await time(`nobody.${i}`));
      wrong.push(await time("sam"));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const ratio = median(unknown) / median(wrong);
    console.log(`sign-in medians: unknown user ${median(unknown).toFixed(2)} ms, wrong password ${median(wrong).toFixed(2)} ms, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
