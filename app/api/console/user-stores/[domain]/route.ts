import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { deleteUserStore } from "@/lib/identity/user-stores";

export const DELETE = consoleRoute("internal_userstore_update", async (_req, { params, actor }) => {
  await deleteUserStore(provisio().sql, params.domain, actor);
  return new Response(null, { status: 204 });
});
