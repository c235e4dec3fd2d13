import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { retryEvents } from "@/lib/provisioning/log";
import { retryBodySchema } from "@/app/api/server/v1/provisioning/provisioning-api";

export const POST = consoleRoute("internal_application_mgt_update", async (req) => ({ retried: await retryEvents(provisio().sql, retryBodySchema.parse(await req.json())) }));
