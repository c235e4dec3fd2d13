import { describe, expect, it } from "vitest";
import { connectorDefinition, connectorTypes } from "./registry.ts";

describe("connector registry", () => {
  it("lists SCIM 2.0, SCIM 1.1, SPML 2.0, SOAP, Google Workspace and Salesforce", () => {
    expect(Object.keys(connectorTypes).sort()).toStrictEqual(["googleapps", "salesforce", "scim11", "scim2", "soap", "spml"]);
    expect(connectorDefinition("salesforce").label).toBe("Salesforce");
    expect(connectorDefinition("scim2").label).toBe("SCIM 2.0");
    expect(connectorDefinition("scim11").label).toBe("SCIM 1.1");
    expect(connectorDefinition("spml").label).toBe("SPML 2.0");
    expect(connectorDefinition("googleapps").label).toBe("Google Workspace");
    expect(connectorDefinition("soap").label).toBe("SOAP (WSO2 user admin service)");
  });

  it.each(["ldap", "", "toString", "__proto__"])("throws for unknown type %j", (type) => {
    expect(() => connectorDefinition(type)).toThrow(/Unknown connector type/);
  });

  it.each(["scim2", "scim11"])("%s: secrets, defaults, auth rules and password settings", (type) => {
    const def = connectorDefinition(type);
    expect([...def.secretFields].sort()).toStrictEqual(["clientSecret", "defaultPassword", "password"]);
    const endpoints = { userEndpoint: "https://b.example/scim2/Users", groupEndpoint: "https://b.example/scim2/Groups" };

    const basic = def.configSchema.parse({ ...endpoints, authType: "basic", username: "u", password: "p", tokenEndpoint: "", scope: "" });
    expect(basic).toMatchObject({ stripLocalDomain: true, passwordProvisioning: false, timeoutMs: 10_000 });
    expect(basic.tokenEndpoint).toBeUndefined();
    expect(def.passwordProvisioning(basic)).toStrictEqual({ enabled: false });
    expect(def.passwordProvisioning({ ...basic, passwordProvisioning: true, defaultPassword: "Default-1" })).toStrictEqual({ enabled: true, defaultPassword: "Default-1" });

    const missing = (input: Record<string, unknown>) =>
      def.configSchema
        .safeParse({ ...endpoints, ...input })
        .error?.issues.map((i) => i.path.join("."))
        .sort();
    expect(missing({ authType: "basic", username: "u" })).toStrictEqual(["password"]);
    expect(missing({ authType: "basic", username: " ", password: "" })).toStrictEqual(["password", "username"]);
    expect(missing({ authType: "bearer", clientId: "c" })).toStrictEqual(["clientSecret", "tokenEndpoint"]);
    expect(missing({ authType: "bearer", tokenEndpoint: "https://idp/token", clientId: "c", clientSecret: "s" })).toBeUndefined();
    expect(missing({ authType: "basic", username: "u", password: "p", userEndpoint: "ftp://b/Users" })).toStrictEqual(["userEndpoint"]);
    expect(missing({ authType: "basic", username: "u", password: "p", userEndpoint: "https://u:p@b/Users" })).toStrictEqual(["userEndpoint"]);
    expect(missing({ authType: "basic", username: "u", password: "p", userStoreDomain: "A/B" })).toStrictEqual(["userStoreDomain"]);
    expect(missing({ authType: "basic", username: "u", password: "p", timeoutMs: 50 })).toStrictEqual(["timeoutMs"]);
  });

  it("soap: secrets, defaults and the settings it requires", () => {
    const def = connectorDefinition("soap");
    expect([...def.secretFields].sort()).toStrictEqual(["defaultPassword", "password"]);
    const serviceUrl = "https://is.example/services/RemoteUserStoreManagerService";
    const config = def.configSchema.parse({ serviceUrl, username: "admin", password: "p", userStoreDomain: "", defaultPassword: "" });
    expect(config).toMatchObject({ serviceUrl, username: "admin", password: "p", passwordProvisioning: false, timeoutMs: 10_000 });
    // a form's empty fields mean "not set"
    expect(config.userStoreDomain).toBeUndefined();
    expect(config.defaultPassword).toBeUndefined();
    expect(def.passwordProvisioning(config)).toStrictEqual({ enabled: false });
    expect(def.passwordProvisioning({ ...config, passwordProvisioning: true, defaultPassword: "Default-1" })).toStrictEqual({ enabled: true, defaultPassword: "Default-1" });
    const missing = (input: Record<string, unknown>) =>
      def.configSchema
        .safeParse({ serviceUrl, username: "admin", password: "p", ...input })
        .error?.issues.map((i) => i.path.join("."))
        .sort();
    expect(missing({ username: " ", password: "" })).toStrictEqual(["password", "username"]);
    expect(missing({ serviceUrl: "ftp://is.example/services/RemoteUserStoreManagerService" })).toStrictEqual(["serviceUrl"]);
    expect(missing({ serviceUrl: "https://admin:admin@is.example/services/RemoteUserStoreManagerService" })).toStrictEqual(["serviceUrl"]);
    expect(missing({ userStoreDomain: "A/B" })).toStrictEqual(["userStoreDomain"]);
    expect(missing({ timeoutMs: 50 })).toStrictEqual(["timeoutMs"]);
    expect(() => def.create({ serviceUrl })).toThrow(/SOAP connector settings are invalid: username/);
  });

  it("refuses invalid settings when building a client", () => {
    expect(() => connectorDefinition("scim2").create({ authType: "basic" })).toThrow(/SCIM 2.0 connector settings are invalid: userEndpoint/);
    expect(() => connectorDefinition("googleapps").create({ serviceAccountKey: "{}", adminEmail: "admin@example.com", domain: "example.com" })).toThrow(
      /Google Workspace connector settings are invalid: serviceAccountKey: is not a service account key/,
    );
  });

  it("googleapps: the key and the default password are secrets; passwords follow the settings", () => {
    const def = connectorDefinition("googleapps");
    expect([...def.secretFields].sort()).toStrictEqual(["defaultPassword", "serviceAccountKey"]);
    const settings = { primaryEmailSource: "userName", passwordProvisioning: false } as Record<string, unknown>;
    expect(def.passwordProvisioning(settings)).toStrictEqual({ enabled: false });
    expect(def.passwordProvisioning({ ...settings, passwordProvisioning: true, defaultPassword: "Default-Pa55" })).toStrictEqual({ enabled: true, defaultPassword: "Default-Pa55" });
  });
});
