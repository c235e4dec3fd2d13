import { describe, expect, it } from "vitest";
import { normaliseResource } from "./normalise.ts";
import { userSchemaRegistry } from "./schema/registry.ts";
import { ENTERPRISE_USER_SCHEMA } from "./schema/core.ts";

const registry = userSchemaRegistry();

describe("normaliseResource: client quirks fixed before validation", () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["Entra's string booleans", { active: "False" }, { active: false }],
    ["Entra's manager as a bare id", { [ENTERPRISE_USER_SCHEMA]: { manager: "m1" } }, { [ENTERPRISE_USER_SCHEMA]: { manager: { value: "m1" } } }],
    [
      "WSO2's EnterpriseUser key and managerId",
      { EnterpriseUser: { manager: { managerId: "111000", displayName: "Prabath" } } },
      { [ENTERPRISE_USER_SCHEMA]: { manager: { value: "111000", displayName: "Prabath" } } },
    ],
    ["managerId under the URN too", { [ENTERPRISE_USER_SCHEMA]: { manager: { managerId: "111000" } } }, { [ENTERPRISE_USER_SCHEMA]: { manager: { value: "111000" } } }],
    ["an explicit value wins over managerId", { [ENTERPRISE_USER_SCHEMA]: { manager: { value: "v", managerId: "m" } } }, { [ENTERPRISE_USER_SCHEMA]: { manager: { value: "v", managerId: "m" } } }],
    ["managerId means nothing outside the manager", { name: { managerId: "x" } }, { name: { managerId: "x" } }],
  ])("%s", (_name, body, expected) => {
    expect(normaliseResource(body, registry)).toEqual(expected);
  });
});
