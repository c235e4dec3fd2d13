// Pure: whether a user belongs at one connector, checked the way enqueue.ts decides it for every change, each
// check with its reason, and what "provision now" therefore does there.

export interface ScopeFacts {
  connectorEnabled: boolean;
  connectionEnabled: boolean;
  /** the service providers listing this connector among their outbound provisioners, resident first */
  provisioners: { serviceProviderId: string; serviceProviderName: string; rule: string | null; ruleMatches: boolean | null }[];
  /** the connection's provisioning roles; none means every user qualifies */
  provisioningRoles: { id: string; name: string }[];
  /** the roles the user holds, directly or through a group */
  heldRoleIds: ReadonlySet<string>;
  /** the user's user store (the domain in a qualified user name) */
  userStore: string;
  /** the user's id at the target, when provisioned there before */
  remoteId: string | null;
  /** what the connection does with users who leave its scope */
  deprovision: "delete" | "deactivate";
  /** the oldest change of this user still waiting for this connector, if any */
  queued: { status: string; operation: string } | undefined;
  pause: { until: Date; failures: number; lastError: string | null } | undefined;
  now: Date;
}

export type CheckOutcome = "pass" | "fail" | "info";

export interface ScopeCheck {
  check: "enabled" | "listed" | "roles" | "rule" | "user-store" | "queue" | "pause";
  label: string;
  outcome: CheckOutcome;
  detail: string;
}

export type PlannedAction = "create" | "update" | "delete" | "deactivate" | "none";

export interface ScopeDecision {
  inScope: boolean;
  action: PlannedAction;
  /** one sentence: why the user is in or out of scope and what happens at the target */
  reason: string;
  checks: ScopeCheck[];
  /** the service provider whose provisioner takes the user (the first that qualifies) */
  serviceProviderId: string | null;
}

const names = (list: readonly string[]) => list.map((n) => `"${n}"`).join(" or ");

function enabledCheck(f: ScopeFacts): ScopeCheck {
  const label = "Connector and connection enabled";
  if (!f.connectionEnabled) return { check: "enabled", label, outcome: "fail", detail: "The connection is disabled: nothing is sent through it" };
  if (!f.connectorEnabled) return { check: "enabled", label, outcome: "fail", detail: "The outbound connector is disabled: nothing is sent through it" };
  return { check: "enabled", label, outcome: "pass", detail: "Both are enabled" };
}

function listedCheck(f: ScopeFacts): ScopeCheck {
  const label = "Listed by a service provider";
  if (!f.provisioners.length) {
    return {
      check: "listed",
      label,
      outcome: "fail",
      detail: "No service provider provisions to this connection: add it to the resident service provider's or an application's outbound provisioning",
    };
  }
  return { check: "listed", label, outcome: "pass", detail: `Outbound provisioner of ${f.provisioners.map((p) => p.serviceProviderName).join(", ")}` };
}

function rolesCheck(f: ScopeFacts): ScopeCheck {
  const label = "Provisioning roles";
  if (!f.provisioningRoles.length) return { check: "roles", label, outcome: "info", detail: "The connection has no provisioning roles: every user qualifies" };
  const held = f.provisioningRoles.filter((r) => f.heldRoleIds.has(r.id)).map((r) => r.name);
  if (held.length) return { check: "roles", label, outcome: "pass", detail: `Holds the provisioning role ${names(held)}` };
  return { check: "roles", label, outcome: "fail", detail: `Lacks the provisioning role ${names(f.provisioningRoles.map((r) => r.name))}` };
}

/** The provisioners whose rule the user passes (rules off pass everyone). */
const qualifying = (f: ScopeFacts) => f.provisioners.filter((p) => p.ruleMatches !== false);

function ruleCheck(f: ScopeFacts): ScopeCheck {
  const label = "Provisioning rules";
  const ruled = f.provisioners.filter((p) => p.ruleMatches !== null);
  if (!ruled.length) return { check: "rule", label, outcome: "info", detail: "No rules apply" };
  const passing = qualifying(f);
  if (passing.length) {
    const matched = passing.find((p) => p.ruleMatches);
    return { check: "rule", label, outcome: "pass", detail: matched ? `Matches the rule of ${matched.serviceProviderName}: ${matched.rule}` : `${passing[0]!.serviceProviderName} has no rule` };
  }
  return { check: "rule", label, outcome: "fail", detail: `Matches no rule: ${ruled.map((p) => `${p.serviceProviderName}: ${p.rule}`).join("; ")}` };
}

function queueCheck(f: ScopeFacts): ScopeCheck {
  const label = "Nothing queued before it";
  if (!f.queued) return { check: "queue", label, outcome: "pass", detail: "No earlier change of this user waits for this connection" };
  if (f.queued.status === "held") {
    return {
      check: "queue",
      label,
      outcome: "fail",
      detail: "A removal of this user is held by the deletion guard: approve or discard it on the connection's Outbound Provisioning tab first",
    };
  }
  return {
    check: "queue",
    label,
    outcome: "fail",
    detail: `An earlier ${f.queued.operation} of this user is still ${f.queued.status === "in_flight" ? "being delivered" : "queued"} for this connection and goes first: try again once it is delivered, or use Retry now`,
  };
}

function pauseCheck(f: ScopeFacts): ScopeCheck {
  const label = "Target available";
  if (!f.pause || f.pause.until <= f.now) return { check: "pause", label, outcome: "pass", detail: "The target is not paused" };
  const why = f.pause.lastError ? `: ${f.pause.lastError}` : "";
  return {
    check: "pause",
    label,
    outcome: "fail",
    detail: `The target is paused until ${f.pause.until.toISOString()} after ${f.pause.failures} failed tries${why}. End the pause with Retry now on the provisioning activity page`,
  };
}

function actionReason(action: PlannedAction, f: ScopeFacts, why: string): string {
  switch (action) {
    case "create":
      return "In scope and not at the target yet: the user is created there";
    case "update":
      return "In scope and provisioned before: the user is updated there with every mapped attribute";
    case "delete":
      return `Out of scope (${why}) and provisioned before: the connection deletes users who leave its scope`;
    case "deactivate":
      return `Out of scope (${why}) and provisioned before: the connection keeps users who leave its scope, deactivated`;
    default:
      return `Out of scope (${why}) and never provisioned there: nothing is sent`;
  }
}

/** The checks in the order they are shown, and the action: blocking conditions first, then scope. */
export function decideScope(f: ScopeFacts): ScopeDecision {
  const scope = [enabledCheck(f), listedCheck(f), rolesCheck(f), ruleCheck(f)];
  const storeCheck: ScopeCheck = {
    check: "user-store",
    label: "User store",
    outcome: "info",
    detail: `${f.userStore}: users of every user store are provisioned; the connector maps the domain in the user name as configured`,
  };
  const blockers = [queueCheck(f), pauseCheck(f)];
  const checks = [...scope, storeCheck, ...blockers];
  const inScope = scope.every((c) => c.outcome !== "fail");
  const serviceProviderId = inScope ? (qualifying(f)[0]?.serviceProviderId ?? null) : null;
  const disabled = scope[0]!;
  // a disabled connector sends nothing, not even the removal of a user who left its scope
  if (disabled.outcome === "fail") return { inScope, action: "none", reason: disabled.detail, checks, serviceProviderId };
  const blocked = blockers.find((c) => c.outcome === "fail");
  const failed = scope.find((c) => c.outcome === "fail");
  let action: PlannedAction;
  if (inScope) action = f.remoteId ? "update" : "create";
  else action = f.remoteId ? f.deprovision : "none";
  if (blocked && action !== "none") return { inScope, action: "none", reason: `Nothing sent: ${blocked.detail}`, checks, serviceProviderId };
  return { inScope, action, reason: actionReason(action, f, failed?.detail ?? ""), checks, serviceProviderId };
}
