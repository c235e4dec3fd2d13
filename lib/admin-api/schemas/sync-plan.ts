import { z } from "zod";
import { PLAN_ACTIONS } from "../../provisioning/sync-plan/entries.ts";
import { described, named } from "./documentation.ts";

export const MAX_PLAN_PAGE = 200;

const optionalText = z
  .string()
  .optional()
  .transform((s) => s || undefined);

export const syncPlanQuerySchema = z.object({
  connectorType: described(z.string({ error: "connectorType is required" }).min(1, "connectorType is required"), "The type of the connection's connector whose sync is planned"),
  cursor: described(optionalText, "The nextCursor of the previous page; the first page (without) also carries the counts"),
  kind: described(z.enum(["user", "group"], { error: "kind must be user or group" }).optional(), "Only users or only groups"),
  action: described(z.enum(PLAN_ACTIONS, { error: `action must be one of ${PLAN_ACTIONS.join(", ")}` }).optional(), "Only entries with this action"),
  counts: described(
    z
      .enum(["true", "false"], { error: "counts must be true or false" })
      .default("true")
      .transform((v) => v === "true"),
    "false leaves the counts out of the first page (they read every object); true when left out",
  ),
  count: described(
    z.coerce
      .number()
      .positive()
      .transform((n) => Math.min(Math.floor(n), MAX_PLAN_PAGE))
      .catch(50),
    `Entries per page, at most ${MAX_PLAN_PAGE}; 50 when left out`,
  ),
});

const memberSample = z.strictObject({ count: z.int(), first: described(z.array(z.string()), "The first few user names") });
const planAction = z.enum(PLAN_ACTIONS);

export const syncPlanEntry = named(
  "SyncPlanEntry",
  z.strictObject({
    kind: z.enum(["user", "group"]),
    id: described(z.string(), "The local id (of an object only the target still has, for deletes)"),
    name: z.string(),
    action: planAction,
    reason: described(z.string().optional(), "Why a delete or deactivate"),
    differences: described(
      z
        .array(
          z.strictObject({
            path: described(z.string(), "The SCIM attribute path, as a PATCH names it"),
            before: described(z.unknown().optional(), "What the target last received from this connector; absent when never sent"),
            after: described(z.unknown().optional(), "What the sync would send; absent when the attribute is removed"),
            secret: described(z.literal(true).optional(), "A password-like attribute: it changes, its values are never shown"),
          }),
        )
        .optional(),
      "Users: the attributes that differ from what the target last received (on a create, everything sent)",
    ),
    lastSentKnown: described(z.boolean().optional(), "False when what the target last received is not recorded: every attribute is then sent"),
    membersAdded: described(memberSample.optional(), "Groups: members in scope, sent as adds (the target keeps those it already has)"),
    membersRemoved: described(memberSample.optional(), "Groups: members the target loses because their users are deleted there"),
    queued: described(z.literal(true).optional(), "An event for this object already waits in the queue: the sync leaves it to that event"),
  }),
);

export const syncPlanPage = named(
  "SyncPlanPage",
  z.strictObject({
    counts: described(
      z.strictObject({ create: z.int(), update: z.int(), delete: z.int(), deactivate: z.int(), unchanged: z.int(), queued: z.int() }).optional(),
      "Objects per action over the whole plan (first page only); objects with an event already queued are counted apart",
    ),
    entries: z.array(syncPlanEntry),
    nextCursor: described(z.string().optional(), "Where the next page starts; absent on the last page"),
  }),
  "One page of what a sync would do, computed from the current state",
);
