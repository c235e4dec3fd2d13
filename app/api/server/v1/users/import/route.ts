import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { importUsers } from "@/lib/admin-api/user-import";

export const POST = adminRoute("internal_user_mgt_create", async (req, { caller }) => importUsers(provisio().sql, await req.json(), caller));
