import { describe, expect, it } from "vitest";
import { matchingItems } from "./name-filter.ts";

const apps = [
  { name: "Payroll", clientId: "pay-123" },
  { name: "Entra ID provisioning", clientId: "entra-9" },
  { name: "Société Générale", clientId: null },
];
const names = (typed: string) => matchingItems(apps, typed, (a) => [a.name, a.clientId]).map((a) => a.name);

describe("matchingItems", () => {
  it.each([
    ["", ["Payroll", "Entra ID provisioning", "Société Générale"]],
    ["   ", ["Payroll", "Entra ID provisioning", "Société Générale"]],
    ["pay", ["Payroll"]],
    ["PROVISIONING entra", ["Entra ID provisioning"]],
    ["societe", ["Société Générale"]],
    ["entra-9", ["Entra ID provisioning"]],
    ["payroll entra", []],
  ])("%j finds %j", (typed, expected) => {
    expect(names(typed)).toStrictEqual(expected);
  });
});
