import { describe, expect, it } from "vitest";
import { decideScope, type ScopeFacts } from "./provision-scope.ts";

const NOW = new Date("2026-01-01T10:00:00Z");
const resident = { serviceProviderId: "resident", serviceProviderName: "the resident service provider", rule: null, ruleMatches: null };
const SALES = { id: "role-sales", name: "Sales" };

function facts(over: Partial<ScopeFacts> = {}): ScopeFacts {
  return {
    connectorEnabled: true,
    connectionEnabled: true,
    provisioners: [resident],
    provisioningRoles: [],
    heldRoleIds: new Set(),
    userStore: "PRIMARY",
    remoteId: null,
    deprovision: "delete",
    queued: undefined,
    pause: undefined,
    now: NOW,
    ...over,
  };
}

describe("decideScope", () => {
  it.each([
    ["a new user in scope is created", facts(), true, "create", /created there/],
    ["a provisioned user in scope is updated", facts({ remoteId: "r1" }), true, "update", /updated there/],
    ["the provisioning role held puts the user in scope", facts({ provisioningRoles: [SALES], heldRoleIds: new Set(["role-sales"]) }), true, "create", /created/],
    ["lacking the provisioning role, never provisioned: nothing sent", facts({ provisioningRoles: [SALES] }), false, "none", /Lacks the provisioning role "Sales".*nothing is sent/],
    ["lacking the role, provisioned before, deletes by default", facts({ provisioningRoles: [SALES], remoteId: "r1" }), false, "delete", /deletes users who leave/],
    [
      "lacking the role, provisioned before, deactivates when the connection says so",
      facts({ provisioningRoles: [SALES], remoteId: "r1", deprovision: "deactivate" }),
      false,
      "deactivate",
      /deactivated/,
    ],
    ["no service provider lists the connector", facts({ provisioners: [] }), false, "none", /No service provider provisions/],
    ["a rule the user fails", facts({ provisioners: [{ ...resident, rule: 'department eq "Eng"', ruleMatches: false }] }), false, "none", /Matches no rule.*department eq "Eng"/],
    [
      "one of two service providers' rules passes",
      facts({
        provisioners: [
          { ...resident, rule: "x", ruleMatches: false },
          { serviceProviderId: "app", serviceProviderName: "app", rule: "y", ruleMatches: true },
        ],
      }),
      true,
      "create",
      /created/,
    ],
    ["a disabled connection sends nothing, not even a removal", facts({ connectionEnabled: false, remoteId: "r1", provisioningRoles: [SALES] }), false, "none", /connection is disabled/],
    ["a disabled connector sends nothing", facts({ connectorEnabled: false }), false, "none", /connector is disabled/],
    ["a removal held by the deletion guard blocks", facts({ remoteId: "r1", queued: { status: "held", operation: "delete" } }), true, "none", /held by the deletion guard/],
    ["an earlier queued change goes first", facts({ queued: { status: "pending", operation: "update" } }), true, "none", /earlier update of this user is still queued/],
    [
      "a paused target sends nothing",
      facts({ pause: { until: new Date(NOW.getTime() + 30_000), failures: 3, lastError: "connection refused" } }),
      true,
      "none",
      /paused until .* after 3 failed tries: connection refused/,
    ],
    ["a pause that has ended does not block", facts({ pause: { until: new Date(NOW.getTime() - 1), failures: 3, lastError: null } }), true, "create", /created/],
  ] as const)("%s", (_name, input, inScope, action, reason) => {
    const decision = decideScope(input);
    expect(decision.inScope).toBe(inScope);
    expect(decision.action).toBe(action);
    expect(decision.reason).toMatch(reason);
  });

  it("lists every check in order, with the user store, and names the service provider that takes the user", () => {
    const decision = decideScope(facts({ provisioningRoles: [SALES], heldRoleIds: new Set(["role-sales"]), userStore: "SALES" }));
    expect(decision.checks.map((c) => [c.check, c.outcome])).toEqual([
      ["enabled", "pass"],
      ["listed", "pass"],
      ["roles", "pass"],
      ["rule", "info"],
      ["user-store", "info"],
      ["queue", "pass"],
      ["pause", "pass"],
    ]);
    expect(decision.checks.find((c) => c.check === "user-store")?.detail).toMatch(/^SALES:/);
    expect(decision.serviceProviderId).toBe("resident");
  });

  it("names no service provider for a user out of scope", () => {
    expect(decideScope(facts({ provisioningRoles: [SALES] })).serviceProviderId).toBeNull();
  });
});
