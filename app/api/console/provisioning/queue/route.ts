import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { queueSummary } from "@/lib/provisioning/log";

export const GET = consoleRoute("internal_application_mgt_view", async () => queueSummary(sql()));
