import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteUserStore } from "@/lib/identity/user-stores";

export const DELETE = adminRoute("internal_userstore_update", async (_req, { actor, params }) => {
  await deleteUserStore(provisio().sql, params.domain, actor);
  return new Response(null, { status: 204 });
});
