import { z } from "zod";
import type { OperationGroup } from "../operation.ts";
import { customAttribute, customAttributeInput, customAttributeWithUsage } from "../schemas/custom-attributes.ts";

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
      operationId: "getCustomAttribute",
      method: "get",
      path: "/schemas/custom-user/attributes/{name}",
      summary: "A custom user attribute, with how many users hold a value of it",
      tag: TAG,
      permission: "internal_config_mgt_view",
      pathParams: { name: { description: "The attribute name, in any case" } },
      responses: { 200: { description: "The definition", schema: customAttributeWithUsage } },
      errors: [404],
    },
    {
      operationId: "updateCustomAttribute",
      method: "put",
      path: "/schemas/custom-user/attributes/{name}",
      summary: "Change a custom user attribute",
      description:
        "Replaces the definition; /scim2/Schemas shows it at once. The name cannot change. While users hold values, the type cannot change, the attribute cannot become single-valued while a user holds several values, and canonical values must include every value held (409 otherwise). Required, mutability and the rest apply to later writes.",
      tag: TAG,
      permission: "internal_config_mgt_update",
      pathParams: { name: { description: "The attribute name, in any case" } },
      body: { schema: customAttributeInput },
      responses: { 200: { description: "Changed", schema: customAttribute } },
      errors: [404, 409],
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
