import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { queueSummary } from "@/lib/provisioning/log";

export const GET = adminRoute("internal_application_mgt_view", async () => queueSummary(provisio().sql));
