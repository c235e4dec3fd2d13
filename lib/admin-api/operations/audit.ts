import type { OperationGroup } from "../operation.ts";
import { auditEventPage, auditQuerySchema } from "../schemas/audit.ts";

const TAG = "Audit log";

export const auditOperations: OperationGroup = {
  tag: { name: TAG, description: "Every change made through the console, the admin API, SCIM, SOAP and just-in-time provisioning" },
  operations: [
    {
      operationId: "listAuditEvents",
      method: "get",
      path: "/audit-events",
      summary: "The audit log",
      description: "Changes newest first, one page at a time: pass the page's nextCursor to read the next (older) one. Filters combine; each is an exact match.",
      tag: TAG,
      permission: "internal_config_mgt_view",
      query: auditQuerySchema,
      responses: { 200: { description: "A page of events", schema: auditEventPage } },
      errors: [400],
    },
  ],
};
