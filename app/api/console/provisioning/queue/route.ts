import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { queueSummary } from "@/lib/provisioning/log";

export const GET = consoleRoute("internal_application_mgt_view", async () => queueSummary(provisio().sql));
