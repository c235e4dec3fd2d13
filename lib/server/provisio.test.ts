import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfig } from "../env";
import { createProvisio, type Provisio } from "./provisio";
import { provisio } from "./current";
import { healthHandler } from "./health";
import { inboundSettings } from "../identity/service-providers";
import { changeListenerOf } from "../identity/changes";
import { bearerVerifierOf } from "../scim-server/auth";

describe("the composition root", () => {
  let dir: string;
  let p: Provisio;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "provisio-root-"));
    p = await createProvisio(parseConfig({ PROVISIO_DATA_DIR: dir, PORT: "3999", ADMIN_PASSWORD: "root-test-password", LOG_LEVEL: "silent" }));
  });
  afterAll(async () => {
    await p?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("migrates and seeds a fresh data folder through the one database access it hands out", async () => {
    expect(await p.sql.get(`SELECT "userName" FROM "User"`)).toEqual({ userName: "admin" });
    expect((await inboundSettings(p.sql))?.serviceProviderId).toBe("resident");
    expect(p.config.secretValue.length).toBeGreaterThanOrEqual(32);
  });

  it("wires outbound provisioning and the bearer check into the instance, not into modules", () => {
    expect(p.sql.state).toBe(p.state);
    expect(changeListenerOf(p.sql)).toBeTypeOf("function");
    expect(bearerVerifierOf(p.sql)).toBeTypeOf("function");
    expect(p.state.wakeWorker).toBeTypeOf("function");
  });

  it("checks health on the pool that serves requests", async () => {
    const reply = await healthHandler(p.sql);
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body ?? "{}")).toMatchObject({ status: "ok", database: "up" });
  });

  it("says how to start Provisio when a route asks for an instance nobody installed", () => {
    expect(() => provisio()).toThrow(/start it through server\.ts/);
  });
});
