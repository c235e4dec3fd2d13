import { z } from "zod";
import type { Sql } from "../db/sql.ts";
import { getUser } from "../identity/users/get-user.ts";
import { replaceUser } from "../identity/users/replace-user.ts";
import type { UserInput } from "../identity/users/user-input.ts";
import { IdentityError } from "../identity/errors.ts";
import type { AdminCaller } from "./caller.ts";
import { deleteUserAs } from "./users.ts";
import { adminOrigin, blockingResults, type BlockingResults } from "./outbound.ts";

export const MAX_BATCH = 200;

export const userBatchInput = z.strictObject({
  action: z.enum(["delete", "disable", "enable"]),
  ids: z
    .array(z.string().min(1))
    .min(1, "Choose at least one user")
    .max(MAX_BATCH, `At most ${MAX_BATCH} users at a time`)
    .refine((ids) => new Set(ids).size === ids.length, "A user is listed twice"),
});
export type UserBatchAction = z.output<typeof userBatchInput>["action"];

export interface UserBatchResult extends BlockingResults {
  id: string;
  userName?: string;
  status: "done" | "unchanged" | "failed";
  message?: string;
}

const NOTHING_SENT: BlockingResults = { outboundFailures: [], outboundResults: [] };

/** The permission each action needs, beyond the batch's own (internal_user_mgt_update). */
const BATCH_PERMISSION: Record<UserBatchAction, string> = { delete: "internal_user_mgt_delete", disable: "internal_user_mgt_update", enable: "internal_user_mgt_update" };

/** The permission the body's action needs and the caller lacks, if any; a body without a known action is left to the checks of applyToUsers. */
export function missingBatchPermission(body: unknown, caller: AdminCaller): string | undefined {
  const action = userBatchInput.shape.action.safeParse((body as { action?: unknown } | null)?.action);
  const needed = action.success ? BATCH_PERMISSION[action.data] : undefined;
  return needed && !caller.permissions.has(needed) ? needed : undefined;
}

async function setActive(sql: Sql, id: string, active: boolean, caller: AdminCaller): Promise<Omit<UserBatchResult, "id">> {
  if (!active && id === caller.userId) throw IdentityError.invalid("You cannot disable the account you are signed in with");
  const current = await getUser(sql, id);
  if (current.active === active) return { userName: current.userName, status: "unchanged", ...NOTHING_SENT };
  const origin = adminOrigin(caller.actor);
  // applied to the state read under the write lock, so a change made meanwhile is kept
  const toggled = (u: typeof current): UserInput => ({ ...u, active });
  await replaceUser(sql, id, { preview: toggled(current), apply: (now) => (now.active === active ? null : toggled(now)) }, { actor: caller.actor, origin });
  return { userName: current.userName, status: "done", ...(await blockingResults(origin)) };
}

async function deleteOne(sql: Sql, id: string, caller: AdminCaller): Promise<Omit<UserBatchResult, "id">> {
  const { userName } = await getUser(sql, id);
  return { userName, status: "done", ...(await deleteUserAs(sql, id, caller)) };
}

/**
 * Deletes, disables or enables the chosen users one by one, each in its own transaction and through the same use
 * cases as one user's page, so each is audited and provisioned as usual. One user's refusal (gone, the caller's
 * own account, the last administrator) is reported for that user and the others go on.
 */
export async function applyToUsers(sql: Sql, body: unknown, caller: AdminCaller): Promise<{ results: UserBatchResult[] }> {
  const { action, ids } = userBatchInput.parse(body);
  const results: UserBatchResult[] = [];
  for (const id of ids) {
    try {
      const outcome = action === "delete" ? await deleteOne(sql, id, caller) : await setActive(sql, id, action === "enable", caller);
      results.push({ id, ...outcome });
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      results.push({ id, status: "failed", message: err.message, ...NOTHING_SENT });
    }
  }
  return { results };
}
