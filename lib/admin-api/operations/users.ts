import type { OperationGroup } from "../operation.ts";
import { z } from "zod";
import { user, userBatch, userBatchResults, userChange, deletedWithFailures, userInput, userListQuery, userPage } from "../schemas/users.ts";
import { heldRole } from "../schemas/roles.ts";
import { userImportPreview, userImportPreviewRequest, userImportRequest, userImportResult } from "../schemas/user-import.ts";

const TAG = "Users";
const id = { id: { description: "The user's id" } };
const blocking = "It answers once blocking outbound provisioners have been tried; their failures are listed in outboundFailures, and the change is saved all the same.";

export const userOperations: OperationGroup = {
  tag: { name: TAG, description: "Users as the console edits them; SCIM 2.0 (/scim2/Users) reaches every attribute" },
  operations: [
    {
      operationId: "listUsers",
      method: "get",
      path: "/users",
      summary: "List users",
      description: "By user name, a page at a time, optionally only those whose name or email contains the search term, or those a connection created just in time.",
      tag: TAG,
      permission: "internal_user_mgt_list",
      query: userListQuery,
      responses: { 200: { description: "A page of users", schema: userPage } },
    },
    {
      operationId: "createUser",
      method: "post",
      path: "/users",
      summary: "Create a user",
      description: `Creates a local user in the chosen user store. ${blocking}`,
      tag: TAG,
      permission: "internal_user_mgt_create",
      body: { schema: userInput },
      responses: { 201: { description: "Created", schema: userChange, headers: { Location: "The new user's URL" } } },
      errors: [400, 409],
    },
    {
      operationId: "changeUsers",
      method: "post",
      path: "/users/batch",
      summary: "Delete, disable or enable several users",
      description: `At most 200 users, one by one, each through the same steps as one user's page (audited, provisioned); one user's refusal is reported in its result and the others go on. Deleting needs internal_user_mgt_delete as well. ${blocking}`,
      tag: TAG,
      permission: "internal_user_mgt_update",
      body: { schema: userBatch },
      responses: { 200: { description: "A result per user, in the order given", schema: userBatchResults } },
      errors: [400, 403],
    },
    {
      operationId: "previewUserImport",
      method: "post",
      path: "/users/import/preview",
      summary: "Check a CSV file of users without creating any",
      description:
        "WSO2's Add multiple users: every row checked as a create would check it, rows repeating a user name of an earlier row and names already taken flagged. A header problem (an unknown or missing column) is a 400.",
      tag: TAG,
      permission: "internal_user_mgt_create",
      body: { schema: userImportPreviewRequest },
      responses: { 200: { description: "Each row's status", schema: userImportPreview } },
    },
    {
      operationId: "importUsers",
      method: "post",
      path: "/users/import",
      summary: "Create the users of a slice of a CSV file",
      description:
        "Each row through the same use case as POST /users and SCIM (validation, audit, outbound provisioning); a row that fails says why and the others go on. Send a file in slices of at most 200 rows.",
      tag: TAG,
      permission: "internal_user_mgt_create",
      body: { schema: userImportRequest },
      responses: { 200: { description: "Each row's outcome", schema: userImportResult } },
    },
    {
      operationId: "getUser",
      method: "get",
      path: "/users/{id}",
      summary: "Get a user",
      tag: TAG,
      permission: "internal_user_mgt_view",
      pathParams: id,
      responses: { 200: { description: "The user, with its groups and federated identities", schema: user } },
      errors: [404],
    },
    {
      operationId: "replaceUser",
      method: "put",
      path: "/users/{id}",
      summary: "Save a user",
      description: `Replaces the attributes the console edits; the others keep their values. ${blocking}`,
      tag: TAG,
      permission: "internal_user_mgt_update",
      pathParams: id,
      body: { schema: userInput },
      responses: { 200: { description: "The saved user", schema: userChange } },
      errors: [400, 404, 409, 412],
    },
    {
      operationId: "deleteUser",
      method: "delete",
      path: "/users/{id}",
      summary: "Delete a user",
      description: "Refused for the caller's own account. It answers once blocking outbound provisioners have been tried.",
      tag: TAG,
      permission: "internal_user_mgt_delete",
      pathParams: id,
      responses: {
        200: { description: "Deleted, but blocking outbound provisioners failed", schema: deletedWithFailures },
        204: { description: "Deleted" },
      },
      errors: [400, 404],
    },
    {
      operationId: "listUserRoles",
      method: "get",
      path: "/users/{id}/roles",
      summary: "List a user's roles",
      description: "The roles the user holds, assigned directly or through its groups, by name. POST and DELETE /roles/{id}/users change the direct ones.",
      tag: TAG,
      permission: "internal_role_mgt_view",
      pathParams: id,
      responses: { 200: { description: "The user's roles", schema: z.array(heldRole) } },
      errors: [404],
    },
  ],
};
