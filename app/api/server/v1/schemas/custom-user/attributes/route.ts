import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { createCustomAttribute, listCustomAttributes } from "@/lib/identity/custom-attributes";

export const GET = adminRoute("internal_config_mgt_view", async () => listCustomAttributes(provisio().sql));

export const POST = adminRoute("internal_config_mgt_update", async (req) => Response.json(await createCustomAttribute(provisio().sql, await req.json()), { status: 201 }));
