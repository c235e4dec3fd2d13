import { z } from "zod";
import type { OperationGroup } from "../operation.ts";
import { userStore, userStoreInput } from "../schemas/user-stores.ts";

const TAG = "User stores";

export const userStoreOperations: OperationGroup = {
  tag: { name: TAG, description: "User store domains: PRIMARY and secondary domains whose names are written DOMAIN/name" },
  operations: [
    {
      operationId: "listUserStores",
      method: "get",
      path: "/userstores",
      summary: "List user stores",
      tag: TAG,
      permission: "internal_userstore_view",
      responses: { 200: { description: "PRIMARY first, then the secondary domains by name", schema: z.array(userStore) } },
    },
    {
      operationId: "createUserStore",
      method: "post",
      path: "/userstores",
      summary: "Create a secondary user store",
      tag: TAG,
      permission: "internal_userstore_update",
      body: { schema: userStoreInput },
      responses: { 201: { description: "Created", schema: userStore } },
      errors: [400, 409],
    },
    {
      operationId: "deleteUserStore",
      method: "delete",
      path: "/userstores/{domain}",
      summary: "Delete an empty secondary user store",
      description: "Refused for PRIMARY and for a store that still holds users or groups.",
      tag: TAG,
      permission: "internal_userstore_update",
      pathParams: { domain: { description: "The domain name, in any case" } },
      responses: { 204: { description: "Deleted" } },
      errors: [400, 404],
    },
  ],
};
