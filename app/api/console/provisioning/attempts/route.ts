import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { listAttempts } from "@/lib/provisioning/log";
import { attemptQueryFrom } from "@/app/api/server/v1/provisioning/provisioning-api";

export const GET = consoleRoute("internal_application_mgt_view", async (req) => listAttempts(sql(), attemptQueryFrom(new URL(req.url))));
