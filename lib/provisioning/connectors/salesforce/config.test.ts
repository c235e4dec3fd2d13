import { describe, expect, it } from "vitest";
import { connectorTypeInfo } from "../type-info.ts";
import { connectorDefinition } from "../registry.ts";

const def = connectorDefinition("salesforce");
const REQUIRED = { clientId: "3MVG9-key", clientSecret: "s3cret", username: "integration@acme.example", password: "pw", profileId: "00e5g000001AbCd" };
const issues = (input: Record<string, unknown>) =>
  def.configSchema
    .safeParse(input)
    .error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
    .sort();

describe("Salesforce connector settings", () => {
  it("fills Salesforce's defaults, also for fields a form left empty", () => {
    const defaults = {
      loginUrl: "https://login.salesforce.com",
      apiVersion: "59.0",
      timeZoneSidKey: "America/Los_Angeles",
      localeSidKey: "en_US",
      emailEncodingKey: "UTF-8",
      languageLocaleKey: "en_US",
      aliasRule: "initialAndLastName",
      usernameSource: "email",
      freezeOnDelete: false,
      timeoutMs: 10_000,
    };
    expect(def.configSchema.parse(REQUIRED)).toStrictEqual({ ...REQUIRED, ...defaults });
    const blanks = Object.fromEntries(
      Object.keys(defaults)
        .filter((k) => typeof (defaults as Record<string, unknown>)[k] === "string")
        .map((k) => [k, " "]),
    );
    expect(def.configSchema.parse({ ...REQUIRED, ...blanks, securityToken: "", usernameDomain: "" })).toEqual({ ...REQUIRED, ...defaults });
  });

  it("keeps the secrets apart and provisions no password", () => {
    expect([...def.secretFields].sort()).toStrictEqual(["clientSecret", "password", "securityToken"]);
    expect(def.passwordProvisioning(def.configSchema.parse(REQUIRED))).toStrictEqual({ enabled: false });
  });

  it.each([
    [{}, ["clientId: required", "clientSecret: required", "password: required", "profileId: required", "username: required"]],
    [{ ...REQUIRED, clientId: " ", password: "" }, ["clientId: required", "password: required"]],
    [{ ...REQUIRED, profileId: "005000000000001" }, ["profileId: must be a Profile id: 15 or 18 characters starting with 00e"]],
    [{ ...REQUIRED, profileId: "00e5g000001AbCdAA" }, ["profileId: must be a Profile id: 15 or 18 characters starting with 00e"]],
    [{ ...REQUIRED, apiVersion: "41.0" }, ["apiVersion: must be 42.0 or later"]],
    [{ ...REQUIRED, apiVersion: "v59" }, ['apiVersion: must be an API version such as "59.0"']],
    [{ ...REQUIRED, loginUrl: "login.salesforce.com" }, ["loginUrl: must be an http(s) URL"]],
    [{ ...REQUIRED, loginUrl: "https://user:pw@login.salesforce.com" }, ["loginUrl: must not contain a user name or password; use the authentication settings"]],
    [{ ...REQUIRED, usernameSource: "userNameAtDomain" }, ["usernameDomain: required when usernames are made from the user name and a domain"]],
    [{ ...REQUIRED, usernameSource: "userNameAtDomain", usernameDomain: "@acme.example" }, ["usernameDomain: must be a domain name such as example.com, without @"]],
    [{ ...REQUIRED, aliasRule: "nickname" }, [expect.stringMatching(/^aliasRule: /)]],
    [{ ...REQUIRED, timeoutMs: 50 }, [expect.stringMatching(/^timeoutMs: /)]],
  ])("refuses %o", (input, expected) => {
    expect(issues(input)).toStrictEqual(expected);
  });

  it("accepts the provisioning domain and an 18-character Profile id", () => {
    expect(issues({ ...REQUIRED, profileId: "00e5g000001AbCdAAK", usernameSource: "userNameAtDomain", usernameDomain: "sf.acme.example" })).toBeUndefined();
  });

  it("describes its form: required fields, defaults and choices", () => {
    const info = connectorTypeInfo().find((t) => t.type === "salesforce")!;
    expect(info).toMatchObject({ label: "Salesforce", secretFields: ["clientSecret", "password", "securityToken"] });
    const schema = info.configSchema as { required: string[]; properties: Record<string, { default?: unknown; enum?: string[] }> };
    expect(schema.required.sort()).toStrictEqual(["clientId", "clientSecret", "password", "profileId", "username"]);
    expect(schema.properties.loginUrl!.default).toBe("https://login.salesforce.com");
    expect(schema.properties.apiVersion!.default).toBe("59.0");
    expect(schema.properties.usernameSource!.enum).toStrictEqual(["email", "userNameAtDomain"]);
    expect(schema.properties.aliasRule!.enum).toStrictEqual(["initialAndLastName", "userName"]);
  });

  it("refuses invalid settings when building a client", () => {
    expect(() => def.create({ clientId: "x" })).toThrow(/Salesforce connector settings are invalid: clientSecret: required/);
  });
});
