import { consoleRoute } from "@/lib/console-api/route";
import { connectorTypeInfo } from "@/app/api/server/v1/identity-providers/connection-api";

export const GET = consoleRoute("internal_idp_view", async () => connectorTypeInfo());
