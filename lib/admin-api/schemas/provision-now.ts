import { z } from "zod";
import { described, named } from "./documentation.ts";

export const provisionNowRequest = named(
  "ProvisionNowRequest",
  z.strictObject({ connectorId: described(z.string().trim().min(1, "Choose a connection's outbound connector"), "The outbound connector (of a connection) to provision the user to") }),
);

const check = z.strictObject({
  check: z.enum(["enabled", "listed", "roles", "rule", "user-store", "queue", "pause"]),
  label: z.string(),
  outcome: z.enum(["pass", "fail", "info"]),
  detail: z.string(),
});

const exchange = z.strictObject({
  method: z.string(),
  url: z.string(),
  headers: described(z.record(z.string(), z.string()), "The request's headers; credentials show only their scheme"),
  request: described(z.string(), "The start line and body as the provisioning log shows them, secrets masked"),
  response: z.string(),
  status: z.int().optional(),
  error: described(z.string().optional(), "Why no HTTP answer came"),
  durationMs: z.int(),
});

export const provisionTrace = named(
  "ProvisionTrace",
  z.strictObject({
    user: z.strictObject({ id: z.string(), userName: z.string() }),
    connection: z.strictObject({
      connectorId: z.string(),
      connectorType: z.string(),
      connectionId: z.string(),
      connectionName: z.string(),
      deprovision: z.enum(["delete", "deactivate"]),
    }),
    scope: z.strictObject({
      inScope: z.boolean(),
      action: described(z.enum(["create", "update", "delete", "deactivate", "none"]), "What the scope decision sends to the target"),
      reason: z.string(),
      checks: z.array(check),
      serviceProviderId: z.string().nullable(),
    }),
    mapping: described(
      z.strictObject({ representation: z.record(z.string(), z.unknown()), mapped: z.boolean(), note: z.string() }).nullable(),
      "The user as the connector's attribute mapping represents it; null when nothing is sent or for a delete",
    ),
    delivery: z
      .strictObject({
        eventSeq: z.int(),
        status: z.enum(["success", "skipped", "retrying", "dead", "held", "held-back"]),
        operation: z.string(),
        httpStatus: z.int().nullable(),
        error: z.string().nullable(),
        durationMs: z.int(),
        exchanges: z.array(exchange),
        request: z.string(),
        response: z.string(),
      })
      .nullable(),
    remoteId: z.strictObject({ before: z.string().nullable(), after: described(z.string().nullable(), "The user's id at the target afterwards (RemoteMapping)") }),
    outcome: z.enum(["created", "updated", "deactivated", "deleted", "nothing-sent", "held", "failed"]),
    summary: z.string(),
  }),
  "What provisioning one user to one connection did, step by step",
);
