import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { listAttempts } from "@/lib/provisioning/log";
import { attemptQueryFrom } from "../provisioning-api";

export const GET = adminRoute("internal_application_mgt_view", async (req) => listAttempts(provisio().sql, attemptQueryFrom(new URL(req.url))));
