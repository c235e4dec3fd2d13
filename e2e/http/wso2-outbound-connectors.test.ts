import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDir, startProvisio, type ProvisioInstance } from "../support/provisio";
import { ScimClient, type Json } from "../support/scim-client";

const IDPS = "/api/server/v1/identity-providers";
const SCIM2 = "c2NpbTI";

/** The outbound connector API in WSO2 IS 7's shape, so scripts written for WSO2 port unchanged. */
describe("outbound connectors in WSO2's shape", () => {
  let server: ProvisioInstance;
  let admin: ScimClient;
  beforeAll(async () => {
    server = await startProvisio();
    admin = new ScimClient(server.baseUrl);
  });
  afterAll(async () => {
    if (!server) return;
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it("lists the types with WSO2's ids and properties", async () => {
    const types = await admin.api("GET", `${IDPS}/meta/outbound-provisioning-connectors`);
    expect(types.status).toBe(200);
    const scim2 = types.body.find((t: Json) => t.type === "scim2");
    expect(scim2).toMatchObject({ connectorId: SCIM2, name: "scim2", displayName: "SCIM 2.0" });
    expect(scim2.properties).toContainEqual(expect.objectContaining({ key: "password", isConfidential: true }));
    expect(types.body.find((t: Json) => t.type === "scim11")).toMatchObject({ connectorId: "c2NpbQ", name: "scim" });
  });

  it("adds, reads and replaces a connector by its WSO2 id, with secrets kept and never returned", async () => {
    const connection = await admin.api("POST", IDPS, { name: `wso2-shape-${Date.now()}` });
    const path = `${IDPS}/${connection.body.id}/provisioning/outbound-connectors/${SCIM2}`;
    const properties = [
      { key: "userEndpoint", value: "https://target.example/scim2/Users" },
      { key: "groupEndpoint", value: "https://target.example/scim2/Groups" },
      { key: "authType", value: "basic" },
      { key: "username", value: "admin" },
      { key: "password", value: "Target-Secret-9" },
      { key: "passwordProvisioning", value: "true" },
      { key: "timeoutMs", value: "4000" },
    ];
    const added = await admin.api("PUT", path, { connectorId: SCIM2, isEnabled: true, isDefault: true, blockingEnabled: false, rulesEnabled: false, properties });
    expect(added.status, added.text).toBe(201);
    expect(added.text).not.toContain("Target-Secret-9");
    expect(added.body).toMatchObject({ connectorId: SCIM2, name: "scim2", isEnabled: true, isDefault: true, blockingEnabled: false });
    expect(added.body.properties).toEqual(
      expect.arrayContaining([
        { key: "passwordProvisioning", value: "true" },
        { key: "timeoutMs", value: "4000" },
      ]),
    );
    // the native path sees the same connector, settings typed
    const native = await admin.api("GET", `${IDPS}/${connection.body.id}/connectors/scim2`);
    expect(native.body).toMatchObject({ config: { passwordProvisioning: true, timeoutMs: 4000 }, secretsSet: ["password"] });

    // an application's provisioner uses it; the connector-level blocking switch applies to it
    const provisioner = await admin.api("POST", "/api/server/v1/resident-application/outbound-provisioning", { connectorId: native.body.id });
    expect(provisioner.status, provisioner.text).toBe(201);
    const replaced = await admin.api("PUT", path, { isEnabled: false, blockingEnabled: true, properties: properties.filter((p) => p.key !== "password") });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body).toMatchObject({ isEnabled: false, blockingEnabled: true });
    expect((await admin.api("GET", `${IDPS}/${connection.body.id}/connectors/scim2`)).body.secretsSet).toEqual(["password"]);
    const resident = await admin.api("GET", "/api/server/v1/resident-application/outbound-provisioning");
    expect(resident.body.find((p: Json) => p.connectorId === native.body.id)).toMatchObject({ blocking: true });

    const list = await admin.api("GET", `${IDPS}/${connection.body.id}/provisioning/outbound-connectors`);
    expect(list.body).toMatchObject({ defaultConnectorId: SCIM2, connectors: [expect.objectContaining({ connectorId: SCIM2 })] });
  });

  it("answers 404 for a type it does not know or a connector the connection lacks, and 400 for invalid settings", async () => {
    const connection = await admin.api("POST", IDPS, { name: `wso2-errors-${Date.now()}` });
    const base = `${IDPS}/${connection.body.id}/provisioning/outbound-connectors`;
    expect((await admin.api("GET", `${base}/${Buffer.from("ldap").toString("base64url")}`)).status).toBe(404);
    expect((await admin.api("GET", `${base}/${SCIM2}`)).status).toBe(404);
    const bad = await admin.api("PUT", `${base}/${SCIM2}`, { properties: [{ key: "userEndpoint", value: "ftp://nope" }] });
    expect(bad.status).toBe(400);
  });
});
