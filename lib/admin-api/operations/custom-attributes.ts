import { z } from "zod";
import type { OperationGroup } from "../operation.ts";
import { customAttribute, customAttributeInput } from "../schemas/custom-attributes.ts";

const TAG = "Schemas";

export const customAttributeOperations: OperationGroup = {
  tag: { name: TAG, description: "Attributes of the custom SCIM User extension (urn:scim:schemas:extension:custom:User)" },
  operations: [
    {
      operationId: "listCustomAttributes",
      method: "get",
      path: "/schemas/custom-user/attributes",
      summary: "List custom user attributes",
      tag: TAG,
      permission: "internal_config_mgt_view",
      responses: { 200: { description: "The definitions, by name", schema: z.array(customAttribute) } },
    },
    {
      operationId: "createCustomAttribute",
      method: "post",
      path: "/schemas/custom-user/attributes",
      summary: "Define a custom user attribute",
      tag: TAG,
      permission: "internal_config_mgt_update",
      body: { schema: customAttributeInput },
      responses: { 201: { description: "Created", schema: customAttribute } },
      errors: [400, 409],
    },
    {
      operationId: "deleteCustomAttribute",
      method: "delete",
      path: "/schemas/custom-user/attributes/{name}",
      summary: "Delete a custom user attribute and every user's value of it",
      tag: TAG,
      permission: "internal_config_mgt_update",
      pathParams: { name: { description: "The attribute name, in any case" } },
      responses: { 204: { description: "Deleted" } },
      errors: [404],
    },
  ],
};
