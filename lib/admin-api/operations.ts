import type { AdminOperation, OperationGroup } from "./operation.ts";
import { apiDescriptionOperations } from "./operations/api-description.ts";
import { auditOperations } from "./operations/audit.ts";
import { applicationOperations } from "./operations/applications.ts";
import { customAttributeOperations } from "./operations/custom-attributes.ts";
import { identityProviderOperations } from "./operations/identity-providers.ts";
import { outboundProvisioningOperations } from "./operations/outbound-provisioning.ts";
import { residentApplicationOperations } from "./operations/resident-application.ts";
import { settingOperations } from "./operations/settings.ts";
import { signingKeyOperations } from "./operations/signing-keys.ts";
import { userStoreOperations } from "./operations/user-stores.ts";
import { userOperations } from "./operations/users.ts";
import { groupOperations } from "./operations/groups.ts";
import { roleOperations } from "./operations/roles.ts";

export const ADMIN_API_BASE_PATH = "/api/server/v1";

/** Every operation of the admin API by resource family, in the order the OpenAPI document lists them. */
export const ADMIN_API_GROUPS: OperationGroup[] = [
  userOperations,
  groupOperations,
  roleOperations,
  applicationOperations,
  residentApplicationOperations,
  userStoreOperations,
  customAttributeOperations,
  settingOperations,
  identityProviderOperations,
  outboundProvisioningOperations,
  signingKeyOperations,
  auditOperations,
  apiDescriptionOperations,
];

export const ADMIN_API_OPERATIONS: AdminOperation[] = ADMIN_API_GROUPS.flatMap((group) => group.operations);
