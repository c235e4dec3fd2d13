import type { OperationGroup } from "../operation.ts";
import { rotatedKey } from "../schemas/signing-keys.ts";

const TAG = "Signing keys";

export const signingKeyOperations: OperationGroup = {
  tag: { name: TAG, description: "The keys that sign OpenID Connect tokens" },
  operations: [
    {
      operationId: "rotateSigningKey",
      method: "post",
      path: "/keys/rotate",
      summary: "Rotate the token signing key",
      description:
        "Adds a new signing key and retires the others; they stay published, so tokens they signed stay valid. Servers sign with the new key from their next start; bearer token checks accept it at once.",
      tag: TAG,
      permission: "internal_config_mgt_update",
      responses: { 201: { description: "The new key", schema: rotatedKey } },
    },
  ],
};
