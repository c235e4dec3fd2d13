import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { knownUserProvisioningStatus } from "@/lib/provisioning/log";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => ({ userId: params.userId, connectors: await knownUserProvisioningStatus(sql(), params.userId) }));
