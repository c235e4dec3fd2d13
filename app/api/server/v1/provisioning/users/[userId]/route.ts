import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { IdentityError } from "@/lib/identity/errors";
import { userProvisioningStatus } from "@/lib/provisioning/log";

/** A deleted user still has a status while its deletion is on its way to the targets. */
export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => {
  const connectors = await userProvisioningStatus(sql(), params.userId);
  if (!connectors.length && !(await sql().get(`SELECT 1 AS "x" FROM "User" WHERE "id" = ?`, [params.userId]))) throw IdentityError.notFound("User");
  return { userId: params.userId, connectors };
});
