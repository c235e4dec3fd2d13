import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../db/sql";
import { testDatabase } from "../../../test/support/test-database";
import { createUser } from "./create-user";
import { replaceUser } from "./replace-user";
import { deleteUser } from "./delete-user";
import { putSetting } from "../settings";
import type { Actor } from "../audit";
import { signInWithPassword } from "../../auth/local-sign-in";
import { SESSION_MAX_AGE_SECONDS, consoleSessionIsLive, endConsoleSession, startConsoleSession } from "./console-sessions";

const actor: Actor = { name: "tester", channel: "console" };
let db: Sql;
let cleanup: () => Promise<void>;
let serial = 0;

beforeAll(async () => {
  ({ sql: db, cleanup } = await testDatabase());
  await putSetting(db, "accountLock", { enabled: true, maxFailedAttempts: 2, lockMinutes: 10 });
});
afterAll(() => cleanup());

async function user(extra: Record<string, unknown> = {}) {
  return createUser(db, { userName: `session.user.${serial++}`, password: "a good password", ...extra }, { actor });
}
const live = (sid: string, userId: string, now?: Date) => consoleSessionIsLive(db, sid, userId, now);

describe("console sessions", () => {
  it("hold from sign-in until sign-out, which ends only that session", async () => {
    const u = await user();
    const a = await startConsoleSession(db, u.id);
    const b = await startConsoleSession(db, u.id);
    expect(await live(a, u.id)).toBe(true);
    await endConsoleSession(db, a);
    expect(await live(a, u.id)).toBe(false);
    expect(await live(b, u.id)).toBe(true);
  });

  it("belong to their user: another user's id does not match", async () => {
    const [u, v] = [await user(), await user()];
    const sid = await startConsoleSession(db, u.id);
    expect(await live(sid, v.id)).toBe(false);
    expect(await live("not-a-session", u.id)).toBe(false);
  });

  it("expire unless used, and slide forward while used", async () => {
    const u = await user();
    const start = new Date();
    const sid = await startConsoleSession(db, u.id, start);
    const end = start.getTime() + SESSION_MAX_AGE_SECONDS * 1000;
    expect(await live(sid, u.id, new Date(end + 1))).toBe(false);
    const later = new Date(end - 60_000);
    expect(await live(sid, u.id, later)).toBe(true);
    expect(await live(sid, u.id, new Date(end + 1))).toBe(true);
  });

  it("all end when the password changes, and not on other edits", async () => {
    const u = await user();
    const sid = await startConsoleSession(db, u.id);
    await replaceUser(db, u.id, { userName: u.userName, displayName: "Renamed" }, { actor });
    expect(await live(sid, u.id)).toBe(true);
    await replaceUser(db, u.id, { userName: u.userName, password: "another good password" }, { actor });
    expect(await live(sid, u.id)).toBe(false);
  });

  it("all end when the user is disabled, and stay ended once enabled again", async () => {
    const u = await user();
    const sid = await startConsoleSession(db, u.id);
    await replaceUser(db, u.id, { userName: u.userName, active: false }, { actor });
    expect(await live(sid, u.id)).toBe(false);
    await replaceUser(db, u.id, { userName: u.userName, active: true }, { actor });
    expect(await live(sid, u.id)).toBe(false);
  });

  it("stay open when failed sign-ins lock one address: a guesser elsewhere cannot end them", async () => {
    const u = await user();
    const sid = await startConsoleSession(db, u.id);
    await signInWithPassword(db, u.userName, "wrong", "console", "203.0.113.9");
    expect(await signInWithPassword(db, u.userName, "wrong", "console", "203.0.113.9")).toEqual({ ok: false, reason: "locked" });
    expect(await live(sid, u.id)).toBe(true);
  });

  it("all end while the account itself is locked", async () => {
    const u = await user();
    const sid = await startConsoleSession(db, u.id);
    await db.run(`UPDATE "User" SET "lockedUntil" = ? WHERE "id" = ?`, [new Date(Date.now() + 10 * 60_000), u.id]);
    expect(await live(sid, u.id)).toBe(false);
  });

  it("end with their user", async () => {
    const u = await user();
    const sid = await startConsoleSession(db, u.id);
    await deleteUser(db, u.id, actor);
    expect(await live(sid, u.id)).toBe(false);
  });
});
