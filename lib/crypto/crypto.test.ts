import { describe, expect, it } from "vitest";
import { clientSecretMatches, decryptText, encryptText, hashClientSecret, randomToken } from "./crypto";

describe("stored-secret encryption", () => {
  const secret = "a-server-secret-of-enough-length-0123456789";
  it("round-trips and never repeats a ciphertext", () => {
    const a = encryptText(secret, "p@ss");
    expect(a).not.toContain("p@ss");
    expect(encryptText(secret, "p@ss")).not.toBe(a);
    expect(decryptText(secret, a)).toBe("p@ss");
  });
  it("refuses another key, another purpose and a tampered text", () => {
    const sealed = encryptText(secret, "x");
    expect(() => decryptText("another-secret-of-enough-length-0123456789", sealed)).toThrow();
    expect(() => decryptText(secret, sealed, "other")).toThrow();
    const parts = sealed.split(".");
    parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith("A") ? "BB" : "AA");
    expect(() => decryptText(secret, parts.join("."))).toThrow();
  });
});

describe("client secret hashing", () => {
  it("matches only the original secret", () => {
    const s = randomToken();
    const h = hashClientSecret(s);
    expect(h).not.toContain(s);
    expect(clientSecretMatches(h, s)).toBe(true);
    expect(clientSecretMatches(h, s + "x")).toBe(false);
  });
});
