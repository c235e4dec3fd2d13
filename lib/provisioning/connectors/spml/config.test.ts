import { describe, expect, it } from "vitest";
import { connectorDefinition } from "../registry.ts";
import { DEFAULT_ATTRIBUTE_MAPPING, objectClassList, spmlConfigSchema } from "./config.ts";

const minimal = { endpoint: "https://idm.example.com/spml", targetId: "hr-ldap" };

/** The paths and messages of what the settings refuse, sorted. */
const refused = (input: Record<string, unknown>) =>
  spmlConfigSchema
    .safeParse({ ...minimal, ...input })
    .error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)
    .sort();

describe("SPML 2.0 connector settings", () => {
  it("fills WSO2's defaults: inetOrgPerson, the usual attributes, searching on, 10 s", () => {
    expect(spmlConfigSchema.parse({ ...minimal, username: "", password: "" })).toEqual({
      ...minimal,
      objectClass: "inetOrgPerson",
      attributeMapping: DEFAULT_ATTRIBUTE_MAPPING,
      searchUsers: true,
      timeoutMs: 10_000,
    });
    expect(DEFAULT_ATTRIBUTE_MAPPING.map((m) => `${m.attribute}<-${m.source}`)).toStrictEqual([
      "uid<-userName",
      "cn<-commonName",
      "sn<-familyName",
      "givenName<-givenName",
      "mail<-email",
      "title<-title",
      "telephoneNumber<-phoneNumber",
    ]);
  });

  it("keeps the password secret and provisions no passwords", () => {
    const def = connectorDefinition("spml");
    expect(def.secretFields).toStrictEqual(["password"]);
    expect(def.passwordProvisioning(spmlConfigSchema.parse(minimal))).toStrictEqual({ enabled: false });
  });

  it.each<[string, Record<string, unknown>, string[] | undefined]>([
    ["anonymous access", {}, undefined],
    ["Basic credentials", { username: "svc", password: "s3cret" }, undefined],
    ["a username without a password", { username: "svc" }, ["password: required with a username"]],
    ["a password alone (kept, unused)", { password: "s3cret" }, undefined],
    ["no endpoint", { endpoint: undefined }, ["endpoint: must be an http(s) URL"]],
    ["an ftp endpoint", { endpoint: "ftp://idm/spml" }, ["endpoint: must be an http(s) URL"]],
    ["credentials in the endpoint", { endpoint: "https://u:p@idm/spml" }, ["endpoint: must not contain a user name or password; use the authentication settings"]],
    ["an empty target ID", { targetId: " " }, ["targetId: Too small: expected string to have >=1 characters"]],
    ["several object classes", { objectClass: "inetOrgPerson, posixAccount" }, undefined],
    ["an empty object class", { objectClass: "  " }, ["objectClass: required"]],
    ["an object class with a quote", { objectClass: 'inet"Org' }, ["objectClass: must be object class names separated by commas"]],
    [
      "an OID and an option in the mapping",
      {
        attributeMapping: [
          { attribute: "2.5.4.3", source: "commonName" },
          { attribute: "cn;lang-en", source: "fullName" },
        ],
      },
      undefined,
    ],
    ["an attribute name with a space", { attributeMapping: [{ attribute: "given name", source: "givenName" }] }, ['attributeMapping.0.attribute: "given name" is not an LDAP attribute name']],
    [
      "an unknown source",
      { attributeMapping: [{ attribute: "cn", source: "nickName" }] },
      [expect.stringMatching(/^attributeMapping\.0\.source: unknown source "nickName"; sources: userName, externalId/) as unknown as string],
    ],
    [
      "an attribute mapped twice (case-insensitively)",
      {
        attributeMapping: [
          { attribute: "cn", source: "fullName" },
          { attribute: "CN", source: "displayName" },
        ],
      },
      ['attributeMapping.1.attribute: "CN" is mapped twice'],
    ],
    [
      "objectclass in the mapping",
      { attributeMapping: [{ attribute: "objectClass", source: "title" }] },
      ["attributeMapping.0.attribute: objectclass comes from the object class setting; remove it from the mapping"],
    ],
    ["an empty mapping", { attributeMapping: [] }, ["attributeMapping: map at least one attribute"]],
    ["a timeout under 100 ms", { timeoutMs: 50 }, ["timeoutMs: Too small: expected number to be >=100"]],
  ])("%s", (_name, input, issues) => {
    expect(refused(input)).toStrictEqual(issues);
  });

  it.each([
    ["inetOrgPerson", ["inetOrgPerson"]],
    ["inetOrgPerson, posixAccount", ["inetOrgPerson", "posixAccount"]],
    ["person organizationalPerson,inetOrgPerson", ["person", "organizationalPerson", "inetOrgPerson"]],
  ])("object classes %j", (objectClass, list) => {
    expect(objectClassList({ objectClass })).toStrictEqual(list);
  });
});
