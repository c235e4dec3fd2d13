import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { listAttempts } from "@/lib/provisioning/log";
import { attemptQueryFrom } from "../provisioning-api";

export const GET = adminRoute("internal_application_mgt_view", async (req) => listAttempts(sql(), attemptQueryFrom(new URL(req.url))));
