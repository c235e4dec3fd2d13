import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { googleConfigSchema, readServiceAccountKey } from "./config.ts";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

const keyFile = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: "service_account", client_email: "provisio@project.iam.gserviceaccount.com", client_id: "1234567890", private_key: rsa, private_key_id: "abc", ...extra });

const valid = { serviceAccountKey: keyFile(), adminEmail: "Admin@Example.com", domain: "Example.com" };

/** The path and message of each issue, or undefined when the settings are valid. */
const issues = (input: Record<string, unknown>) => googleConfigSchema.safeParse({ ...valid, ...input }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("Google Workspace settings", () => {
  it("fills defaults and normalises the addresses", () => {
    expect(googleConfigSchema.parse({ ...valid, defaultPassword: "", rootUrl: " " })).toEqual({
      serviceAccountKey: valid.serviceAccountKey,
      adminEmail: "admin@example.com",
      domain: "example.com",
      primaryEmailSource: "userName",
      givenNameSource: "name.givenName",
      familyNameSource: "name.familyName",
      passwordProvisioning: false,
      timeoutMs: 10_000,
    });
  });

  it.each<[string, Record<string, unknown>, RegExp | undefined]>([
    ["a pasted key file with its line breaks", { serviceAccountKey: `\n${keyFile()}\n` }, undefined],
    ["a key file's token_uri", { serviceAccountKey: keyFile({ token_uri: "https://oauth2.googleapis.com/token" }) }, undefined],
    ["a root URL", { rootUrl: "http://127.0.0.1:8080/" }, undefined],
    ["no key", { serviceAccountKey: undefined }, /^serviceAccountKey: /],
    ["a P12 file", { serviceAccountKey: "MIIKZgIBAzCCCi" }, /^serviceAccountKey: must be the content of the service account's JSON key file \(this is not JSON; P12 keys are not supported\)$/],
    ["a JSON array", { serviceAccountKey: "[]" }, /^serviceAccountKey: must be the JSON object/],
    ["an OAuth client file", { serviceAccountKey: JSON.stringify({ installed: { client_id: "x" } }) }, /^serviceAccountKey: is not a service account key/],
    ["no client_email", { serviceAccountKey: keyFile({ client_email: undefined }) }, /^serviceAccountKey: has no "client_email"$/],
    ["no private_key", { serviceAccountKey: keyFile({ private_key: "" }) }, /^serviceAccountKey: has no "private_key"$/],
    ["a cut private_key", { serviceAccountKey: keyFile({ private_key: rsa.slice(0, 200) }) }, /^serviceAccountKey: has a "private_key" that cannot be read/],
    ["an EC private_key", { serviceAccountKey: keyFile({ private_key: ec }) }, /^serviceAccountKey: has a "private_key" that is not an RSA key$/],
    ["a token_uri that is no URL", { serviceAccountKey: keyFile({ token_uri: "file:///etc/passwd" }) }, /^serviceAccountKey: has a "token_uri" that is not an http\(s\) URL$/],
    ["an administrator that is no address", { adminEmail: "admin" }, /^adminEmail: must be an email address/],
    ["a domain that is a URL", { domain: "https://example.com" }, /^domain: must be a domain name/],
    ["an unknown email source", { primaryEmailSource: "mail" }, /^primaryEmailSource: /],
    ["an unknown name source", { givenNameSource: "nickName" }, /^givenNameSource: /],
    ["a short default password", { defaultPassword: "short" }, /^defaultPassword: must be at least 8 characters/],
    ["a root URL with a path", { rootUrl: "https://proxy.example.com/google" }, /^rootUrl: must be an origin without a path/],
    ["a root URL with credentials", { rootUrl: "https://u:p@proxy.example.com" }, /^rootUrl: must not contain a user name or password/],
    ["a root URL that is not http", { rootUrl: "ftp://proxy.example.com" }, /^rootUrl: must be an http\(s\) URL/],
    ["a timeout too short", { timeoutMs: 5 }, /^timeoutMs: /],
  ])("%s", (_case, input, expected) => {
    const found = issues(input);
    if (!expected) return expect(found).toBeUndefined();
    expect(found).toHaveLength(1);
    expect(found![0]).toMatch(expected);
  });

  it("never quotes the key in a message", () => {
    const broken = keyFile({ private_key: `${rsa.slice(0, 300)}SECRET-PART` });
    expect(JSON.stringify(issues({ serviceAccountKey: broken }))).not.toContain("SECRET-PART");
    expect(JSON.stringify(issues({ serviceAccountKey: `${broken}}` }))).not.toContain("SECRET-PART");
  });

  it("reads the fields the client uses", () => {
    expect(readServiceAccountKey(keyFile({ token_uri: "http://127.0.0.1:9/token", project_id: "p" }))).toStrictEqual({
      key: { client_email: "provisio@project.iam.gserviceaccount.com", private_key: rsa, private_key_id: "abc", client_id: "1234567890", token_uri: "http://127.0.0.1:9/token" },
    });
  });
});
