import { adminRoute } from "@/lib/admin-api/route";
import { connectorTypeInfo } from "@/lib/provisioning/connectors/type-info";
import { wso2TypeMeta } from "@/lib/admin-api/wso2-connectors";

/** Each type with its settings schema, and WSO2's connectorId, name, displayName and properties. */
export const GET = adminRoute("internal_idp_view", async () => connectorTypeInfo().map((t) => ({ ...t, ...wso2TypeMeta(t) })));
