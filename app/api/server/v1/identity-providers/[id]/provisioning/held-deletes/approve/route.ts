import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { decideFromBody } from "@/lib/admin-api/held-deletes";

export const POST = adminRoute("internal_idp_update", async (req, { params, actor }) => decideFromBody(provisio().sql, params.id, "approve", req, actor));
