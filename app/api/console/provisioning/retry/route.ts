import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { retryEvents } from "@/lib/provisioning/log";
import { retryRequest } from "@/lib/admin-api/schemas/outbound-provisioning";

export const POST = consoleRoute("internal_application_mgt_update", async (req) => ({ retried: await retryEvents(provisio().sql, retryRequest.parse(await req.json())) }));
