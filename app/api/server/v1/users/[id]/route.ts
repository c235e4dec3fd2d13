import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteUserAs, replaceUserFromForm, userWithFederatedIdentities } from "@/lib/admin-api/users";

export const GET = adminRoute("internal_user_mgt_view", async (_req, { params }) => userWithFederatedIdentities(provisio().sql, params.id));

export const PUT = adminRoute("internal_user_mgt_update", async (req, { params, caller }) => replaceUserFromForm(provisio().sql, params.id, await req.json(), caller));

export const DELETE = adminRoute("internal_user_mgt_delete", async (_req, { params, caller }) => {
  const results = await deleteUserAs(provisio().sql, params.id, caller);
  return results.outboundFailures.length ? Response.json(results) : new Response(null, { status: 204 });
});
