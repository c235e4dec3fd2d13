import { z } from "zod";
import { AUDIT_CHANNELS, MAX_AUDIT_PAGE } from "../../identity/audit-filter.ts";
import { described, named } from "./documentation.ts";
import { instant } from "./json-values.ts";

// an empty parameter (a cleared filter box) is the same as none
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const exact = (description: string) => described(optional(z.string().trim().min(1).max(255)), description);
const time = (description: string) =>
  described(optional(z.iso.datetime({ offset: true, message: "Expected a date and time such as 2025-01-31T00:00:00Z" }).transform((s) => new Date(s))), description);

/** The audit log's query string: exact-match filters, a time range and a keyset page. */
export const auditQuerySchema = z.object({
  actor: exact("The user name that made the change, exactly"),
  channel: described(optional(z.enum(AUDIT_CHANNELS, { message: `Expected one of ${AUDIT_CHANNELS.join(", ")}` })), "Through which door the change came"),
  action: exact("e.g. user.create, group.update, connection.delete"),
  targetType: exact("User, Group, Role, Application, Connection, Connector, UserStore, CustomAttribute, ..."),
  targetId: exact("The changed object's id (with targetType)"),
  from: time("Events at or after this instant"),
  to: time("Events before this instant"),
  cursor: described(optional(z.string().max(512)), "nextCursor of the previous page; the first page when left out"),
  count: described(
    optional(z.coerce.number({ message: "count must be a number" }).int("count must be a whole number").min(1).max(MAX_AUDIT_PAGE)).transform((n) => n ?? 50),
    `1 to ${MAX_AUDIT_PAGE}; 50 when left out`,
  ),
});

export const auditEvent = named(
  "AuditEvent",
  z.strictObject({
    id: z.string(),
    at: instant(),
    actor: described(z.string(), "The user name, or system"),
    channel: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    summary: described(z.string(), "What changed, in a few words (a name, never a secret)"),
  }),
  "One change recorded in the audit log",
);

export const auditEventPage = named(
  "AuditEventPage",
  z.strictObject({
    items: z.array(auditEvent),
    nextCursor: described(z.string().nullable(), "Pass as cursor for the next (older) page; null on the last page"),
  }),
);
