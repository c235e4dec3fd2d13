import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { retryEvents } from "@/lib/provisioning/log";
import { retryBodySchema } from "@/app/api/server/v1/provisioning/provisioning-api";

export const POST = consoleRoute("internal_application_mgt_update", async (req) => ({ retried: await retryEvents(sql(), retryBodySchema.parse(await req.json())) }));
