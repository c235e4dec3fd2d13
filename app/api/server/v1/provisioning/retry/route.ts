import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { retryEvents } from "@/lib/provisioning/log";
import { retryRequest } from "@/lib/admin-api/schemas/outbound-provisioning";

export const POST = adminRoute("internal_application_mgt_update", async (req) => {
  const text = await req.text();
  const body = retryRequest.parse(text.trim() ? JSON.parse(text) : {});
  return { retried: await retryEvents(provisio().sql, body) };
});
