import { adminRoute } from "@/lib/admin-api/route";
import { connectorTypeInfo } from "@/lib/provisioning/connectors/type-info";

export const GET = adminRoute("internal_idp_view", async () => connectorTypeInfo());
