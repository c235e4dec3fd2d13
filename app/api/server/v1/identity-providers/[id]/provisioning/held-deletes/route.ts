import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { listHeldRemovals } from "@/lib/provisioning/held-removals";
import { queryFrom } from "@/lib/admin-api/schemas/paging";
import { heldQuerySchema } from "@/lib/admin-api/schemas/outbound-policy";

export const GET = adminRoute("internal_idp_view", async (req, { params }) => listHeldRemovals(provisio().sql, params.id, queryFrom(heldQuerySchema, req)));
