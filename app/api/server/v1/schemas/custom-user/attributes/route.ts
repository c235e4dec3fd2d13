import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { listCustomAttributes } from "@/lib/identity/custom-attributes";
import { createCustomAttribute } from "@/lib/identity/custom-attribute-edits";

export const GET = adminRoute("internal_config_mgt_view", async () => listCustomAttributes(provisio().sql));

export const POST = adminRoute("internal_config_mgt_update", async (req, { actor }) => Response.json(await createCustomAttribute(provisio().sql, await req.json(), actor), { status: 201 }));
