import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { knownUserProvisioningStatus } from "@/lib/provisioning/log";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => ({ userId: params.userId, connectors: await knownUserProvisioningStatus(provisio().sql, params.userId) }));
