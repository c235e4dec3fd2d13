import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { userProvisioningStatus } from "@/lib/provisioning/log";

export const GET = consoleRoute("internal_application_mgt_view", async (_req, { params }) => userProvisioningStatus(provisio().sql, params.id));
