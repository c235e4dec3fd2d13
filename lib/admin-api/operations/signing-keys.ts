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
      summary: "Rotate the token signing keys",
      description:
        "Adds a new signing key for each algorithm (ES256 and RS256) and retires the others; they stay published, so tokens they signed stay valid. Servers sign with the new keys from their next start; bearer token checks accept them at once.",
      tag: TAG,
      permission: "internal_config_mgt_update",
      responses: { 201: { description: "The new keys", schema: rotatedKey } },
    },
  ],
};
