import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { listAttempts } from "@/lib/provisioning/log";
import { attemptQueryFrom } from "@/app/api/server/v1/provisioning/provisioning-api";

export const GET = consoleRoute("internal_application_mgt_view", async (req) => listAttempts(provisio().sql, attemptQueryFrom(new URL(req.url))));
