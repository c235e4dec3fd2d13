import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { regenerateSecret } from "@/lib/identity/applications";
import { applicationId } from "../../application-id";

export const POST = consoleRoute("internal_application_mgt_update", async (_req, { params, actor }) => regenerateSecret(provisio().sql, applicationId(params), actor));
