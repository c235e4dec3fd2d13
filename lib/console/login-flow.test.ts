import { describe, expect, it } from "vitest";
import { loginFlowInput } from "../admin-api/schemas/applications.ts";
import { describeDefaultFlow, loginFlowFormSchema, loginFlowFromForm, loginFlowOptions, loginFlowProblem, loginFlowToForm } from "./login-flow.ts";

describe("an application's login flow", () => {
  const connections = [
    { id: "c1", name: "Corporate IdP", enabled: true, federatedSignIn: true },
    { id: "c2", name: "Outbound only", enabled: true, federatedSignIn: false },
    { id: "c3", name: "Old IdP", enabled: false, federatedSignIn: true },
    { id: "c4", name: "Partner IdP", enabled: true, federatedSignIn: true },
  ];

  it("starts a custom choice from what the default offers, and sends null for the default", () => {
    const form = loginFlowToForm(null, connections);
    expect(form).toEqual({ mode: "default", local: true, connections: ["c1", "c4"] });
    expect(loginFlowFromForm(form)).toBeNull();
    expect(loginFlowFromForm({ ...form, mode: "custom", connections: ["c4", "c1"] })).toEqual({ local: true, connections: ["c4", "c1"] });
    expect(loginFlowToForm({ local: false, connections: ["c4"] }, connections)).toEqual({ mode: "custom", local: false, connections: ["c4"] });
    expect(describeDefaultFlow(connections)).toBe("Username & password, Corporate IdP, Partner IdP");
  });

  it("sends what the admin API accepts", () => {
    for (const form of [loginFlowToForm(null, connections), { mode: "custom" as const, local: false, connections: ["c4", "c1"] }]) {
      expect(loginFlowInput.safeParse({ loginFlow: loginFlowFromForm(form) }).success).toBe(true);
    }
  });

  it("refuses a custom flow that offers nothing", () => {
    expect(loginFlowFormSchema.safeParse({ mode: "custom", local: false, connections: [] }).error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["local", "Offer at least one way to sign in"],
    ]);
    expect(loginFlowProblem({ mode: "custom", local: false, connections: [] })).toBe("Offer at least one way to sign in");
    expect(loginFlowProblem({ mode: "default", local: false, connections: [] })).toBeUndefined();
    expect(loginFlowProblem({ mode: "custom", local: false, connections: ["c1"] })).toBeUndefined();
  });

  it("offers the connections with federated sign-in, and shows chosen ones that no longer qualify", () => {
    expect(loginFlowOptions(connections, [])).toEqual([
      { id: "c1", name: "Corporate IdP", unavailable: undefined },
      { id: "c3", name: "Old IdP", unavailable: "connection disabled" },
      { id: "c4", name: "Partner IdP", unavailable: undefined },
    ]);
    expect(loginFlowOptions(connections, ["c2", "gone"]).map((o) => [o.id, o.unavailable])).toEqual([
      ["c1", undefined],
      ["c2", "federated sign-in off"],
      ["c3", "connection disabled"],
      ["c4", undefined],
      ["gone", "connection deleted"],
    ]);
  });
});
