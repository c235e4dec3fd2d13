import type { ClaimValue } from "../wso2-user-admin/claims.ts";
import type { OperationName } from "../wso2-user-admin/wsdl.ts";
import type { Arguments } from "./args.ts";
import type { SoapCall } from "./call.ts";
import { addRole, deleteRoleByName, isExistingRole } from "./role-operations.ts";
import { addUser, deleteUserByName, deleteUserClaimValues, getUserClaimValues, isExistingUser, setUserClaimValues, updateCredentialByAdmin, updateRoleListOfUser } from "./user-operations.ts";

/** The content of an answer element, as the `soap` package writes it. */
type Answer = Record<string, unknown>;

/** WSO2's void operations answer with an empty element. */
const nothing =
  <A>(run: (call: SoapCall, args: A) => Promise<void>) =>
  async (call: SoapCall, args: A): Promise<Answer> => {
    await run(call, args);
    return {};
  };

/**
 * WSO2's Claim type lives in the user API's namespace; the `soap` package writes nested elements in the
 * operation's namespace unless their keys carry a prefix, so they carry the one the envelope declares ("api").
 */
const claimElement = (c: ClaimValue) => ({ "api:claimUri": c.claimURI, "api:value": c.value });

/** Each operation of the service and the content of its answer. */
export const IMPLEMENTATIONS: { [O in OperationName]: (call: SoapCall, args: Arguments<O>) => Promise<Answer> } = {
  addUser: nothing(addUser),
  deleteUser: nothing(deleteUserByName),
  isExistingUser: async (call, args) => ({ return: await isExistingUser(call, args) }),
  updateCredentialByAdmin: nothing(updateCredentialByAdmin),
  setUserClaimValues: nothing(setUserClaimValues),
  deleteUserClaimValues: nothing(deleteUserClaimValues),
  getUserClaimValues: async (call, args) => ({ return: (await getUserClaimValues(call, args)).map(claimElement) }),
  addRole: nothing(addRole),
  deleteRole: nothing(deleteRoleByName),
  isExistingRole: async (call, args) => ({ return: await isExistingRole(call, args) }),
  updateRoleListOfUser: nothing(updateRoleListOfUser),
};
