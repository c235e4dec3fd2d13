import { z } from "zod";
import { multiValueSchema } from "../../identity/users/user-input.ts";
import { USER_SORT_KEYS } from "../../identity/users/list-users.ts";
import { userFormSchema } from "../../console/user-form.ts";
import { userBatchInput } from "../user-batch.ts";
import { describeFields, described, named } from "./documentation.ts";
import { instant } from "./json-values.ts";
import { pageOf, pageQuerySchema } from "./paging.ts";

describeFields(userFormSchema.shape, {
  domain: "The user store domain, in any case",
  userName: "Without the domain prefix",
  email: "The primary email; empty to remove it",
  phone: "The primary phone number; empty to remove it",
  password: "Empty keeps the current password (or sets none on create)",
  version: "The version read before editing: a save over a newer version is refused (409)",
});

export const userInput = named("UserInput", userFormSchema, "The attributes the console edits; attributes it does not show (set through SCIM) keep their values on a replace");

const nullableText = z.string().nullable();
const multiValues = z.array(multiValueSchema);
export const outboundFailures = described(z.array(z.string()), "Failures of blocking outbound provisioners; the change is saved all the same");

export const outboundResults = described(
  z.array(
    named(
      "BlockingProvisioningOutcome",
      z.strictObject({
        connectionId: described(z.string().nullable(), "null once the connector is removed"),
        connectionName: z.string(),
        connectorType: z.string(),
        outcome: described(
          z.enum(["delivered", "retrying", "dead", "queued"]),
          "delivered; retrying: it failed and is tried again at retryAt; dead: given up, only a manual retry (POST /provisioning/retry) sends it; queued: not tried yet (the target is paused, or the worker has it), next tried at retryAt when known",
        ),
        retryAt: described(instant().nullable(), "When it is tried next; null when delivered, dead or not known"),
        error: described(z.string().nullable(), "Why it failed; null when delivered"),
        attemptId: described(z.string().nullable(), "The newest attempt in the provisioning log (GET /provisioning/attempts?id=…); null when it was not tried"),
      }),
    ),
  ),
  "What became of the change at each blocking outbound provisioner by the time of the answer",
);

export const user = named(
  "User",
  z.strictObject({
    id: z.string(),
    userName: described(z.string(), "DOMAIN/name, or the bare name in PRIMARY"),
    domain: z.string(),
    externalId: nullableText,
    active: z.boolean(),
    name: z.strictObject({
      formatted: nullableText,
      familyName: nullableText,
      givenName: nullableText,
      middleName: nullableText,
      honorificPrefix: nullableText,
      honorificSuffix: nullableText,
    }),
    displayName: nullableText,
    nickName: nullableText,
    profileUrl: nullableText,
    title: nullableText,
    userType: nullableText,
    preferredLanguage: nullableText,
    locale: nullableText,
    timezone: nullableText,
    enterprise: z.strictObject({
      employeeNumber: nullableText,
      costCenter: nullableText,
      organization: nullableText,
      division: nullableText,
      department: nullableText,
      managerId: nullableText,
    }),
    emails: multiValues,
    phoneNumbers: multiValues,
    ims: multiValues,
    photos: multiValues,
    addresses: multiValues,
    entitlements: multiValues,
    roles: multiValues,
    x509Certificates: multiValues,
    custom: described(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))])), "Custom extension attributes by name"),
    groups: described(z.array(z.strictObject({ id: z.string(), displayName: z.string() })), "The groups the user belongs to, when read one at a time").optional(),
    hasPassword: z.boolean(),
    locked: described(z.boolean(), "Locked by the account lock after failed sign-ins"),
    source: described(z.string(), "local, scim, jit, ..."),
    sourceConnection: described(z.string().nullable(), "A JIT user: the id of the connection (identity provider) that created it"),
    sourceSubject: described(z.string().nullable(), "A JIT user: its subject at that identity provider"),
    federatedIdentities: described(
      z.array(
        z.strictObject({
          connectionId: z.string(),
          connectionName: z.string(),
          subject: described(z.string(), "The user's subject at the identity provider"),
          lastSignInAt: described(instant(), "The last sign-in through this connection"),
        }),
      ),
      "The identity providers the user signs in through, newest sign-in first; when read one at a time",
    ).optional(),
    version: z.int(),
    createdAt: instant(),
    updatedAt: instant(),
  }),
  "A user: the core and Enterprise User attributes, custom attributes and the groups it belongs to",
);

export const userChange = named("UserChange", user.extend({ outboundFailures, outboundResults }), "The saved user, with the failures of blocking outbound provisioners");

export const deletedWithFailures = named("DeletedWithFailures", z.strictObject({ outboundFailures, outboundResults }), "Deleted; blocking outbound provisioners failed");

export const userPage = named("UserPage", pageOf(user));

/** The users list's query: the search box and pages, the sorted column, and the connection users came from. */
export const userListQuery = pageQuerySchema.extend({
  search: described(pageQuerySchema.shape.search, "The start of a user name, display name or email, in any case"),
  sortBy: described(z.enum(USER_SORT_KEYS).optional().catch(undefined), "userName when left out"),
  sortOrder: described(z.enum(["ascending", "descending"]).optional().catch(undefined), "ascending when left out"),
  sourceConnection: described(
    z
      .string()
      .optional()
      .catch(undefined)
      .transform((s) => s || undefined),
    "Only users created just in time through this connection (its id)",
  ),
});

export const userBatch = named("UserBatch", userBatchInput, "An action on several users at once");
export const userBatchResults = named(
  "UserBatchResults",
  z.strictObject({
    results: z.array(
      z.strictObject({
        id: z.string(),
        userName: z.string().optional(),
        status: described(z.enum(["done", "unchanged", "failed"]), "unchanged: the user was already disabled or enabled"),
        message: described(z.string().optional(), "Why it failed"),
        outboundFailures,
        outboundResults,
      }),
    ),
  }),
);
