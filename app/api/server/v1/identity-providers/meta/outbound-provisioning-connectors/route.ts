import { adminRoute } from "@/lib/admin-api/route";
import { connectorTypeInfo } from "../../connection-api";

export const GET = adminRoute("internal_idp_view", async () => connectorTypeInfo());
