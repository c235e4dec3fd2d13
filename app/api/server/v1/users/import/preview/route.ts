import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { previewImport } from "@/lib/admin-api/user-import";

export const POST = adminRoute("internal_user_mgt_create", async (req) => previewImport(provisio().sql, await req.json()));
