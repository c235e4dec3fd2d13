import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { IdentityError } from "@/lib/identity/errors";
import { getSetting, putSetting, settingSchemas, type SettingKey } from "@/lib/identity/settings";
import { settingKeySchema } from "@/lib/admin-api/schemas/settings";

function key(name: string): SettingKey {
  const known = settingKeySchema.safeParse(name);
  if (!known.success) throw IdentityError.notFound(`Setting "${name}"`);
  return known.data;
}

export const GET = adminRoute("internal_config_mgt_view", async (_req, { params }) => getSetting(provisio().sql, key(params.key)));

export const PUT = adminRoute("internal_config_mgt_update", async (req, { params }) => {
  const k = key(params.key);
  await putSetting(provisio().sql, k, settingSchemas[k].parse(await req.json()) as never);
  return getSetting(provisio().sql, k);
});
