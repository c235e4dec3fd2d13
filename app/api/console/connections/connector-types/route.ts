import { consoleRoute } from "@/lib/console-api/route";
import { connectorTypeInfo } from "@/lib/provisioning/connectors/type-info";

export const GET = consoleRoute("internal_idp_view", async () => connectorTypeInfo());
