import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { heldRemovalsByConnection } from "@/lib/provisioning/held-removals";

export const GET = adminRoute("internal_idp_view", async () => heldRemovalsByConnection(provisio().sql));
