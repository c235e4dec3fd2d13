import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { ScimClient, SCHEMAS, userAt, type Json } from "../../support/scim-client";
import { provisionTo, withSql } from "../../support/outbound-setup";
import { eventually } from "../../support/eventually";
import { startFakeScimServer, type FakeScimServer } from "../../../test/support/fake-scim-server";
import { CLAIM, envelope, faultOf, faultString, postEnvelope, SERVICE, userAdminClient, type SoapClient } from "../../support/soap-client";

/** Provisio's SOAP user admin API (WSO2's RemoteUserStoreManagerService) over HTTP, through the `soap` package's client. */
describe("the SOAP user admin service", () => {
  let server: ProvisioInstance;
  let admin: ScimClient;
  let soap: SoapClient;
  let downstream: FakeScimServer;

  beforeAll(async () => {
    server = await startProvisio();
    admin = new ScimClient(server.baseUrl);
    soap = await userAdminClient(server.baseUrl);
    // changes made over SOAP provision outbound like any other: this instance passes them on to a SCIM target
    downstream = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
    await provisionTo(server, { baseUrl: downstream.origin });
  });
  afterAll(async () => {
    await downstream?.close();
    await stopAndRemove(server);
  });

  const groupAt = async (name: string): Promise<Json | undefined> => (await admin.scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`)).body.Resources?.[0];

  describe("its description", () => {
    it("serves the WSDL at ?wsdl, pointing at itself, and the soap package builds a client from it", async () => {
      for (const query of ["?wsdl", "?WSDL"]) {
        const res = await fetch(`${server.baseUrl}${SERVICE}${query}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
        expect(res.headers.get("cache-control")).toBe("no-store");
        const text = await res.text();
        expect(text).toContain('targetNamespace="http://service.ws.um.carbon.wso2.org"');
        expect(text).toContain(`<soap:address location="${server.baseUrl}${SERVICE}"/>`);
      }
      const operations = Object.keys((soap.describe() as Json).RemoteUserStoreManagerService.RemoteUserStoreManagerServiceHttpSoap11Endpoint).sort();
      expect(operations).toStrictEqual(
        [
          "addRole",
          "addUser",
          "deleteRole",
          "deleteUser",
          "deleteUserClaimValues",
          "getUserClaimValues",
          "isExistingRole",
          "isExistingUser",
          "setUserClaimValues",
          "updateCredentialByAdmin",
          "updateRoleListOfUser",
        ].sort(),
      );
    });

    it("answers a GET without ?wsdl and other methods with 405", async () => {
      const get = await fetch(`${server.baseUrl}${SERVICE}`);
      expect(get.status).toBe(405);
      expect(await get.text()).toMatch(/\?wsdl/);
      expect((await fetch(`${server.baseUrl}${SERVICE}`, { method: "PUT", body: "x" })).status).toBe(405);
      expect((await fetch(`${server.baseUrl}${SERVICE}/other`)).status).toBe(404);
    });
  });

  describe("users", () => {
    it("addUser creates the user with its claims, roles and password; the change is audited and provisioned on", async () => {
      await admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "soap-engineers" });
      await soap.addUserAsync({
        userName: "soap.ada",
        credential: "Ada-Pa55word",
        roleList: ["soap-engineers", "Internal/everyone"],
        claims: [
          { claimURI: CLAIM("givenname"), value: "Ada" },
          { claimURI: CLAIM("lastname"), value: "Lovelace" },
          { claimURI: CLAIM("emailaddress"), value: "ada@example.com" },
          { claimURI: CLAIM("telephone"), value: "+44 20 7946 0000" },
          { claimURI: CLAIM("title"), value: "Analyst" },
          { claimURI: CLAIM("department"), value: "Engines" },
          { claimURI: CLAIM("employeeNumber"), value: "1815" },
          { claimURI: CLAIM("displayName"), value: "Ada L." },
        ],
        profileName: "default",
        requirePasswordChange: false,
      });
      const user = await userAt(server, "soap.ada");
      expect(user).toMatchObject({
        userName: "soap.ada",
        name: { givenName: "Ada", familyName: "Lovelace" },
        displayName: "Ada L.",
        title: "Analyst",
        emails: [{ value: "ada@example.com", primary: true }],
        phoneNumbers: [{ value: "+44 20 7946 0000" }],
        [SCHEMAS.enterprise]: { department: "Engines", employeeNumber: "1815" },
      });
      expect(user.groups.map((g: Json) => g.display)).toStrictEqual(["soap-engineers"]);
      // the password works: /Me needs no role
      expect((await admin.as({ user: "soap.ada", password: "Ada-Pa55word" }).scim("GET", "/Me")).status).toBe(200);

      await withSql(server, async (sql) => {
        const audit = await sql.all<{ actor: string; channel: string; action: string }>(`SELECT "actor", "channel", "action" FROM "AuditEvent" WHERE "targetId" = ?`, [user.id]);
        expect(audit).toContainEqual({ actor: "admin", channel: "api", action: "user.create" });
      });
      await eventually(async () => ([...downstream.users.values()].some((u) => u.userName === "soap.ada") ? true : undefined), "the user at the downstream SCIM target");
      const status = (await admin.api("GET", `/api/server/v1/provisioning/users/${user.id}`)).body;
      expect(status.connectors[0].lastAttempt).toMatchObject({ status: "success", operation: "create" });
    });

    it("isExistingUser and getUserClaimValues read the user", async () => {
      expect((await soap.isExistingUserAsync({ userName: "soap.ada" }))[0]).toStrictEqual({ return: true });
      expect((await soap.isExistingUserAsync({ userName: "SOAP.ADA" }))[0]).toStrictEqual({ return: true });
      expect((await soap.isExistingUserAsync({ userName: "nobody" }))[0]).toStrictEqual({ return: false });
      const [claims] = await soap.getUserClaimValuesAsync({ userName: "soap.ada", profileName: "default" });
      expect(Object.fromEntries(claims.return.map((c: Json) => [c.claimUri, c.value]))).toMatchObject({ [CLAIM("givenname")]: "Ada", [CLAIM("employeeNumber")]: "1815" });
      // WSO2's Claim elements are in the user API's namespace
      expect(soap.lastResponse).toMatch(/<api:claimUri>http:\/\/wso2.org\/claims\/givenname<\/api:claimUri>/);
    });

    it("setUserClaimValues changes the claims it is given; deleteUserClaimValues and empty values clear", async () => {
      await soap.setUserClaimValuesAsync({
        userName: "soap.ada",
        claims: [
          { claimURI: CLAIM("givenname"), value: "Augusta" },
          { claimURI: CLAIM("title"), value: "" },
        ],
        profileName: "default",
      });
      let user = await userAt(server, "soap.ada");
      expect(user.name).toMatchObject({ givenName: "Augusta", familyName: "Lovelace" });
      expect(user.title).toBeUndefined();
      expect(user.emails[0].value).toBe("ada@example.com");

      await soap.deleteUserClaimValuesAsync({ userName: "soap.ada", claims: [CLAIM("telephone"), CLAIM("department")] });
      user = await userAt(server, "soap.ada");
      expect(user.phoneNumbers).toBeUndefined();
      expect(user[SCHEMAS.enterprise]).toStrictEqual({ employeeNumber: "1815" });
    });

    it("updateCredentialByAdmin sets a new password", async () => {
      await soap.updateCredentialByAdminAsync({ userName: "soap.ada", newCredential: "Ada-New-Pa55word" });
      expect((await admin.as({ user: "soap.ada", password: "Ada-Pa55word" }).scim("GET", "/Me")).status).toBe(401);
      expect((await admin.as({ user: "soap.ada", password: "Ada-New-Pa55word" }).scim("GET", "/Me")).status).toBe(200);
    });

    it("deleteUser removes the user", async () => {
      await soap.addUserAsync({ userName: "soap.gone", credential: "Gone-Pa55word" });
      await soap.deleteUserAsync({ userName: "soap.gone" });
      expect(await userAt(server, "soap.gone")).toBeUndefined();
    });
  });

  describe("roles", () => {
    it("addRole creates a group with members; updateRoleListOfUser moves the user; deleteRole removes it", async () => {
      await soap.addUserAsync({ userName: "soap.bob", credential: "Bob-Pa55word" });
      await soap.addRoleAsync({ roleName: "soap-reviewers", userList: ["soap.ada"] });
      expect((await groupAt("soap-reviewers")).members.map((m: Json) => m.display)).toStrictEqual(["soap.ada"]);
      expect((await soap.isExistingRoleAsync({ roleName: "soap-reviewers" }))[0]).toStrictEqual({ return: true });
      expect((await soap.isExistingRoleAsync({ roleName: "soap-nobody" }))[0]).toStrictEqual({ return: false });

      await soap.updateRoleListOfUserAsync({ userName: "soap.bob", deletedRoles: ["soap-engineers"], newRoles: ["soap-reviewers"] });
      await soap.updateRoleListOfUserAsync({ userName: "soap.ada", deletedRoles: ["soap-reviewers"], newRoles: [] });
      expect((await groupAt("soap-reviewers")).members.map((m: Json) => m.display)).toStrictEqual(["soap.bob"]);
      // doing it again changes nothing
      await soap.updateRoleListOfUserAsync({ userName: "soap.ada", deletedRoles: ["soap-reviewers"], newRoles: [] });

      await soap.deleteRoleAsync({ roleName: "soap-reviewers" });
      expect(await groupAt("soap-reviewers")).toBeUndefined();
    });

    it("an Internal role is a role with Provisio's permissions, assigned to users", async () => {
      await soap.addRoleAsync({ roleName: "Internal/soap-auditors", userList: ["soap.bob"], permissions: [{ resourceId: "internal_user_mgt_view", action: "ui.execute" }] });
      const roles = (await admin.scim("GET", `/Roles?filter=${encodeURIComponent('displayName eq "soap-auditors"')}`)).body.Resources;
      expect(roles?.[0]?.users?.map((u: Json) => u.display)).toStrictEqual(["soap.bob"]);
      // the permission applies at once: bob may now read users over SOAP
      const bob = await userAdminClient(server.baseUrl, "soap.bob", "Bob-Pa55word");
      expect((await bob.isExistingUserAsync({ userName: "soap.ada" }))[0]).toStrictEqual({ return: true });
      await soap.updateRoleListOfUserAsync({ userName: "soap.bob", deletedRoles: ["Internal/soap-auditors"] });
      expect((await faultOf(bob.isExistingUserAsync({ userName: "soap.ada" }))).text).toBe("Operation not permitted: requires internal_user_mgt_view");
      await soap.deleteRoleAsync({ roleName: "Internal/soap-auditors" });
    });
  });

  describe("faults", () => {
    it.each<[string, (c: SoapClient) => Promise<unknown>, RegExp]>([
      ["an unknown user", (c) => c.setUserClaimValuesAsync({ userName: "nobody", claims: [{ claimURI: CLAIM("title"), value: "x" }] }), /^User nobody does not exist in the system\.$/],
      ["deleting an unknown user", (c) => c.deleteUserAsync({ userName: "nobody" }), /^User nobody does not exist/],
      ["a duplicate user, whatever the case", (c) => c.addUserAsync({ userName: "SOAP.ADA", credential: "Some-Pa55word" }), /^Username 'SOAP.ADA' already exists in the system/],
      ["a weak password", (c) => c.addUserAsync({ userName: "soap.weak", credential: "abc" }), /^Credential is not valid: Password must have at least 6 characters$/],
      ["a weak new password", (c) => c.updateCredentialByAdminAsync({ userName: "soap.ada", newCredential: "abc" }), /^Credential is not valid/],
      [
        "an unsupported claim",
        (c) => c.addUserAsync({ userName: "soap.claims", claims: [{ claimURI: CLAIM("country"), value: "UK" }] }),
        /^Claim http:\/\/wso2.org\/claims\/country is not supported; supported claims: /,
      ],
      ["an unknown role in the role list, before anything is created", (c) => c.addUserAsync({ userName: "soap.roles", roleList: ["no-such-role"] }), /^Role no-such-role does not exist/],
      ["another profile", (c) => c.getUserClaimValuesAsync({ userName: "soap.ada", profileName: "work" }), /^Profile "work" does not exist/],
      ["a duplicate role", (c) => c.addRoleAsync({ roleName: "soap-engineers" }), /^Role name: soap-engineers already exists/],
      ["an unknown permission", (c) => c.addRoleAsync({ roleName: "Internal/soap-x", permissions: [{ resourceId: "/permission/admin" }] }), /^Unknown permission \/permission\/admin/],
      ["permissions on a group", (c) => c.addRoleAsync({ roleName: "soap-x", permissions: [{ resourceId: "internal_user_mgt_view" }] }), /^Permissions apply to Internal roles only/],
      ["an application role", (c) => c.addRoleAsync({ roleName: "Application/soap-x" }), /^Application roles are not supported/],
      ["a missing argument", (c) => c.deleteUserAsync({}), /^Invalid deleteUser request: userName: required$/],
    ])("%s is a Client fault saying so", async (_name, call, text) => {
      const fault = await faultOf(call(soap));
      expect(fault).toMatchObject({ status: 500, code: "soapenv:Client" });
      expect(fault.text).toMatch(text);
    });

    it("nothing is created when an addUser is refused", async () => {
      expect(await userAt(server, "soap.roles")).toBeUndefined();
      expect(await userAt(server, "soap.weak")).toBeUndefined();
    });

    it.each<[string, string, Record<string, string>, number, RegExp]>([
      ["text that is not XML", "<soapenv:Envelope", {}, 500, /^The request is not a readable SOAP 1.1 envelope: Invalid XML/],
      ["XML that is no envelope", "<hello/>", {}, 500, /^The request is not a SOAP 1.1 envelope with an operation in its Body$/],
      ["an unknown operation", envelope("<ser:listUsers><ser:filter>*</ser:filter></ser:listUsers>"), {}, 500, /^Unknown operation listUsers; this service offers addUser, /],
      [
        "a SOAPAction naming another operation",
        envelope("<ser:isExistingUser><ser:userName>admin</ser:userName></ser:isExistingUser>"),
        { soapaction: '"urn:deleteUser"' },
        500,
        /does not match the operation in the Body \(isExistingUser\)/,
      ],
      ["markup where text belongs", envelope("<ser:deleteUser><ser:userName><b>x</b></ser:userName></ser:deleteUser>"), {}, 500, /^Invalid deleteUser request: userName: expected text$/],
      [
        "a DTD with entities",
        `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${envelope("<ser:deleteUser><ser:userName>&a;</ser:userName></ser:deleteUser>").replace(/^<\?xml[^>]*>/, "")}`,
        {},
        500,
        /not a readable SOAP 1.1 envelope/,
      ],
      ["SOAP 1.2", envelope(""), { "content-type": "application/soap+xml; charset=utf-8" }, 415, /^SOAP 1.2 is not supported/],
      ["JSON", "{}", { "content-type": "application/json" }, 415, /is not SOAP 1.1/],
    ])("%s is a Client fault", async (_name, body, headers, status, text) => {
      const res = await postEnvelope(server.baseUrl, body, headers);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("text/xml; charset=utf-8");
      expect(res.text).toContain("<faultcode>soapenv:Client</faultcode>");
      expect(faultString(res.text)).toMatch(text);
    });

    it("an operation in WSO2's own envelope, as Axis2 clients send it, works", async () => {
      const res = await postEnvelope(server.baseUrl, envelope("<ser:isExistingUser><ser:userName>soap.ada</ser:userName></ser:isExistingUser>"), { soapaction: "urn:isExistingUser" });
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/<ns:isExistingUserResponse[^>]*><ns:return>true<\/ns:return><\/ns:isExistingUserResponse>/);
    });
  });

  describe("authentication and permissions", () => {
    it("refuses missing, malformed and wrong credentials with 401 and a fault", async () => {
      const body = envelope("<ser:isExistingUser><ser:userName>admin</ser:userName></ser:isExistingUser>");
      for (const authorization of [undefined, "Bearer abc", `Basic ${Buffer.from("admin:wrong").toString("base64")}`, "Basic !!!"]) {
        const res = await fetch(`${server.baseUrl}${SERVICE}`, { method: "POST", headers: { "content-type": "text/xml", ...(authorization ? { authorization } : {}) }, body });
        expect(res.status, authorization).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe('Basic realm="Provisio"');
        expect(faultString(await res.text())).toMatch(/^Authentication failed: /);
      }
      const wrong = await userAdminClient(server.baseUrl, "admin", "wrong");
      expect(await faultOf(wrong.isExistingUserAsync({ userName: "admin" }))).toMatchObject({ status: 401, code: "soapenv:Client", text: "Authentication failed: Invalid credentials" });
    });

    it("a user without the permission gets a fault naming it, and nothing changes", async () => {
      await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: "soap.nobody", password: "Nobody-Pa55word" });
      const nobody = await userAdminClient(server.baseUrl, "soap.nobody", "Nobody-Pa55word");
      for (const [call, permission] of [
        [() => nobody.addUserAsync({ userName: "soap.sneaky", credential: "Sneaky-Pa55word" }), "internal_user_mgt_create"],
        [() => nobody.deleteUserAsync({ userName: "soap.ada" }), "internal_user_mgt_delete"],
        [() => nobody.updateCredentialByAdminAsync({ userName: "soap.ada", newCredential: "Stolen-Pa55word" }), "internal_user_mgt_update"],
        [() => nobody.getUserClaimValuesAsync({ userName: "soap.ada" }), "internal_user_mgt_view"],
        [() => nobody.addRoleAsync({ roleName: "soap-sneaky" }), "internal_group_mgt_create"],
        [() => nobody.addRoleAsync({ roleName: "Internal/soap-sneaky" }), "internal_role_mgt_create"],
        [() => nobody.updateRoleListOfUserAsync({ userName: "soap.nobody", newRoles: ["soap-engineers"] }), "internal_group_mgt_update"],
      ] as const) {
        expect(await faultOf(call())).toMatchObject({ status: 500, code: "soapenv:Client", text: `Operation not permitted: requires ${permission}` });
      }
      expect(await userAt(server, "soap.sneaky")).toBeUndefined();
      expect(await userAt(server, "soap.ada")).toBeDefined();
      expect(await groupAt("soap-sneaky")).toBeUndefined();
    });
  });
});
