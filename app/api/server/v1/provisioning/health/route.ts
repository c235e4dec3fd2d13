import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { provisioningHealth } from "@/lib/provisioning/health";

export const GET = adminRoute("internal_application_mgt_view", async () => provisioningHealth(provisio().sql));
