import { adminRoute } from "@/lib/admin-api/route";
import { adminError } from "@/lib/admin-api/errors";
import { provisio } from "@/lib/server/current";
import { applyToUsers, BATCH_PERMISSION, userBatchInput } from "@/lib/admin-api/user-batch";

export const POST = adminRoute("internal_user_mgt_update", async (req, { caller }) => {
  const body: unknown = await req.json();
  const action = userBatchInput.shape.action.safeParse((body as { action?: unknown } | null)?.action);
  const needed = action.success ? BATCH_PERMISSION[action.data] : undefined;
  if (needed && !caller.permissions.has(needed)) return adminError(403, "FORBIDDEN", `Operation not permitted: requires ${needed}`);
  return applyToUsers(provisio().sql, body, caller);
});
