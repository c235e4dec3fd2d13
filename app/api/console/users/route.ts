import { consoleRoute, pageParams } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { listUsers } from "@/lib/identity/users/list-users";
import { createUser } from "@/lib/identity/users/create-user";
import { userFormSchema } from "@/lib/console/user-form";
import { formToUserInput } from "@/lib/console/user-form-mapping";
import { adminOrigin, outboundFailures } from "@/lib/admin-api/outbound";

export const GET = consoleRoute("internal_user_mgt_list", async (req) => listUsers(provisio().sql, pageParams(req)));

export const POST = consoleRoute("internal_user_mgt_create", async (req, { actor }) => {
  const form = userFormSchema.parse(await req.json());
  const origin = adminOrigin(actor);
  const user = await createUser(provisio().sql, formToUserInput(form), { actor, source: "local", origin });
  return Response.json({ ...user, outboundFailures: await outboundFailures(origin) }, { status: 201 });
});
