import { z } from "zod";
import type { LoginFlow } from "../identity/applications.ts";

/**
 * An application's Login flow tab: the default (the local form and every enabled federated connection) or a
 * chosen set, the connections in the order they were chosen. Pure, for the React form and its tests.
 */

export interface LoginFlowForm {
  mode: "default" | "custom";
  local: boolean;
  /** connection ids, in the order the sign-in page offers them */
  connections: string[];
}

export const loginFlowFormSchema = z
  .object({
    mode: z.enum(["default", "custom"]),
    local: z.boolean(),
    connections: z.array(z.string().min(1)).max(50, "At most 50 connections"),
  })
  .superRefine((form, ctx) => {
    const problem = loginFlowProblem(form);
    if (problem) ctx.addIssue({ code: "custom", path: ["local"], message: problem });
  });

export interface ConnectionOption {
  id: string;
  name: string;
  enabled: boolean;
  federatedSignIn: boolean;
}

/** A connection the form offers, and why it would not show at sign-in when chosen. */
export interface LoginFlowOption {
  id: string;
  name: string;
  /** "connection disabled", "federated sign-in off", "connection deleted"; undefined when it is offered */
  unavailable?: string;
}

/** The stored flow as the form edits it; the default starts a custom choice from what the default offers. */
export function loginFlowToForm(flow: LoginFlow | null, connections: readonly ConnectionOption[]): LoginFlowForm {
  if (flow) return { mode: "custom", local: flow.local, connections: [...flow.connections] };
  return { mode: "default", local: true, connections: connections.filter((c) => c.enabled && c.federatedSignIn).map((c) => c.id) };
}

/** What PUT /applications/{id}/login-flow takes: null for the default. */
export function loginFlowFromForm(form: LoginFlowForm): LoginFlow | null {
  return form.mode === "default" ? null : { local: form.local, connections: [...form.connections] };
}

/** Why the form cannot be saved, or undefined. */
export function loginFlowProblem(form: LoginFlowForm): string | undefined {
  return form.mode === "custom" && !form.local && !form.connections.length ? "Offer at least one way to sign in" : undefined;
}

/**
 * The connections a custom flow can offer: those with federated sign-in, by name, and any the stored flow names
 * that no longer qualify, so they can be seen and taken out.
 */
export function loginFlowOptions(connections: readonly ConnectionOption[], chosen: readonly string[]): LoginFlowOption[] {
  const byId = new Map(connections.map((c) => [c.id, c]));
  const why = (c: ConnectionOption) => (!c.federatedSignIn ? "federated sign-in off" : !c.enabled ? "connection disabled" : undefined);
  const offered = connections.filter((c) => c.federatedSignIn || chosen.includes(c.id)).map((c) => ({ id: c.id, name: c.name, unavailable: why(c) }));
  const gone = chosen.filter((id) => !byId.has(id)).map((id) => ({ id, name: id, unavailable: "connection deleted" }));
  return [...offered, ...gone];
}

/** One line for the default flow, e.g. "Username & password, Corporate IdP". */
export function describeDefaultFlow(connections: readonly ConnectionOption[]): string {
  return ["Username & password", ...connections.filter((c) => c.enabled && c.federatedSignIn).map((c) => c.name)].join(", ");
}
