import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { queueSummary } from "@/lib/provisioning/log";

export const GET = adminRoute("internal_application_mgt_view", async () => queueSummary(sql()));
