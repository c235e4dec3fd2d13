import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { queryFrom } from "@/lib/admin-api/schemas/paging";
import { auditQuerySchema } from "@/lib/admin-api/schemas/audit";
import { decodeAuditCursor } from "@/lib/identity/audit-filter";
import { listAuditEvents } from "@/lib/identity/audit";

export const GET = adminRoute("internal_config_mgt_view", async (req) => {
  const { cursor, count, ...filter } = queryFrom(auditQuerySchema, req);
  return listAuditEvents(provisio().sql, filter, { after: cursor ? decodeAuditCursor(cursor) : undefined, count });
});
