import { describe, expect, it } from "vitest";
import path from "node:path";
import { ConfigError, parseConfig } from "./env";

describe("parseConfig", () => {
  it("defaults to SQLite in the data folder with the seeded admin", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 3000, dialect: "sqlite", baseUrl: "http://localhost:3000", adminUsername: "admin", adminPassword: "admin" });
    expect(c.databaseUrl).toBe(`file:${path.resolve("data", "provisio.db")}`);
  });

  it.each([
    [{ DATABASE_URL: "postgresql://u@h/db" }, "postgres"],
    [{ DATABASE_URL: "postgres://u@h/db" }, "postgres"],
    [{ DATABASE_URL: "file:./x.db" }, "sqlite"],
  ])("picks the dialect from DATABASE_URL %o", (env, dialect) => {
    expect(parseConfig(env).dialect).toBe(dialect);
  });

  it("gives the seeded admin an email, admin@localhost unless ADMIN_EMAIL says otherwise", () => {
    expect(parseConfig({}).adminEmail).toBe("admin@localhost");
    expect(parseConfig({ ADMIN_EMAIL: " it@example.com " }).adminEmail).toBe("it@example.com");
  });

  it("trusts X-Forwarded-For only when PROVISIO_TRUST_PROXY says a proxy is in front", () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ PROVISIO_TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(parseConfig({ PROVISIO_TRUST_PROXY: "0" }).trustProxy).toBe(false);
  });

  it("derives the base URL from the port and strips a trailing slash", () => {
    expect(parseConfig({ PORT: "4001" }).baseUrl).toBe("http://localhost:4001");
    expect(parseConfig({ PROVISIO_BASE_URL: "https://id.example.com/" }).baseUrl).toBe("https://id.example.com");
  });

  it("tunes the outbound worker from the environment, with defaults", () => {
    expect(parseConfig({}).outbox).toEqual({ batch: 64, parallel: 8, pollMs: 200 });
    expect(parseConfig({ PROVISIO_OUTBOX_BATCH: "256", PROVISIO_OUTBOX_PARALLEL: "16", PROVISIO_OUTBOX_POLL_MS: "50" }).outbox).toEqual({ batch: 256, parallel: 16, pollMs: 50 });
  });

  it("sizes the cache of serialised SCIM users in megabytes, 32 unless set, 0 turning it off", () => {
    expect(parseConfig({}).scimCacheBytes).toBe(32 * 1024 * 1024);
    expect(parseConfig({ PROVISIO_SCIM_CACHE_MB: "0" }).scimCacheBytes).toBe(0);
    expect(() => parseConfig({ PROVISIO_SCIM_CACHE_MB: "-1" })).toThrow(/PROVISIO_SCIM_CACHE_MB/);
  });

  it("keeps each settings cache's own period unless PROVISIO_SETTINGS_CACHE_MS sets one for all", () => {
    expect(parseConfig({}).settingsCacheMs).toBeUndefined();
    expect(parseConfig({ PROVISIO_SETTINGS_CACHE_MS: "250" }).settingsCacheMs).toBe(250);
    expect(parseConfig({ PROVISIO_SETTINGS_CACHE_MS: "0" }).settingsCacheMs).toBe(0);
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ PROVISIO_BASE_URL: "not a url" }, "PROVISIO_BASE_URL"],
    [{ PROVISIO_SECRET: "short" }, "PROVISIO_SECRET"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ PROVISIO_OUTBOX_PARALLEL: "0" }, "PROVISIO_OUTBOX_PARALLEL"],
    [{ PROVISIO_OUTBOX_BATCH: "many" }, "PROVISIO_OUTBOX_BATCH"],
    [{ ADMIN_EMAIL: "not an address" }, "ADMIN_EMAIL"],
    [{ ADMIN_EMAIL: "admin@" }, "ADMIN_EMAIL"],
    [{ PROVISIO_TRUST_PROXY: "yes" }, "PROVISIO_TRUST_PROXY"],
    [{ PROVISIO_SETTINGS_CACHE_MS: "-1" }, "PROVISIO_SETTINGS_CACHE_MS"],
    [{ PROVISIO_SETTINGS_CACHE_MS: "soon" }, "PROVISIO_SETTINGS_CACHE_MS"],
  ])("rejects %o naming the variable", (env, name) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(name);
  });
});
