import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { outboundPolicyOf, saveOutboundPolicy } from "@/lib/provisioning/connection-policy";
import { outboundPolicyInput } from "@/lib/admin-api/schemas/outbound-policy";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => outboundPolicyOf(provisio().sql, params.id));

export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => saveOutboundPolicy(provisio().sql, params.id, outboundPolicyInput.parse(await req.json()), actor));
