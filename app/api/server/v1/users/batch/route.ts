import { adminRoute } from "@/lib/admin-api/route";
import { adminError } from "@/lib/admin-api/errors";
import { provisio } from "@/lib/server/current";
import { applyToUsers, missingBatchPermission } from "@/lib/admin-api/user-batch";

export const POST = adminRoute("internal_user_mgt_update", async (req, { caller }) => {
  const body: unknown = await req.json();
  const missing = missingBatchPermission(body, caller);
  if (missing) return adminError(403, "FORBIDDEN", `Operation not permitted: requires ${missing}`);
  return applyToUsers(provisio().sql, body, caller);
});
