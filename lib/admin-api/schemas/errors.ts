import { z } from "zod";
import { described, named } from "./documentation.ts";

/** WSO2's server API error shape, the body of every error the admin API answers. */
export const adminErrorSchema = named(
  "Error",
  z.strictObject({
    code: described(z.string(), "Machine-readable, e.g. INVALID_INPUT, INVALID_JSON, NOT_FOUND, CONFLICT, UNAUTHENTICATED, FORBIDDEN, SERVER_ERROR"),
    message: z.string(),
    description: described(z.string(), "What was wrong; for invalid input, the field and the rule"),
    traceId: described(z.uuid(), "Also in the server's log when the failure was unexpected"),
    fieldErrors: described(z.record(z.string(), z.string()), 'For invalid input: what is wrong with each field, by its path ("_" for the body as a whole)').optional(),
  }),
);

export type AdminErrorBody = z.infer<typeof adminErrorSchema>;

/** The errors operations answer, by status, each listed once under components.responses. */
export const ERROR_RESPONSES = {
  400: { name: "BadRequest", description: "The input is not valid (malformed JSON, a failed rule, an unknown user store, ...)" },
  401: { name: "Unauthorized", description: "No credentials, or credentials that are not valid" },
  403: { name: "Forbidden", description: "The caller lacks the permission (OAuth scope) the operation requires, or a browser sent the write from a page of another origin" },
  404: { name: "NotFound", description: "No such resource" },
  409: { name: "Conflict", description: "The change clashes with an existing resource, e.g. a name already in use" },
  412: { name: "PreconditionFailed", description: "The resource changed since the version the request was based on" },
  415: { name: "UnsupportedMediaType", description: "A write authenticated by the console's session whose body is not application/json" },
  500: { name: "ServerError", description: "An unexpected failure; it is logged with the trace id" },
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;
