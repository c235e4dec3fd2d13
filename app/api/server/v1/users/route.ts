import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { listUsers } from "@/lib/identity/users/list-users";
import { queryFrom } from "@/lib/admin-api/schemas/paging";
import { userListQuery } from "@/lib/admin-api/schemas/users";
import { createUserFromForm } from "@/lib/admin-api/users";

export const GET = adminRoute("internal_user_mgt_list", async (req) => listUsers(provisio().sql, queryFrom(userListQuery, req)));

export const POST = adminRoute("internal_user_mgt_create", async (req, { caller }) => {
  const user = await createUserFromForm(provisio().sql, await req.json(), caller);
  return Response.json(user, { status: 201, headers: { location: `/api/server/v1/users/${user.id}` } });
});
