import { z } from "zod";
import { ATTEMPT_STATUSES, MAX_ATTEMPT_PAGE, MAX_RETRY_SEQS } from "../../provisioning/log.ts";
import { provisionerInputSchema } from "../../provisioning/provisioners.ts";
import { describeFields, described, named } from "./documentation.ts";
import { instant } from "./json-values.ts";

const ENTITY_TYPES = ["User", "Group"] as const;
const EVENT_STATUSES = ["pending", "in_flight", "delivered", "dead", "held"] as const;

describeFields(provisionerInputSchema.shape, {
  connectorId: "The connector (of a connection) the changes go to",
  blocking: "The change waits for this target's answer before it is answered",
  rule: 'A SCIM filter users must match when rules are enabled, e.g. department eq "Engineering"',
  jitEnabled: "Also provision users created just in time by federated sign-in",
});

export const provisionerInput = named("ProvisionerInput", provisionerInputSchema);

/** A PUT replaces the settings (fields left out take their defaults); the connector stays. */
export const provisionerUpdate = named(
  "ProvisionerUpdate",
  provisionerInputSchema.extend({ connectorId: described(z.string().optional(), "When sent, the provisioner's own connector: it cannot change") }),
);

export const provisioner = named(
  "Provisioner",
  z.strictObject({
    id: z.string(),
    serviceProviderId: z.string(),
    connectorId: z.string(),
    connectorType: z.string(),
    connectionId: z.string(),
    connectionName: z.string(),
    blocking: z.boolean(),
    rulesEnabled: z.boolean(),
    rule: z.string().nullable(),
    jitEnabled: z.boolean(),
  }),
  "Outbound provisioning of a service provider's changes to one connector",
);

const text = () =>
  z
    .string()
    .optional()
    .transform((s) => s?.trim() || undefined);
// a count or index that is not a positive number falls back to the default instead of failing the request
const positive = (fallback: number) => z.coerce.number().positive().transform(Math.floor).catch(fallback);

/** The provisioning log's filters, from the query string. */
export const attemptQuerySchema = z.object({
  id: described(text(), "One attempt, by its id"),
  entityId: described(text(), "A user's or group's id"),
  entityType: described(text(), ENTITY_TYPES.join(" or ")),
  status: described(
    text().transform((s) =>
      s
        ?.split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    ),
    `${ATTEMPT_STATUSES.join(", ")}; several separated by commas`,
  ),
  connectorId: text(),
  connectionId: described(text(), "Every connector of the connection"),
  search: described(text(), "An object's id or part of its name"),
  openOnly: described(
    text().transform((s) => s === "true"),
    "true: leave out failed attempts whose change reached the target since (resolved)",
  ),
  since: described(
    text().transform((s) => (s ? new Date(s) : undefined)),
    "A date and time, e.g. 2025-01-31T00:00:00Z",
  ),
  startIndex: described(positive(1), "1-based; 1 when left out"),
  count: described(positive(50), `At most ${MAX_ATTEMPT_PAGE}; 50 when left out`),
});

export const attempt = named(
  "ProvisioningAttempt",
  z.strictObject({
    id: z.string(),
    eventSeq: z.int(),
    connectorId: z.string(),
    connectionId: described(z.string().nullable(), "null once the connector is removed"),
    connectionName: z.string(),
    connectorType: z.string(),
    entityType: z.enum(ENTITY_TYPES),
    entityId: z.string(),
    entityName: z.string(),
    operation: described(z.string(), "create, update, delete, or what the attempt became: link+update, re-create"),
    status: z.enum(ATTEMPT_STATUSES),
    httpStatus: z.int().nullable(),
    durationMs: z.int(),
    error: z.string().nullable(),
    attempt: z.int(),
    request: described(z.string(), "The request as sent, credentials redacted, at most 2000 characters"),
    response: described(z.string(), "The start of the response"),
    at: instant(),
    eventStatus: described(z.enum(EVENT_STATUSES).nullable(), "Where the event stands now; null once it no longer exists"),
    resolved: described(z.boolean(), "A failed attempt whose change reached the target since: its event was delivered later, or a later change of the same object was"),
  }),
  "One delivery attempt",
);

export const attemptList = named("ProvisioningAttemptList", z.strictObject({ totalResults: z.int(), startIndex: z.int(), items: z.array(attempt) }));

const queueCounts = {
  pending: described(z.int(), "Waiting for delivery, retries included"),
  retrying: described(z.int(), "Pending events that failed at least once"),
  inFlight: z.int(),
  delivered: z.int(),
  dead: described(z.int(), "Failed for good; retry them with POST /provisioning/retry"),
};

export const queueSummary = named(
  "QueueSummary",
  z.strictObject({
    totals: z.strictObject(queueCounts),
    connectors: z.array(
      z.strictObject({
        connectorId: z.string(),
        connectionId: z.string().nullable(),
        connectionName: z.string(),
        connectorType: z.string(),
        ...queueCounts,
        pausedUntil: described(instant().nullable(), "The target did not answer: nothing is sent to it before this, then one probe; null when not paused"),
        outageFailures: described(z.int(), "Failed tries in a row while the target is paused; they do not count toward dead-lettering"),
      }),
    ),
  }),
  "The outbox by status, overall and per connector",
);

export const retryRequest = named(
  "RetryRequest",
  z.object({
    seqs: z.array(z.number().int().positive()).max(MAX_RETRY_SEQS).optional(),
    connectorId: z.string().min(1).optional(),
  }),
  "Without seqs or connectorId, every failed event is retried",
);

export const retryResult = z.strictObject({ retried: described(z.int(), "How many events went back to the queue") });

const lastAttempt = z.strictObject({ status: z.string(), operation: z.string(), at: instant(), httpStatus: z.int().nullable(), error: z.string().nullable() });

export const userProvisioningStatus = named(
  "UserProvisioningStatus",
  z.strictObject({
    userId: z.string(),
    connectors: z.array(
      z.strictObject({
        connectorId: z.string(),
        connectionId: z.string().nullable(),
        connectionName: z.string(),
        connectorType: z.string(),
        remoteId: described(z.string().nullable(), "The user's id at the target"),
        lastAttempt: lastAttempt.nullable(),
        pending: z.int(),
        dead: z.int(),
        lastError: z.string().nullable(),
        openSeqs: described(z.array(z.int()), "The user's undelivered events, oldest first, for POST /provisioning/retry"),
        pause: described(z.strictObject({ until: instant(), error: z.string().nullable() }).nullable(), "The target did not answer: its changes wait untried until `until`, when one probe is sent"),
      }),
    ),
  }),
  "A user's provisioning status at every connector that has seen it",
);

const healthPoint = z.strictObject({
  at: described(instant(), "The hour's start"),
  successes: z.int(),
  failures: described(z.int(), "Failed attempts, retried later or dead"),
  deadLetters: described(z.int(), "Attempts after which the change was given up"),
  queueDepth: described(z.int(), "Changes waiting at the hour's end (now, for the hour under way)"),
});

export const provisioningHealth = named(
  "ProvisioningHealth",
  z.strictObject({
    since: described(instant(), "The window's start: 23 whole hours before the hour under way"),
    until: described(instant(), "The end of the hour under way"),
    generatedAt: instant(),
    connections: z.array(
      z.strictObject({
        connectionId: z.string(),
        connectionName: z.string(),
        enabled: described(z.boolean(), "The connection and at least one of its connectors are enabled"),
        connectorTypes: z.array(z.string()),
        lastSuccessAt: described(instant().nullable(), "The newest successful delivery, at any time"),
        successes: described(z.int(), "Over the window"),
        failures: described(z.int(), "Over the window"),
        deadLetters: described(z.int(), "Over the window"),
        queueDepth: described(z.int(), "Now: changes waiting for delivery, retries included"),
        openDeadLetters: described(z.int(), "Now: changes given up, waiting for a manual retry"),
        pausedUntil: described(instant().nullable(), "The target did not answer: nothing is sent before this, then one probe; null when not paused"),
        pauseError: z.string().nullable(),
        series: described(z.array(healthPoint), "Hour by hour, oldest first"),
      }),
    ),
    recentFailures: described(z.array(attempt), "The newest failed attempts of the window whose change has not reached its target since"),
  }),
  "Each connection's outbound provisioning over the last 24 hours",
);
