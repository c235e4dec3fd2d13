import type { UserView } from "../identity/users/user-view.ts";
import type { Filter } from "../scim/filter/ast.ts";
import { matchesFilter } from "../scim/filter/evaluate.ts";
import { parseFilter } from "../scim/filter/parser.ts";
import { ruleResource } from "./snapshot.ts";

// A provisioner's rule: a SCIM filter on the user that decides, when rules are on, who is provisioned to its
// connection. Saving refuses a rule that does not parse; one stored before that check matches no one.

/** The rule parsed, or undefined when there is none or it does not parse. */
export function parseRule(rule: string | null): Filter | undefined {
  if (!rule) return undefined;
  try {
    return parseFilter(rule);
  } catch {
    return undefined;
  }
}

/** Whether the user passes the rule: everyone when rules are off, no one when the rule is missing or broken. */
export function passesRule(rulesEnabled: boolean, filter: Filter | undefined, user: UserView): boolean {
  if (!rulesEnabled) return true;
  return filter !== undefined && matchesFilter(ruleResource(user), filter);
}
