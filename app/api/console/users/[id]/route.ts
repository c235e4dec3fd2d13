import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { getUser } from "@/lib/identity/users/get-user";
import { replaceUser } from "@/lib/identity/users/replace-user";
import { deleteUser } from "@/lib/identity/users/delete-user";
import { IdentityError } from "@/lib/identity/errors";
import { userFormSchema } from "@/lib/console/user-form";
import { formToUserInput } from "@/lib/console/user-form-mapping";
import { adminOrigin, outboundFailures } from "@/lib/admin-api/outbound";

export const GET = consoleRoute("internal_user_mgt_view", async (_req, { params }) => getUser(provisio().sql, params.id));

export const PUT = consoleRoute("internal_user_mgt_update", async (req, { params, actor }) => {
  const form = userFormSchema.parse(await req.json());
  const current = await getUser(provisio().sql, params.id);
  const origin = adminOrigin(actor);
  const user = await replaceUser(provisio().sql, params.id, formToUserInput(form, current), { actor, origin }, { ifVersion: form.version });
  return { ...user, outboundFailures: await outboundFailures(origin) };
});

export const DELETE = consoleRoute("internal_user_mgt_delete", async (_req, { params, actor, session }) => {
  if (params.id === session.userId) throw IdentityError.invalid("You cannot delete the account you are signed in with");
  const origin = adminOrigin(actor);
  await deleteUser(provisio().sql, params.id, actor, origin);
  const failures = await outboundFailures(origin);
  return failures.length ? Response.json({ outboundFailures: failures }) : new Response(null, { status: 204 });
});
