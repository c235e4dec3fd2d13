import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { regenerateSecret } from "@/lib/identity/applications";
import { applicationId } from "../../application-id";

export const POST = consoleRoute("internal_application_mgt_update", async (_req, { params, actor }) => regenerateSecret(sql(), applicationId(params), actor));
