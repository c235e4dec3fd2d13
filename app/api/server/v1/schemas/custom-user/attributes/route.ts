import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { createCustomAttribute, listCustomAttributes } from "@/lib/identity/custom-attributes";

export const GET = adminRoute("internal_config_mgt_view", async () => listCustomAttributes(sql()));

export const POST = adminRoute("internal_config_mgt_update", async (req) => Response.json(await createCustomAttribute(sql(), await req.json()), { status: 201 }));
