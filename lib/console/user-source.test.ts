import { describe, expect, it } from "vitest";
import { createdByLine, userSourceLabel } from "./user-source.ts";

describe("a user's source", () => {
  const names = new Map([["c1", "Corporate IdP"]]);
  it("says Local, SCIM or JIT via the connection", () => {
    expect(userSourceLabel({ source: "local", sourceConnection: null }, names)).toBe("Local");
    expect(userSourceLabel({ source: "scim", sourceConnection: null }, names)).toBe("SCIM");
    expect(userSourceLabel({ source: "jit", sourceConnection: "c1" }, names)).toBe("JIT via Corporate IdP");
    expect(userSourceLabel({ source: "jit", sourceConnection: "c9" }, names)).toBe("JIT via a deleted connection");
    expect(userSourceLabel({ source: "jit", sourceConnection: "c1" })).toBe("JIT");
    expect(userSourceLabel({ source: "proxy", sourceConnection: null })).toBe("Proxy");
    expect(userSourceLabel({ source: "bulk", sourceConnection: null })).toBe("Bulk");
  });
});

describe("a user's provenance line", () => {
  const identities = [{ connectionId: "c1", connectionName: "Corporate IdP", subject: "248289761001", lastSignInAt: "2026-03-01T10:00:00.000Z" }];
  it("names the connection and the subject of a JIT user", () => {
    expect(createdByLine({ source: "jit", sourceConnection: "c1", sourceSubject: "248289761001" }, identities)).toBe("Created by Corporate IdP (subject 248289761001)");
    expect(createdByLine({ source: "jit", sourceConnection: "c2", sourceSubject: null }, identities)).toBe("Created by a connection since deleted");
  });
  it("says how other users were created", () => {
    expect(createdByLine({ source: "local", sourceConnection: null, sourceSubject: null }, identities)).toBe("Created locally (console or admin API)");
    expect(createdByLine({ source: "scim", sourceConnection: null, sourceSubject: null }, [])).toBe("Created through SCIM");
  });
});
