import type { OperationGroup } from "../operation.ts";
import { settingInput, settingKeySchema, settingValue } from "../schemas/settings.ts";

const TAG = "Settings";
const key = { key: { description: "The setting", schema: settingKeySchema } };

export const settingOperations: OperationGroup = {
  tag: { name: TAG, description: "Server-wide settings, one JSON value per key" },
  operations: [
    {
      operationId: "getSetting",
      method: "get",
      path: "/settings/{key}",
      summary: "Get a setting",
      description: "The stored value, or the default when none is stored.",
      tag: TAG,
      permission: "internal_config_mgt_view",
      pathParams: key,
      responses: { 200: { description: "The value; its shape depends on the key", schema: settingValue } },
      errors: [404],
    },
    {
      operationId: "putSetting",
      method: "put",
      path: "/settings/{key}",
      summary: "Set a setting",
      tag: TAG,
      permission: "internal_config_mgt_update",
      pathParams: key,
      body: { schema: settingInput, description: "The whole value; its shape depends on the key" },
      responses: { 200: { description: "The stored value", schema: settingValue } },
      errors: [400, 404],
    },
  ],
};
