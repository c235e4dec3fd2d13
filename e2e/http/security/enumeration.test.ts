import { afterEach, describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import { ConsoleClient } from "../../support/console-client";
import { basicAuth, consoleSignInFrom, requestFrom } from "../../support/from-address";
import { PASSWORD, createUser, expectScim, putSetting, unique, useScimServer } from "../scim/setup";

const DEFAULT_LOCK = { enabled: true, maxFailedAttempts: 5, lockMinutes: 15 };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

describe.each(DIALECTS)("password sign-in tells nobody which accounts exist, and nobody can lock them out from elsewhere, on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  let attacker = 1;
  /** a fresh loopback address per test: the locks of one test do not reach the next */
  const nextAttacker = () => `127.0.0.${++attacker}`;
  const scimFrom = (address: string, user: string, password: string, headers: Record<string, string> = {}) =>
    requestFrom(address, `${ctx.server.baseUrl}/scim2/Users?count=1`, { headers: { authorization: basicAuth(user, password), ...headers } });
  afterEach(() => putSetting(ctx.admin, "accountLock", DEFAULT_LOCK));

  it("answers an unknown user name as a wrong password, in about the same time", async () => {
    await putSetting(ctx.admin, "accountLock", { ...DEFAULT_LOCK, maxFailedAttempts: 100 });
    const userName = unique("timed");
    await createUser(ctx.admin, userName, { password: PASSWORD });
    const address = nextAttacker();
    const time = async (user: string) => {
      const start = performance.now();
      const res = await scimFrom(address, user, "not the password");
      return { ms: performance.now() - start, res };
    };
    const first = await time(userName);
    const second = await time(unique("nobody"));
    expect([first.res.status, second.res.status]).toEqual([401, 401]);
    expect(JSON.parse(second.res.text).detail).toBe(JSON.parse(first.res.text).detail);

    const unknown: number[] = [];
    const wrong: number[] = [];
    // interleaved, so load from elsewhere on the machine lands on both series alike
    for (let i = 0; i < 20; i++) {
      unknown.push((await time(unique("nobody"))).ms);
      wrong.push((await time(userName)).ms);
    }
    const ratio = median(unknown) / median(wrong);
    console.log(`${dialect} SCIM Basic medians: unknown user ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it("locks the administrator only for the address that kept failing, and logs the lock without the password", async () => {
    const address = nextAttacker();
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await scimFrom(address, "admin", `guess ${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 401]);
    const locked = await scimFrom(address, "admin", "admin");
    expect(locked.status).toBe(401);
    expect(JSON.parse(locked.text).detail).toMatch(/locked/i);

    // the administrator, from anywhere else, is not locked out: Basic, and console sign-in
    expectScim(await ctx.admin.scim("GET", "/Users?count=1"), 200);
    expect((await scimFrom(nextAttacker(), "admin", "admin")).status).toBe(200);
    expect(await new ConsoleClient(ctx.server.baseUrl).signIn("admin", "admin")).toBeUndefined();

    const lines = ctx.server
      .logs()
      .split("\n")
      .filter((l) => l.includes("sign-in locked") && l.includes(`"${address}"`));
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ account: "PRIMARY/admin", address })]);
    expect(ctx.server.logs()).not.toMatch(/guess \d/);
  });

  it("locks an unknown name just as it locks a real one", async () => {
    const address = nextAttacker();
    const realName = unique("real");
    await createUser(ctx.admin, realName, { password: PASSWORD });
    const detailsFor = async (user: string) => {
      const details: string[] = [];
      for (let i = 0; i < 6; i++) details.push(JSON.parse((await scimFrom(address, user, `wrong ${i}`)).text).detail);
      return details;
    };
    expect(await detailsFor(unique("ghost"))).toEqual(await detailsFor(realName));
  });

  it("locks console sign-in per address too", async () => {
    const userName = unique("console.user");
    await createUser(ctx.admin, userName, { password: PASSWORD });
    const address = nextAttacker();
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) answers.push(await consoleSignInFrom(address, ctx.server.baseUrl, userName, "wrong"));
    expect(answers).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "locked"]);
    expect(await consoleSignInFrom(address, ctx.server.baseUrl, userName, PASSWORD)).toBe("locked");
    // the right password from another address is not refused as locked (the plain user may not use the console)
    expect(await consoleSignInFrom(nextAttacker(), ctx.server.baseUrl, userName, PASSWORD)).toBe("forbidden");
  });

  it("believes neither X-Forwarded-For nor its own address header from a client", async () => {
    const address = nextAttacker();
    for (let i = 0; i < 5; i++) await scimFrom(address, "admin", `guess ${i}`, { "x-forwarded-for": `10.0.0.${i}` });
    const spoofed = await scimFrom(address, "admin", "admin", { "x-forwarded-for": "10.9.9.9", "x-provisio-client-address": "10.9.9.9" });
    expect(spoofed.status).toBe(401);
    expect(JSON.parse(spoofed.text).detail).toMatch(/locked/i);
  });
});
