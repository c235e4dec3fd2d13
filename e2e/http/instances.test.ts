import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ConsoleClient } from "../support/console-client";
import { freshPostgresDatabase } from "./databases";

const started: ProvisioInstance[] = [];
async function start(...args: Parameters<typeof startProvisio>) {
  const instance = await startProvisio(...args);
  started.push(instance);
  return instance;
}

afterEach(async () => {
  for (const s of started.splice(0)) {
    await s.stop();
    removeDataDir(s.dataDir);
  }
});

async function signedIn(baseUrl: string, user = "admin", password = "admin") {
  const client = new ConsoleClient(baseUrl);
  expect(await client.signIn(user, password)).toBeUndefined();
  return client;
}

describe("instances", () => {
  it("keeps users in SQLite across a restart", async () => {
    const first = await start();
    const client = await signedIn(first.baseUrl);
    const created = await client.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "survivor" } });
    expect(created.status).toBe(201);
    await first.stop();
    started.splice(started.indexOf(first), 1);

    const second = await start({ dataDir: first.dataDir, port: first.port });
    const list = await (await (await signedIn(second.baseUrl)).fetch("/api/server/v1/users?search=survivor")).json();
    expect(list.totalResults).toBe(1);
  });

  it("lets two instances share one PostgreSQL database, started at the same moment", async () => {
    const databaseUrl = await freshPostgresDatabase();
    const [a, b] = await Promise.all([start({ databaseUrl }), start({ databaseUrl })]);
    const clientA = await signedIn(a.baseUrl);
    const clientB = await signedIn(b.baseUrl);
    const user = await (await clientA.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "shared.user" } })).json();
    const seenByB = await (await clientB.fetch("/api/server/v1/users?search=shared.user")).json();
    expect(seenByB.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
    // exactly one admin although both seeded
    expect((await (await clientB.fetch("/api/server/v1/users?search=admin")).json()).totalResults).toBe(1);
  });

  it("keeps sessions of two instances on one host apart", async () => {
    const [a, b] = await Promise.all([start(), start()]);
    const client = await signedIn(a.baseUrl);
    const cookie = (await client.fetch("/api/auth/session")).headers.get("set-cookie");
    expect(cookie ?? "").not.toContain(String(b.port));
    expect((await fetch(`${b.baseUrl}/api/server/v1/users`)).status).toBe(401);
  });

  it("seeds the admin from ADMIN_USERNAME and ADMIN_PASSWORD and warns while the default password is in use", async () => {
    const custom = await start({ env: { ADMIN_USERNAME: "root", ADMIN_PASSWORD: "a much better password" } });
    await signedIn(custom.baseUrl, "root", "a much better password");
    expect(custom.logs()).not.toContain("default password");
    const defaulted = await start();
    expect(defaulted.logs()).toContain("default password 'admin'");
  });

  it("stops with a message naming a bad setting (npm start)", () => {
    const result = spawnSync(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, DATABASE_URL: "mysql://nope", PORT: "70000" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL");
    expect(result.stderr).toContain("PORT");
  });
});
